package dev.lagoa.jobs.importau;

import dev.lagoa.contracts.JobNames;
import dev.lagoa.contracts.BrazilianDocuments;
import dev.lagoa.jobs.GlueArguments;
import dev.lagoa.jobs.JobMain;
import dev.lagoa.jobs.TableCommit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The correlator (the Glue job {@code lagoa-importau-silver}): joins the seven Bronze datasets under
 * {@code --lakehouse} into {@code silver/fato_pedido_correlacionado/ano_mes=YYYY-MM/} ({@link ImportauTables#FACT}, one row
 * per order item) and puts every item it cannot correlate in {@code silver/rejeitos/motivo=.../}
 * ({@link ImportauTables#REJECTS}) with the reason, the first that applies in this order: {@code ITEM_DUPLICADO} (a second
 * row of an {@code id_item}; the first is kept), {@code PEDIDO_INEXISTENTE}, {@code QUANTIDADE_NULA},
 * {@code PRODUTO_INEXISTENTE}, {@code CLIENTE_INEXISTENTE}, {@code FORNECEDOR_INEXISTENTE}, {@code SEM_DESPESA_IMPORTACAO},
 * {@code SEM_CAMBIO}. Every Bronze item row lands in exactly one of the two tables.
 *
 * <p>Values in reais: the order's FOB at the sale rate of the order date (the last business day's rate on weekends);
 * the DI's freight, insurance and taxes are allocated to the items by their share of the DI's FOB value; the landed
 * cost is (FOB + freight + insurance) × the DI's rate + the allocated taxes; the supplier payment is (FOB + freight +
 * insurance) at the rate of the payment date.
 *
 * <p>Both tables are replaced whole on every run (a re-run never duplicates), then their commit manifests are written.
 */
public final class ImportauSilverJob {
    public static final String JOB_NAME = JobNames.IMPORTAU_SILVER;
    private static final Logger LOG = LoggerFactory.getLogger(ImportauSilverJob.class);
    static final List<String> REASONS = List.of("ITEM_DUPLICADO", "PEDIDO_INEXISTENTE", "QUANTIDADE_NULA", "PRODUTO_INEXISTENTE",
            "CLIENTE_INEXISTENTE", "FORNECEDOR_INEXISTENTE", "SEM_DESPESA_IMPORTACAO", "SEM_CAMBIO");

    /**
     * The size of {@code bronze/itens_pedido/} (about 80,000 items) up to which the joined rows are cached. A small Bronze,
     * such as the demo's, is joined once into the cache, and the fact and the rejects read it: cheaper than planning and
     * running the join twice. A large one is not cached, because building and reading a cache of the wide joined rows
     * cost more than the rejects' second, narrow join (43 s against 31 s at 1M items).
     */
    static final long CACHE_BELOW_BYTES = 1 << 20;

    private final SparkSession spark;
    private final long cacheBelowBytes;

    public ImportauSilverJob(SparkSession spark) {
        this(spark, CACHE_BELOW_BYTES);
    }

    ImportauSilverJob(SparkSession spark, long cacheBelowBytes) {
        this.spark = spark;
        this.cacheBelowBytes = cacheBelowBytes;
    }

    public static void main(String[] args) {
        JobMain.runSpark(JOB_NAME, args, arguments -> arguments, (spark, request) -> new ImportauSilverJob(spark).run(request));
    }

    public Map<String, Object> run(GlueArguments arguments) {
        ImportauLake lake = ImportauLake.open(spark, arguments);
        registerViews(spark, lake);
        Dataset<Row> correlated = spark.sql(CORRELATED);
        boolean cached = lake.bytes(lake.path("bronze/itens_pedido/")) <= cacheBelowBytes;
        if (cached) {
            correlated = correlated.cache();
        }
        correlated.createOrReplaceTempView("correlacionado");
        TableCommit factCommit;
        TableCommit rejectsCommit;
        try {
            factCommit = lake.replaceTable(ImportauTables.FACT, ImportauTables.FACT.select(spark.sql(FACT_SQL), "ano_mes"),
                    "silver/fato_pedido_correlacionado");
            rejectsCommit = lake.replaceTable(ImportauTables.REJECTS, ImportauTables.REJECTS.select(spark.sql(REJECTS_SQL), "motivo"),
                    "silver/rejeitos");
        } finally {
            if (cached) {
                correlated.unpersist();
            }
        }
        long accepted = factCommit.rows();
        long rejected = rejectsCommit.rows();
        Map<String, Long> byReason = new TreeMap<>();
        if (rejected > 0) {
            for (Row row : spark.read().parquet(lake.path("silver/rejeitos").toString()).groupBy("motivo").count().collectAsList()) {
                byReason.put(row.getString(0), row.getLong(1));
            }
        }
        List<String> manifests = lake.writeCommits(List.of(factCommit, rejectsCommit), "silver");
        LOG.info("Correlated {} order items into {}; {} rejected {}", accepted, factCommit.location(), rejected, byReason);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("job", JOB_NAME);
        summary.put("run_id", lake.runId());
        summary.put("linhas_fato", accepted);
        summary.put("rejeitos", rejected);
        summary.put("rejeitos_por_motivo", byReason);
        summary.put("particoes", factCommit.partitions().size());
        summary.put("tabelas", Map.of(factCommit.table().name(), factCommit.location(), rejectsCommit.table().name(), rejectsCommit.location()));
        summary.put("manifestos", manifests);
        return summary;
    }

    /** The Bronze datasets as views {@code b_<folder>}; master data deduplicated by key (the Bronze test reports duplicates). */
    static void registerViews(SparkSession spark, ImportauLake lake) {
        spark.udf().register("documento_valido", (UDF1<String, Boolean>) BrazilianDocuments::isValid, DataTypes.BooleanType);
        for (String folder : ImportauTables.BRONZE.keySet()) {
            lake.bronze(folder).createOrReplaceTempView("b_" + folder);
        }
        for (String[] keyed : new String[][] {{"clientes", "id_cliente"}, {"fornecedores", "id_fornecedor"}, {"produtos", "id_produto"},
                {"pedidos", "id_pedido"}, {"despesas_importacao", "id_pedido"}}) {
            spark.sql("SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY %s ORDER BY %s) AS _n FROM b_%s) WHERE _n = 1"
                    .formatted(keyed[1], keyed[0].equals("despesas_importacao") ? "id_despesa" : keyed[1], keyed[0]))
                    .drop("_n").createOrReplaceTempView("u_" + keyed[0]);
        }
        // every calendar day with the sale rate of the last business day on or before it
        spark.sql("""
                SELECT moeda, explode(sequence(data, coalesce(date_sub(proxima, 1), data))) AS dia, taxa_venda
                FROM (SELECT moeda, data, taxa_venda, lead(data) OVER (PARTITION BY moeda ORDER BY data) AS proxima FROM b_cambio)
                """).createOrReplaceTempView("calendario_cambio");
    }

    private static final String CORRELATED = """
            WITH itens AS (
              SELECT *, row_number() OVER (PARTITION BY id_item ORDER BY id_pedido, id_produto, quantidade, preco_fob_unitario) AS copia
              FROM b_itens_pedido
            )
            SELECT i.id_item, i.id_pedido AS item_pedido, i.id_produto AS item_produto, i.quantidade, i.preco_fob_unitario,
                   i.preco_venda_unitario_brl, p.id_pedido, p.id_cliente, p.id_fornecedor, p.data_pedido, p.moeda, p.incoterm,
                   p.canal_parametrizacao, p.data_embarque, p.data_chegada, p.data_desembaraco, p.data_entrega, p.data_vencimento,
                   p.data_recebimento, p.status_recebimento,
                   c.id_cliente AS cliente, c.tipo_pessoa, c.cidade AS cidade_cliente, c.uf AS uf_cliente, c.documento,
                   f.id_fornecedor AS fornecedor_id, f.razao_social, f.pais,
                   pr.id_produto AS produto, pr.descricao, pr.ncm, pr.familia,
                   d.id_despesa, d.data_registro_di, d.valor_fob_moeda AS fob_di, d.frete_moeda AS frete_di, d.seguro_moeda AS seguro_di,
                   d.taxa_cambio_di, d.ii_brl AS ii_di, d.ipi_brl AS ipi_di, d.pis_brl AS pis_di, d.cofins_brl AS cofins_di,
                   d.icms_brl AS icms_di, d.taxa_siscomex_brl AS siscomex_di, d.data_pagamento_fornecedor,
                   tp.taxa_venda AS taxa_cambio_pedido, tg.taxa_venda AS taxa_cambio_pagamento,
                   CASE WHEN i.copia > 1 THEN 'ITEM_DUPLICADO'
                        WHEN p.id_pedido IS NULL THEN 'PEDIDO_INEXISTENTE'
                        WHEN i.quantidade IS NULL THEN 'QUANTIDADE_NULA'
                        WHEN pr.id_produto IS NULL THEN 'PRODUTO_INEXISTENTE'
                        WHEN c.id_cliente IS NULL THEN 'CLIENTE_INEXISTENTE'
                        WHEN f.id_fornecedor IS NULL THEN 'FORNECEDOR_INEXISTENTE'
                        WHEN d.id_despesa IS NULL OR d.valor_fob_moeda IS NULL OR d.valor_fob_moeda <= 0 THEN 'SEM_DESPESA_IMPORTACAO'
                        WHEN tp.taxa_venda IS NULL OR tg.taxa_venda IS NULL THEN 'SEM_CAMBIO'
                   END AS motivo
            FROM itens i
            LEFT JOIN u_pedidos p ON i.id_pedido = p.id_pedido
            LEFT JOIN u_clientes c ON p.id_cliente = c.id_cliente
            LEFT JOIN u_fornecedores f ON p.id_fornecedor = f.id_fornecedor
            LEFT JOIN u_produtos pr ON i.id_produto = pr.id_produto
            LEFT JOIN u_despesas_importacao d ON i.id_pedido = d.id_pedido
            LEFT JOIN calendario_cambio tp ON tp.moeda = p.moeda AND tp.dia = p.data_pedido
            LEFT JOIN calendario_cambio tg ON tg.moeda = p.moeda AND tg.dia = d.data_pagamento_fornecedor
            """;

    private static final String FACT_SQL = """
            WITH base AS (
              SELECT *, CAST(quantidade * preco_fob_unitario AS DECIMAL(18,4)) AS valor_fob_moeda
              FROM correlacionado WHERE motivo IS NULL
            ), rateado AS (
              SELECT *, valor_fob_moeda / fob_di AS participacao FROM base
            ), valores AS (
              SELECT *,
                     CAST(frete_di * participacao AS DECIMAL(18,4)) AS frete_moeda,
                     CAST(seguro_di * participacao AS DECIMAL(18,4)) AS seguro_moeda,
                     CAST(ii_di * participacao AS DECIMAL(18,2)) AS ii_brl,
                     CAST(ipi_di * participacao AS DECIMAL(18,2)) AS ipi_brl,
                     CAST(pis_di * participacao AS DECIMAL(18,2)) AS pis_brl,
                     CAST(cofins_di * participacao AS DECIMAL(18,2)) AS cofins_brl,
                     CAST(icms_di * participacao AS DECIMAL(18,2)) AS icms_brl,
                     CAST(siscomex_di * participacao AS DECIMAL(18,2)) AS siscomex_brl,
                     CAST(quantidade * preco_venda_unitario_brl AS DECIMAL(18,2)) AS valor_venda_brl
              FROM rateado
            ), custos AS (
              SELECT *,
                     CAST(ii_brl + ipi_brl + pis_brl + cofins_brl + icms_brl + siscomex_brl AS DECIMAL(18,2)) AS tributos_brl,
                     CAST((valor_fob_moeda + frete_moeda + seguro_moeda) * taxa_cambio_di AS DECIMAL(18,2)) AS aduaneiro_item_brl
              FROM valores
            ), finais AS (
              SELECT *, CAST(aduaneiro_item_brl + tributos_brl AS DECIMAL(18,2)) AS custo_desembarcado_brl FROM custos
            )
            SELECT id_item, id_pedido, data_pedido, id_cliente, tipo_pessoa, cidade_cliente, uf_cliente,
                   coalesce(documento_valido(documento), false) AS documento_valido,
                   id_fornecedor, razao_social AS fornecedor, pais AS pais_fornecedor, id_produto_item AS id_produto,
                   descricao AS descricao_produto, ncm, familia, moeda, incoterm, canal_parametrizacao, quantidade, preco_fob_unitario,
                   valor_fob_moeda, taxa_cambio_pedido, CAST(valor_fob_moeda * taxa_cambio_pedido AS DECIMAL(18,2)) AS valor_fob_brl,
                   frete_moeda, seguro_moeda, taxa_cambio_di, ii_brl, ipi_brl, pis_brl, cofins_brl, icms_brl, siscomex_brl, tributos_brl,
                   custo_desembarcado_brl, CAST(custo_desembarcado_brl / quantidade AS DECIMAL(18,4)) AS custo_desembarcado_unitario_brl,
                   valor_venda_brl, CAST(valor_venda_brl - custo_desembarcado_brl AS DECIMAL(18,2)) AS margem_bruta_brl,
                   CAST(CASE WHEN valor_venda_brl > 0 THEN (valor_venda_brl - custo_desembarcado_brl) / valor_venda_brl * 100 END AS DECIMAL(9,4))
                       AS margem_bruta_pct,
                   data_embarque, data_chegada, data_registro_di, data_desembaraco, data_entrega, data_vencimento, data_recebimento,
                   status_recebimento, data_pagamento_fornecedor, taxa_cambio_pagamento,
                   CAST((valor_fob_moeda + frete_moeda + seguro_moeda) * taxa_cambio_pagamento AS DECIMAL(18,2)) AS pagamento_fornecedor_brl,
                   datediff(data_chegada, data_pedido) AS prazo_producao_transito_dias,
                   datediff(data_desembaraco, data_chegada) AS prazo_desembaraco_dias,
                   datediff(data_entrega, data_pedido) AS prazo_entrega_dias,
                   datediff(data_recebimento, data_entrega) AS dias_para_receber,
                   date_format(data_pedido, 'yyyy-MM') AS ano_mes
            FROM (SELECT *, produto AS id_produto_item FROM finais)
            """;

    private static final String REJECTS_SQL = """
            SELECT id_item, item_pedido AS id_pedido, item_produto AS id_produto, quantidade, preco_fob_unitario, preco_venda_unitario_brl,
                   CAST(quantidade * preco_fob_unitario AS DECIMAL(18,4)) AS valor_fob_moeda,
                   CASE motivo
                     WHEN 'ITEM_DUPLICADO' THEN concat('o item ', id_item, ' aparece mais de uma vez em bronze/itens_pedido; a primeira linha foi mantida')
                     WHEN 'PEDIDO_INEXISTENTE' THEN concat('o pedido ', item_pedido, ' não existe em bronze/pedidos')
                     WHEN 'QUANTIDADE_NULA' THEN concat('o item ', id_item, ' não tem quantidade')
                     WHEN 'PRODUTO_INEXISTENTE' THEN concat('o produto ', item_produto, ' não existe em bronze/produtos')
                     WHEN 'CLIENTE_INEXISTENTE' THEN concat('o cliente ', id_cliente, ' do pedido ', id_pedido, ' não existe em bronze/clientes')
                     WHEN 'FORNECEDOR_INEXISTENTE' THEN concat('o fornecedor ', id_fornecedor, ' do pedido ', id_pedido, ' não existe em bronze/fornecedores')
                     WHEN 'SEM_DESPESA_IMPORTACAO' THEN concat('o pedido ', id_pedido, ' não tem DI com valor FOB em bronze/despesas_importacao')
                     ELSE concat('não há taxa de ', moeda, ' em bronze/cambio para ', data_pedido, ' ou ', data_pagamento_fornecedor)
                   END AS detalhe,
                   motivo
            FROM correlacionado WHERE motivo IS NOT NULL
            """;
}
