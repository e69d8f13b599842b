package dev.lagoa.core.statemachine;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A retrier, as Amazon States Language declares it: the error names it matches ({@code States.ALL},
 * {@code States.TaskFailed}, {@code States.Timeout}, ...), the wait before the first retry, how many retries at most and
 * the factor by which each wait grows.
 */
public record Retry(List<String> errors, Duration interval, int maxAttempts, double backoffRate) {
    public Retry {
        errors = List.copyOf(requireNonNull(errors, "errors is null"));
        requireNonNull(interval, "interval is null");
    }

    /** The wait before retry number {@code retry} (1 for the first): interval × backoffRate^(retry − 1). */
    public Duration delay(int retry) {
        double millis = interval.toMillis() * Math.pow(backoffRate, Math.max(0, retry - 1));
        return Duration.ofMillis(Math.round(millis));
    }

    /** Whether this retrier handles {@code error}. */
    public boolean matches(String error) {
        return StateMachineErrors.matches(errors, error);
    }
}
