package dev.lagoa.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.job.JobRunState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a crash or a reboot the process id recorded for a run may belong to another program: the launcher must
 * neither kill it nor keep the run in flight because of it.
 */
class ProcessJobLauncherRecycledPidTest {
    @TempDir
    Path temp;
    private Workspace workspace;
    private ProcessJobLauncher launcher;
    private SqliteJobRunRepository repository;
    private Process unrelated;

    @BeforeEach
    void start() throws IOException {
        workspace = Workspace.open(temp.resolve("home"));
        launcher = TestJob.launcher(workspace, Map.of());
        repository = new SqliteJobRunRepository(workspace.metadataDatabase());
        // another user's program that happens to hold the process id the store recorded
        unrelated = new ProcessBuilder("sleep", "600").start();
    }

    @AfterEach
    void close() {
        unrelated.destroyForcibly();
        repository.close();
        launcher.close();
    }

    /** A RUNNING run, started an hour ago by a launcher that is gone, whose recorded pid is now {@code unrelated}'s. */
    private JobRunId orphanRunRecordedWithTheUnrelatedPid() {
        Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS);
        JobRun run = new JobRun(JobRunId.newId(anHourAgo), "diff", 0, Optional.empty(), Map.of(), JobRunState.STARTING, anHourAgo,
                Optional.empty(), Optional.empty(), Optional.empty());
        repository.insert(run, Optional.empty());
        // the job's JVM started an hour ago; the program now holding its pid started just now
        repository.setProcess(run.id(), unrelated.pid(), Optional.of(anHourAgo));
        return run.id();
    }

    @Test
    void stoppingTheRunLeavesTheProgramThatReusedItsPidAlone() {
        JobRunId id = orphanRunRecordedWithTheUnrelatedPid();

        launcher.stop(id);

        assertThat(unrelated.isAlive()).as("the unrelated process survives").isTrue();
        assertThat(launcher.get(id).state()).isEqualTo(JobRunState.STOPPED);
    }

    @Test
    void aRunWhosePidWasReusedIsReapedInsteadOfStayingInFlight() {
        JobRunId id = orphanRunRecordedWithTheUnrelatedPid();

        launcher.runs(Optional.empty(), 10);

        JobRun run = launcher.get(id);
        assertThat(run.state()).as("the run no longer holds a concurrency slot").isEqualTo(JobRunState.FAILED);
        assertThat(run.errorMessage().orElseThrow()).contains("The run's process ended without reporting");
        assertThat(unrelated.isAlive()).isTrue();
    }

    @Test
    void aRunRecordedWithoutItsProcessStartTimeIsNotTakenForTheProgramHoldingItsPid() {
        Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS);
        JobRun run = new JobRun(JobRunId.newId(anHourAgo), "diff", 0, Optional.empty(), Map.of(), JobRunState.STARTING, anHourAgo,
                Optional.empty(), Optional.empty(), Optional.empty());
        repository.insert(run, Optional.empty());
        // a row written before start times were recorded: its pid alone proves nothing
        repository.setProcess(run.id(), unrelated.pid(), Optional.empty());

        launcher.stop(run.id());

        assertThat(unrelated.isAlive()).isTrue();
    }

    @Test
    void aRunWhoseProcessEndedIsLeftToItsLiveLauncherToFinish() throws Exception {
        // started by a launcher in a live JVM (here, this one), long ago; its process just ended and the launcher is
        // about to record the outcome: another launcher listing the runs must not call it failed in between
        Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS);
        JobRun run = new JobRun(JobRunId.newId(anHourAgo), "diff", 0, Optional.empty(), Map.of(), JobRunState.STARTING, anHourAgo,
                Optional.empty(), Optional.empty(), Optional.empty());
        repository.insert(run, Optional.of(SqliteJobRunRepository.RecordedProcess.of(ProcessHandle.current())));
        Process ended = new ProcessBuilder("true").start();
        Optional<Instant> endedStart = ended.info().startInstant();
        ended.waitFor();
        repository.setProcess(run.id(), ended.pid(), endedStart);

        launcher.runs(Optional.empty(), 10);

        assertThat(launcher.get(run.id()).state()).isEqualTo(JobRunState.RUNNING);
    }

    @Test
    void aRunWhoseLauncherAndProcessAreGoneIsReapedAtOnce() throws Exception {
        Instant now = Instant.now();
        JobRun run = new JobRun(JobRunId.newId(now), "diff", 0, Optional.empty(), Map.of(), JobRunState.STARTING, now,
                Optional.empty(), Optional.empty(), Optional.empty());
        Process goneLauncher = new ProcessBuilder("true").start();
        Optional<Instant> launcherStart = goneLauncher.info().startInstant();
        goneLauncher.waitFor();
        repository.insert(run, Optional.of(new SqliteJobRunRepository.RecordedProcess(goneLauncher.pid(), launcherStart)));

        launcher.runs(Optional.empty(), 10);

        assertThat(launcher.get(run.id()).state()).as("no launcher will ever finish it").isEqualTo(JobRunState.FAILED);
    }
}
