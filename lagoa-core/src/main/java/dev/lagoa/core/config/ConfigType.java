package dev.lagoa.core.config;

/** The type of a configuration value; each type parses and checks its text form. */
public enum ConfigType {
    STRING,
    INT,
    BOOLEAN,
    DURATION,
    PATH,
    /** A secret: masked in every output and log. */
    PASSWORD;

    /** Why {@code value} is not of this type, or null when it is. */
    String problem(String value) {
        return switch (this) {
            case STRING, PATH, PASSWORD -> null;
            case INT -> {
                try {
                    Integer.parseInt(value.trim());
                    yield null;
                } catch (NumberFormatException e) {
                    yield "'" + value + "' is not an integer";
                }
            }
            case BOOLEAN -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") ? null : "'" + value + "' is not true or false";
            case DURATION -> {
                try {
                    Durations.parse(value);
                    yield null;
                } catch (IllegalArgumentException e) {
                    yield e.getMessage();
                }
            }
        };
    }
}
