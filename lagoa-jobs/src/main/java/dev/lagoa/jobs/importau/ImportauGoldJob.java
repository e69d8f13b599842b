package dev.lagoa.jobs.importau;

import dev.lagoa.contracts.JobNames;
import dev.lagoa.jobs.GlueArguments;
import dev.lagoa.jobs.JobFailure;
import dev.lagoa.jobs.JobMain;
import dev.lagoa.jobs.TableCommit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Gold aggregates (the Glue job {@code lagoa-importau-gold}), from the Silver fact and the Bronze exchange rates:
 * <ul>
 *   <li>{@code gold/agregado_fluxo_de_caixa_mensal/} ({@link ImportauTables#CASH_FLOW}): month × currency. The BRL row holds
 *       the clients' receipts (by receipt date) and the import taxes (by DI registration date); each foreign currency's row
 *       holds the supplier payments (FOB + freight + insurance, by payment date, at that day's rate) and the open FX
 *       exposure at the month's end (orders placed and not yet paid, at the month's last rate);</li>
 *   <li>{@code gold/agregado_previsao_demanda_cambio/} ({@link ImportauTables#FORECAST}): month × product family × currency,
 *       on a complete month calendar (months without orders have quantity 0), with lags 1 to 3, a 3-month moving
 *       average, the month's FX mean, volatility and change, and the target: next month's quantity.</li>
 * </ul>
 * Both tables are replaced whole, then their commit manifests are written.
 */
public final class ImportauGoldJob {
    public static final String JOB_NAME = JobNames.IMPORTAU_GOLD;
    private static final Logger LOG = LoggerFactory.getLogger(ImportauGoldJob.class);

    private final SparkSession spark;

    public ImportauGoldJob(SparkSession spark) {
        this.spark = spark;
    }

    public static void main(String[] args) {
        JobMain.runSpark(JOB_NAME, args, arguments -> arguments, (spark, request) -> new ImportauGoldJob(spark).run(request));
    }

    public Map<String, Object> run(GlueArguments arguments) {
        ImportauLake lake = ImportauLake.open(spark, arguments);
        registerViews(spark, lake);
        Dataset<Row> cashFlow = ImportauTables.CASH_FLOW.select(spark.sql(CASH_FLOW_SQL));
        Dataset<Row> forecast = ImportauTables.FORECAST.select(spark.sql(FORECAST_SQL));
        // aggregates of a few rows per month, each written as one file in order: sorted in that one partition, with no
        // sampling job and no shuffle that a global sort would take
        TableCommit cashCommit = lake.replaceTable(ImportauTables.CASH_FLOW, cashFlow.coalesce(1).sortWithinPartitions("mes", "moeda"),
                "gold/agregado_fluxo_de_caixa_mensal");
        TableCommit forecastCommit = lake.replaceTable(ImportauTables.FORECAST, forecast.coalesce(1).sortWithinPartitions("mes", "familia", "moeda"),
                "gold/agregado_previsao_demanda_cambio");
        List<String> manifests = lake.writeCommits(List.of(cashCommit, forecastCommit), "gold");
        LOG.info("Gold: {} rows of cash flow, {} rows of the forecast aggregate", cashCommit.rows(), forecastCommit.rows());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("job", JOB_NAME);
        summary.put("run_id", lake.runId());
        summary.put("linhas_fluxo_de_caixa", cashCommit.rows());
        summary.put("linhas_previsao", forecastCommit.rows());
        summary.put("tabelas", Map.of(cashCommit.table().name(), cashCommit.location(), forecastCommit.table().name(), forecastCommit.location()));
        summary.put("manifestos", manifests);
        return summary;
    }

    /** {@code fato} (the Silver fact) and {@code cambio} (the Bronze rates). */
    static void registerViews(SparkSession spark, ImportauLake lake) {
        var factPath = lake.path("silver/fato_pedido_correlacionado/");
        if (!lake.exists(factPath)) {
            throw new JobFailure("No Silver fact: " + lake.show(factPath) + " does not exist (run the importau-silver state machine first)");
        }
        lake.table(factPath, ImportauTables.FACT).createOrReplaceTempView("fato");
        lake.bronze("cambio").createOrReplaceTempView("cambio");
    }

    private static final String CASH_FLOW_SQL = """
            WITH fluxos AS (
              SELECT trunc(data_recebimento, 'MM') AS mes, 'BRL' AS moeda, valor_venda_brl AS recebimentos_brl, CAST(0 AS DECIMAL(18,2)) AS fornecedores_brl,
                     CAST(0 AS DECIMAL(18,2)) AS tributos_brl, CAST(0 AS DECIMAL(18,4)) AS moeda_valor, id_pedido AS pedido_pago
              FROM fato WHERE data_recebimento IS NOT NULL
              UNION ALL
              SELECT trunc(data_pagamento_fornecedor, 'MM'), moeda, CAST(0 AS DECIMAL(18,2)), pagamento_fornecedor_brl, CAST(0 AS DECIMAL(18,2)),
                     CAST(valor_fob_moeda + frete_moeda + seguro_moeda AS DECIMAL(18,4)), id_pedido
              FROM fato
              UNION ALL
              SELECT trunc(data_registro_di, 'MM'), 'BRL', CAST(0 AS DECIMAL(18,2)), CAST(0 AS DECIMAL(18,2)), tributos_brl, CAST(0 AS DECIMAL(18,4)), NULL
              FROM fato
            ), por_mes AS (
              SELECT mes, moeda, sum(recebimentos_brl) AS recebimentos_brl, sum(fornecedores_brl) AS fornecedores_brl, sum(tributos_brl) AS tributos_brl,
                     sum(moeda_valor) AS pagamentos_moeda, count(DISTINCT pedido_pago) AS pedidos
              FROM fluxos GROUP BY mes, moeda
            ), limites AS (
              SELECT min(mes) AS primeiro, max(mes) AS ultimo FROM por_mes
            ), meses AS (
              SELECT explode(sequence(primeiro, ultimo, INTERVAL 1 MONTH)) AS mes FROM limites
            ), moedas AS (
              SELECT DISTINCT moeda FROM fato UNION SELECT 'BRL'
            ), grade AS (
              SELECT mes, moeda FROM meses CROSS JOIN moedas
            ), taxas AS (
              SELECT trunc(data, 'MM') AS mes, moeda, avg(taxa_venda) AS media, max_by(taxa_venda, data) AS ultima FROM cambio GROUP BY 1, 2
            ), pedidos AS (
              SELECT id_pedido, moeda, min(data_pedido) AS data_pedido, min(data_pagamento_fornecedor) AS data_pagamento,
                     sum(valor_fob_moeda + frete_moeda + seguro_moeda) AS valor
              FROM fato GROUP BY id_pedido, moeda
            ), exposicao AS (
              SELECT g.mes, g.moeda, sum(p.valor) AS valor
              FROM grade g JOIN pedidos p ON p.moeda = g.moeda AND p.data_pedido <= last_day(g.mes) AND p.data_pagamento > last_day(g.mes)
              GROUP BY g.mes, g.moeda
            )
            SELECT g.mes, date_format(g.mes, 'yyyy-MM') AS ano_mes, g.moeda,
                   CAST(coalesce(f.recebimentos_brl, 0) AS DECIMAL(18,2)) AS recebimentos_brl,
                   CAST(coalesce(f.fornecedores_brl, 0) AS DECIMAL(18,2)) AS pagamentos_fornecedores_brl,
                   CAST(coalesce(f.tributos_brl, 0) AS DECIMAL(18,2)) AS tributos_brl,
                   CAST(coalesce(f.fornecedores_brl, 0) + coalesce(f.tributos_brl, 0) AS DECIMAL(18,2)) AS pagamentos_brl,
                   CAST(coalesce(f.recebimentos_brl, 0) - coalesce(f.fornecedores_brl, 0) - coalesce(f.tributos_brl, 0) AS DECIMAL(18,2)) AS fluxo_liquido_brl,
                   CAST(coalesce(f.pagamentos_moeda, 0) AS DECIMAL(18,2)) AS pagamentos_moeda,
                   CAST(CASE WHEN g.moeda = 'BRL' THEN 1 ELSE t.media END AS DECIMAL(12,4)) AS taxa_media_mes,
                   CAST(coalesce(e.valor, 0) AS DECIMAL(18,2)) AS exposicao_cambial_moeda,
                   CAST(coalesce(e.valor, 0) * CASE WHEN g.moeda = 'BRL' THEN 1 ELSE coalesce(t.ultima, 0) END AS DECIMAL(18,2)) AS exposicao_cambial_brl,
                   coalesce(f.pedidos, 0) AS qtde_pedidos_pagos
            FROM grade g
            LEFT JOIN por_mes f ON f.mes = g.mes AND f.moeda = g.moeda
            LEFT JOIN taxas t ON t.mes = g.mes AND t.moeda = g.moeda
            LEFT JOIN exposicao e ON e.mes = g.mes AND e.moeda = g.moeda
            """;

    private static final String FORECAST_SQL = """
            WITH mensal AS (
              SELECT trunc(data_pedido, 'MM') AS mes, familia, moeda, sum(quantidade) AS qtde, count(DISTINCT id_pedido) AS pedidos,
                     sum(valor_venda_brl) AS receita, sum(custo_desembarcado_brl) AS custo, sum(valor_fob_moeda) AS fob,
                     sum(valor_fob_moeda + frete_moeda + seguro_moeda) AS valor_pedidos
              FROM fato GROUP BY 1, 2, 3
            ), limites AS (
              SELECT min(mes) AS primeiro, max(mes) AS ultimo FROM mensal
            ), grade AS (
              SELECT m.mes, s.familia, s.moeda
              FROM (SELECT explode(sequence(primeiro, ultimo, INTERVAL 1 MONTH)) AS mes FROM limites) m
              CROSS JOIN (SELECT DISTINCT familia, moeda FROM mensal) s
            ), retornos AS (
              SELECT data, moeda, taxa_venda, ln(taxa_venda / lag(taxa_venda) OVER (PARTITION BY moeda ORDER BY data)) AS retorno FROM cambio
            ), cambio_mensal AS (
              SELECT trunc(data, 'MM') AS mes, moeda, avg(taxa_venda) AS media, stddev_samp(retorno) AS volatilidade,
                     (max_by(taxa_venda, data) / min_by(taxa_venda, data) - 1) * 100 AS variacao
              FROM retornos GROUP BY 1, 2
            ), base AS (
              SELECT g.mes, g.familia, g.moeda, coalesce(m.qtde, 0) AS qtde_itens, coalesce(m.pedidos, 0) AS qtde_pedidos,
                     coalesce(m.receita, 0) AS receita, coalesce(m.custo, 0) AS custo, m.fob, coalesce(m.valor_pedidos, 0) AS valor_pedidos,
                     c.media, c.volatilidade, c.variacao
              FROM grade g
              LEFT JOIN mensal m ON m.mes = g.mes AND m.familia = g.familia AND m.moeda = g.moeda
              LEFT JOIN cambio_mensal c ON c.mes = g.mes AND c.moeda = g.moeda
            )
            SELECT mes, date_format(mes, 'yyyy-MM') AS ano_mes, familia, moeda, CAST(qtde_itens AS BIGINT) AS qtde_itens, qtde_pedidos,
                   CAST(receita AS DECIMAL(18,2)) AS receita_brl, CAST(custo AS DECIMAL(18,2)) AS custo_desembarcado_brl,
                   CAST(CASE WHEN receita > 0 THEN (receita - custo) / receita * 100 END AS DECIMAL(9,4)) AS margem_bruta_pct,
                   CAST(CASE WHEN qtde_itens > 0 THEN fob / qtde_itens END AS DECIMAL(18,4)) AS preco_medio_fob_moeda,
                   CAST(valor_pedidos AS DECIMAL(18,2)) AS valor_pedidos_moeda,
                   CAST(lag(qtde_itens, 1) OVER w AS BIGINT) AS qtde_lag_1,
                   CAST(lag(qtde_itens, 2) OVER w AS BIGINT) AS qtde_lag_2,
                   CAST(lag(qtde_itens, 3) OVER w AS BIGINT) AS qtde_lag_3,
                   CAST(avg(qtde_itens) OVER (PARTITION BY familia, moeda ORDER BY mes ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS DECIMAL(18,4))
                       AS media_movel_3m,
                   CAST(media AS DECIMAL(12,4)) AS taxa_media_mes,
                   CAST(volatilidade AS DECIMAL(12,6)) AS volatilidade_cambial_mes,
                   CAST(variacao AS DECIMAL(9,4)) AS variacao_cambial_mes_pct,
                   CAST(valor_pedidos * media AS DECIMAL(18,2)) AS exposicao_cambial_brl,
                   CAST(lead(qtde_itens, 1) OVER w AS BIGINT) AS alvo_qtde_proximo_mes
            FROM base
            WINDOW w AS (PARTITION BY familia, moeda ORDER BY mes)
            """;
}
