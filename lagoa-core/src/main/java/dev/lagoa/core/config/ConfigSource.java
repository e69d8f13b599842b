package dev.lagoa.core.config;

/** Where a configuration value came from, lowest precedence first. */
public enum ConfigSource {
    DEFAULT,
    PROFILE,
    FILE,
    ENVIRONMENT,
    COMMAND_LINE
}
