package dev.lagoa.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotGeneratorTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void writesExactlyTheExpectedChanges(@TempDir Path dir) throws IOException {
        SnapshotGenerator.Expected e = new SnapshotGenerator(2_000, 7).write(dir);
        assertThat(e.changes()).containsEntry("c", 20L).containsEntry("u", 100L).containsEntry("d", 20L);

        Map<Long, JsonNode> yesterday = read(dir.resolve("yesterday"));
        Map<Long, JsonNode> today = read(dir.resolve("today"));
        assertThat(yesterday).hasSize(2_000);
        assertThat(today).hasSize(2_000);
        long inserts = today.keySet().stream().filter(k -> !yesterday.containsKey(k)).count();
        long deletes = yesterday.keySet().stream().filter(k -> !today.containsKey(k)).count();
        long updates = today.entrySet().stream()
            .filter(x -> yesterday.containsKey(x.getKey()) && !yesterday.get(x.getKey()).equals(x.getValue())).count();
        long nestedOnly = today.entrySet().stream()
            .filter(x -> yesterday.containsKey(x.getKey()) && !yesterday.get(x.getKey()).equals(x.getValue()))
            .filter(x -> yesterday.get(x.getKey()).get("atualizado_em").equals(x.getValue().get("atualizado_em")))
            .count();
        assertThat(inserts).isEqualTo(20);
        assertThat(deletes).isEqualTo(20);
        assertThat(updates).isEqualTo(100);
        assertThat(nestedOnly).isPositive().isLessThan(100);
        assertThat(yesterday.values().iterator().next().size()).isEqualTo(21);
    }

    @Test
    void isDeterministic(@TempDir Path a, @TempDir Path b) throws IOException {
        new SnapshotGenerator(1_000, 42).write(a);
        new SnapshotGenerator(1_000, 42).write(b);
        for (String snap : new String[] {"yesterday", "today"}) {
            for (int i = 0; i < SnapshotGenerator.FILES_PER_SNAPSHOT; i++) {
                String f = String.format("part-%05d.json", i);
                assertThat(Files.readAllBytes(a.resolve(snap).resolve(f))).isEqualTo(Files.readAllBytes(b.resolve(snap).resolve(f)));
            }
        }
    }

    private Map<Long, JsonNode> read(Path dir) throws IOException {
        Map<Long, JsonNode> m = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                for (String line : Files.readAllLines(f)) {
                    JsonNode n = json.readTree(line);
                    assertThat(m.put(n.get("id").asLong(), n)).as("duplicate id").isNull();
                }
            }
        }
        return m;
    }
}
