package dev.lagoa.jobs.ibov;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.jobs.GlueArguments;
import dev.lagoa.jobs.JobFailure;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IBOV refine job on a real local Spark, one session for the class, on bronze files built from B3's recorded
 * 2022-12-08 portfolio (92 stocks whose parts sum to exactly 100,000 and whose quantities sum to the header's total).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IbovRefineJobIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DAY_1 = "2022-12-08";
    private static final String DAY_2 = "2022-12-09";
    private static final String DAY_3 = "2022-12-12";

    private SparkSession spark;
    @TempDir
    static Path temp;

    @BeforeAll
    void startSpark() {
        spark = SparkSession.builder().master("local[2]").appName("ibov-refine-it")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }

    @AfterAll
    void stopSpark() {
        spark.stop();
    }

    /** A lake with the bucket lagoa-b3, as the local launcher maps s3://lagoa-b3/ to it. */
    record Lake(Path root) {
        Path raw(String date) {
            return root.resolve("lagoa-b3/raw/" + date + "/dados_originais.parquet");
        }

        Path refined() {
            return root.resolve("lagoa-b3/refined");
        }

        Path ativos(String date) {
            return refined().resolve("ativos/data=" + date);
        }

        Path commits() {
            return root.resolve("lagoa-b3/catalog-commits");
        }
    }

    Lake lake(String name) {
        return new Lake(temp.resolve(name));
    }

    Map<String, Object> refine(Lake lake, String date) {
        return refine(lake, date, "jr_" + date.replace("-", ""));
    }

    Map<String, Object> refine(Lake lake, String date, String runId) {
        String[] args = {"--source", lake.raw(date).toUri().toString(), "--date", date, "--target", lake.refined().toUri().toString(),
                "--commits", lake.commits().toUri().toString(), "--JOB_RUN_ID", runId, "--LAGOA_LAKE_ROOT", lake.root().toUri().toString()};
        return new IbovRefineJob(spark).run(IbovRefineJob.Request.from(GlueArguments.parse(args)));
    }

    /** The refined rows of a day by ticker, read as any reader of the table would (partitions inferred). */
    Map<String, Row> ativos(Lake lake, String date) {
        return spark.read().parquet(lake.refined().resolve("ativos").toString()).where("data = '" + date + "'").collectAsList().stream()
                .collect(Collectors.toMap(row -> row.getAs("acao"), Function.identity(), (a, b) -> {
                    throw new AssertionError("two rows for " + a.getAs("acao"));
                }, TreeMap::new));
    }

    Row header(Lake lake, String date) {
        List<Row> rows = spark.read().parquet(lake.refined().resolve("header").toString()).where("data = '" + date + "'").collectAsList();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    static BigDecimal sum(Map<String, Row> rows, String column) {
        return rows.values().stream().map(row -> (BigDecimal) row.getAs(column)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static List<String> files(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile).map(path -> folder.relativize(path).toString()).sorted().toList();
        }
    }

    /** Every file under a folder with its size and modification time: equal listings mean untouched files. */
    static Map<String, String> snapshot(Path folder) throws IOException {
        Map<String, String> snapshot = new TreeMap<>();
        for (String file : files(folder)) {
            Path path = folder.resolve(file);
            snapshot.put(file, Files.size(path) + "@" + Files.getLastModifiedTime(path).toMillis());
        }
        return snapshot;
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class TheRecordedDay {
        final Lake lake = lake("one-day");
        ObjectNode response;
        Map<String, Object> summary;
        Map<String, Row> rows;

        @BeforeAll
        void refineIt() {
            response = IbovBronze.response();
            IbovBronze.write(spark, response, lake.raw(DAY_1));
            summary = refine(lake, DAY_1);
            rows = ativos(lake, DAY_1);
        }

        @Test
        void everyStockIsOneRowInItsOwnPartition() throws IOException {
            assertThat(rows).hasSize(92);
            try (Stream<Path> folders = Files.list(lake.ativos(DAY_1))) {
                assertThat(folders.map(path -> path.getFileName().toString())).hasSize(92).allMatch(name -> name.matches("acao=[A-Z0-9]+"))
                        .contains("acao=PETR4", "acao=ENGI11");
            }
            assertThat(files(lake.refined())).as("one Parquet file per partition, no marker, checksum or staging file")
                    .hasSize(93).allMatch(file -> file.matches("(ativos/data=2022-12-08/acao=[A-Z0-9]+|header/data=2022-12-08)/part-[^/]+\\.parquet"));
            assertThat(summary).containsEntry("rows", 92).containsEntry("tickers", 92).containsEntry("partitions_written", 93)
                    .containsEntry("qtde_teorica_confere", true).containsEntry("soma_participacao_pct", "100.000");
            assertThat(summary.get("manifests")).isEqualTo(List.of("s3://lagoa-b3/catalog-commits/ibov_ativos/2022-12-08-jr_20221208.json",
                    "s3://lagoa-b3/catalog-commits/ibov_header/2022-12-08-jr_20221208.json"));
        }

        @Test
        void theFilesHoldTheTablesColumnsWithTheirTypesAndNoPartitionColumn() throws IOException {
            Path file = lake.ativos(DAY_1).resolve("acao=PETR4").resolve(files(lake.ativos(DAY_1).resolve("acao=PETR4")).get(0));
            List<String> columns = Stream.of(spark.read().parquet(file.toString()).schema().fields())
                    .map(field -> field.name() + " " + field.dataType().catalogString()).toList();
            assertThat(columns).containsExactly("data_pregao date", "indice string", "empresa string", "tipo string", "setor string",
                    "participacao_pct decimal(9,3)", "participacao_acumulada_setor_pct decimal(9,3)", "qtde_teorica bigint", "posicao int",
                    "participacao_recalculada_pct decimal(12,6)", "participacao_qtde_pct decimal(12,6)", "desvio_participacao_pp decimal(12,6)",
                    "participacao_anterior_pct decimal(9,3)", "variacao_participacao_pp decimal(9,3)", "qtde_teorica_anterior bigint",
                    "variacao_qtde_teorica bigint", "data_entrada date", "dias_no_indice int", "texto_danificado boolean", "coletado_em timestamp");
            StructField data = spark.read().parquet(lake.refined().resolve("ativos").toString()).schema().apply("data");
            assertThat(data.dataType()).as("readers infer the partition as a date").isEqualTo(DataTypes.DateType);
        }

        @Test
        void petr4IsTypedAndRenamedAsRecorded() {
            Row petr4 = rows.get("PETR4");
            assertThat(petr4.<java.sql.Date>getAs("data_pregao")).hasToString(DAY_1);
            assertThat((String) petr4.getAs("indice")).isEqualTo("IBOV");
            assertThat((String) petr4.getAs("empresa")).isEqualTo("PETROBRAS");
            assertThat((String) petr4.getAs("tipo")).as("'PN      N2' with its spaces collapsed").isEqualTo("PN N2");
            assertThat((String) petr4.getAs("setor")).isEqualTo("Petr\uFFFDleo, G\uFFFDs e Biocombust\uFFFDveis");
            assertThat((BigDecimal) petr4.getAs("participacao_pct")).isEqualTo(new BigDecimal("5.720"));
            assertThat((BigDecimal) petr4.getAs("participacao_acumulada_setor_pct")).isEqualTo(new BigDecimal("13.759"));
            assertThat((Long) petr4.getAs("qtde_teorica")).isEqualTo(4_566_441_248L);
            assertThat((Boolean) petr4.getAs("texto_danificado")).as("its sector lost its accents").isTrue();
            assertThat((Boolean) rows.get("EMBR3").getAs("texto_danificado")).as("'Bens Indls / Mat Transporte' is whole").isFalse();
            assertThat(petr4.<java.sql.Timestamp>getAs("coletado_em").toInstant()).isEqualTo(IbovBronze.COLLECTED_AT);
            assertThat((String) rows.get("ECOR3").getAs("tipo")).as("'ON  ED  NM'").isEqualTo("ON ED NM");
        }

        @Test
        void positionsRankByParticipationThenTicker() {
            List<String> expected = StreamSupport.stream(response.get("results").spliterator(), false)
                    .sorted(Comparator.comparing((JsonNode result) -> new BigDecimal(result.get("part").asText().replace(',', '.'))).reversed()
                            .thenComparing(result -> result.get("cod").asText()))
                    .map(result -> result.get("cod").asText()).toList();
            List<String> ranked = rows.values().stream().sorted(Comparator.comparing(row -> (Integer) row.getAs("posicao")))
                    .map(row -> (String) row.getAs("acao")).toList();
            assertThat(ranked).isEqualTo(expected);
            assertThat(rows.values().stream().map(row -> (Integer) row.getAs("posicao")).sorted().toList())
                    .isEqualTo(java.util.stream.IntStream.rangeClosed(1, 92).boxed().toList());
            assertThat((Integer) rows.get("VALE3").getAs("posicao")).as("VALE3 has the largest part").isEqualTo(1);
        }

        @Test
        void thePartsSumToExactlyOneHundredSoTheRecomputationChangesNothing() {
            assertThat(sum(rows, "participacao_pct")).as("the recorded parts sum to exactly 100,000").isEqualTo(new BigDecimal("100.000"));
            assertThat(sum(rows, "participacao_recalculada_pct")).isEqualTo(new BigDecimal("100.000000"));
            assertThat(rows.values()).allSatisfy(row -> {
                assertThat(((BigDecimal) row.getAs("participacao_recalculada_pct")).compareTo(row.getAs("participacao_pct"))).isZero();
                assertThat((BigDecimal) row.getAs("desvio_participacao_pp")).isEqualTo(new BigDecimal("0.000000"));
            });
        }

        @Test
        void theQuantitySharesSumToExactlyOneHundredAndDifferFromTheMarketValueWeights() {
            assertThat(sum(rows, "participacao_qtde_pct")).isEqualTo(new BigDecimal("100.000000"));
            BigDecimal truncated = new BigDecimal(4_566_441_248L).multiply(BigDecimal.valueOf(100))
                    .divide(new BigDecimal(101_053_551_382L), 6, RoundingMode.DOWN);
            assertThat(truncated).as("4.566.441.248 / 101.053.551.382: 4,5188330...%, against B3's 5,720%")
                    .isEqualTo(new BigDecimal("4.518833"));
            assertThat((BigDecimal) rows.get("PETR4").getAs("participacao_qtde_pct")).isBetween(truncated, truncated.add(new BigDecimal("0.000001")));
        }

        @Test
        void theFirstDayHasNoPreviousDayAndEveryStockEntersOnIt() {
            assertThat(rows.values()).allSatisfy(row -> {
                assertThat((Object) row.getAs("participacao_anterior_pct")).isNull();
                assertThat((Object) row.getAs("variacao_participacao_pp")).isNull();
                assertThat((Object) row.getAs("qtde_teorica_anterior")).isNull();
                assertThat((Object) row.getAs("variacao_qtde_teorica")).isNull();
                assertThat(row.<java.sql.Date>getAs("data_entrada")).hasToString(DAY_1);
                assertThat((Integer) row.getAs("dias_no_indice")).isZero();
            });
        }

        @Test
        void theHeaderHoldsTheRecordedValuesAndItsChecks() {
            Row header = header(lake, DAY_1);
            assertThat(header.<java.sql.Date>getAs("data_pregao")).hasToString(DAY_1);
            assertThat((String) header.getAs("indice")).isEqualTo("IBOV");
            assertThat((String) header.getAs("texto")).isEqualTo("Quantidade Te\uFFFDrica Total");
            assertThat((BigDecimal) header.getAs("participacao_total_pct")).isEqualTo(new BigDecimal("100.000"));
            assertThat((String) header.getAs("texto_redutor")).isEqualTo("Redutor");
            assertThat((BigDecimal) header.getAs("redutor")).isEqualTo(new BigDecimal("18553794.87445950"));
            assertThat((Long) header.getAs("qtde_teorica_total")).isEqualTo(101_053_551_382L);
            assertThat((Integer) header.getAs("qtde_acoes")).isEqualTo(92);
            assertThat((BigDecimal) header.getAs("soma_participacao_pct")).isEqualTo(new BigDecimal("100.000"));
            assertThat((Long) header.getAs("soma_qtde_teorica")).isEqualTo(101_053_551_382L);
            assertThat((Boolean) header.getAs("qtde_teorica_confere")).as("the 92 quantities sum to the header's total").isTrue();
            assertThat((Boolean) header.getAs("texto_danificado")).as("'Te\uFFFDrica' lost its accent").isTrue();
            assertThat(header.<java.sql.Timestamp>getAs("coletado_em").toInstant()).isEqualTo(IbovBronze.COLLECTED_AT);
        }

        @Test
        void theAtivosManifestDescribesTheTableAndTheDaysPartitions() throws IOException {
            Path file = lake.commits().resolve("ibov_ativos/2022-12-08-jr_20221208.json");
            JsonNode manifest = JSON.readTree(file.toFile());
            assertThat(manifest.fieldNames()).toIterable().containsExactly("table", "location", "format", "columns", "partitionKeys",
                    "partitions", "replaces", "rows", "runId", "committedAt");
            assertThat(manifest.get("table").asText()).isEqualTo("ibov_ativos");
            assertThat(manifest.get("location").asText()).isEqualTo("s3://lagoa-b3/refined/ativos/");
            assertThat(manifest.get("format").asText()).isEqualTo("parquet");
            List<String> columns = new ArrayList<>();
            manifest.get("columns").forEach(column -> columns.add(column.get("name").asText() + " " + column.get("type").asText()));
            assertThat(columns).hasSize(20).startsWith("data_pregao date", "indice string", "empresa string")
                    .contains("participacao_pct decimal(9,3)", "participacao_recalculada_pct decimal(12,6)", "qtde_teorica bigint",
                            "posicao int", "texto_danificado boolean")
                    .endsWith("coletado_em timestamp");
            assertThat(manifest.get("columns")).allSatisfy(column -> assertThat(column.get("comment").asText()).isNotBlank());
            assertThat(manifest.get("partitionKeys").toString()).startsWith("[{\"name\":\"data\",\"type\":\"date\",\"comment\":")
                    .contains("{\"name\":\"acao\",\"type\":\"string\",\"comment\":");
            assertThat(manifest.get("partitions")).hasSize(92);
            assertThat(manifest.get("partitions")).anySatisfy(partition -> assertThat(partition.toString())
                    .isEqualTo("{\"values\":[\"2022-12-08\",\"PETR4\"],\"location\":\"s3://lagoa-b3/refined/ativos/data=2022-12-08/acao=PETR4/\"}"));
            assertThat(manifest.get("replaces")).hasToString("[[\"2022-12-08\"]]");
            assertThat(manifest.get("rows").asLong()).isEqualTo(92);
            assertThat(manifest.get("runId").asText()).isEqualTo("jr_20221208");
            assertThat(Instant.parse(manifest.get("committedAt").asText())).isBefore(Instant.now());
            assertThat(files(lake.commits())).as("no temporary file is left")
                    .containsExactly("ibov_ativos/2022-12-08-jr_20221208.json", "ibov_header/2022-12-08-jr_20221208.json");
        }

        @Test
        void theHeaderManifestHasOnePartitionPerDay() throws IOException {
            JsonNode manifest = JSON.readTree(lake.commits().resolve("ibov_header/2022-12-08-jr_20221208.json").toFile());
            assertThat(manifest.get("location").asText()).isEqualTo("s3://lagoa-b3/refined/header/");
            List<String> columns = new ArrayList<>();
            manifest.get("columns").forEach(column -> columns.add(column.get("name").asText() + " " + column.get("type").asText()));
            assertThat(columns).containsExactly("data_pregao date", "indice string", "texto string", "participacao_total_pct decimal(9,3)",
                    "texto_redutor string", "redutor decimal(24,8)", "qtde_teorica_total bigint", "qtde_acoes int",
                    "soma_participacao_pct decimal(12,3)", "soma_qtde_teorica bigint", "qtde_teorica_confere boolean",
                    "texto_danificado boolean", "coletado_em timestamp");
            assertThat(manifest.get("partitions")).hasToString(
                    "[{\"values\":[\"2022-12-08\"],\"location\":\"s3://lagoa-b3/refined/header/data=2022-12-08/\"}]");
            assertThat(manifest.get("replaces")).hasToString("[[\"2022-12-08\"]]");
            assertThat(manifest.get("rows").asLong()).isEqualTo(1);
        }
    }

    /**
     * IBOV and SMLL on the same two days, refined interleaved. CYRE3 is in both indexes with different weights; SMLL's
     * day 2 drops POSI3 and takes in MRFG3, which IBOV held on day 1 already. Every number must come from its own index.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class IbovAndSmllOnTheSameTwoDays {
        final Lake lake = lake("two-indexes");
        final Path smllRefined = lake.root().resolve("lagoa-b3/refined/indices");
        Map<String, Object> smllSummary;

        Path smllRaw(String date) {
            return lake.root().resolve("lagoa-b3/raw/indice=SMLL/" + date + "/dados_originais.parquet");
        }

        Map<String, Object> refineSmll(String date, Path source) {
            String[] args = {"--source", source.toUri().toString(), "--date", date, "--index", "SMLL", "--target", smllRefined.toUri().toString(),
                    "--commits", lake.commits().toUri().toString(), "--JOB_RUN_ID", "jr_smll_" + date.replace("-", ""),
                    "--LAGOA_LAKE_ROOT", lake.root().toUri().toString()};
            return new IbovRefineJob(spark).run(IbovRefineJob.Request.from(GlueArguments.parse(args)));
        }

        Map<String, Row> smllAtivos(String date) {
            return spark.read().parquet(smllRefined.resolve("ativos").toString()).where("indice = 'SMLL' and data = '" + date + "'").collectAsList()
                    .stream().collect(Collectors.toMap(row -> row.getAs("acao"), Function.identity(), (a, b) -> {
                        throw new AssertionError("two rows for " + a.getAs("acao"));
                    }, TreeMap::new));
        }

        @BeforeAll
        void refineBothIndexesInterleaved() {
            ObjectNode mrfg3 = IbovBronze.result(IbovBronze.response(), "MRFG3");
            IbovBronze.write(spark, IbovBronze.response(), lake.raw(DAY_1));
            IbovBronze.write(spark, IbovBronze.smll(), smllRaw(DAY_1), "SMLL");
            IbovBronze.write(spark, IbovBronze.response(response -> ((ObjectNode) response.get("header")).put("date", "09/12/22")), lake.raw(DAY_2));
            IbovBronze.write(spark, IbovBronze.smll(response -> {
                ((ObjectNode) response.get("header")).put("date", "09/12/22");
                IbovBronze.remove(response, "POSI3");
                ((com.fasterxml.jackson.databind.node.ArrayNode) response.get("results")).add(mrfg3);
            }), smllRaw(DAY_2), "SMLL");
            refine(lake, DAY_1);
            refineSmll(DAY_1, smllRaw(DAY_1));
            smllSummary = refineSmll(DAY_2, smllRaw(DAY_2));
            refine(lake, DAY_2);
        }

        @Test
        void ibovsTableHoldsOnlyIbovAndItsHistoryIsIbovs() throws IOException {
            List<Row> all = spark.read().parquet(lake.refined().resolve("ativos").toString()).collectAsList();
            assertThat(all).hasSize(2 * 92).allSatisfy(row -> assertThat((String) row.getAs("indice")).isEqualTo("IBOV"));
            Row cyre3 = ativos(lake, DAY_2).get("CYRE3");
            assertThat((BigDecimal) cyre3.getAs("participacao_anterior_pct")).as("IBOV's own weight of day 1").isEqualTo(new BigDecimal("0.188"));
            assertThat(cyre3.<java.sql.Date>getAs("data_entrada")).hasToString(DAY_1);
            assertThat((Integer) cyre3.getAs("dias_no_indice")).isEqualTo(1);
            assertThat(files(lake.refined())).as("IBOV keeps its layout; nothing of SMLL's is in its folders")
                    .allMatch(file -> file.matches("(ativos/data=2022-12-0[89]/acao=[A-Z0-9]+|header/data=2022-12-0[89]|indices/.*)/part-[^/]+\\.parquet"));
        }

        @Test
        void smllHasItsOwnPartitionAndItsDayOverDayColumnsComeFromSmll() throws IOException {
            Map<String, Row> first = smllAtivos(DAY_1);
            Map<String, Row> second = smllAtivos(DAY_2);
            assertThat(first).hasSize(15);
            assertThat(second).hasSize(15).doesNotContainKey("POSI3").containsKey("MRFG3");
            assertThat((BigDecimal) first.get("CYRE3").getAs("participacao_pct")).as("SMLL's weight, not IBOV's 0,188").isEqualTo(new BigDecimal("11.655"));
            Row cyre3 = second.get("CYRE3");
            assertThat((BigDecimal) cyre3.getAs("participacao_anterior_pct")).isEqualTo(new BigDecimal("11.655"));
            assertThat(cyre3.<java.sql.Date>getAs("data_entrada")).hasToString(DAY_1);
            assertThat((Integer) cyre3.getAs("dias_no_indice")).isEqualTo(1);
            Row mrfg3 = second.get("MRFG3");
            assertThat((Object) mrfg3.getAs("participacao_anterior_pct")).as("MRFG3 was in IBOV on day 1, not in SMLL").isNull();
            assertThat((Object) mrfg3.getAs("qtde_teorica_anterior")).isNull();
            assertThat(mrfg3.<java.sql.Date>getAs("data_entrada")).hasToString(DAY_2);
            assertThat((Integer) mrfg3.getAs("dias_no_indice")).isZero();
            assertThat(sum(first, "participacao_pct")).isEqualTo(new BigDecimal("100.000"));

            assertThat(files(smllRefined)).hasSize(2 * 15 + 2)
                    .allMatch(file -> file.matches("(ativos/indice=SMLL/data=2022-12-0[89]/acao=[A-Z0-9]+|header/indice=SMLL/data=2022-12-0[89])/part-[^/]+\\.parquet"));
            List<String> fileColumns = Stream.of(spark.read().parquet(smllRefined.resolve("ativos/indice=SMLL/data=" + DAY_1 + "/acao=CYRE3").toString())
                    .schema().fields()).map(field -> field.name()).toList();
            assertThat(fileColumns).as("the index is the partition, not a column of the files").doesNotContain("indice").contains("data_pregao", "empresa");
            Row header = spark.read().parquet(smllRefined.resolve("header").toString()).where("indice = 'SMLL' and data = '" + DAY_1 + "'").first();
            assertThat((Integer) header.getAs("qtde_acoes")).isEqualTo(15);
            assertThat((Boolean) header.getAs("qtde_teorica_confere")).isTrue();
        }

        @Test
        void smllsManifestsNameItsTablesAndPartitionsByIndexDayAndTicker() throws IOException {
            assertThat(smllSummary).containsEntry("index", "SMLL").containsEntry("rows", 15);
            assertThat(smllSummary.get("manifests")).isEqualTo(List.of("s3://lagoa-b3/catalog-commits/indices_ativos/2022-12-09-jr_smll_20221209.json",
                    "s3://lagoa-b3/catalog-commits/indices_header/2022-12-09-jr_smll_20221209.json"));
            JsonNode manifest = JSON.readTree(lake.commits().resolve("indices_ativos/2022-12-09-jr_smll_20221209.json").toFile());
            assertThat(manifest.get("location").asText()).isEqualTo("s3://lagoa-b3/refined/indices/ativos/");
            List<String> keys = new ArrayList<>();
            manifest.get("partitionKeys").forEach(key -> keys.add(key.get("name").asText()));
            assertThat(keys).containsExactly("indice", "data", "acao");
            assertThat(manifest.get("partitions")).anySatisfy(partition -> assertThat(partition.toString()).isEqualTo(
                    "{\"values\":[\"SMLL\",\"2022-12-09\",\"CYRE3\"],\"location\":\"s3://lagoa-b3/refined/indices/ativos/indice=SMLL/data=2022-12-09/acao=CYRE3/\"}"));
            assertThat(manifest.get("replaces")).hasToString("[[\"SMLL\",\"2022-12-09\"]]");
            JsonNode header = JSON.readTree(lake.commits().resolve("indices_header/2022-12-09-jr_smll_20221209.json").toFile());
            assertThat(header.get("partitions")).hasToString(
                    "[{\"values\":[\"SMLL\",\"2022-12-09\"],\"location\":\"s3://lagoa-b3/refined/indices/header/indice=SMLL/data=2022-12-09/\"}]");
        }

        @Test
        void anSmllRawObjectIsNeverRefinedAsIbov() throws IOException {
            Map<String, String> before = snapshot(lake.refined());
            String[] args = {"--source", smllRaw(DAY_1).toUri().toString(), "--date", DAY_1, "--target", lake.refined().toUri().toString(),
                    "--commits", lake.commits().toUri().toString(), "--JOB_RUN_ID", "jr_wrong", "--LAGOA_LAKE_ROOT", lake.root().toUri().toString()};

            assertThatThrownBy(() -> new IbovRefineJob(spark).run(IbovRefineJob.Request.from(GlueArguments.parse(args))))
                    .isInstanceOf(JobFailure.class)
                    .hasMessage("Raw object s3://lagoa-b3/raw/indice=SMLL/2022-12-08/dados_originais.parquet is the portfolio of SMLL (index_code), "
                            + "not of the run's --index IBOV: each index is refined into its own partition, never into another's");
            assertThat(snapshot(lake.refined())).isEqualTo(before);
        }
    }

    /** Day 2: AZUL4 leaves, PETR4's part and quantity change. Day 3: the recorded portfolio again, AZUL4 back. */
    static ObjectNode secondDay() {
        return IbovBronze.response(response -> {
            ((ObjectNode) response.get("header")).put("date", "09/12/22");
            IbovBronze.remove(response, "AZUL4");
            IbovBronze.result(response, "PETR4").put("part", "5,800").put("theoricalQty", "4.600.000.000");
        });
    }

    static ObjectNode thirdDay() {
        return IbovBronze.response(response -> ((ObjectNode) response.get("header")).put("date", "12/12/22"));
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ThreeDays {
        final Lake lake = lake("three-days");
        Map<String, Row> second;
        Map<String, Row> third;

        @BeforeAll
        void refineThem() {
            IbovBronze.write(spark, IbovBronze.response(), lake.raw(DAY_1));
            IbovBronze.write(spark, secondDay(), lake.raw(DAY_2));
            IbovBronze.write(spark, thirdDay(), lake.raw(DAY_3));
            refine(lake, DAY_1);
            refine(lake, DAY_2);
            refine(lake, DAY_3);
            second = ativos(lake, DAY_2);
            third = ativos(lake, DAY_3);
        }

        @Test
        void variationsCompareWithThePreviousDay() {
            Row petr4 = second.get("PETR4");
            assertThat((BigDecimal) petr4.getAs("participacao_anterior_pct")).isEqualTo(new BigDecimal("5.720"));
            assertThat((BigDecimal) petr4.getAs("variacao_participacao_pp")).isEqualTo(new BigDecimal("0.080"));
            assertThat((Long) petr4.getAs("qtde_teorica_anterior")).isEqualTo(4_566_441_248L);
            assertThat((Long) petr4.getAs("variacao_qtde_teorica")).isEqualTo(33_558_752L);
            assertThat((BigDecimal) second.get("VALE3").getAs("variacao_participacao_pp")).isEqualTo(new BigDecimal("0.000"));
            assertThat((Long) second.get("VALE3").getAs("variacao_qtde_teorica")).isZero();
        }

        @Test
        void aDayWhosePartsDoNotSumToOneHundredIsRenormalised() {
            assertThat(second).hasSize(91).doesNotContainKey("AZUL4");
            assertThat(sum(second, "participacao_pct")).as("100,000 − AZUL4's 0,187 + PETR4's 0,080").isEqualTo(new BigDecimal("99.893"));
            assertThat(sum(second, "participacao_recalculada_pct")).isEqualTo(new BigDecimal("100.000000"));
            assertThat(sum(second, "participacao_qtde_pct")).isEqualTo(new BigDecimal("100.000000"));
            BigDecimal exact = new BigDecimal("5.800").multiply(BigDecimal.valueOf(100)).divide(new BigDecimal("99.893"), 6, RoundingMode.DOWN);
            Row petr4 = second.get("PETR4");
            assertThat((BigDecimal) petr4.getAs("participacao_recalculada_pct")).isBetween(exact, exact.add(new BigDecimal("0.000001")));
            assertThat((BigDecimal) petr4.getAs("desvio_participacao_pp"))
                    .isEqualTo(new BigDecimal("5.800").subtract(petr4.getAs("participacao_recalculada_pct")));
            assertThat((Boolean) header(lake, DAY_2).getAs("qtde_teorica_confere")).as("the header total was not changed with the results").isFalse();
        }

        @Test
        void entryDaysFollowTheContinuousPresence() {
            assertThat(second.get("PETR4").<java.sql.Date>getAs("data_entrada")).hasToString(DAY_1);
            assertThat((Integer) second.get("PETR4").getAs("dias_no_indice")).isEqualTo(1);
            assertThat(third.get("PETR4").<java.sql.Date>getAs("data_entrada")).hasToString(DAY_1);
            assertThat((Integer) third.get("PETR4").getAs("dias_no_indice")).as("calendar days, over the weekend").isEqualTo(4);
            Row azul4 = third.get("AZUL4");
            assertThat(azul4.<java.sql.Date>getAs("data_entrada")).as("absent on the 9th, so it entered again on the 12th").hasToString(DAY_3);
            assertThat((Integer) azul4.getAs("dias_no_indice")).isZero();
            assertThat((Object) azul4.getAs("participacao_anterior_pct")).as("not in the previous day").isNull();
        }

        @Test
        void theThirdDayComparesWithTheSecondNotTheFirst() {
            Row petr4 = third.get("PETR4");
            assertThat((BigDecimal) petr4.getAs("participacao_anterior_pct")).isEqualTo(new BigDecimal("5.800"));
            assertThat((BigDecimal) petr4.getAs("variacao_participacao_pp")).isEqualTo(new BigDecimal("-0.080"));
            assertThat((Long) petr4.getAs("variacao_qtde_teorica")).isEqualTo(-33_558_752L);
        }
    }

    @Test
    void aRerunReplacesItsDayExactlyAndTouchesNoOther() throws IOException {
        Lake lake = lake("rerun");
        IbovBronze.write(spark, IbovBronze.response(), lake.raw(DAY_1));
        IbovBronze.write(spark, secondDay(), lake.raw(DAY_2));
        refine(lake, DAY_1);
        refine(lake, DAY_2);
        Map<String, String> secondDayFiles = snapshot(lake.ativos(DAY_2));
        Map<String, String> secondHeader = snapshot(lake.refined().resolve("header/data=" + DAY_2));
        IbovBronze.write(spark, IbovBronze.response(response -> {
            IbovBronze.remove(response, "PETR4");
            IbovBronze.result(response, "VALE3").put("part", "15,000");
        }), lake.raw(DAY_1));

        Map<String, Object> summary = refine(lake, DAY_1, "jr_rerun");

        Map<String, Row> first = ativos(lake, DAY_1);
        assertThat(first).hasSize(91).doesNotContainKey("PETR4");
        assertThat(lake.ativos(DAY_1).resolve("acao=PETR4")).as("the ticker that left is gone").doesNotExist();
        assertThat((BigDecimal) first.get("VALE3").getAs("participacao_pct")).isEqualTo(new BigDecimal("15.000"));
        assertThat((Integer) header(lake, DAY_1).getAs("qtde_acoes")).isEqualTo(91);
        assertThat(snapshot(lake.ativos(DAY_2))).as("the other day is untouched").isEqualTo(secondDayFiles);
        assertThat(snapshot(lake.refined().resolve("header/data=" + DAY_2))).isEqualTo(secondHeader);
        assertThat(files(lake.refined())).noneMatch(file -> file.startsWith("_staging"));
        assertThat(summary.get("rows")).isEqualTo(91);
        JsonNode manifest = JSON.readTree(lake.commits().resolve("ibov_ativos/2022-12-08-jr_rerun.json").toFile());
        assertThat(manifest.get("partitions")).hasSize(91);
        assertThat(manifest.get("replaces")).as("the catalog drops PETR4's partition of the day").hasToString("[[\"2022-12-08\"]]");
    }

    @Test
    void aMissingRawObjectFailsAndWritesNothing() {
        Lake lake = lake("missing");

        assertThatThrownBy(() -> refine(lake, DAY_1))
                .isInstanceOf(JobFailure.class)
                .hasMessage("No raw object for 2022-12-08: s3://lagoa-b3/raw/2022-12-08/dados_originais.parquet does not exist");

        assertThat(lake.refined()).doesNotExist();
        assertThat(lake.commits()).doesNotExist();
    }

    @Test
    void aPortfolioOfAnotherDayFailsClearly() {
        Lake lake = lake("wrong-date");
        IbovBronze.write(spark, IbovBronze.response(), lake.raw(DAY_2));

        assertThatThrownBy(() -> refine(lake, DAY_2))
                .isInstanceOf(JobFailure.class)
                .hasMessage("Raw object s3://lagoa-b3/raw/2022-12-09/dados_originais.parquet is the portfolio of 2022-12-08 "
                        + "(header_date '08/12/22'), not of the run's --date 2022-12-09");

        assertThat(lake.refined()).doesNotExist();
        assertThat(lake.commits()).doesNotExist();
    }

    @Test
    void aValueThatIsNotAPtBrNumberFailsNamingRowColumnAndValue() {
        Lake lake = lake("bad-values");
        ObjectNode response = IbovBronze.response(edited -> {
            IbovBronze.result(edited, "PETR4").put("part", "5,7201");
            IbovBronze.result(edited, "VALE3").put("part", "2.663"); // en-US "2.663" reads as 2663 in pt-BR
            IbovBronze.result(edited, "WEGE3").put("theoricalQty", "1481593024");
        });
        IbovBronze.write(spark, response, lake.raw(DAY_1));
        int petr4 = position(response, "PETR4");
        int vale3 = position(response, "VALE3");

        assertThatThrownBy(() -> refine(lake, DAY_1))
                .isInstanceOf(JobFailure.class)
                .hasMessageStartingWith("Raw object s3://lagoa-b3/raw/2022-12-08/dados_originais.parquet has 3 invalid values "
                        + "(the bronze writer should have rejected them): row 1 of dados_originais.parquet (cod WEGE3), column theorical_qty: "
                        + "'1481593024' is not a pt-BR whole number (thousands '.')")
                .hasMessageContaining("row " + petr4 + " of dados_originais.parquet (cod PETR4), column part: '5,7201' is not a pt-BR number "
                        + "with at most 3 decimals (thousands '.', decimal ',')")
                .hasMessageContaining("row " + vale3 + " of dados_originais.parquet (cod VALE3), column part: '2.663' is more than 100");

        assertThat(lake.refined()).doesNotExist();
    }

    static int position(ObjectNode response, String cod) {
        int row = 1;
        for (JsonNode result : response.get("results")) {
            if (result.get("cod").asText().equals(cod)) {
                return row;
            }
            row++;
        }
        throw new IllegalArgumentException(cod);
    }
}
