package dev.lagoa.core.statemachine;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One execution of a state machine: its input and output (JSON text), its status and, when it did not succeed, the
 * error name and cause; {@code parentId} names the execution that started it as a child.
 */
public record Execution(String id, String stateMachine, Optional<String> parentId, ExecutionStatus status, String input,
        Optional<String> output, Optional<String> error, Optional<String> cause, Instant startedAt, Optional<Instant> stoppedAt) {
    public Execution {
        requireNonNull(id, "id is null");
        requireNonNull(stateMachine, "stateMachine is null");
        requireNonNull(parentId, "parentId is null");
        requireNonNull(status, "status is null");
        requireNonNull(input, "input is null");
        requireNonNull(output, "output is null");
        requireNonNull(error, "error is null");
        requireNonNull(cause, "cause is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(stoppedAt, "stoppedAt is null");
    }

    public Optional<Duration> duration() {
        return stoppedAt.map(end -> Duration.between(startedAt, end));
    }

    /** The execution ended with this status, output and error. */
    public Execution finish(ExecutionStatus newStatus, Optional<String> newOutput, Optional<String> newError, Optional<String> newCause,
            Instant at) {
        return new Execution(id, stateMachine, parentId, newStatus, input, newOutput, newError, newCause, startedAt, Optional.of(at));
    }
}
