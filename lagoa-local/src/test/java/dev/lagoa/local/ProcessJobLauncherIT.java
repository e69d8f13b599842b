package dev.lagoa.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.job.JobDefinition;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunRequest;
import dev.lagoa.core.job.JobRunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs running a small job main: states, logs, timeout, retries, concurrency, stop. */
class ProcessJobLauncherIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);

    @TempDir
    Path temp;
    private ProcessJobLauncher launcher;
    private Workspace workspace;

    private static JobDefinition job(String name, Duration timeout, int retries, int concurrent) {
        return new JobDefinition(name, TestJob.class.getName(), Map.of("--behaviour", "succeed"), timeout, retries, concurrent);
    }

    private final Map<String, JobDefinition> jobs = Map.of(
            "quick", job("quick", Duration.ofMinutes(1), 0, 1),
            "slow", job("slow", Duration.ofSeconds(3), 0, 1),
            "retried", job("retried", Duration.ofMinutes(1), 2, 1));

    @BeforeEach
    void start() {
        workspace = Workspace.open(temp.resolve("home"));
        launcher = TestJob.launcher(workspace, jobs);
    }

    @AfterEach
    void close() {
        launcher.close();
    }

    @Test
    void aSuccessfulRunIsRecordedWithItsArgumentsAndLog() throws Exception {
        JobRun started = launcher.start(new JobRunRequest("quick", Map.of("--date", "2026-11-21", "--out", "s3://lagoa-diffs/")));

        JobRun run = launcher.awaitCompletion(started.id(), WAIT, POLL);

        assertThat(run.state()).isEqualTo(JobRunState.SUCCEEDED);
        assertThat(run.completedOn()).isPresent();
        assertThat(run.arguments()).containsEntry("--date", "2026-11-21").containsEntry("--behaviour", "succeed");
        String log = Files.readString(Path.of(run.logLocation().orElseThrow()));
        assertThat(log).contains("--JOB_NAME quick", "--JOB_RUN_ID " + run.id(), "--date 2026-11-21")
                .as("s3:// arguments point into the lake").contains("--out " + workspace.lake().resolve("lagoa-diffs").toUri());
        assertThat(launcher.summary(run.id()).orElseThrow().get("records").asInt()).isEqualTo(3);
        assertThat(launcher.runs(Optional.of("quick"), 10)).extracting(JobRun::id).containsExactly(run.id());
    }

    @Test
    void aUserErrorFailsAtOnceWithTheJobsMessage() {
        JobRun started = launcher.start(new JobRunRequest("retried", Map.of("--behaviour", "user-error")));

        JobRun run = launcher.awaitCompletion(started.id(), WAIT, POLL);

        assertThat(run.state()).isEqualTo(JobRunState.FAILED);
        assertThat(run.attempt()).as("the caller's errors are not retried").isZero();
        assertThat(run.errorMessage()).contains("Cannot read today snapshot: no objects under prefix");
    }

    @Test
    void aFailedRunIsRetriedAsANewRunNamingThePreviousOne() {
        java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        launcher.listen(new ProcessJobLauncher.RunListener() {
            @Override
            public void started(JobRun run) {
                heard.add("started attempt " + run.attempt());
            }

            @Override
            public void finished(JobRun run) {
                heard.add("attempt " + run.attempt() + " " + run.state() + (run.executionTime().isPresent() ? " with a duration" : ""));
            }
        });
        JobRun started = launcher.start(new JobRunRequest("retried", Map.of("--behaviour", "flaky", "--marker", temp.resolve("flag").toString())));

        JobRun last = launcher.awaitCompletion(started.id(), WAIT, POLL);

        assertThat(last.state()).isEqualTo(JobRunState.SUCCEEDED);
        assertThat(last.attempt()).isEqualTo(1);
        assertThat(last.previousRunId()).contains(started.id());
        JobRun first = launcher.get(started.id());
        assertThat(first.state()).isEqualTo(JobRunState.FAILED);
        assertThat(first.errorMessage().orElseThrow()).contains("exited with status 1");
        org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(heard).containsExactly("started attempt 0",
                "attempt 0 FAILED with a duration", "started attempt 1", "attempt 1 SUCCEEDED with a duration"));
    }

    @Test
    void aRunPastItsTimeoutIsKilledAndMarkedTimeout() {
        JobRun started = launcher.start(new JobRunRequest("slow", Map.of("--behaviour", "sleep")));

        JobRun run = launcher.awaitCompletion(started.id(), WAIT, POLL);

        assertThat(run.state()).isEqualTo(JobRunState.TIMEOUT);
        assertThat(run.errorMessage()).contains("Job run exceeded its timeout of 3.0s and was stopped");
        assertThat(run.executionTime().orElseThrow()).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aJobHasAtMostItsConcurrentRuns() {
        JobRun first = launcher.start(new JobRunRequest("slow", Map.of("--behaviour", "sleep")));

        assertThatThrownBy(() -> launcher.start(new JobRunRequest("slow", Map.of("--behaviour", "sleep"))))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONCURRENT_RUNS_EXCEEDED))
                .hasMessageContaining("Cannot start slow: 1 run is already in flight (" + first.id() + ")");
        launcher.stop(first.id());
        assertThat(launcher.get(first.id()).state()).isEqualTo(JobRunState.STOPPED);
    }

    @Test
    void aRunStartedByAnotherLauncherIsStoppedThroughItsRecordedProcess() {
        JobRun run = launcher.start(new JobRunRequest("quick", Map.of("--behaviour", "sleep")));
        ProcessHandle child = ProcessHandle.current().children()
                .filter(handle -> handle.info().commandLine().orElse("").contains(run.id().value())).findFirst().orElseThrow();

        // another terminal: the process id and start time in the store are all it knows of the run
        try (ProcessJobLauncher other = TestJob.launcher(workspace, jobs)) {
            other.stop(run.id());
        }

        assertThat(child.onExit().orTimeout(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join().isAlive()).isFalse();
        assertThat(launcher.get(run.id()).state()).isEqualTo(JobRunState.STOPPED);
    }

    @Test
    void closingTheLauncherStopsItsRuns() {
        JobRun run = launcher.start(new JobRunRequest("quick", Map.of("--behaviour", "sleep")));

        launcher.close();
        launcher = TestJob.launcher(workspace, jobs);

        JobRun stopped = launcher.get(run.id());
        assertThat(stopped.state()).isEqualTo(JobRunState.STOPPED);
        assertThat(stopped.errorMessage()).contains("Stopped: the launcher was closed");
        assertThat(List.of(launcher.runs(Optional.empty(), 10).size())).containsExactly(1);
    }

    @Test
    void anUnknownJobIsNamed() {
        assertThatThrownBy(() -> launcher.start(new JobRunRequest("nope", Map.of())))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.JOB_NOT_FOUND));
    }
}
