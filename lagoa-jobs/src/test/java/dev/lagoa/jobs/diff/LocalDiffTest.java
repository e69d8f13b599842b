package dev.lagoa.jobs.diff;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.contracts.DiffManifest;
import dev.lagoa.contracts.JobEntryPoint;
import dev.lagoa.jobs.GlueArguments;
import dev.lagoa.jobs.JobFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local engine alone, without Spark: its own paths (spilling, partitions, engine choice) and the edge cases of input. */
class LocalDiffTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATE = "2026-11-21";

    @TempDir
    Path temp;

    private static DiffRequest request(Path yesterday, Path today, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("--yesterday", yesterday.toUri().toString(), "--today", today.toUri().toString(),
                "--out", out.toUri().toString(), "--date", DATE, "--JOB_RUN_ID", "jr_local", "--key", "id"));
        args.addAll(List.of(extra));
        return DiffRequest.from(GlueArguments.parse(args.toArray(String[]::new)));
    }

    private static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, UTF_8);
    }

    private static List<String> lines(Path folder, String prefix) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(path -> path.getFileName().toString().startsWith(prefix)).toList()) {
                lines.addAll(Files.readAllLines(file, UTF_8));
            }
        }
        lines.sort(null);
        return lines;
    }

    @Test
    void spillingToDiskGivesTheSameOutputAsHoldingEverythingInMemory() throws IOException {
        Path yesterday = temp.resolve("y");
        Path today = temp.resolve("t");
        GeneratedSnapshots.write(yesterday, today, 3000, new Random(3));

        DiffManifest inMemory = new LocalDiff(2, Long.MAX_VALUE / 8).run(request(yesterday, today, temp.resolve("memory"), "--max-rejects", "1000"));
        DiffManifest spilled = new LocalDiff(3, 200_000).run(request(yesterday, today, temp.resolve("spilled"), "--max-rejects", "1000"));

        assertThat(inMemory.changes().total()).isGreaterThan(500);
        assertThat(spilled.changes()).isEqualTo(inMemory.changes());
        assertThat(spilled.unchanged()).isEqualTo(inMemory.unchanged());
        assertThat(spilled.inputs()).isEqualTo(inMemory.inputs());
        assertThat(spilled.rejects().bySnapshotAndReason()).isEqualTo(inMemory.rejects().bySnapshotAndReason());
        assertThat(lines(temp.resolve("spilled").resolve(DATE), "part-")).isEqualTo(lines(temp.resolve("memory").resolve(DATE), "part-"))
                .hasSize((int) inMemory.changes().total());
        assertThat(lines(temp.resolve("spilled/_rejects").resolve(DATE), "rejects-"))
                .isEqualTo(lines(temp.resolve("memory/_rejects").resolve(DATE), "rejects-"));
        assertThat(spilled.output().files()).as("one change file per thread, however many partitions the spill takes").hasSize(3);
        assertThat(spilled.engine()).isEqualTo("local");
        try (Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(left.map(path -> path.getFileName().toString())).as("the spill folder is deleted").noneMatch(name -> name.startsWith("lagoa-diff-jr_local-"));
        }
    }

    @Test
    void recordsLeftInTheirFileAreReadAgainByOffsetAndAFileChangedMeanwhileFailsTheRun() throws IOException {
        Path file = write(temp.resolve("r/a.jsonl"), "{\"id\":1}\n  {\"id\":2,\"nome\":\"S\u00e3o Paulo\"}\r\n");
        org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.toUri());
        org.apache.hadoop.fs.FileStatus parsed = path.getFileSystem(hadoop).getFileStatus(path);
        InputChunk chunk = InputChunk.whole(file.toUri().toString(), "a.jsonl", parsed.getLen());
        assertThat(LocalDiff.inPlace(chunk)).isTrue();
        assertThat(LocalDiff.inPlace(InputChunk.whole(file.toUri() + ".gz", "a.jsonl.gz", 1))).isFalse();
        assertThat(LocalDiff.inPlace(InputChunk.whole("s3a://lagoa-diffs/a.jsonl", "a.jsonl", 1))).isFalse();
        assertThat(LocalDiff.parsedBytes(new DiffRunner.Snapshot("file:/s/", List.of(), List.of(InputChunk.whole("file:/s/a.jsonl", "a.jsonl", 1000),
                new InputChunk("file:/s/b.jsonl", "b.jsonl", 4000, 5000, false, 9000), InputChunk.whole("file:/s/c.jsonl.gz", "c.jsonl.gz", 1000)))))
                .as("half of each byte left in its file, 1.25 for each byte held whole").isEqualTo(500 + 500 + 1250);

        try (LocalDiff.RecordFiles files = new LocalDiff.RecordFiles(hadoop)) {
            byte[] second = files.read(chunk, parsed, 11, "{\"id\":2,\"nome\":\"S\u00e3o Paulo\"}".getBytes(UTF_8).length);
            assertThat(new String(second, UTF_8)).isEqualTo("{\"id\":2,\"nome\":\"S\u00e3o Paulo\"}");
            files.verify();

            write(file, "{\"id\":1}\n");
            assertThatThrownBy(files::verify).isInstanceOf(JobFailure.class)
                    .hasMessageStartingWith("a.jsonl changed while the diff was reading it");
            assertThatThrownBy(() -> files.read(chunk, parsed, 11, 10)).isInstanceOf(JobFailure.class);
        }
    }

    @Test
    void aKeyDuplicatedOnOneSideRejectsEveryRecordOfThatKeyOnBothSides() throws IOException {
        Path yesterday = write(temp.resolve("d/y/a.jsonl"), "{\"id\":1,\"v\":1}\n{\"id\":2}\n{\"id\":1,\"v\":2}\n").getParent();
        Path today = write(temp.resolve("d/t/a.jsonl"), "{\"id\":1,\"v\":3}\n{\"id\":2,\"v\":1}\n").getParent();
        Path out = temp.resolve("d/out");

        DiffManifest manifest = new LocalDiff().run(request(yesterday, today, out, "--max-rejects", "3"));

        assertThat(manifest.changes()).isEqualTo(new DiffManifest.Changes(0, 1, 0));
        assertThat(manifest.rejects().bySnapshotAndReason()).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of("yesterday:DUPLICATE_KEY", 2L, "today:DUPLICATE_KEY", 1L));
        assertThat(manifest.inputs().yesterday().records()).isEqualTo(3);
        List<JsonNode> rejects = new ArrayList<>();
        for (String line : lines(out.resolve("_rejects").resolve(DATE), "rejects-")) {
            rejects.add(JSON.readTree(line));
        }
        assertThat(rejects).filteredOn(reject -> reject.get("snapshot").asText().equals("today")).singleElement()
                .satisfies(reject -> assertThat(reject.get("message").asText())
                        .isEqualTo("key {\"id\":1} is duplicated in yesterday's snapshot, so its change cannot be computed"));
    }

    @Test
    void malformedInputIsRejectedWithItsLineAndTooMuchOfItFailsTheRun() throws IOException {
        Path yesterday = write(temp.resolve("m/y/a.jsonl"), "{\"id\":1}\n{\"id\":2,\n[1]\n{\"nome\":\"sem id\"}\n").getParent();
        Path today = write(temp.resolve("m/t/a.jsonl"), "{\"id\":1,\"v\":1}\n").getParent();
        Path out = temp.resolve("m/out");

        assertThatThrownBy(() -> new LocalDiff().run(request(yesterday, today, out, "--max-rejects", "2")))
                .isInstanceOf(JobFailure.class)
                .hasMessageStartingWith("3 input records were rejected, more than the 2 allowed (--max-rejects); nothing was published for 2026-11-21");
        assertThat(out.resolve(DATE)).doesNotExist();

        DiffManifest manifest = new LocalDiff().run(request(yesterday, today, out, "--max-rejects", "3"));
        assertThat(manifest.rejects().byReason()).containsEntry("MALFORMED_JSON", 1L).containsEntry("NOT_AN_OBJECT", 1L).containsEntry("MISSING_KEY", 1L);
        JsonNode malformed = JSON.readTree(lines(out.resolve("_rejects").resolve(DATE), "rejects-").stream()
                .filter(line -> line.contains("MALFORMED_JSON")).findFirst().orElseThrow());
        assertThat(malformed.get("line").asInt()).isEqualTo(2);
        assertThat(manifest.changes()).isEqualTo(new DiffManifest.Changes(0, 1, 0));
    }

    @Test
    void aMissingYesterdayMakesEveryRecordAnInsertAndAnEmptyTodayEveryRecordADelete() throws IOException {
        Path today = write(temp.resolve("e/t/a.jsonl"), "{\"id\":1}\n{\"id\":2}\n").getParent();
        Path empty = write(temp.resolve("e/empty/a.jsonl"), "").getParent();

        DiffManifest first = new LocalDiff().run(request(temp.resolve("e/none"), today, temp.resolve("e/out1"), "--allow-missing-yesterday", "true"));
        DiffManifest gone = new LocalDiff(2, 1).run(request(today, empty, temp.resolve("e/out2")));
        DiffManifest nothing = new LocalDiff().run(request(empty, empty, temp.resolve("e/out3")));

        assertThat(first.changes()).isEqualTo(new DiffManifest.Changes(2, 0, 0));
        assertThat(first.inputs().yesterday().files()).isZero();
        assertThat(gone.changes()).isEqualTo(new DiffManifest.Changes(0, 0, 2));
        assertThat(nothing.changes().total()).isZero();
        assertThat(nothing.output().files()).isEmpty();
        assertThat(temp.resolve("e/out3").resolve(DATE).resolve("_manifest.json")).exists();
    }

    @Test
    void autoPicksTheLocalEngineForSnapshotsThatFitAndTheEngineCanBeForced() throws IOException {
        Path snapshot = write(temp.resolve("a/t/a.jsonl"), "{\"id\":1}\n").getParent();
        Path out = temp.resolve("a/out");

        assertThat(new LocalDiff().prefers(request(snapshot, snapshot, out))).isTrue();
        assertThat(new LocalDiff().prefers(request(snapshot, snapshot, out, "--engine", "local"))).isTrue();
        assertThat(new LocalDiff().prefers(request(snapshot, snapshot, out, "--engine", "spark"))).isFalse();
        assertThatThrownBy(() -> request(snapshot, snapshot, out, "--engine", "duckdb")).isInstanceOf(JobFailure.class)
                .hasMessage("Invalid --engine 'duckdb': use auto, local or spark");
        assertThatThrownBy(() -> new LocalDiff().prefers(request(temp.resolve("a/none"), snapshot, out))).isInstanceOf(JobFailure.class)
                .hasMessageStartingWith("Cannot read yesterday snapshot");
    }

    @Test
    void autoPicksSparkInsideGluesDriverButLocalCanStillBeForced() throws IOException {
        Path snapshot = write(temp.resolve("g/t/a.jsonl"), "{\"id\":1}\n").getParent();
        Path out = temp.resolve("g/out");
        System.setProperty(JobEntryPoint.GLUE_PROPERTY, "true");
        try {
            assertThat(new LocalDiff().prefers(request(snapshot, snapshot, out))).isFalse();
            assertThat(new LocalDiff().prefers(request(snapshot, snapshot, out, "--engine", "local"))).isTrue();
        } finally {
            System.clearProperty(JobEntryPoint.GLUE_PROPERTY);
        }
        assertThat(new LocalDiff().prefers(request(snapshot, snapshot, out))).isTrue();
    }
}
