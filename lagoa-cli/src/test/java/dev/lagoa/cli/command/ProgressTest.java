package dev.lagoa.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.apiload.LoadListener;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.job.JobRunState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress as plain lines when the output is not a terminal, and none at all for --json. */
class ProgressTest {
    private final AtomicLong nanos = new AtomicLong();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path temp;

    private Progress lines(String task) {
        return Progress.start(Progress.Mode.LINES, task, "records", new PrintWriter(err), nanos::get);
    }

    private void after(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void anApiLoadPrintsALineAtEachStageAndEveryFiveSeconds() {
        try (Progress progress = lines("apiload customers")) {
            LoadListener listener = ApiLoadCommand.listener(progress);
            after(1);
            listener.pagesFetched("customers", 1);
            after(1);
            listener.pagesFetched("customers", 2);
            after(4);
            listener.pagesFetched("customers", 3);
            after(2);
            listener.recordsRead("customers", 3, 16_000);
            after(1);
            listener.recordsRead("customers", 3, 20_000);
        }

        assertThat(err.toString().lines()).containsExactly(
                "apiload customers: fetching, 1 page, 1.0s",
                "apiload customers: fetching, 3 pages, 6.0s",
                "apiload customers: loading, 16,000 records (2,000 records/s), 3 pages, 8.0s");
    }

    @Test
    void aDiffShowsTheStagesItsJobLogs() throws Exception {
        Path log = temp.resolve("run.log");
        Files.writeString(log, "2026-12-07 10:00:01.000 WARN  NativeCodeLoader: unable to load native-hadoop library\n");
        try (Progress progress = lines("diff jr_1")) {
            DiffProgress diff = new DiffProgress(progress);
            diff.accept(run(JobRunState.RUNNING, log));
            after(2);
            Files.writeString(log, "2026-12-07 10:00:03.000 INFO  DiffJob: Diff of 2026-12-07 by [id]: yesterday file:/y/ (2 files in 2 chunks), "
                    + "today file:/t/ (1 files in 1 chunks)\n", java.nio.file.StandardOpenOption.APPEND);
            diff.accept(run(JobRunState.RUNNING, log));
            after(3);
            Files.writeString(log, "2026-12-07 10:00:06.000 INFO  DiffJob: Compared 1000 + 1020 records in 2000 ms: 30 inserted, 10 updated, "
                    + "10 deleted, 980 unchanged, 0 rejected\n2026-12-07 10:00:06.1", java.nio.file.StandardOpenOption.APPEND);
            diff.accept(run(JobRunState.RUNNING, log));
            after(1);
            diff.accept(run(JobRunState.SUCCEEDED, log));
        }

        assertThat(err.toString().lines()).containsExactly(
                "diff jr_1: starting, 0ms",
                "diff jr_1: comparing, yesterday 2 files, today 1 file, 2.0s",
                "diff jr_1: writing, 2,020 records (404 records/s), compared 1,000 + 1,020 records in 2,000 ms (1,010 records/s), 5.0s",
                "diff jr_1: succeeded, 2,020 records (337 records/s), compared 1,000 + 1,020 records in 2,000 ms (1,010 records/s), 6.0s");
    }

    @Test
    void jsonOutputShowsNoProgressAnywhere() {
        assertThat(Progress.mode(true)).isEqualTo(Progress.Mode.OFF);
        try (Progress progress = Progress.start(Progress.mode(true), "apiload customers", "records", new PrintWriter(err), nanos::get)) {
            ApiLoadCommand.listener(progress).pagesFetched("customers", 1);
            after(10);
            ApiLoadCommand.listener(progress).recordsRead("customers", 1, 100);
        }

        assertThat(err.toString()).isEmpty();
    }

    private static JobRun run(JobRunState state, Path log) {
        return new JobRun(JobRunId.of("jr_1"), "lagoa-diff", 0, Optional.empty(), Map.of(), state, Instant.EPOCH,
                state.isTerminal() ? Optional.of(Instant.EPOCH.plusSeconds(6)) : Optional.empty(), Optional.empty(), Optional.of(log.toString()));
    }
}
