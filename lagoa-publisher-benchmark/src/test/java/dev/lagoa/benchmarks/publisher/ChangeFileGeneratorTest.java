package dev.lagoa.benchmarks.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeFileGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate DATE = LocalDate.of(2026, 11, 21);

    @Test
    void writesChangeRecordsInTheDiffJobsEnvelopeOfAbout700Bytes(@TempDir Path folder) throws Exception {
        ChangeFileGenerator.Generated generated = new ChangeFileGenerator(7, DATE).write(folder, 3_001, 3);

        assertThat(generated.files()).extracting(p -> p.getFileName().toString()).containsExactly("part-00000.json", "part-00001.json", "part-00002.json");
        assertThat(generated.c() + generated.u() + generated.d()).isEqualTo(3_001);
        assertThat(generated.u()).isGreaterThan(generated.c() + generated.d());
        assertThat(generated.averageRecordBytes()).isBetween(650.0, 780.0);
        long lines = 0;
        long bytes = 0;
        for (Path file : generated.files()) {
            bytes += Files.size(file);
            for (String line : Files.readAllLines(file)) {
                lines++;
                JsonNode record = JSON.readTree(line);
                String op = record.get("op").asText();
                assertThat(op).isIn("c", "u", "d");
                assertThat(record.get("key").get("id").asLong()).isEqualTo(lines);
                assertThat(record.get("before").isNull()).isEqualTo(op.equals("c"));
                assertThat(record.get("after").isNull()).isEqualTo(op.equals("d"));
                assertThat(record.get("date").asText()).isEqualTo("2026-11-21");
                assertThat(record.get("source").get("job").asText()).isEqualTo("lagoa-diff");
                if (op.equals("u")) {
                    assertThat(record.get("before")).isNotEqualTo(record.get("after"));
                    assertThat(record.get("before").get("id")).isEqualTo(record.get("after").get("id"));
                }
            }
        }
        assertThat(lines).isEqualTo(3_001);
        assertThat(bytes).isEqualTo(generated.bytes());
    }

    @Test
    void isReproducible(@TempDir Path folder) throws Exception {
        new ChangeFileGenerator(7, DATE).write(folder.resolve("a"), 500, 2);
        new ChangeFileGenerator(7, DATE).write(folder.resolve("b"), 500, 2);
        new ChangeFileGenerator(8, DATE).write(folder.resolve("c"), 500, 2);

        assertThat(Files.readAllBytes(folder.resolve("a/part-00001.json"))).isEqualTo(Files.readAllBytes(folder.resolve("b/part-00001.json")));
        assertThat(Files.readAllBytes(folder.resolve("a/part-00001.json"))).isNotEqualTo(Files.readAllBytes(folder.resolve("c/part-00001.json")));
    }

    @Test
    void readsProducerPerformancesTotalLine() {
        List<String> output = List.of(
                "262134 records sent, 52405.9 records/sec (36.72 MB/sec), 330.4 ms avg latency, 695.0 ms max latency.",
                "1000000 records sent, 61500.123456 records/sec (43.09 MB/sec), 310.25 ms avg latency, 702.00 ms max latency, 300 ms 50th, "
                        + "600 ms 95th, 680 ms 99th, 700 ms 99.9th.");

        Matcher total = PublisherBenchmark.perfTotal(output).orElseThrow();

        assertThat(total.group(1)).isEqualTo("1000000");
        assertThat(total.group(2)).isEqualTo("61500.123456");
        assertThat(total.group(3)).isEqualTo("43.09");
        assertThat(PublisherBenchmark.perfTotal(List.of("no total")).isEmpty()).isTrue();
    }

    @Test
    void findsThePublishersJsonSummaryAfterJfrsStartUpLines() {
        assertThat(PublisherBenchmark.jsonDocument("{\"records\":1}\n")).isEqualTo("{\"records\":1}\n");
        assertThat(PublisherBenchmark.jsonDocument("[0.9s][info][jfr,startup] Started recording 1.\n{\n  \"records\" : 1\n}\n"))
                .isEqualTo("{\n  \"records\" : 1\n}\n");
    }
}
