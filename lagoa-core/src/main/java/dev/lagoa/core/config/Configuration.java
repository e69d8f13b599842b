package dev.lagoa.core.config;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The effective configuration: for each known key, its value and where it came from. Precedence, lowest first:
 * the field's default, the profile's defaults, the properties file, {@code LAGOA_*} environment variables, then
 * command-line overrides. Loading validates every value and reports every problem at once.
 */
public final class Configuration {
    private final Map<String, ConfigField> fields;
    private final Map<String, String> values;
    private final Map<String, ConfigSource> sources;

    private Configuration(Map<String, ConfigField> fields, Map<String, String> values, Map<String, ConfigSource> sources) {
        this.fields = fields;
        this.values = values;
        this.sources = sources;
    }

    /**
     * Loads the configuration of {@code fields}. {@code file} may be null (no file); a key in the file or the
     * overrides that no field declares is a problem (a typo must not be silently ignored).
     */
    public static Configuration load(
            Collection<ConfigField> fields,
            Map<String, String> profileDefaults,
            Path file,
            Map<String, String> environment,
            Map<String, String> overrides) {
        Map<String, ConfigField> byName = new LinkedHashMap<>();
        fields.forEach(field -> byName.put(field.name(), field));
        Map<String, String> values = new TreeMap<>();
        Map<String, ConfigSource> sources = new TreeMap<>();
        List<String> problems = new ArrayList<>();

        for (ConfigField field : byName.values()) {
            if (field.hasDefault()) {
                values.put(field.name(), field.defaultValue());
                sources.put(field.name(), ConfigSource.DEFAULT);
            }
        }
        apply(byName, profileDefaults, ConfigSource.PROFILE, "profile", values, sources, problems);
        if (file != null && Files.exists(file)) {
            apply(byName, readProperties(file), ConfigSource.FILE, file.toString(), values, sources, problems);
        }
        for (ConfigField field : byName.values()) {
            String value = environment.get(field.environmentVariable());
            if (value != null) {
                values.put(field.name(), value);
                sources.put(field.name(), ConfigSource.ENVIRONMENT);
            }
        }
        apply(byName, overrides, ConfigSource.COMMAND_LINE, "command line", values, sources, problems);

        for (ConfigField field : byName.values()) {
            String value = values.get(field.name());
            if (value == null) {
                continue;
            }
            String problem = field.problem(value);
            if (problem != null) {
                problems.add("%s = %s (from %s): %s".formatted(field.name(), field.display(value),
                        sources.get(field.name()).description(), problem));
            }
        }
        if (!problems.isEmpty()) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION,
                    "Invalid configuration (%d problem%s):%n  - %s".formatted(problems.size(), problems.size() == 1 ? "" : "s",
                            String.join(System.lineSeparator() + "  - ", problems)));
        }
        return new Configuration(byName, values, sources);
    }

    private static void apply(Map<String, ConfigField> fields, Map<String, String> entries, ConfigSource source, String origin,
            Map<String, String> values, Map<String, ConfigSource> sources, List<String> problems) {
        for (var entry : entries.entrySet()) {
            if (!fields.containsKey(entry.getKey())) {
                problems.add("unknown key '%s' (from %s)".formatted(entry.getKey(), origin));
                continue;
            }
            values.put(entry.getKey(), entry.getValue());
            sources.put(entry.getKey(), source);
        }
    }

    private static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Cannot read configuration file %s: %s".formatted(file, e.getMessage()), e);
        }
        Map<String, String> entries = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> entries.put(name, properties.getProperty(name).trim()));
        return entries;
    }

    private String raw(ConfigField field) {
        requireNonNull(field, "field is null");
        if (!fields.containsKey(field.name())) {
            throw new IllegalArgumentException("Field not loaded: " + field.name());
        }
        return values.get(field.name());
    }

    /** The value, or null when the field has no default and nothing set it. */
    public String get(ConfigField field) {
        String value = raw(field);
        return value == null || value.isEmpty() ? null : value;
    }

    public String require(ConfigField field) {
        String value = get(field);
        if (value == null) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION,
                    "Missing configuration %s (set it in lagoa.properties or %s)".formatted(field.name(), field.environmentVariable()));
        }
        return value;
    }

    public int getInt(ConfigField field) {
        return Integer.parseInt(require(field).trim());
    }

    public boolean getBoolean(ConfigField field) {
        return Boolean.parseBoolean(require(field).trim());
    }

    public Duration getDuration(ConfigField field) {
        return Durations.parse(require(field));
    }

    public Path getPath(ConfigField field) {
        return Path.of(require(field));
    }

    public ConfigSource source(ConfigField field) {
        raw(field);
        return sources.getOrDefault(field.name(), ConfigSource.DEFAULT);
    }

    public Collection<ConfigField> fields() {
        return fields.values();
    }

    /** Every key with its displayable (masked) value. */
    public Map<String, String> displayValues() {
        Map<String, String> display = new TreeMap<>();
        fields.values().forEach(field -> display.put(field.name(), field.display(values.get(field.name()))));
        return display;
    }
}
