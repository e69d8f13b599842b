package dev.lagoa.core.statemachine;

import static java.util.Objects.requireNonNull;

/**
 * One rule of a Choice state: compares the value at {@code variable} (a path such as {@code $.bronze.atual}) with
 * {@code value}, and goes to {@code next} when it holds.
 */
public record ChoiceRule(String variable, Comparison comparison, Object value, String next) {
    /** The comparison operators Lagoa's state machines use, with their Amazon States Language names. */
    public enum Comparison {
        STRING_EQUALS("StringEquals"),
        BOOLEAN_EQUALS("BooleanEquals"),
        NUMERIC_GREATER_THAN("NumericGreaterThan"),
        NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals"),
        IS_PRESENT("IsPresent");

        private final String aslName;

        Comparison(String aslName) {
            this.aslName = aslName;
        }

        public String aslName() {
            return aslName;
        }
    }

    public ChoiceRule {
        requireNonNull(variable, "variable is null");
        requireNonNull(comparison, "comparison is null");
        requireNonNull(value, "value is null");
        requireNonNull(next, "next is null");
    }

    /** Whether the rule holds for {@code actual} (null when the path is absent). */
    public boolean test(Object actual) {
        return switch (comparison) {
            case IS_PRESENT -> (actual != null) == Boolean.TRUE.equals(value);
            case STRING_EQUALS -> actual instanceof String text && text.equals(value);
            case BOOLEAN_EQUALS -> actual instanceof Boolean bool && bool.equals(value);
            case NUMERIC_GREATER_THAN -> actual instanceof Number number && number.doubleValue() > ((Number) value).doubleValue();
            case NUMERIC_LESS_THAN_EQUALS -> actual instanceof Number number && number.doubleValue() <= ((Number) value).doubleValue();
        };
    }
}
