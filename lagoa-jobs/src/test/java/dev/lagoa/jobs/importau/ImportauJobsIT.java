package dev.lagoa.jobs.importau;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.jobs.GlueArguments;
import dev.lagoa.jobs.JobFailure;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importau jobs on a real local Spark, one session for the class, on the hand-computed Bronze of
 * {@link ImportauBronze}. Silver and Gold run once before the tests.
 *
 * <p>Worked answers. Order 1 (USD, placed Saturday 2024-01-06, so Friday's rate 5.0) has items 1 (10 × 10.00) and 2
 * (30 × 10.00): shares 0.25 and 0.75 of its DI's FOB 400.00. Item 1 gets freight 10.0000, insurance 0.5500, taxes
 * 100.00 + 75.00 + 12.50 + 50.00 + 125.00 + 38.56 (Siscomex 154.23 × 0.25 = 38.5575) = 401.06; landed cost (110.55 ×
 * 5.2) 574.86 + 401.06 = 975.92; sale 800.00; supplier payment on 2024-01-25 at 5.1 (the rate of Monday 01-08):
 * 563.81. Order 2 (EUR) keeps item 3 (2 × 1000.00, share 0.8 of 2500.00): taxes 800 + 0 + 80 + 320 + 640 + 154.23 =
 * 1994.23, landed cost 2080 × 5.6 + 1994.23 = 13642.23.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportauJobsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path temp;
    private SparkSession spark;
    private Path lake;
    private Path lakehouse;
    private Map<String, Object> silver;
    private Map<String, Object> gold;

    @BeforeAll
    void prepare() {
        spark = SparkSession.builder().master("local[2]").appName("importau-it")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        lake = temp.resolve("lake");
        lakehouse = lake.resolve("importau-lakehouse-teste");
        ImportauBronze.write(spark, lakehouse);
        silver = new ImportauSilverJob(spark).run(arguments("jr_silver_1"));
        gold = new ImportauGoldJob(spark).run(arguments("jr_gold_1"));
    }

    @AfterAll
    void stopSpark() {
        spark.stop();
    }

    private GlueArguments arguments(String runId, String... extra) {
        List<String> args = new ArrayList<>(List.of("--lakehouse", lakehouse.toUri().toString(), "--JOB_RUN_ID", runId, "--LAGOA_LAKE_ROOT",
                lake.toUri().toString()));
        args.addAll(List.of(extra));
        return GlueArguments.parse(args.toArray(String[]::new));
    }

    private Map<Long, Row> fact() {
        return spark.read().parquet(lakehouse.resolve("silver/fato_pedido_correlacionado").toString()).collectAsList().stream()
                .collect(Collectors.toMap(row -> (Long) row.getAs("id_item"), row -> row, (a, b) -> a, TreeMap::new));
    }

    @Test
    void theCorrelatorKeepsThreeItemsAndRejectsFiveWithTheirReasons() {
        assertThat(silver).containsEntry("linhas_fato", 3L).containsEntry("rejeitos", 5L);
        assertThat(silver.get("rejeitos_por_motivo")).isEqualTo(Map.of("CLIENTE_INEXISTENTE", 1L, "ITEM_DUPLICADO", 1L, "PEDIDO_INEXISTENTE", 1L,
                "PRODUTO_INEXISTENTE", 1L, "QUANTIDADE_NULA", 1L));
        Map<Long, Row> fact = fact();
        assertThat(fact).containsOnlyKeys(1L, 2L, 3L);
        Row item1 = fact.get(1L);
        assertThat((BigDecimal) item1.getAs("taxa_cambio_pedido")).isEqualByComparingTo("5.0");
        assertThat((BigDecimal) item1.getAs("valor_fob_brl")).isEqualByComparingTo("500.00");
        assertThat((BigDecimal) item1.getAs("frete_moeda")).isEqualByComparingTo("10.0000");
        assertThat((BigDecimal) item1.getAs("seguro_moeda")).isEqualByComparingTo("0.5500");
        assertThat((BigDecimal) item1.getAs("tributos_brl")).isEqualByComparingTo("401.06");
        assertThat((BigDecimal) item1.getAs("custo_desembarcado_brl")).isEqualByComparingTo("975.92");
        assertThat((BigDecimal) item1.getAs("valor_venda_brl")).isEqualByComparingTo("800.00");
        assertThat((BigDecimal) item1.getAs("pagamento_fornecedor_brl")).isEqualByComparingTo("563.81");
        assertThat((Integer) item1.getAs("prazo_entrega_dias")).isEqualTo(45);
        assertThat((Boolean) item1.getAs("documento_valido")).isTrue();
        assertThat((String) item1.getAs("ano_mes")).isEqualTo("2024-01");
        assertThat((BigDecimal) fact.get(3L).getAs("custo_desembarcado_brl")).isEqualByComparingTo("13642.23");
        Map<String, String> rejects = spark.read().parquet(lakehouse.resolve("silver/rejeitos").toString()).collectAsList().stream()
                .collect(Collectors.toMap(row -> row.getAs("id_item") + "/" + row.getAs("motivo"), row -> row.getAs("detalhe")));
        assertThat(rejects).containsOnlyKeys("2/ITEM_DUPLICADO", "4/PRODUTO_INEXISTENTE", "5/PEDIDO_INEXISTENTE", "6/QUANTIDADE_NULA",
                "7/CLIENTE_INEXISTENTE");
        assertThat(rejects.get("5/PEDIDO_INEXISTENTE")).isEqualTo("o pedido 777 não existe em bronze/pedidos");
    }

    @Test
    void theCashFlowHasEveryMonthAndCurrencyWithReceiptsPaymentsAndExposure() {
        Map<String, Row> rows = spark.read().parquet(lakehouse.resolve("gold/agregado_fluxo_de_caixa_mensal").toString()).collectAsList().stream()
                .collect(Collectors.toMap(row -> row.getAs("ano_mes") + "/" + row.getAs("moeda"), row -> row));
        assertThat(rows).hasSize(9);
        assertThat((BigDecimal) rows.get("2024-03/BRL").getAs("recebimentos_brl")).isEqualByComparingTo("3200.00");
        assertThat((BigDecimal) rows.get("2024-02/BRL").getAs("tributos_brl")).isEqualByComparingTo("3598.46");
        assertThat((BigDecimal) rows.get("2024-02/BRL").getAs("fluxo_liquido_brl")).isEqualByComparingTo("-3598.46");
        // item 1: 563.81; item 2: (300 + 30 + 1.65) × 5.1 = 1691.415 → 1691.42
        assertThat((BigDecimal) rows.get("2024-01/USD").getAs("pagamentos_fornecedores_brl")).isEqualByComparingTo("2255.23");
        assertThat((BigDecimal) rows.get("2024-01/USD").getAs("pagamentos_moeda")).isEqualByComparingTo("442.20");
        assertThat((BigDecimal) rows.get("2024-02/EUR").getAs("pagamentos_fornecedores_brl")).isEqualByComparingTo("11648.00");
        // order 2 was placed in January and paid on 2024-02-01: open at January's end, at January's last EUR rate 5.5
        assertThat((BigDecimal) rows.get("2024-01/EUR").getAs("exposicao_cambial_moeda")).isEqualByComparingTo("2080.00");
        assertThat((BigDecimal) rows.get("2024-01/EUR").getAs("exposicao_cambial_brl")).isEqualByComparingTo("11440.00");
        assertThat((BigDecimal) rows.get("2024-02/EUR").getAs("exposicao_cambial_brl")).isEqualByComparingTo("0");
        assertThat(gold).containsEntry("linhas_fluxo_de_caixa", 9L).containsEntry("linhas_previsao", 2L);
    }

    @Test
    void theForecastAggregateHasQuantitiesAndFxFeatures() {
        Map<String, Row> rows = spark.read().parquet(lakehouse.resolve("gold/agregado_previsao_demanda_cambio").toString()).collectAsList().stream()
                .collect(Collectors.toMap(row -> row.getAs("familia") + "/" + row.getAs("moeda"), row -> row));
        assertThat(rows).containsOnlyKeys("Eletrônicos/USD", "Máquinas/EUR");
        Row electronics = rows.get("Eletrônicos/USD");
        assertThat((Long) electronics.getAs("qtde_itens")).isEqualTo(40L);
        assertThat((BigDecimal) electronics.getAs("receita_brl")).isEqualByComparingTo("3200.00");
        assertThat((BigDecimal) electronics.getAs("taxa_media_mes")).isEqualByComparingTo("5.05");
        assertThat((BigDecimal) electronics.getAs("variacao_cambial_mes_pct")).isEqualByComparingTo("2.0000");
        assertThat((Object) electronics.getAs("qtde_lag_1")).isNull();
        assertThat((Object) electronics.getAs("alvo_qtde_proximo_mes")).isNull();
    }

    @Test
    void theTablesAreCommittedForTheCatalog() throws IOException {
        JsonNode fact = JSON.readTree(lakehouse.resolve("catalog-commits/fato_pedido_correlacionado/silver-jr_silver_1.json").toFile());
        assertThat(fact.path("location").asText()).isEqualTo("s3://importau-lakehouse-teste/silver/fato_pedido_correlacionado/");
        assertThat(fact.path("partitions").get(0).path("values").get(0).asText()).isEqualTo("2024-01");
        assertThat(fact.path("rows").asLong()).isEqualTo(3);
        assertThat(Files.exists(lakehouse.resolve("catalog-commits/agregado_fluxo_de_caixa_mensal/gold-jr_gold_1.json"))).isTrue();
    }

    @Test
    void theBronzeTestFailsNamingTheDefectsAboveTheTolerance() throws IOException {
        assertThatThrownBy(() -> new ImportauQualityJob(spark).run(arguments("jr_bronze_1", "--camada", "bronze")))
                .isInstanceOf(JobFailure.class)
                .hasMessageStartingWith("Camada bronze reprovada em 6 de 32 verificações: itens_duplicados (observado 1 de 8 (12,50%), limite 1,00%); "
                        + "itens_orfaos_de_pedido (observado 1 de 8 (12,50%), limite 1,00%); itens_orfaos_de_produto")
                .hasMessageContaining("pedidos_orfaos_de_cliente (observado 1 de 3 (33,33%), limite 1,00%); documentos_invalidos (observado 1 de 3 (33,33%)")
                .hasMessageEndingWith("Relatório: s3://importau-lakehouse-teste/quality/camada=bronze/jr_bronze_1.json");
        JsonNode report = JSON.readTree(lakehouse.resolve("quality/camada=bronze/jr_bronze_1.json").toFile());
        assertThat(report.path("aprovado").asBoolean()).isFalse();

        Map<String, Object> tolerant = new ImportauQualityJob(spark).run(arguments("jr_bronze_2", "--camada", "bronze", "--tolerancia", "0.4"));
        assertThat(tolerant).containsEntry("aprovado", true).containsEntry("verificacoes", 32);
    }

    @Test
    void theSilverTestReconcilesWithTheBronzeAndTheDocumentedRejects() throws IOException {
        Path manifest = lakehouse.resolve("bronze/_geracao.json");
        Files.writeString(manifest, "{\"rejeitos_esperados\": 5}");
        assertThat(new ImportauQualityJob(spark).run(arguments("jr_silver_t1", "--camada", "silver"))).containsEntry("aprovado", true);

        Files.writeString(manifest, "{\"rejeitos_esperados\": 4}");
        assertThatThrownBy(() -> new ImportauQualityJob(spark).run(arguments("jr_silver_t2", "--camada", "silver")))
                .hasMessageStartingWith("Camada silver reprovada em 1 de 10 verificações: rejeitos_documentados (observado 5 × 4 (diferença 1), limite diferença ≤ 0)");
        Files.delete(manifest);
    }

    @Test
    void theGoldTestReconcilesWithTheSilver() {
        assertThat(new ImportauQualityJob(spark).run(arguments("jr_gold_t1", "--camada", "gold"))).containsEntry("aprovado", true);
    }

    /** A lakehouse whose Bronze is the fixture's, but with only the item rows that {@code items} selects. */
    private Path lakehouseWithItems(String name, String items) {
        Path other = lake.resolve(name);
        for (String folder : ImportauTables.BRONZE.keySet()) {
            Dataset<Row> rows = spark.read().parquet(lakehouse.resolve("bronze/" + folder).toString());
            (folder.equals("itens_pedido") ? rows.where(items).dropDuplicates() : rows).write().parquet(other.resolve("bronze/" + folder).toString());
        }
        return other;
    }

    private GlueArguments arguments(Path otherLakehouse, String runId, String... extra) {
        List<String> args = new ArrayList<>(List.of("--lakehouse", otherLakehouse.toUri().toString(), "--JOB_RUN_ID", runId, "--LAGOA_LAKE_ROOT",
                lake.toUri().toString()));
        args.addAll(List.of(extra));
        return GlueArguments.parse(args.toArray(String[]::new));
    }

    @Test
    void aBronzeWithNothingToRejectGivesAnEmptyRejectsTableThatTheSilverTestPasses() {
        // order 1's two items, once each: every item correlates, and the rejects table is written empty (no file at all)
        Path clean = lakehouseWithItems("importau-lakehouse-limpo", "id_item IN (1, 2)");

        Map<String, Object> result = new ImportauSilverJob(spark).run(arguments(clean, "jr_silver_limpo"));

        assertThat(result).containsEntry("linhas_fato", 2L).containsEntry("rejeitos", 0L);
        assertThat(result.get("rejeitos_por_motivo")).isEqualTo(Map.of());
        assertThat(spark.read().parquet(clean.resolve("silver/fato_pedido_correlacionado").toString()).count()).isEqualTo(2L);
        Map<String, Object> test = new ImportauQualityJob(spark).run(arguments(clean, "jr_silver_limpo_t", "--camada", "silver"));
        assertThat(test).as("%s", test).containsEntry("aprovado", true);
    }

    @Test
    void aBronzeWhoseItemsAreAllRejectedGivesAnEmptyFactAndEmptyGoldAggregates() {
        // item 4's product and item 5's order do not exist: the fact is written empty (no file at all)
        Path rejected = lakehouseWithItems("importau-lakehouse-rejeitado", "id_item IN (4, 5)");

        Map<String, Object> silverRun = new ImportauSilverJob(spark).run(arguments(rejected, "jr_silver_rejeitado"));
        Map<String, Object> goldRun = new ImportauGoldJob(spark).run(arguments(rejected, "jr_gold_rejeitado"));

        assertThat(silverRun).containsEntry("linhas_fato", 0L).containsEntry("rejeitos", 2L);
        assertThat(goldRun).containsEntry("linhas_fluxo_de_caixa", 0L).containsEntry("linhas_previsao", 0L);
    }

    @Test
    void theJoinedRowsUncachedGiveTheSameTablesAsCached() {
        // the fixture is small enough to be cached: a threshold of 0 runs the path of a large Bronze on it
        List<Row> fact = spark.read().parquet(lakehouse.resolve("silver/fato_pedido_correlacionado").toString()).orderBy("id_item").collectAsList();
        List<Row> rejects = spark.read().parquet(lakehouse.resolve("silver/rejeitos").toString()).orderBy("id_item", "motivo").collectAsList();

        Map<String, Object> uncached = new ImportauSilverJob(spark, 0).run(arguments("jr_silver_sem_cache"));

        assertThat(uncached).containsEntry("linhas_fato", silver.get("linhas_fato")).containsEntry("rejeitos", silver.get("rejeitos"))
                .containsEntry("rejeitos_por_motivo", silver.get("rejeitos_por_motivo"));
        assertThat(spark.read().parquet(lakehouse.resolve("silver/fato_pedido_correlacionado").toString()).orderBy("id_item").collectAsList())
                .isEqualTo(fact);
        assertThat(spark.read().parquet(lakehouse.resolve("silver/rejeitos").toString()).orderBy("id_item", "motivo").collectAsList())
                .isEqualTo(rejects);
    }

    @Test
    void aRerunReplacesTheTablesWithoutDuplicating() throws IOException {
        Map<String, Object> again = new ImportauSilverJob(spark).run(arguments("jr_silver_2"));

        assertThat(again).containsEntry("linhas_fato", 3L);
        assertThat(fact()).hasSize(3);
        try (Stream<Path> files = Files.walk(lakehouse.resolve("silver"))) {
            assertThat(files.map(path -> lakehouse.resolve("silver").relativize(path).toString()).filter(name -> name.startsWith("_staging"))).isEmpty();
        }
    }
}
