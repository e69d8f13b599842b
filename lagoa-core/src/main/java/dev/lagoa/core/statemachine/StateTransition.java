package dev.lagoa.core.statemachine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One step of an execution's history: a state entered and left, with its input and output (JSON text), its outcome,
 * the error when it failed, the attempt (0 first, then each retry), when, and what it ran ({@code resource}: a job run
 * id, a child execution id, a control-plane task).
 *
 * @param outcome {@code SUCCEEDED}, {@code FAILED}, {@code RETRIED} (an attempt failed and a retrier applies) or
 *     {@code CAUGHT} (failed, and a catcher went on)
 */
public record StateTransition(String executionId, int sequence, String state, String type, String outcome, int attempt, String input,
        Optional<String> output, Optional<String> error, Optional<String> cause, Optional<String> resource, Instant enteredAt, Instant exitedAt) {
    public StateTransition {
        requireNonNull(executionId, "executionId is null");
        requireNonNull(state, "state is null");
        requireNonNull(type, "type is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(input, "input is null");
        requireNonNull(output, "output is null");
        requireNonNull(error, "error is null");
        requireNonNull(cause, "cause is null");
        requireNonNull(resource, "resource is null");
        requireNonNull(enteredAt, "enteredAt is null");
        requireNonNull(exitedAt, "exitedAt is null");
    }
}
