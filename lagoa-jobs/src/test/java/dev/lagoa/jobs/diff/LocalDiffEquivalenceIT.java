package dev.lagoa.jobs.diff;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.contracts.DiffManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One semantics, two executors: every case of {@link DiffJobIT} (inherited, with its assertions on the Spark job's
 * output) runs on both engines, and each run checks that the local engine wrote the same change records, the same
 * rejects and the same manifest (timings and file boundaries aside) as the Spark job, record by record, or failed
 * with the same message. Generated snapshots add volume and every kind of record, and force the spill path.
 */
class LocalDiffEquivalenceIT extends DiffJobIT {

    @Override
    Map<String, Object> diff(Path yesterday, Path today, Path out, String... extra) {
        Path localOut = out.resolveSibling(out.getFileName() + "-local");
        copyTree(out, localOut);
        return bothEngines(yesterday, today, out, localOut, new LocalDiff(), extra);
    }

    /** Runs the Spark job into {@code out} and {@code local} into {@code localOut}, checks they agree, returns the Spark manifest. */
    private Map<String, Object> bothEngines(Path yesterday, Path today, Path out, Path localOut, LocalDiff local, String... extra) {
        DiffManifest sparkManifest = null;
        RuntimeException sparkFailure = null;
        try {
            sparkManifest = new DiffJob(spark).run(request(yesterday, today, out, extra));
        } catch (RuntimeException e) {
            sparkFailure = e;
        }
        DiffManifest[] localRun = new DiffManifest[1];
        Throwable localFailure = catchThrowable(() -> localRun[0] = local.run(request(yesterday, today, localOut, extra)));
        DiffManifest localManifest = localRun[0];
        String localName = localOut.getFileName().toString();
        String sparkName = out.getFileName().toString();
        if (sparkFailure != null) {
            assertThat(localFailure).as("the local engine fails as the Spark job does").isNotNull().isInstanceOf(sparkFailure.getClass());
            assertThat(localFailure.getMessage().replace(localName, sparkName)).isEqualTo(sparkFailure.getMessage());
            assertSameOutput(out, localOut);
            throw sparkFailure;
        }
        assertThat(localFailure).as("the local engine succeeds as the Spark job does").isNull();
        assertThat(sparkManifest.engine()).isEqualTo("spark");
        assertThat(localManifest.engine()).isEqualTo("local");
        assertThat(comparable(localManifest).replace(localName, sparkName)).isEqualTo(comparable(sparkManifest));
        assertSameOutput(out, localOut);
        return asMap(sparkManifest);
    }

    /** The manifest without what may differ between two correct runs: timings, the engine, and how changes split into files. */
    private static String comparable(DiffManifest manifest) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(manifest.toJson());
            json.remove(List.of("timings_ms", "started_at", "completed_at", "engine"));
            ObjectNode output = (ObjectNode) json.get("output");
            long records = 0;
            for (JsonNode file : output.get("files")) {
                records += file.get("records").asLong();
            }
            output.put("files", records);
            return json.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Both output trees hold the same lines, folder by folder: change files, reject files and other files each compared
     * as sorted lines (the engines split their output into files differently); manifests are compared above.
     */
    private static void assertSameOutput(Path out, Path localOut) {
        assertThat(linesByFolder(localOut)).isEqualTo(linesByFolder(out));
        assertThat(localOut.resolve("_lagoa_staging")).doesNotExist();
    }

    private static Map<String, List<String>> linesByFolder(Path root) {
        Map<String, List<String>> lines = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return lines;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.equals("_manifest.json")) {
                    lines.computeIfAbsent(root.relativize(file).toString(), folder -> new ArrayList<>());
                    continue;
                }
                String kind = name.matches("part-\\d{5}-.*\\.json") ? "part-*" : name.matches("rejects-\\d{5}\\.json") ? "rejects-*" : name;
                lines.computeIfAbsent(root.relativize(file.getParent()) + "/" + kind, folder -> new ArrayList<>())
                        .addAll(Files.readAllLines(file, UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lines.values().forEach(list -> list.sort(null));
        return lines;
    }

    private static void copyTree(Path from, Path to) {
        try {
            if (Files.exists(to)) {
                try (Stream<Path> paths = Files.walk(to)) {
                    for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            if (!Files.exists(from)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(from)) {
                for (Path path : paths.toList()) {
                    Path target = to.resolve(from.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(path, target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void generatedSnapshotsGiveTheSameChangesInMemoryAndSpilled() throws IOException {
        Path yesterday = temp.resolve("g/y");
        Path today = temp.resolve("g/t");
        GeneratedSnapshots.write(yesterday, today, 4000, new Random(7));
        Path out = temp.resolve("g/out");

        Map<String, Object> manifest = bothEngines(yesterday, today, out, temp.resolve("g/out-local"), new LocalDiff(),
                "--max-rejects", "1000", "--split-bytes", "65536", "--ignore-fields", "meta.visto_em");
        bothEngines(yesterday, today, out, temp.resolve("g/out-spilled"), new LocalDiff(3, 200_000),
                "--max-rejects", "1000", "--split-bytes", "65536", "--ignore-fields", "meta.visto_em");

        assertThat((Map<?, ?>) manifest.get("changes")).as("the generated data has every kind of change")
                .allSatisfy((op, count) -> assertThat((Long) count).isPositive());
        assertThat(((Map<?, ?>) ((Map<?, ?>) manifest.get("rejects")).get("by_reason")).keySet()).map(Object::toString)
                .contains("DUPLICATE_KEY", "MALFORMED_JSON", "MISSING_KEY", "NOT_AN_OBJECT");
    }

    @Test
    void generatedSnapshotsWithNullEqualsAbsentAndACompositeKey() throws IOException {
        Path yesterday = temp.resolve("g2/y");
        Path today = temp.resolve("g2/t");
        GeneratedSnapshots.write(yesterday, today, 3000, new Random(11));

        bothEngines(yesterday, today, temp.resolve("g2/out"), temp.resolve("g2/out-spilled"), new LocalDiff(2, 100_000),
                "--max-rejects", "1000", "--null-equals-absent", "true", "--key", "id,loja");
    }
}
