package dev.lagoa.jobs.importau;

import dev.lagoa.contracts.BrazilianDocuments;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lagoa.jobs.GlueArguments;
import dev.lagoa.jobs.JobFailure;
import dev.lagoa.jobs.JobMain;
import dev.lagoa.jobs.TableColumn;
import dev.lagoa.jobs.TableDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quality checks of one layer of the importau lakehouse ({@code --camada bronze|silver|gold}; the Glue jobs
 * {@code lagoa-importau-teste-bronze}, {@code -teste-silver} and {@code -teste-gold}). Each check counts what it finds
 * and compares it with its limit: zero for what must never happen, {@code --tolerancia} (default 0.01, a fraction of the
 * rows) for the defects an ingestion is known to let through, exact equality for reconciliations between layers. The
 * report, with every check, goes to {@code quality/camada=<layer>/<run id>.json}; when a check fails the run fails with
 * a {@link JobFailure} naming each failed check with what it found.
 */
public final class ImportauQualityJob {
    private static final Logger LOG = LoggerFactory.getLogger(ImportauQualityJob.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String UFS = "'AC','AL','AP','AM','BA','CE','DF','ES','GO','MA','MT','MS','MG','PA','PB','PR','PE','PI','RJ','RN','RS','RO',"
            + "'RR','SC','SP','SE','TO'";

    private final SparkSession spark;

    public ImportauQualityJob(SparkSession spark) {
        this.spark = spark;
    }

    public static void main(String[] args) {
        JobMain.run("lagoa-importau-teste", () -> {
            GlueArguments arguments = GlueArguments.parse(args);
            SparkSession spark = SparkSession.builder().appName("lagoa-importau-teste-" + arguments.optional("camada").orElse("")).getOrCreate();
            try {
                return new ImportauQualityJob(spark).run(arguments);
            } finally {
                spark.stop();
            }
        });
    }

    /** One check's outcome. */
    record Check(String name, String description, String observed, String limit, boolean passed) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("verificacao", name);
            json.put("descricao", description);
            json.put("observado", observed);
            json.put("limite", limit);
            json.put("aprovado", passed);
            return json;
        }
    }

    /**
     * Runs the layer's checks and writes the report.
     *
     * @throws JobFailure when a check fails (the message names each), or the layer is unknown
     */
    public Map<String, Object> run(GlueArguments arguments) {
        String layer = arguments.required("camada").toLowerCase(Locale.ROOT);
        double tolerance = Double.parseDouble(arguments.optional("tolerancia").orElse("0.01"));
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new JobFailure("Job argument --tolerancia must be a fraction between 0 and 1, not " + tolerance);
        }
        ImportauLake lake = ImportauLake.open(spark, arguments);
        spark.udf().register("documento_valido", (org.apache.spark.sql.api.java.UDF1<String, Boolean>) BrazilianDocuments::isValid,
                org.apache.spark.sql.types.DataTypes.BooleanType);
        Checks checks = new Checks(tolerance);
        switch (layer) {
            case "bronze" -> bronze(lake, checks);
            case "silver" -> silver(lake, checks);
            case "gold" -> gold(lake, checks);
            default -> throw new JobFailure("Unknown --camada '" + layer + "': bronze, silver or gold");
        }
        List<Check> failed = checks.results.stream().filter(check -> !check.passed()).toList();
        Path report = lake.path("quality/camada=" + layer + "/" + lake.runId() + ".json");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("camada", layer);
        json.put("execucao", lake.runId());
        json.put("aprovado", failed.isEmpty());
        json.put("tolerancia", tolerance);
        json.put("verificacoes_total", checks.results.size());
        json.put("verificacoes_reprovadas", failed.size());
        json.put("reprovadas", failed.stream().map(Check::name).toList());
        json.put("verificacoes", checks.results.stream().map(Check::toJson).toList());
        json.put("gerado_em", Instant.now().toString());
        write(lake, report, json);
        String shown = lake.show(report);
        if (!failed.isEmpty()) {
            throw new JobFailure("Camada %s reprovada em %d de %d verificações: %s. Relatório: %s".formatted(layer, failed.size(), checks.results.size(),
                    String.join("; ", failed.stream().map(check -> check.name() + " (observado " + check.observed() + ", limite " + check.limit() + ")")
                            .toList()), shown));
        }
        LOG.info("Layer {} passed its {} checks; report {}", layer, checks.results.size(), shown);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("camada", layer);
        summary.put("aprovado", true);
        summary.put("verificacoes", checks.results.size());
        summary.put("relatorio", shown);
        return summary;
    }

    private void bronze(ImportauLake lake, Checks checks) {
        boolean schemasHold = true;
        for (Map.Entry<String, Map<String, DataType>> dataset : ImportauTables.BRONZE.entrySet()) {
            Path path = lake.path("bronze/" + dataset.getKey() + "/");
            if (!lake.exists(path)) {
                checks.fail("esquema_" + dataset.getKey(), "O conjunto " + dataset.getKey() + " existe com o esquema declarado", "ausente", "presente");
                schemasHold = false;
                continue;
            }
            Dataset<Row> rows = spark.read().parquet(path.toString());
            schemasHold &= checks.schema("esquema_" + dataset.getKey(), "O conjunto " + dataset.getKey() + " tem o esquema declarado",
                    ImportauLake.schemaProblems(rows, dataset.getValue()));
            rows.createOrReplaceTempView("b_" + dataset.getKey());
        }
        if (!schemasHold) {
            return;
        }
        // the checks on one table's own rows are the columns of one query per table, and all the queries run as one
        Queries queries = new Queries();
        Queries.Query clients = queries.add("b_clientes", "count(*)", "count(*) - count(DISTINCT id_cliente)",
                "count_if(NOT coalesce(documento_valido(documento), false))",
                "count_if(uf NOT IN (" + UFS + ") OR tipo_pessoa NOT IN ('PF','PJ') "
                        + "OR NOT cep RLIKE '^[0-9]{5}-[0-9]{3}$' OR NOT telefone RLIKE '^\\\\([1-9][0-9]\\\\) 9?[0-9]{4}-[0-9]{4}$')");
        Queries.Query orders = queries.add("b_pedidos", "count(*)", "count(*) - count(DISTINCT id_pedido)",
                "count_if(id_cliente IS NULL OR id_fornecedor IS NULL OR moeda IS NULL OR data_pedido IS NULL "
                        + "OR data_embarque IS NULL OR data_chegada IS NULL OR data_desembaraco IS NULL OR data_entrega IS NULL)",
                "count_if(data_embarque < data_pedido OR data_chegada < data_embarque "
                        + "OR data_desembaraco < data_chegada OR data_entrega < data_desembaraco)");
        Queries.Query items = queries.add("b_itens_pedido", "count(*)", "count_if(id_item IS NULL)", "count(*) - count(DISTINCT id_item)",
                "count_if(quantidade IS NULL)", "count_if(quantidade <= 0 OR preco_fob_unitario <= 0 OR preco_venda_unitario_brl <= 0)");
        Queries.Query suppliers = queries.add("b_fornecedores", "count(*) - count(DISTINCT id_fornecedor)");
        Queries.Query products = queries.add("b_produtos", "count(*) - count(DISTINCT id_produto)",
                "count_if(NOT ncm RLIKE '^[0-9]{8}$' OR preco_fob_unitario <= 0 OR aliquota_ii NOT BETWEEN 0 AND 1 OR aliquota_ipi NOT BETWEEN 0 AND 1)");
        Queries.Query expenses = queries.add("b_despesas_importacao", "count(*) - count(DISTINCT id_despesa)", "count(*) - count(DISTINCT id_pedido)",
                "count_if(valor_fob_moeda <= 0 OR frete_moeda < 0 OR seguro_moeda < 0 OR ii_brl < 0 "
                        + "OR ipi_brl < 0 OR pis_brl < 0 OR cofins_brl < 0 OR icms_brl < 0 OR taxa_cambio_di <= 0)");
        Queries.Query rates = queries.add("b_cambio", "count(*) - count(DISTINCT data, moeda)",
                "count_if(taxa_compra <= 0 OR taxa_compra > taxa_venda OR moeda NOT IN ('USD','EUR','CNY'))");
        Queries.Query orphanItemsOfOrders = queries.add("b_itens_pedido i LEFT ANTI JOIN b_pedidos p ON i.id_pedido = p.id_pedido", "count(*)");
        Queries.Query orphanItemsOfProducts = queries.add("b_itens_pedido i LEFT ANTI JOIN b_produtos p ON i.id_produto = p.id_produto", "count(*)");
        Queries.Query orphanOrdersOfClients = queries.add("b_pedidos p LEFT ANTI JOIN b_clientes c ON p.id_cliente = c.id_cliente", "count(*)");
        Queries.Query orphanOrdersOfSuppliers = queries.add("b_pedidos p LEFT ANTI JOIN b_fornecedores f ON p.id_fornecedor = f.id_fornecedor", "count(*)");
        Queries.Query orphanProducts = queries.add("b_produtos p LEFT ANTI JOIN b_fornecedores f ON p.id_fornecedor = f.id_fornecedor", "count(*)");
        Queries.Query orphanExpenses = queries.add("b_despesas_importacao d LEFT ANTI JOIN b_pedidos p ON d.id_pedido = p.id_pedido", "count(*)");
        Queries.Query ordersWithoutExpenses = queries.add("b_pedidos p LEFT ANTI JOIN b_despesas_importacao d ON p.id_pedido = d.id_pedido", "count(*)");
        Object[][] keys = {{"clientes", "id_cliente", clients.getLong(1)}, {"fornecedores", "id_fornecedor", suppliers.getLong(0)},
                {"produtos", "id_produto", products.getLong(0)}, {"pedidos", "id_pedido", orders.getLong(1)},
                {"despesas_importacao", "id_despesa", expenses.getLong(0)}, {"despesas_importacao", "id_pedido", expenses.getLong(1)},
                {"cambio", "data, moeda", rates.getLong(0)}};
        for (Object[] key : keys) {
            String columns = (String) key[1];
            checks.zero("chave_" + key[0] + "_" + columns.replace(", ", "_"), "A chave (" + columns + ") de " + key[0] + " é única e não nula",
                    (Long) key[2]);
        }
        long itemCount = items.getLong(0);
        checks.zero("chave_itens_pedido_id_item_nula", "Nenhum item sem id_item", items.getLong(1));
        checks.fraction("itens_duplicados", "Linhas repetidas de um mesmo id_item em itens_pedido", items.getLong(2), itemCount);
        checks.fraction("itens_orfaos_de_pedido", "Itens cujo pedido não existe em pedidos",
                orphanItemsOfOrders.getLong(0), itemCount);
        checks.fraction("itens_orfaos_de_produto", "Itens cujo produto não existe em produtos",
                orphanItemsOfProducts.getLong(0), itemCount);
        checks.fraction("itens_quantidade_nula", "Itens sem quantidade", items.getLong(3), itemCount);
        checks.fraction("pedidos_orfaos_de_cliente", "Pedidos cujo cliente não existe em clientes",
                orphanOrdersOfClients.getLong(0), orders.getLong(0));
        checks.fraction("documentos_invalidos", "Clientes com CPF/CNPJ de dígitos verificadores inválidos", clients.getLong(2), clients.getLong(0));
        checks.zero("pedidos_orfaos_de_fornecedor", "Pedidos cujo fornecedor não existe",
                orphanOrdersOfSuppliers.getLong(0));
        checks.zero("produtos_orfaos_de_fornecedor", "Produtos cujo fornecedor não existe",
                orphanProducts.getLong(0));
        checks.zero("despesas_orfas_de_pedido", "DIs cujo pedido não existe",
                orphanExpenses.getLong(0));
        checks.zero("pedidos_sem_despesa", "Pedidos sem DI em despesas_importacao",
                ordersWithoutExpenses.getLong(0));
        checks.zero("pedidos_campos_obrigatorios", "Pedidos com cliente, fornecedor, moeda ou uma das datas do processo nulos", orders.getLong(2));
        checks.zero("pedidos_datas_em_ordem", "Pedido ≤ embarque ≤ chegada ≤ desembaraço ≤ entrega", orders.getLong(3));
        checks.zero("itens_valores_positivos", "Quantidade e preços dos itens maiores que zero", items.getLong(4));
        checks.zero("produtos_ncm_e_aliquotas", "NCM de 8 dígitos, preço positivo e alíquotas entre 0 e 1", products.getLong(1));
        checks.zero("cambio_faixas", "Taxas positivas, compra ≤ venda, moedas USD, EUR ou CNY", rates.getLong(1));
        checks.zero("clientes_formatos", "UF real, PF/PJ, CEP 00000-000 e telefone (DD) NNNN-NNNN ou (DD) 9NNNN-NNNN", clients.getLong(3));
        checks.zero("despesas_valores", "Valores da DI não negativos e FOB positivo", expenses.getLong(2));
    }

    private void silver(ImportauLake lake, Checks checks) {
        Optional<Dataset<Row>> fact = table(lake, checks, "silver/fato_pedido_correlacionado/", ImportauTables.FACT);
        Optional<Dataset<Row>> rejects = table(lake, checks, "silver/rejeitos/", ImportauTables.REJECTS);
        if (fact.isEmpty() || rejects.isEmpty()) {
            return;
        }
        fact.get().createOrReplaceTempView("fato");
        rejects.get().createOrReplaceTempView("rejeitos");
        lake.bronze("itens_pedido").createOrReplaceTempView("b_itens_pedido");
        lake.bronze("despesas_importacao").createOrReplaceTempView("b_despesas_importacao");
        Queries queries = new Queries();
        Queries.Query facts = queries.add("fato", "count(*) - count(DISTINCT id_item)",
                "count_if(id_pedido IS NULL OR id_cliente IS NULL OR id_produto IS NULL OR id_fornecedor IS NULL "
                        + "OR moeda IS NULL OR quantidade IS NULL OR taxa_cambio_pedido IS NULL OR taxa_cambio_di IS NULL OR taxa_cambio_pagamento IS NULL "
                        + "OR custo_desembarcado_brl IS NULL OR valor_venda_brl IS NULL OR data_pagamento_fornecedor IS NULL)",
                "count_if(quantidade <= 0 OR taxa_cambio_pedido <= 0 OR taxa_cambio_di <= 0 OR custo_desembarcado_brl <= 0 "
                        + "OR valor_venda_brl <= 0 OR prazo_entrega_dias < 0 OR prazo_desembaraco_dias < 0 OR prazo_producao_transito_dias < 0)",
                "count(*)", "coalesce(sum(valor_fob_moeda), 0)");
        Queries.Query rejected = queries.add("rejeitos", "count_if(motivo NOT IN ('" + String.join("','", ImportauSilverJob.REASONS) + "'))", "count(*)",
                "coalesce(sum(valor_fob_moeda), 0)");
        Queries.Query bronze = queries.add("b_itens_pedido", "count(*)", "coalesce(sum(CAST(quantidade * preco_fob_unitario AS DECIMAL(18,4))), 0)");
        checks.zero("chave_id_item", "id_item é único e não nulo no fato", facts.getLong(0));
        checks.zero("campos_obrigatorios", "Pedido, cliente, produto, fornecedor, moeda, quantidade, taxas, custo e venda não nulos", facts.getLong(1));
        checks.zero("faixas_de_valores", "Quantidade, taxas, custo desembarcado e venda positivos; prazos não negativos", facts.getLong(2));
        checks.zero("motivos_conhecidos", "Todo rejeito tem um motivo documentado", rejected.getLong(0));
        long rejectRows = rejected.getLong(1);
        checks.equal("reconciliacao_linhas", "Linhas do fato + rejeitos = linhas de bronze/itens_pedido", BigDecimal.valueOf(facts.getLong(3) + rejectRows),
                BigDecimal.valueOf(bronze.getLong(0)), BigDecimal.ZERO);
        checks.equal("reconciliacao_valor_fob", "Σ valor FOB do fato + Σ dos rejeitos = Σ quantidade × preço FOB da Bronze",
                decimal(facts, 4).add(decimal(rejected, 2)), decimal(bronze, 1), BigDecimal.ZERO);
        generationManifest(lake).ifPresent(manifest -> checks.equal("rejeitos_documentados",
                "Rejeitos = rejeitos esperados pelo manifesto de geração (bronze/_geracao.json)", BigDecimal.valueOf(rejectRows),
                BigDecimal.valueOf(manifest.path("rejeitos_esperados").asLong()), BigDecimal.ZERO));
        Row taxes = spark.sql("""
                WITH completos AS (
                  SELECT id_pedido, count(*) AS itens FROM fato GROUP BY id_pedido
                  HAVING id_pedido NOT IN (SELECT id_pedido FROM rejeitos WHERE id_pedido IS NOT NULL)
                )
                SELECT (SELECT coalesce(sum(f.tributos_brl), 0) FROM fato f JOIN completos c ON f.id_pedido = c.id_pedido),
                       (SELECT coalesce(sum(ii_brl + ipi_brl + pis_brl + cofins_brl + icms_brl + taxa_siscomex_brl), 0)
                          FROM b_despesas_importacao d JOIN completos c ON d.id_pedido = c.id_pedido),
                       (SELECT coalesce(sum(itens), 0) FROM completos)
                """).first();
        checks.equal("reconciliacao_tributos", "Σ tributos rateados = Σ tributos das DIs, nos pedidos sem rejeitos (arredondamento: R$ 0,01 por item)",
                taxes.getDecimal(0), taxes.getDecimal(1), new BigDecimal("0.01").multiply(BigDecimal.valueOf(taxes.getLong(2))));
    }

    private void gold(ImportauLake lake, Checks checks) {
        Optional<Dataset<Row>> cashFlow = table(lake, checks, "gold/agregado_fluxo_de_caixa_mensal/", ImportauTables.CASH_FLOW);
        Optional<Dataset<Row>> forecast = table(lake, checks, "gold/agregado_previsao_demanda_cambio/", ImportauTables.FORECAST);
        Path factPath = lake.path("silver/fato_pedido_correlacionado/");
        if (cashFlow.isEmpty() || forecast.isEmpty() || !lake.exists(factPath)) {
            if (!lake.exists(factPath)) {
                checks.fail("fato_silver", "O fato Silver existe para a reconciliação", "ausente", "presente");
            }
            return;
        }
        cashFlow.get().createOrReplaceTempView("fluxo");
        forecast.get().createOrReplaceTempView("previsao");
        lake.table(factPath, ImportauTables.FACT).createOrReplaceTempView("fato");
        Queries queries = new Queries();
        Queries.Query flow = queries.add("fluxo", "count(*) - count(DISTINCT mes, moeda)",
                "count_if(fluxo_liquido_brl <> recebimentos_brl - pagamentos_brl OR pagamentos_brl <> pagamentos_fornecedores_brl + tributos_brl)",
                "count_if(recebimentos_brl < 0 OR pagamentos_brl < 0 OR exposicao_cambial_brl < 0 OR taxa_media_mes <= 0)",
                "coalesce(sum(recebimentos_brl), 0)", "coalesce(sum(pagamentos_fornecedores_brl), 0)", "coalesce(sum(tributos_brl), 0)");
        Queries.Query demand = queries.add("previsao", "count(*) - count(DISTINCT mes, familia, moeda)",
                "count_if(qtde_itens < 0 OR volatilidade_cambial_mes < 0 OR taxa_media_mes <= 0)",
                "CAST(coalesce(sum(qtde_itens), 0) AS DECIMAL(38,0))", "coalesce(sum(receita_brl), 0)");
        Queries.Query facts = queries.add("fato", "coalesce(sum(CASE WHEN data_recebimento IS NOT NULL THEN valor_venda_brl END), 0)",
                "coalesce(sum(pagamento_fornecedor_brl), 0)", "coalesce(sum(tributos_brl), 0)", "CAST(coalesce(sum(quantidade), 0) AS DECIMAL(38,0))",
                "coalesce(sum(valor_venda_brl), 0)");
        Queries.Query targets = queries.add("(SELECT alvo_qtde_proximo_mes AS alvo, lead(qtde_itens) OVER (PARTITION BY familia, moeda ORDER BY mes) AS seguinte "
                + "FROM previsao) WHERE NOT (alvo <=> seguinte)", "count(*)");
        checks.zero("chave_fluxo_mes_moeda", "(mes, moeda) é única no fluxo de caixa", flow.getLong(0));
        checks.zero("chave_previsao", "(mes, familia, moeda) é única no agregado de previsão", demand.getLong(0));
        checks.zero("fluxo_liquido", "fluxo_liquido_brl = recebimentos_brl − pagamentos_brl e pagamentos_brl = fornecedores + tributos em cada linha",
                flow.getLong(1));
        checks.zero("faixas_fluxo", "Recebimentos, pagamentos e exposição não negativos; taxa média positiva", flow.getLong(2));
        checks.zero("faixas_previsao", "Quantidades e volatilidade não negativas", demand.getLong(1));
        checks.zero("alvo_do_mes_seguinte", "alvo_qtde_proximo_mes é a quantidade do mês seguinte da mesma família e moeda",
                targets.getLong(0));
        checks.equal("reconciliacao_recebimentos", "Σ recebimentos do fluxo = Σ valor_venda_brl recebido no fato",
                decimal(flow, 3), decimal(facts, 0), BigDecimal.ZERO);
        checks.equal("reconciliacao_pagamentos_fornecedores", "Σ pagamentos a fornecedores do fluxo = Σ pagamento_fornecedor_brl do fato",
                decimal(flow, 4), decimal(facts, 1), BigDecimal.ZERO);
        checks.equal("reconciliacao_tributos", "Σ tributos do fluxo = Σ tributos_brl do fato", decimal(flow, 5), decimal(facts, 2), BigDecimal.ZERO);
        checks.equal("reconciliacao_quantidade", "Σ qtde_itens da previsão = Σ quantidade do fato", decimal(demand, 2), decimal(facts, 3), BigDecimal.ZERO);
        checks.equal("reconciliacao_receita", "Σ receita_brl da previsão = Σ valor_venda_brl do fato", decimal(demand, 3), decimal(facts, 4),
                BigDecimal.ZERO);
    }

    /** A Silver or Gold table, its schema checked (partition columns included); empty when it is missing or wrong. */
    private Optional<Dataset<Row>> table(ImportauLake lake, Checks checks, String relative, TableDefinition table) {
        Path path = lake.path(relative);
        if (!lake.exists(path)) {
            checks.fail("esquema_" + table.name(), "A tabela " + table.name() + " existe com o esquema declarado", "ausente", "presente");
            return Optional.empty();
        }
        Map<String, DataType> expected = new LinkedHashMap<>();
        for (TableColumn column : ImportauTables.all(table)) {
            expected.put(column.name(), column.type());
        }
        Dataset<Row> rows = lake.table(path, table);
        // partition values are read back as Spark infers them; the declared partition keys are strings
        Dataset<Row> typed = rows;
        for (TableColumn key : table.partitionKeys()) {
            typed = typed.withColumn(key.name(), typed.col(key.name()).cast(key.type()));
        }
        return checks.schema("esquema_" + table.name(), "A tabela " + table.name() + " tem o esquema declarado", ImportauLake.schemaProblems(typed, expected))
                ? Optional.of(typed) : Optional.empty();
    }

    private Optional<JsonNode> generationManifest(ImportauLake lake) {
        Path manifest = lake.path("bronze/_geracao.json");
        if (!lake.exists(manifest)) {
            return Optional.empty();
        }
        try (InputStream in = lake.files().fileSystem().open(manifest)) {
            return Optional.of(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + lake.show(manifest) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Queries of one row each, run together: the first row asked for runs every query added until then as one Spark SQL
     * execution, whose scalar subqueries Spark runs side by side. Each query costs a scan and a Spark job still, but
     * the layer's checks pay one plan and one pair of lineage events instead of one per query.
     */
    private final class Queries {
        private final List<String> pending = new ArrayList<>();
        private final List<Query> waiting = new ArrayList<>();

        /** {@code SELECT expressions FROM from}, a query of one row. */
        Query add(String from, String... expressions) {
            pending.add("(SELECT struct(" + String.join(", ", expressions) + ") FROM " + from + ")");
            Query query = new Query();
            waiting.add(query);
            return query;
        }

        private void run() {
            Row row = spark.sql("SELECT " + String.join(", ", pending)).first();
            for (int i = 0; i < waiting.size(); i++) {
                waiting.get(i).row = row.getStruct(i);
            }
            pending.clear();
            waiting.clear();
        }

        /** One query's row, once the queries have run. */
        final class Query {
            private Row row;

            Row row() {
                if (row == null) {
                    run();
                }
                return row;
            }

            long getLong(int column) {
                return row().getLong(column);
            }
        }
    }

    private static BigDecimal decimal(Queries.Query query, int column) {
        Object value = query.row().get(column);
        return value instanceof BigDecimal decimal ? decimal : new BigDecimal(value.toString());
    }

    private static void write(ImportauLake lake, Path report, Map<String, Object> json) {
        try {
            lake.files().writeWhole(report, (JSON.writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the quality report " + lake.show(report) + ": " + e.getMessage(), e);
        }
    }

    /** The checks of a run, in order. */
    static final class Checks {
        private final double tolerance;
        final List<Check> results = new ArrayList<>();

        Checks(double tolerance) {
            this.tolerance = tolerance;
        }

        void zero(String name, String description, long found) {
            results.add(new Check(name, description, Long.toString(found), "0", found == 0));
        }

        void fraction(String name, String description, long found, long total) {
            double fraction = total == 0 ? 0 : (double) found / total;
            results.add(new Check(name, description, "%d de %d (%.2f%%)".formatted(found, total, fraction * 100).replace('.', ','),
                    "%.2f%%".formatted(tolerance * 100).replace('.', ','), fraction <= tolerance));
        }

        void equal(String name, String description, BigDecimal left, BigDecimal right, BigDecimal allowed) {
            BigDecimal difference = left.subtract(right).abs();
            results.add(new Check(name, description, left.toPlainString() + " × " + right.toPlainString() + " (diferença " + difference.toPlainString() + ")",
                    "diferença ≤ " + allowed.toPlainString(), difference.compareTo(allowed) <= 0));
        }

        boolean schema(String name, String description, List<String> problems) {
            results.add(new Check(name, description, problems.isEmpty() ? "conforme" : String.join("; ", problems), "conforme", problems.isEmpty()));
            return problems.isEmpty();
        }

        void fail(String name, String description, String observed, String limit) {
            results.add(new Check(name, description, observed, limit, false));
        }
    }
}
