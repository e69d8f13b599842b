package dev.lagoa.orchestrator;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.job.JobRunRequest;
import dev.lagoa.core.job.JobRunState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A job launcher whose runs end at once as scripted per job: each start takes the next outcome (SUCCEEDED when none is left). */
final class ScriptedJobLauncher implements JobLauncher {
    private final Map<String, Deque<String>> outcomes = new LinkedHashMap<>();
    private final Map<JobRunId, JobRun> runs = new LinkedHashMap<>();
    final List<JobRunRequest> started = new ArrayList<>();
    private int counter;

    /** Outcomes of the next runs of {@code job}: "SUCCEEDED", or an error message for a FAILED run. */
    ScriptedJobLauncher script(String job, String... next) {
        outcomes.computeIfAbsent(job, ignored -> new ArrayDeque<>()).addAll(List.of(next));
        return this;
    }

    @Override
    public synchronized JobRun start(JobRunRequest request) {
        if (request.jobName().equals("ocupado")) {
            throw new LagoaException(ErrorCode.CONCURRENT_RUNS_EXCEEDED, "Cannot start ocupado: 1 run is already in flight");
        }
        started.add(request);
        String outcome = Optional.ofNullable(outcomes.get(request.jobName())).map(Deque::poll).orElse("SUCCEEDED");
        JobRunId id = JobRunId.of("jr_" + (++counter));
        boolean succeeded = outcome.equals("SUCCEEDED");
        JobRun run = new JobRun(id, request.jobName(), 0, Optional.empty(), request.arguments(), succeeded ? JobRunState.SUCCEEDED : JobRunState.FAILED,
                Instant.parse("2026-11-21T12:00:00Z"), Optional.of(Instant.parse("2026-11-21T12:00:05Z")),
                succeeded ? Optional.empty() : Optional.of(outcome), Optional.empty());
        runs.put(id, run);
        return run;
    }

    @Override
    public synchronized JobRun get(JobRunId id) {
        JobRun run = runs.get(id);
        if (run == null) {
            throw new LagoaException(ErrorCode.JOB_RUN_NOT_FOUND, "No job run " + id);
        }
        return run;
    }

    @Override
    public synchronized List<JobRun> runs(Optional<String> jobName, int limit) {
        return runs.values().stream().filter(run -> jobName.map(run.jobName()::equals).orElse(true)).limit(limit).toList();
    }

    @Override
    public void stop(JobRunId id) {
        // runs end at once
    }

    @Override
    public void close() {
        // nothing held
    }
}
