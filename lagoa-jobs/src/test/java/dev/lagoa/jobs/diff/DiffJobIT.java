package dev.lagoa.jobs.diff;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.contracts.DiffManifest;
import dev.lagoa.jobs.GlueArguments;
import dev.lagoa.jobs.JobFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diff job on a real local Spark, one session for the class. The hand-built snapshots name one rule per key;
 * the B3 portfolio rows are real data with known answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiffJobIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DATE = "2026-11-21";

    SparkSession spark;
    @TempDir
    static Path temp;

    @BeforeAll
    void startSpark() {
        spark = SparkSession.builder().master("local[2]").appName("diff-it")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }

    @AfterAll
    void stopSpark() {
        spark.stop();
    }

    /** Runs the Spark job; {@link LocalDiffEquivalenceIT} runs both engines here and checks that they agree. */
    Map<String, Object> diff(Path yesterday, Path today, Path out, String... extra) {
        return asMap(new DiffJob(spark).run(request(yesterday, today, out, extra)));
    }

    static DiffRequest request(Path yesterday, Path today, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("--yesterday", yesterday.toUri().toString(), "--today", today.toUri().toString(),
                "--out", out.toUri().toString(), "--date", DATE));
        args.addAll(List.of(extra));
        if (!args.contains("--JOB_RUN_ID")) {
            args.addAll(List.of("--JOB_RUN_ID", "jr_test"));
        }
        if (!args.contains("--key")) {
            args.addAll(List.of("--key", "id"));
        }
        return DiffRequest.from(GlueArguments.parse(args.toArray(String[]::new)));
    }

    static Map<String, Object> asMap(DiffManifest manifest) {
        try {
            return JSON.reader().with(DeserializationFeature.USE_LONG_FOR_INTS).forType(new TypeReference<LinkedHashMap<String, Object>>() {})
                    .readValue(manifest.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, JsonNode> changesByKey(Path dayFolder) throws IOException {
        Map<String, JsonNode> changes = new HashMap<>();
        try (Stream<Path> files = Files.list(dayFolder)) {
            for (Path file : files.filter(path -> path.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(file, UTF_8)) {
                    JsonNode change = JSON.readTree(line);
                    JsonNode key = change.get("key");
                    String name = key.size() == 1 ? key.elements().next().asText() : key.toString();
                    if (changes.containsKey(name)) {
                        name = key.toString(); // "14" and 14 are two keys
                    }
                    assertThat(changes.put(name, change)).as("one change per key").isNull();
                }
            }
        }
        return changes;
    }

    static List<JsonNode> lines(Path folder, String prefix) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(path -> path.getFileName().toString().startsWith(prefix)).sorted().toList()) {
                for (String line : Files.readAllLines(file, UTF_8)) {
                    lines.add(JSON.readTree(line));
                }
            }
        }
        return lines;
    }

    static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, UTF_8);
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class HandBuiltSnapshots {
        Map<String, JsonNode> changes;
        Map<String, Object> manifest;
        Path out;

        @BeforeAll
        void run() throws IOException {
            Path yesterday = temp.resolve("ontem");
            write(yesterday.resolve("produtos.jsonl"), String.join("\n",
                    "{\"id\":1,\"nome\":\"Café\",\"preco\":10}",
                    "{\"id\":2,\"preco\":1}",
                    "{\"id\":3,\"ativo\":true}",
                    "{\"id\":4,\"qtd\":1}",
                    "{\"id\":5,\"obs\":null}",
                    "{\"id\":6,\"tags\":[\"a\",\"b\"]}",
                    "{\"id\":7,\"cliente\":{\"nome\":\"Ana\",\"endereco\":{\"uf\":\"SP\"}}}",
                    "",
                    "{\"id\":8,\"a\":1}",
                    "{\"id\":9,\"a\":1,\"velho\":2}",
                    "{\"id\":10,\"a\":1}",
                    "{\"id\":12,\"a\":1,\"atualizado_em\":\"2026-11-20\"}",
                    "{\"id\":13,\"itens\":[1,2]}",
                    "{\"id\":\"14\",\"a\":1}",
                    "{\"id\":15,\"v\":1e2}",
                    "{\"id\":16,",
                    "[1,2,3]") + "\n");
            Path today = temp.resolve("hoje");
            write(today.resolve("parte-1.json"), """
                    [
                      {"preco": 10, "nome": "Café", "id": 1},
                      {"id": 2, "preco": 1.0},
                      {"id": 3, "ativo": "true"},
                      {"id": 4, "qtd": "1"},
                      {"id": 5},
                      {"id": 6, "tags": ["b", "a"]},
                      {"id": 7, "cliente": {"nome": "Ana", "endereco": {"uf": "RJ"}}}
                    ]
                    """);
            try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(today.resolve("parte-2.jsonl.gz")))) {
                gzip.write(String.join("\n",
                        "{\"id\":8,\"a\":1,\"novo\":2}",
                        "{\"id\":9,\"a\":1}",
                        "{\"id\":11,\"a\":1}",
                        "{\"id\":12,\"a\":1,\"atualizado_em\":\"2026-11-21\"}",
                        "{\"id\":13,\"itens\":[1,2,3]}",
                        "{\"id\":14,\"a\":1}",
                        "{\"id\":15,\"v\":100}",
                        "{\"nome\":\"sem id\"}").getBytes(UTF_8));
            }
            write(today.resolve("_SUCCESS"), "");
            write(today.resolve(".parte-1.json.crc"), "not json");
            out = temp.resolve("diffs");
            manifest = diff(yesterday, today, out, "--ignore-fields", "atualizado_em", "--max-rejects", "5");
            changes = changesByKey(out.resolve(DATE));
        }

        @Test
        void keyOrderAndWhitespaceMakeNoChange() {
            assertThat(changes).doesNotContainKey("1");
        }

        @Test
        void numbersCompareByValue() {
            assertThat(changes).doesNotContainKeys("2", "15");
        }

        @Test
        void booleanAndItsStringDiffer() {
            assertThat(changes.get("3").get("op").asText()).isEqualTo("u");
            assertThat(changes.get("3").get("changed_fields")).hasToString("[\"ativo\"]");
        }

        @Test
        void numberAndItsStringDiffer() {
            assertThat(changes.get("4").get("changed_fields")).hasToString("[\"qtd\"]");
        }

        @Test
        void nullAndAbsentDifferByDefault() {
            assertThat(changes.get("5").get("changed_fields")).hasToString("[\"obs\"]");
        }

        @Test
        void arraysCompareInOrder() {
            assertThat(changes.get("6").get("changed_fields")).hasToString("[\"tags[0]\",\"tags[1]\"]");
            assertThat(changes.get("13").get("changed_fields")).hasToString("[\"itens\"]");
        }

        @Test
        void nestedChangesNameTheirPath() {
            assertThat(changes.get("7").get("changed_fields")).hasToString("[\"cliente.endereco.uf\"]");
            assertThat(changes.get("7").get("before").get("cliente").get("endereco").get("uf").asText()).isEqualTo("SP");
            assertThat(changes.get("7").get("after").get("cliente").get("endereco").get("uf").asText()).isEqualTo("RJ");
        }

        @Test
        void addedAndRemovedFieldsAreChanges() {
            assertThat(changes.get("8").get("changed_fields")).hasToString("[\"novo\"]");
            assertThat(changes.get("9").get("changed_fields")).hasToString("[\"velho\"]");
        }

        @Test
        void deletesAndInsertsCarryTheRecord() {
            JsonNode delete = changes.get("10");
            assertThat(delete.get("op").asText()).isEqualTo("d");
            assertThat(delete.get("after").isNull()).isTrue();
            assertThat(delete.get("before")).hasToString("{\"id\":10,\"a\":1}");
            assertThat(delete.get("source").get("yesterday").get("line").asInt()).isEqualTo(11);
            JsonNode insert = changes.get("11");
            assertThat(insert.get("op").asText()).isEqualTo("c");
            assertThat(insert.get("before").isNull()).isTrue();
            assertThat(insert.get("source").get("today").get("file").asText()).startsWith("file:///").endsWith("hoje/parte-2.jsonl.gz");
        }

        @Test
        void ignoredFieldsAreCarriedButNotCompared() {
            assertThat(changes).doesNotContainKey("12");
        }

        @Test
        void aStringKeyAndANumberKeyAreDifferentKeys() {
            assertThat(changes.get("14").get("op").asText()).isIn("c", "d");
            assertThat(changes.get("{\"id\":14}").get("op").asText()).isNotEqualTo(changes.get("14").get("op").asText());
        }

        @Test
        void envelopeHasTheDebeziumShape() {
            JsonNode change = changes.get("3");
            assertThat(change.fieldNames()).toIterable().containsExactly("op", "key", "before", "after", "changed_fields", "date", "source");
            assertThat(change.get("key")).hasToString("{\"id\":3}");
            assertThat(change.get("date").asText()).isEqualTo(DATE);
            assertThat(change.get("source").get("run_id").asText()).isEqualTo("jr_test");
        }

        @Test
        @SuppressWarnings("unchecked")
        void manifestCountsEverything() throws IOException {
            assertThat((Map<String, Object>) manifest.get("changes")).containsEntry("c", 2L).containsEntry("u", 8L).containsEntry("d", 2L);
            assertThat(manifest.get("unchanged")).isEqualTo(4L);
            Map<String, Object> rejects = (Map<String, Object>) manifest.get("rejects");
            assertThat(rejects.get("total")).isEqualTo(3L);
            assertThat((Map<String, Long>) rejects.get("by_reason")).containsEntry("MALFORMED_JSON", 1L).containsEntry("NOT_AN_OBJECT", 1L)
                    .containsEntry("MISSING_KEY", 1L);
            JsonNode written = JSON.readTree(out.resolve(DATE).resolve("_manifest.json").toFile());
            assertThat(written.get("inputs").get("yesterday").get("records").asLong()).isEqualTo(16);
            assertThat(written.get("inputs").get("today").get("files").asInt()).as("_SUCCESS and .crc are not data").isEqualTo(2);
            assertThat(written.get("status").asText()).isEqualTo("SUCCEEDED");
        }

        @Test
        void rejectsAreKeptWithFileLineAndReason() throws IOException {
            List<JsonNode> rejects = lines(out.resolve("_rejects").resolve(DATE), "rejects-");
            assertThat(rejects).hasSize(3);
            JsonNode malformed = rejects.stream().filter(reject -> reject.get("reason").asText().equals("MALFORMED_JSON")).findFirst().orElseThrow();
            assertThat(malformed.get("line").asInt()).isEqualTo(16);
            assertThat(malformed.get("record").asText()).isEqualTo("{\"id\":16,");
            assertThat(malformed.get("file").asText()).endsWith("ontem/produtos.jsonl");
            assertThat(malformed.get("message").asText()).startsWith("malformed JSON");
        }

        @Test
        void outputIsFewFilesWithNoSideFiles() throws IOException {
            try (Stream<Path> files = Files.list(out.resolve(DATE))) {
                assertThat(files.map(path -> path.getFileName().toString()))
                        .as("change files are named by the run that wrote them")
                        .allMatch(name -> name.matches("part-\\d{5}-jr_test\\.json") || name.equals("_manifest.json"))
                        .hasSizeLessThanOrEqualTo(5);
            }
            assertThat(out.resolve("_lagoa_staging")).doesNotExist();
        }
    }

    @Test
    void bigJsonLinesFilesAreSplitWithoutLosingOrRepeatingARecord() throws IOException {
        StringBuilder lines = new StringBuilder();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 2000; i++) {
            lines.append("{\"id\":").append(i).append(",\"pad\":\"").append("x".repeat(random.nextInt(300))).append("\"}\n");
            if (i % 500 == 0) {
                lines.append("\n"); // blank lines on the way
            }
        }
        lines.append("not json at the end");
        Path today = write(temp.resolve("s/t/big.jsonl"), lines.toString()).getParent();
        Path out = temp.resolve("s/out");

        Map<String, Object> manifest = diff(temp.resolve("s/none"), today, out, "--allow-missing-yesterday", "true",
                "--split-bytes", "4093", "--max-rejects", "1");

        assertThat(manifest.get("changes")).hasToString("{c=2000, u=0, d=0, total=2000}");
        assertThat(changesByKey(out.resolve(DATE))).hasSize(2000);
        JsonNode reject = lines(out.resolve("_rejects").resolve(DATE), "rejects-").get(0);
        assertThat(reject.get("offset").asLong()).isEqualTo(lines.length() - "not json at the end".length());
        assertThat(reject.has("line")).as("line numbers are known only in a file's first chunk").isFalse();
    }

    @Test
    void compositeNestedKeysIdentifyRecords() throws IOException {
        Path yesterday = write(temp.resolve("k/y/a.jsonl"), """
                {"cliente":{"id":1},"data":"2026-11-20","v":1}
                {"cliente":{"id":1},"data":"2026-11-21","v":1}
                """).getParent();
        Path today = write(temp.resolve("k/t/a.jsonl"), """
                {"cliente":{"id":1.0},"data":"2026-11-20","v":2}
                {"cliente":{"id":2},"data":"2026-11-21","v":1}
                """).getParent();
        Path out = temp.resolve("k/out");

        diff(yesterday, today, out, "--key", "cliente.id,data");

        Map<String, JsonNode> changes = changesByKey(out.resolve(DATE));
        assertThat(changes).containsOnlyKeys("{\"cliente.id\":1,\"data\":\"2026-11-20\"}", "{\"cliente.id\":1,\"data\":\"2026-11-21\"}",
                "{\"cliente.id\":2,\"data\":\"2026-11-21\"}");
        assertThat(changes.get("{\"cliente.id\":1,\"data\":\"2026-11-20\"}").get("changed_fields")).hasToString("[\"v\"]");
    }

    @Test
    void filesOfTheLocalLakeAreNamedByTheirS3Uris() throws IOException {
        Path lake = temp.resolve("lake");
        Path yesterday = write(lake.resolve("lagoa-hoje/produtos/2026-11-20/a.jsonl"), "{\"id\":1,\"v\":1}\n").getParent();
        Path today = write(lake.resolve("lagoa-hoje/produtos/2026-11-21/a.jsonl"), "{\"id\":1,\"v\":2}\n").getParent();

        Map<String, Object> manifest = diff(yesterday, today, lake.resolve("lagoa-diffs"), "--LAGOA_LAKE_ROOT", lake.toUri().toString());

        assertThat(manifest.get("inputs").toString()).contains("uri=s3://lagoa-hoje/produtos/2026-11-20/", "uri=s3://lagoa-hoje/produtos/2026-11-21/");
        assertThat(manifest.get("output").toString()).contains("location=s3://lagoa-diffs/2026-11-21/");
        JsonNode change = changesByKey(lake.resolve("lagoa-diffs").resolve(DATE)).get("1");
        assertThat(change.get("source").get("today").get("file").asText()).isEqualTo("s3://lagoa-hoje/produtos/2026-11-21/a.jsonl");
    }

    @Test
    void nullEqualsAbsentIsAnOption() throws IOException {
        Path yesterday = write(temp.resolve("n/y/a.jsonl"), "{\"id\":1,\"obs\":null}\n{\"id\":2,\"x\":1}\n").getParent();
        Path today = write(temp.resolve("n/t/a.jsonl"), "{\"id\":1}\n{\"id\":2,\"x\":2}\n").getParent();
        Path out = temp.resolve("n/out");

        diff(yesterday, today, out, "--null-equals-absent", "true");

        assertThat(changesByKey(out.resolve(DATE))).containsOnlyKeys("2");
    }

    @Test
    void tooManyRejectsFailTheRunAndPublishNothing() throws IOException {
        Path yesterday = write(temp.resolve("r/y/a.jsonl"), "{\"id\":1}\n{\"id\":1,\"dup\":true}\n{\"id\":2}\n").getParent();
        Path today = write(temp.resolve("r/t/a.jsonl"), "{\"id\":1}\n{\"id\":2,\"v\":1}\n\u0000garbage\n").getParent();
        Path out = temp.resolve("r/out");
        write(out.resolve(DATE).resolve("part-00000.json"), "{\"previous\":\"run\"}\n");

        assertThatThrownBy(() -> diff(yesterday, today, out))
                .isInstanceOf(JobFailure.class)
                .hasMessageStartingWith("4 input records were rejected, more than the 0 allowed (--max-rejects); nothing was published for 2026-11-21")
                .hasMessageEndingWith("r/out/_failed/2026-11-21/jr_test/");

        assertThat(Files.readString(out.resolve(DATE).resolve("part-00000.json"))).as("the previous day is untouched").contains("previous");
        assertThat(out.resolve("_rejects")).as("the published day's rejects are not touched").doesNotExist();
        List<JsonNode> rejects = lines(out.resolve("_failed").resolve(DATE).resolve("jr_test"), "rejects-");
        assertThat(rejects).extracting(reject -> reject.get("reason").asText())
                .containsExactlyInAnyOrder("DUPLICATE_KEY", "DUPLICATE_KEY", "DUPLICATE_KEY", "MALFORMED_JSON");
        assertThat(rejects).filteredOn(reject -> reject.get("snapshot").asText().equals("today") && reject.get("reason").asText().equals("DUPLICATE_KEY"))
                .singleElement().satisfies(reject -> assertThat(reject.get("message").asText())
                        .isEqualTo("key {\"id\":1} is duplicated in yesterday's snapshot, so its change cannot be computed"));
        JsonNode manifest = JSON.readTree(out.resolve("_failed").resolve(DATE).resolve("jr_test").resolve("_manifest.json").toFile());
        assertThat(manifest.get("status").asText()).isEqualTo("FAILED");
    }

    @Test
    void aRerunReplacesTheDayAsAWhole() throws IOException {
        Path yesterday = write(temp.resolve("x/y/a.jsonl"), "{\"id\":1,\"v\":1}\n{\"id\":2,\"v\":1}\n").getParent();
        Path today = write(temp.resolve("x/t/a.jsonl"), "{\"id\":1,\"v\":2}\n{\"id\":2,\"v\":2}\n").getParent();
        Path out = temp.resolve("x/out");
        write(out.resolve(DATE).resolve("part-00007.json"), "{\"stale\":true}\n");
        write(out.resolve("_rejects").resolve(DATE).resolve("rejects-00000.json"), "{\"stale\":true}\n");

        diff(yesterday, today, out, "--JOB_RUN_ID", "jr_first");
        write(today.resolve("a.jsonl"), "{\"id\":1,\"v\":2}\n{\"id\":2,\"v\":1}\n");
        Map<String, Object> second = diff(yesterday, today, out, "--JOB_RUN_ID", "jr_second");

        assertThat(changesByKey(out.resolve(DATE))).containsOnlyKeys("1");
        try (Stream<Path> files = Files.list(out.resolve(DATE))) {
            assertThat(files.map(path -> path.getFileName().toString())).as("only the second run's files, named by its run id")
                    .containsExactlyInAnyOrder("part-00000-jr_second.json", "_manifest.json");
        }
        assertThat(second.get("output").toString()).contains("name=part-00000-jr_second.json");
        assertThat(out.resolve(DATE).resolve("part-00007.json")).doesNotExist();
        assertThat(out.resolve("_rejects").resolve(DATE)).as("stale rejects of the day go too").doesNotExist();
    }

    @Test
    void aMissingSnapshotIsAClearErrorUnlessTheFirstDayIsDeclared() throws IOException {
        Path today = write(temp.resolve("m/t/a.jsonl"), "{\"id\":1}\n").getParent();
        Path missing = temp.resolve("m/nothing");
        Path out = temp.resolve("m/out");

        assertThatThrownBy(() -> diff(missing, today, out))
                .isInstanceOf(JobFailure.class)
                .hasMessage("Cannot read yesterday snapshot file://%s: no such folder or file (on the first day, --allow-missing-yesterday treats it as empty: all inserts)",
                        missing);
        Files.createDirectories(temp.resolve("m/empty"));
        assertThatThrownBy(() -> diff(today, temp.resolve("m/empty"), out)).hasMessageContaining("Cannot read today snapshot").hasMessageContaining("no file to read in folder");

        Map<String, Object> manifest = diff(missing, today, out, "--allow-missing-yesterday", "true");
        assertThat(manifest.get("changes")).hasToString("{c=1, u=0, d=0, total=1}");
    }

    @Test
    void hostileAndWronglyEncodedInputIsRejectedNotLost() throws IOException {
        Path yesterday = write(temp.resolve("h/y/a.jsonl"), "{\"id\":1}\n").getParent();
        Path today = temp.resolve("h/t");
        Files.createDirectories(today);
        byte[] latin1 = "{\"id\":2,\"nome\":\"Jo\u00e3o\"}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] rest = ("{\"id\":1}\n"
                + "{\"id\":3,\"a\":1,\"a\":2}\n"
                + "{\"id\":4,\"big\":\"" + "x".repeat(5000) + "\"}\n"
                + "{\"id\":5} trailing\n"
                + "{\"id\":{\"nested\":1}}\n"
                + "[".repeat(600) + "\n").getBytes(UTF_8);
        byte[] all = new byte[latin1.length + rest.length];
        System.arraycopy(latin1, 0, all, 0, latin1.length);
        System.arraycopy(rest, 0, all, latin1.length, rest.length);
        Files.write(today.resolve("a.jsonl"), all);
        Files.write(today.resolve("b.json"), new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '['});
        write(today.resolve("d.json"), "[{\"id\":6},{\"id\":7,},{\"id\":8}]");
        Path out = temp.resolve("h/out");

        Map<String, Object> manifest = diff(yesterday, today, out, "--max-rejects", "100", "--max-record-bytes", "4096");

        List<JsonNode> rejects = lines(out.resolve("_rejects").resolve(DATE), "rejects-");
        Map<String, String> reasonByLine = new HashMap<>();
        rejects.forEach(reject -> reasonByLine.put(reject.get("file").asText().replaceAll(".*/", "") + ":" + reject.path("line").asText("?"),
                reject.get("reason").asText()));
        assertThat(reasonByLine).containsEntry("a.jsonl:1", "INVALID_ENCODING")
                .containsEntry("a.jsonl:3", "MALFORMED_JSON")
                .containsEntry("a.jsonl:4", "OVERSIZED_RECORD")
                .containsEntry("a.jsonl:5", "MALFORMED_JSON")
                .containsEntry("a.jsonl:6", "INVALID_KEY")
                .containsEntry("a.jsonl:7", "MALFORMED_JSON")
                .containsEntry("b.json:1", "INVALID_ENCODING")
                .containsEntry("d.json:1", "MALFORMED_JSON");
        assertThat(rejects).filteredOn(reject -> reject.get("reason").asText().equals("INVALID_ENCODING") && reject.get("file").asText().endsWith("a.jsonl"))
                .singleElement().satisfies(reject -> assertThat(reject.get("record").asText()).contains("João"));
        assertThat(changesByKey(out.resolve(DATE))).as("the element after the malformed one is read too").containsOnlyKeys("6", "8");
        assertThat(((Map<?, ?>) manifest.get("rejects")).get("total")).isEqualTo((long) rejects.size());
    }

    @Test
    void theRealCountriesFileWithOneMalformedElementLosesThatElementOnly() {
        // mledoze/countries on 2016-05-22 and 2016-05-23 (see fixtures/countries/README.md): Aruba, the first element
        // of the second day, is malformed at line 43. Before, the rest of that array was not read: 1 record read,
        // 1 rejected, 248 deleted, SUCCEEDED.
        Path countries = Path.of(System.getProperty("lagoa.fixtures", "src/test/resources/fixtures")).resolve("countries");
        Path out = temp.resolve("countries/out");

        Map<String, Object> manifest = diff(countries.resolve("countries_2016-05-22.json"), countries.resolve("countries_2016-05-23.json"), out,
                "--key", "cca3", "--max-rejects", "5");

        assertThat(manifest.get("status")).isEqualTo("SUCCEEDED");
        assertThat(((Map<?, ?>) manifest.get("inputs")).get("today")).hasToString(
                "{uri=%s, files=1, bytes=467760, records=248, rejected=1}".formatted(countries.resolve("countries_2016-05-23.json").toUri()));
        assertThat(manifest.get("changes")).as("244 new translations; Aruba, rejected today, is the one delete").hasToString("{c=0, u=244, d=1, total=245}");
        assertThat(manifest.get("unchanged")).isEqualTo(3L);
    }

    @Test
    void aFileThatCannotBeReadToItsEndFailsTheRunWhateverTheThresholdNamingTheFileAndOffset() throws IOException {
        Path yesterday = write(temp.resolve("u/y/a.json"), "[{\"id\":1},{\"id\":2},{\"id\":3}]").getParent();
        Path today = write(temp.resolve("u/t/a.json"), "[{\"id\":1},{\"id\":2},{\"id\":3").getParent();
        Path gzipped = temp.resolve("u/t2");
        Files.createDirectories(gzipped);
        Files.write(gzipped.resolve("c.json.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
        Path out = temp.resolve("u/out");

        assertThatThrownBy(() -> diff(yesterday, today, out, "--max-rejects", "100"))
                .isInstanceOf(JobFailure.class)
                .hasMessageStartingWith("Cannot read %s to its end (byte offset 19): the file ends inside an element that starts at byte offset 19"
                        .formatted(today.resolve("a.json").toUri()))
                .hasMessageContaining("nothing was published for 2026-11-21, whatever --max-rejects")
                .hasMessageEndingWith("u/out/_failed/2026-11-21/jr_test/");
        assertThat(out.resolve(DATE)).as("no day with id 3 deleted").doesNotExist();
        assertThatThrownBy(() -> diff(yesterday, gzipped, out, "--max-rejects", "100"))
                .isInstanceOf(JobFailure.class)
                .hasMessageStartingWith("Cannot read %s to its end".formatted(gzipped.resolve("c.json.gz").toUri()));
        assertThat(out.resolve(DATE)).doesNotExist();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class IbovPortfolioRows {
        Path jsonLines(String day) {
            Path folder = temp.resolve("ibov/" + day);
            if (!Files.exists(folder)) {
                spark.read().parquet(System.getProperty("lagoa.fixtures", "src/test/resources/fixtures") + "/b3/portfolio_rows_" + day + ".parquet")
                        .coalesce(1).write().json(folder.toString());
            }
            return folder;
        }

        @Test
        void fromJuneThirtiethToJulySeventhIgnoringTheCollectionColumn() throws IOException {
            Path out = temp.resolve("ibov/out-ignoring");
            Map<String, Object> manifest = diff(jsonLines("30-06-25"), jsonLines("07-07-25"), out, "--key", "cod", "--ignore-fields", "data_coleta");

            Map<String, JsonNode> changes = changesByKey(out.resolve(DATE));
            assertThat(manifest.get("changes")).hasToString("{c=1, u=80, d=1, total=82}");
            assertThat(changes.get("NATU3").get("op").asText()).isEqualTo("c");
            assertThat(changes.get("NTCO3").get("op").asText()).isEqualTo("d");
            assertThat(changes.get("TIMS3").get("changed_fields").toString()).contains("theoricalQty");
            assertThat(changes.get("TIMS3").get("after").has("data_coleta")).as("ignored fields are carried").isTrue();
        }

        @Test
        void withoutIgnoringItEveryCommonKeyIsAnUpdate() throws IOException {
            Map<String, Object> manifest = diff(jsonLines("30-06-25"), jsonLines("07-07-25"), temp.resolve("ibov/out-all"), "--key", "cod");

            assertThat(manifest.get("changes")).hasToString("{c=1, u=83, d=1, total=85}");
        }

        @Test
        void fromJuneTwentiethToTwentyThird() throws IOException {
            Path out = temp.resolve("ibov/out-june");
            Map<String, Object> manifest = diff(jsonLines("20-06-25"), jsonLines("23-06-25"), out, "--key", "cod");

            assertThat(manifest.get("changes")).hasToString("{c=0, u=76, d=0, total=76}");
            assertThat(changesByKey(out.resolve(DATE)).values()).filteredOn(change -> change.get("changed_fields").toString().contains("type"))
                    .hasSize(5);
        }
    }
}
