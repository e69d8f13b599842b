package dev.lagoa.market;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One thing wrong with data a source answered, found by a validator. A {@link Severity#HARD} problem means the data
 * must not be used as it is (the caller quarantines it); a {@link Severity#WARNING} is kept and reported.
 *
 * @param field the field concerned, as in the response ({@code results[3].part}, {@code header.date}, {@code took})
 * @param row the index of the row concerned in the response's list (results, bars), or empty
 * @param ticker the ticker of the row concerned as received, or empty
 */
public record Problem(Severity severity, String field, OptionalInt row, Optional<String> ticker, String message) {
    /** How bad a problem is. */
    public enum Severity {
        /** The data cannot be trusted as it is. */
        HARD,
        /** The data can be used; someone should look. */
        WARNING
    }

    public Problem {
        requireNonNull(severity, "severity is null");
        requireNonNull(field, "field is null");
        requireNonNull(row, "row is null");
        requireNonNull(ticker, "ticker is null");
        requireNonNull(message, "message is null");
    }

    public static Problem hard(String field, String message) {
        return new Problem(Severity.HARD, field, OptionalInt.empty(), Optional.empty(), message);
    }

    public static Problem warning(String field, String message) {
        return new Problem(Severity.WARNING, field, OptionalInt.empty(), Optional.empty(), message);
    }

    /** A problem of row {@code row}, whose ticker is {@code ticker} (null when it has none). */
    public static Problem ofRow(Severity severity, String field, int row, String ticker, String message) {
        return new Problem(severity, field, OptionalInt.of(row), Optional.ofNullable(ticker), message);
    }

    public boolean isHard() {
        return severity == Severity.HARD;
    }

    /** Whether any of {@code problems} is hard. */
    public static boolean anyHard(Collection<Problem> problems) {
        return problems.stream().anyMatch(Problem::isHard);
    }

    /** {@code HARD results[3].cod (PETR 4): ticker 'PETR 4' has spaces inside}. */
    @Override
    public String toString() {
        return severity + " " + field + ticker.map(value -> " (" + value + ")").orElse("") + ": " + message;
    }
}
