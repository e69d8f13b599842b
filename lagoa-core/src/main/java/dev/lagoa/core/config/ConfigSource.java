package dev.lagoa.core.config;

import java.util.Locale;

/** Where a configuration value came from, lowest precedence first. */
public enum ConfigSource {
    DEFAULT,
    PROFILE,
    FILE,
    ENVIRONMENT,
    COMMAND_LINE;

    /** As people say it: {@code command line}. */
    public String description() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
