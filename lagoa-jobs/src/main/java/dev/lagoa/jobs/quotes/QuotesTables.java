package dev.lagoa.jobs.quotes;

import static dev.lagoa.jobs.TableColumn.of;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import dev.lagoa.jobs.TableColumn;
import dev.lagoa.jobs.TableDefinition;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * The refined quote tables of a raw quotes dataset ({@code petr4}): {@code <dataset>_cotacoes}, one row per trading
 * day, and {@code <dataset>_mensal}, one row per month, with the description of every column.
 */
public final class QuotesTables {
    /** Prices, as BRAPI sends them and the bronze file keeps them. */
    static final DecimalType PRICE = DataTypes.createDecimalType(18, 6);

    private static final TableColumn TICKER = of("ticker", StringType, "Partição: o código do papel em minúsculas, como nas pastas (petr4).");
    private static final TableColumn YEAR = of("year", IntegerType, "Partição: o ano do pregão.");
    private static final TableColumn MONTH = of("month", IntegerType, "Partição: o mês do pregão (pasta com dois dígitos, month=07).");
    private static final TableColumn DAY = of("day", IntegerType, "Partição: o dia do pregão (pasta com dois dígitos, day=01).");

    private QuotesTables() {}

    /** {@code <dataset>_cotacoes}: the daily bars with their returns, moving averages and volatility. */
    public static TableDefinition daily(String dataset) {
        return new TableDefinition(dataset + "_cotacoes", List.of(
                of("data_pregao", DateType, "Data do pregão da barra no fuso de São Paulo (America/Sao_Paulo)."),
                of("codigo", StringType, "Código de negociação do papel (PETR4)."),
                of("nome_curto", StringType, "Nome curto do papel na BRAPI, como enviado (PETROBRAS   PN      N2)."),
                of("nome", StringType, "Nome da empresa na BRAPI."),
                of("moeda", StringType, "Moeda dos preços (BRL)."),
                of("abertura", PRICE, "Preço de abertura do pregão."),
                of("maxima", PRICE, "Preço máximo do pregão."),
                of("minima", PRICE, "Preço mínimo do pregão."),
                of("fechamento", PRICE, "Preço de fechamento do pregão (o último preço, se a barra foi coletada durante o pregão)."),
                of("fechamento_ajustado", PRICE, "Fechamento ajustado por proventos, como a BRAPI o calculou na coleta."),
                of("volume", LongType, "Quantidade de ações negociadas no pregão."),
                of("retorno_diario", DoubleType, "Retorno simples: fechamento / fechamento do pregão anterior − 1; nulo no "
                        + "primeiro pregão do histórico."),
                of("retorno_log", DoubleType, "Retorno logarítmico: ln(fechamento / fechamento do pregão anterior); nulo no "
                        + "primeiro pregão do histórico."),
                of("media_movel_5", PRICE, "Média dos fechamentos dos 5 últimos pregões, este incluído, arredondada em 6 casas; "
                        + "nula enquanto o histórico tem menos de 5 pregões."),
                of("media_movel_20", PRICE, "Média dos fechamentos dos 20 últimos pregões, este incluído, arredondada em 6 casas; "
                        + "nula enquanto o histórico tem menos de 20 pregões."),
                of("volatilidade_20d", DoubleType, "Desvio-padrão amostral dos 20 últimos retornos logarítmicos, este incluído; "
                        + "nulo enquanto há menos de 20 retornos (21 pregões)."),
                of("volatilidade_20d_anualizada", DoubleType, "volatilidade_20d × √252 (252 pregões por ano)."),
                of("gap_abertura_pct", DoubleType, "Salto da abertura: (abertura − fechamento anterior) / fechamento anterior × 100; "
                        + "nulo no primeiro pregão do histórico."),
                of("amplitude_pct", DoubleType, "Amplitude do pregão: (máxima − mínima) / mínima × 100."),
                of("horario_barra", TimestampType, "Instante da barra, como a BRAPI o envia (segundos Unix)."),
                of("coletado_em", TimestampType, "Instante em que a barra foi coletada da BRAPI.")),
                List.of(TICKER, YEAR, MONTH, DAY));
    }

    /** {@code <dataset>_mensal}: the months' aggregates of the daily bars. */
    public static TableDefinition monthly(String dataset) {
        return new TableDefinition(dataset + "_mensal", List.of(
                of("codigo", StringType, "Código de negociação do papel (PETR4)."),
                of("primeiro_pregao", DateType, "Primeiro pregão do mês no histórico."),
                of("ultimo_pregao", DateType, "Último pregão do mês no histórico (até agora, no mês corrente)."),
                of("dias_negociados", IntegerType, "Número de pregões do mês no histórico."),
                of("abertura", PRICE, "Abertura do primeiro pregão do mês."),
                of("fechamento", PRICE, "Fechamento do último pregão do mês."),
                of("maxima", PRICE, "Maior máxima dos pregões do mês."),
                of("minima", PRICE, "Menor mínima dos pregões do mês."),
                of("volume_total", LongType, "Soma dos volumes dos pregões do mês."),
                of("fechamento_mes_anterior", PRICE, "Fechamento do último pregão antes do mês no histórico; nulo quando o "
                        + "histórico começa neste mês."),
                of("retorno_mensal", DoubleType, "fechamento / fechamento_mes_anterior − 1; quando não há mês anterior, "
                        + "fechamento / abertura − 1."),
                of("coletado_em", TimestampType, "A coleta mais recente entre as barras do mês.")),
                List.of(TICKER, YEAR, MONTH));
    }
}
