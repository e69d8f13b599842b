package dev.lagoa.jobs.ibov;

import static dev.lagoa.jobs.TableColumn.of;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import dev.lagoa.jobs.TableDefinition;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * The two refined IBOV tables, {@code ibov_ativos} and {@code ibov_header}, with the description of every column
 * (the catalog shows them as comments).
 */
public final class IbovTables {
    /** B3's participation: three decimals, as published ({@code "5,720"}). */
    static final DecimalType PERCENT = DataTypes.createDecimalType(9, 3);
    /** Computed shares: six decimals. */
    static final DecimalType SHARE = DataTypes.createDecimalType(12, 6);
    /** The sum of a day's participations. */
    static final DecimalType PERCENT_SUM = DataTypes.createDecimalType(12, 3);
    /** The index's reducer, eight decimals as published ({@code "18.553.794,87445950"}). */
    static final DecimalType REDUCER = DataTypes.createDecimalType(24, 8);

    private static final String DAMAGED = "Verdadeiro quando um texto %s contém U+FFFD, o caractere de substituição: "
            + "a resposta da B3 perdeu letras acentuadas.";

    /** One row per stock of the index's portfolio of the day, partitioned by day and stock. */
    public static final TableDefinition ATIVOS = new TableDefinition("ibov_ativos", List.of(
            of("data_pregao", DateType, "Data do pregão a que a carteira se refere (a data do cabeçalho da B3)."),
            of("indice", StringType, "Código do índice na B3 (IBOV)."),
            of("empresa", StringType, "Nome da empresa emissora, como a B3 o publica."),
            of("tipo", StringType, "Espécie da ação e segmento de listagem (ON NM, PN N2), com espaços repetidos reduzidos a um."),
            of("setor", StringType, "Setor de atuação da B3, como publicado; nulo quando a consulta não traz setores."),
            of("participacao_pct", PERCENT, "Participação da ação no índice, em %, como publicada pela B3. É um peso por "
                    + "valor de mercado (quantidade teórica × preço), não por quantidade."),
            of("participacao_acumulada_setor_pct", PERCENT, "Participação acumulada do setor até esta ação, em %, como "
                    + "publicada pela B3; nula quando a consulta não traz setores."),
            of("qtde_teorica", LongType, "Quantidade teórica da ação na carteira do dia."),
            of("posicao", IntegerType, "Posição da ação na carteira do dia pela participação, da maior (1) para a menor; "
                    + "empates ordenados pelo código da ação."),
            of("participacao_recalculada_pct", SHARE, "participacao_pct renormalizada para que as participações do dia "
                    + "somem exatamente 100: participacao_pct / soma do dia × 100, em 6 casas, com o arredondamento "
                    + "distribuído pelo método do maior resto (empates pelo código da ação)."),
            of("participacao_qtde_pct", SHARE, "Participação pela quantidade: qtde_teorica / soma das quantidades "
                    + "teóricas do dia × 100, em 6 casas (maior resto). Difere da participação da B3, que pondera pelo preço."),
            of("desvio_participacao_pp", SHARE, "Controle de qualidade: participacao_pct − participacao_recalculada_pct, "
                    + "em pontos percentuais; diferente de zero quando as participações publicadas não somam 100."),
            of("participacao_anterior_pct", PERCENT, "participacao_pct da ação no pregão anterior disponível na tabela "
                    + "(o último antes de data_pregao); nula quando não há pregão anterior ou a ação não estava nele."),
            of("variacao_participacao_pp", PERCENT, "participacao_pct − participacao_anterior_pct, em pontos percentuais; "
                    + "nula quando participacao_anterior_pct é nula."),
            of("qtde_teorica_anterior", LongType, "qtde_teorica da ação no pregão anterior disponível na tabela; nula "
                    + "quando não há pregão anterior ou a ação não estava nele."),
            of("variacao_qtde_teorica", LongType, "qtde_teorica − qtde_teorica_anterior; nula quando qtde_teorica_anterior é nula."),
            of("data_entrada", DateType, "Primeiro pregão da presença contínua atual da ação na carteira, no histórico "
                    + "disponível da tabela: um pregão disponível sem a ação interrompe a presença; pregões ausentes da "
                    + "tabela não."),
            of("dias_no_indice", IntegerType, "Dias corridos de data_entrada a data_pregao; 0 no dia da entrada."),
            of("texto_danificado", BooleanType, DAMAGED.formatted("da linha (código, empresa, tipo ou setor)")),
            of("coletado_em", TimestampType, "Instante em que a carteira foi coletada da B3.")),
            List.of(
                    of("data", DateType, "Partição: a data do pregão (igual a data_pregao)."),
                    of("acao", StringType, "Partição: o código de negociação da ação na B3 (PETR4).")));

    /** One row per day: the portfolio's header and the checks of its totals. */
    public static final TableDefinition HEADER = new TableDefinition("ibov_header", List.of(
            of("data_pregao", DateType, "Data do pregão a que a carteira se refere (a data do cabeçalho da B3)."),
            of("indice", StringType, "Código do índice na B3 (IBOV)."),
            of("texto", StringType, "Rótulo do total no cabeçalho da B3 (Quantidade Teórica Total), como publicado."),
            of("participacao_total_pct", PERCENT, "Participação total publicada no cabeçalho, em % (100,000)."),
            of("texto_redutor", StringType, "Rótulo do redutor no cabeçalho da B3 (Redutor), como publicado."),
            of("redutor", REDUCER, "Redutor do índice: o divisor que converte o valor de mercado da carteira teórica "
                    + "em pontos do índice."),
            of("qtde_teorica_total", LongType, "Quantidade teórica total publicada no cabeçalho."),
            of("qtde_acoes", IntegerType, "Número de ações na carteira do dia (linhas de resultado)."),
            of("soma_participacao_pct", PERCENT_SUM, "Soma das participações publicadas das ações do dia, em %."),
            of("soma_qtde_teorica", LongType, "Soma das quantidades teóricas das ações do dia."),
            of("qtde_teorica_confere", BooleanType, "Verdadeiro quando soma_qtde_teorica é igual a qtde_teorica_total."),
            of("texto_danificado", BooleanType, DAMAGED.formatted("do cabeçalho (texto ou texto_redutor)")),
            of("coletado_em", TimestampType, "Instante em que a carteira foi coletada da B3.")),
            List.of(of("data", DateType, "Partição: a data do pregão (igual a data_pregao).")));

    /** The partition key of the other indexes' tables: which index a row belongs to. */
    private static final dev.lagoa.jobs.TableColumn INDICE = of("indice", StringType, "Partição: o código do índice na B3 (SMLL, IBXX, IDIV).");

    /**
     * The portfolios of the indexes other than IBOV ({@code indices_ativos}): the columns of {@link #ATIVOS}, with the
     * index a partition key ({@code indice=SMLL/data=/acao=/}) rather than a column of the files.
     */
    public static final TableDefinition INDICES_ATIVOS = byIndex("indices_ativos", ATIVOS);

    /** The headers of the indexes other than IBOV ({@code indices_header}), partitioned {@code indice=/data=/}. */
    public static final TableDefinition INDICES_HEADER = byIndex("indices_header", HEADER);

    private static TableDefinition byIndex(String name, TableDefinition ibov) {
        List<dev.lagoa.jobs.TableColumn> partitionKeys = new java.util.ArrayList<>(List.of(INDICE));
        partitionKeys.addAll(ibov.partitionKeys());
        return new TableDefinition(name, ibov.columns().stream().filter(column -> !column.name().equals("indice")).toList(), partitionKeys);
    }

    private IbovTables() {}
}
