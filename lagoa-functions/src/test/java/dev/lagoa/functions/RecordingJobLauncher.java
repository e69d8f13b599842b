package dev.lagoa.functions;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.job.JobRunRequest;
import dev.lagoa.core.job.JobRunState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A launcher that records the runs it is asked for; each stays RUNNING until the test finishes it. */
final class RecordingJobLauncher implements JobLauncher {
    private final List<JobRun> runs = new ArrayList<>();
    private final Clock clock;
    private final int maxConcurrentRuns;

    RecordingJobLauncher(Clock clock, int maxConcurrentRuns) {
        this.clock = clock;
        this.maxConcurrentRuns = maxConcurrentRuns;
    }

    @Override
    public synchronized JobRun start(JobRunRequest request) {
        long inFlight = runs.stream().filter(run -> run.jobName().equals(request.jobName()) && !run.state().isTerminal()).count();
        if (inFlight >= maxConcurrentRuns) {
            throw new LagoaException(ErrorCode.CONCURRENT_RUNS_EXCEEDED, "Job " + request.jobName() + " already has " + inFlight + " runs in flight");
        }
        JobRun run = new JobRun(JobRunId.of("jr_" + (runs.size() + 1)), request.jobName(), 0, Optional.empty(), request.arguments(),
                JobRunState.RUNNING, clock.instant(), Optional.empty(), Optional.empty(), Optional.empty());
        runs.add(run);
        return run;
    }

    synchronized void finishAll() {
        runs.replaceAll(run -> run.state().isTerminal() ? run : run.withState(JobRunState.SUCCEEDED, Optional.of(clock.instant()), Optional.empty()));
    }

    /** Ends every run in flight in {@code state} (FAILED, TIMEOUT, STOPPED, as a run that did not finish its work). */
    synchronized void endAll(JobRunState state) {
        runs.replaceAll(run -> run.state().isTerminal() ? run : run.withState(state, Optional.of(clock.instant()), Optional.of("ended by the test")));
    }

    synchronized List<JobRun> started() {
        return List.copyOf(runs);
    }

    @Override
    public synchronized JobRun get(JobRunId id) {
        return runs.stream().filter(run -> run.id().equals(id)).findFirst()
                .orElseThrow(() -> new LagoaException(ErrorCode.JOB_RUN_NOT_FOUND, "No run " + id));
    }

    @Override
    public synchronized List<JobRun> runs(Optional<String> jobName, int limit) {
        return runs.stream()
                .filter(run -> jobName.isEmpty() || run.jobName().equals(jobName.get()))
                .sorted(Comparator.comparing(JobRun::startedOn).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public void stop(JobRunId id) {}

    @Override
    public void close() {}
}
