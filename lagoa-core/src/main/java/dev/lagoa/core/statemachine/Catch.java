package dev.lagoa.core.statemachine;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A catcher: the error names it matches, the state it goes to, and where the error ({@code Error}, {@code Cause}) is put
 * in the state's input ({@code $.erro}), as Amazon States Language declares it.
 */
public record Catch(List<String> errors, String next, String resultPath) {
    public Catch {
        errors = List.copyOf(requireNonNull(errors, "errors is null"));
        requireNonNull(next, "next is null");
        requireNonNull(resultPath, "resultPath is null");
    }

    public boolean matches(String error) {
        return StateMachineErrors.matches(errors, error);
    }
}
