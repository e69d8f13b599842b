package dev.lagoa.core.job;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a job: its arguments, state, times, where its log is and, when it failed, why. {@code attempt} counts
 * from 0; a retry is a new run whose {@code previousRunId} names the failed one (as in Glue).
 */
public record JobRun(
        JobRunId id,
        String jobName,
        int attempt,
        Optional<JobRunId> previousRunId,
        Map<String, String> arguments,
        JobRunState state,
        Instant startedOn,
        Optional<Instant> completedOn,
        Optional<String> errorMessage,
        Optional<String> logLocation) {
    public JobRun {
        requireNonNull(id, "id is null");
        requireNonNull(jobName, "jobName is null");
        requireNonNull(previousRunId, "previousRunId is null");
        arguments = Map.copyOf(requireNonNull(arguments, "arguments is null"));
        requireNonNull(state, "state is null");
        requireNonNull(startedOn, "startedOn is null");
        requireNonNull(completedOn, "completedOn is null");
        requireNonNull(errorMessage, "errorMessage is null");
        requireNonNull(logLocation, "logLocation is null");
    }

    public Optional<Duration> executionTime() {
        return completedOn.map(end -> Duration.between(startedOn, end));
    }

    public JobRun withState(JobRunState newState, Optional<Instant> newCompletedOn, Optional<String> newErrorMessage) {
        return new JobRun(id, jobName, attempt, previousRunId, arguments, newState, startedOn, newCompletedOn, newErrorMessage, logLocation);
    }

    /** The run as {@code lagoa jobs runs --json} and the console's {@code /api/runs} write it (an insertion-ordered map). */
    public java.util.Map<String, Object> document() {
        java.util.Map<String, Object> document = new java.util.LinkedHashMap<>();
        document.put("id", id.value());
        document.put("job", jobName);
        document.put("attempt", attempt);
        document.put("previous_run_id", previousRunId.map(JobRunId::value).orElse(null));
        document.put("state", state.name());
        document.put("started_on", startedOn.toString());
        document.put("completed_on", completedOn.map(Object::toString).orElse(null));
        document.put("execution_seconds", executionTime().map(duration -> duration.toMillis() / 1000.0).orElse(null));
        document.put("error_message", errorMessage.orElse(null));
        document.put("log", logLocation.orElse(null));
        document.put("arguments", new java.util.TreeMap<>(arguments));
        return document;
    }
}
