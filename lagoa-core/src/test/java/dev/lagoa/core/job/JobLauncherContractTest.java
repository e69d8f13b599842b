package dev.lagoa.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobLauncher} does, whether its runs are child JVMs or Glue job runs. An adapter's test provides
 * the launcher and two jobs: one whose runs succeed and one whose runs fail with {@link #failureMessage()}.
 */
public abstract class JobLauncherContractTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(50);

    protected abstract JobLauncher launcher();

    /** The name of a job whose runs succeed (the adapter's test prepares it). */
    protected abstract String succeedingJob();

    /** The name of a job whose runs fail with {@link #failureMessage()}. */
    protected abstract String failingJob();

    protected abstract String failureMessage();

    @Test
    void aRunEndsSucceededWithItsArguments() {
        JobRun started = launcher().start(new JobRunRequest(succeedingJob(), Map.of("--date", "2026-11-21")));

        JobRun run = launcher().awaitCompletion(started.id(), WAIT, POLL);

        assertThat(run.id()).isEqualTo(started.id());
        assertThat(run.jobName()).isEqualTo(succeedingJob());
        assertThat(run.state()).isEqualTo(JobRunState.SUCCEEDED);
        assertThat(run.arguments()).containsEntry("--date", "2026-11-21");
        assertThat(run.completedOn()).isPresent();
        assertThat(run.errorMessage()).isEmpty();
    }

    @Test
    void aFailedRunSaysWhy() {
        JobRun started = launcher().start(new JobRunRequest(failingJob(), Map.of("--date", "2026-11-21")));

        JobRun run = launcher().awaitCompletion(started.id(), WAIT, POLL);

        assertThat(run.state()).isEqualTo(JobRunState.FAILED);
        assertThat(run.errorMessage()).hasValueSatisfying(message -> assertThat(message).contains(failureMessage()));
    }

    @Test
    void theRunsOfAJobListTheStartedRun() {
        JobRun started = launcher().start(new JobRunRequest(succeedingJob(), Map.of("--date", "2026-11-21")));
        launcher().awaitCompletion(started.id(), WAIT, POLL);

        assertThat(launcher().runs(Optional.of(succeedingJob()), 10)).extracting(JobRun::id).contains(started.id());
    }

    @Test
    void anUnknownRunIsNamed() {
        assertThatThrownBy(() -> launcher().get(JobRunId.of("jr_" + "0".repeat(64))))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.JOB_RUN_NOT_FOUND))
                .hasMessageContaining("jr_" + "0".repeat(64));
    }
}
