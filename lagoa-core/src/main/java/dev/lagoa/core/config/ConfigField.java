package dev.lagoa.core.config;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.function.Function;

/**
 * One documented configuration key: {@code dotted.lower-kebab} name, type, default, description and an optional
 * validator. The environment variable that overrides it is derived from the name
 * ({@code kafka.bootstrap-servers} → {@code LAGOA_KAFKA_BOOTSTRAP_SERVERS}, {@code lagoa.profile} → {@code LAGOA_PROFILE}).
 */
public record ConfigField(String name, ConfigType type, String defaultValue, String description, Function<String, String> validator) {
    public ConfigField {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(description, "description is null");
        requireNonNull(validator, "validator is null");
        if (!name.matches("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+")) {
            throw new IllegalArgumentException("Configuration keys are dotted.lower-kebab: " + name);
        }
    }

    public static ConfigField create(String name, ConfigType type, String defaultValue, String description) {
        return new ConfigField(name, type, defaultValue, description, value -> null);
    }

    /** The same field with a validator that returns the problem with a value, or null when it is fine. */
    public ConfigField withValidator(Function<String, String> newValidator) {
        return new ConfigField(name, type, defaultValue, description, newValidator);
    }

    public boolean isSecret() {
        return type == ConfigType.PASSWORD;
    }

    public boolean hasDefault() {
        return defaultValue != null;
    }

    public String environmentVariable() {
        String unprefixed = name.startsWith("lagoa.") ? name.substring("lagoa.".length()) : name;
        return "LAGOA_" + unprefixed.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The problem with {@code value} for this field, or null. */
    String problem(String value) {
        String typeProblem = type.problem(value);
        String problem = typeProblem != null ? typeProblem : validator.apply(value);
        // a validator may quote the value: it is shown as display() shows it
        return problem == null || value.isEmpty() ? problem : problem.replace(value, display(value));
    }

    /** How a value of this field may be shown: secrets are masked, and so are credentials inside URLs ({@link Credentials}). */
    public String display(String value) {
        if (value == null) {
            return "";
        }
        return isSecret() && !value.isEmpty() ? "******" : Credentials.mask(value);
    }
}
