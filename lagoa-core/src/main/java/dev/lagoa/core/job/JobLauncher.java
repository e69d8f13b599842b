package dev.lagoa.core.job;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.ErrorType;
import dev.lagoa.core.LagoaException;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Starts Spark job runs and reports on them, as AWS Glue does ({@code StartJobRun}, {@code GetJobRun},
 * {@code GetJobRuns}, {@code BatchStopJobRun}). Implementations: {@code ProcessJobLauncher} (a child JVM per run,
 * local) and {@code GlueJobLauncher} (AWS Glue). Arguments are never null.
 */
public interface JobLauncher extends Closeable {
    /**
     * Starts a run and returns at once with its first state. Throws {@code JOB_NOT_FOUND} for an unknown job and
     * {@code CONCURRENT_RUNS_EXCEEDED} when the job already has its maximum of runs in flight.
     */
    JobRun start(JobRunRequest request);

    /** The run as it is now. Throws {@code JOB_RUN_NOT_FOUND}. */
    JobRun get(JobRunId id);

    /** The most recent runs, newest first, of one job or (jobName empty) of all jobs. */
    List<JobRun> runs(Optional<String> jobName, int limit);

    /** Asks a run to stop; a run already finished is left as it is. */
    void stop(JobRunId id);

    /**
     * Waits until the run and the retries that followed it are finished, and returns the last attempt. Throws
     * {@code JOB_RUN_TIMEOUT} when {@code maxWait} passes first (the run goes on).
     */
    default JobRun awaitCompletion(JobRunId id, Duration maxWait, Duration pollInterval) {
        return awaitCompletion(id, maxWait, pollInterval, run -> { });
    }

    /** As {@link #awaitCompletion(JobRunId, Duration, Duration)}, handing {@code onPoll} the run as each poll finds it (a progress display). */
    default JobRun awaitCompletion(JobRunId id, Duration maxWait, Duration pollInterval, Consumer<JobRun> onPoll) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        JobRun run = get(id);
        while (true) {
            onPoll.accept(run);
            if (run.state().isTerminal()) {
                Optional<JobRun> retry = retryOf(run);
                if (retry.isEmpty()) {
                    return run;
                }
                run = retry.get();
                continue;
            }
            if (System.nanoTime() > deadline) {
                throw new LagoaException(ErrorCode.JOB_RUN_TIMEOUT,
                        "Job run %s of %s still %s after %s".formatted(run.id(), run.jobName(), run.state(), maxWait));
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LagoaException(ErrorCode.JOB_RUN_STOPPED, "Interrupted while waiting for job run " + id, e);
            }
            run = get(run.id());
        }
    }

    /** The run that retried {@code run}, if there is one. */
    default Optional<JobRun> retryOf(JobRun run) {
        if (run.state() != JobRunState.FAILED) {
            return Optional.empty();
        }
        return runs(Optional.of(run.jobName()), 100).stream()
                .filter(candidate -> candidate.previousRunId().equals(Optional.of(run.id())))
                .findFirst();
    }

    /**
     * Who was at fault when a run failed, as the run reported it: the caller's input, the environment or a bug. Empty
     * when the run did not fail, or when the launcher cannot tell (the default: Glue reports no fault). A launcher
     * that keeps its runs throws {@code JOB_RUN_NOT_FOUND} for an unknown id.
     */
    default Optional<ErrorType> failureType(JobRunId id) {
        return Optional.empty();
    }

    /**
     * The summary a run reported of its outcome (a JSON document), when the launcher keeps it; empty otherwise (the
     * default). A launcher that keeps its runs throws {@code JOB_RUN_NOT_FOUND} for an unknown id.
     */
    default Optional<String> runSummary(JobRunId id) {
        return Optional.empty();
    }

    @Override
    void close();
}
