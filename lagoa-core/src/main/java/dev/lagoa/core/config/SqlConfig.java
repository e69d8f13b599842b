package dev.lagoa.core.config;

import java.time.Duration;
import java.util.List;

/** The limits of {@code lagoa sql}: its timeout on both profiles, DuckDB's memory on the local one. */
public record SqlConfig(Duration timeout, String memoryLimit) {
    public static final ConfigField TIMEOUT = ConfigField.create("sql.timeout", ConfigType.DURATION, "5m",
            "Longest a lagoa sql query may run before it is cancelled (locally) or stopped (Athena, on the aws profile): INVALID_QUERY, exit status 2.");
    public static final ConfigField MEMORY_LIMIT = ConfigField.create("sql.memory-limit", ConfigType.STRING, "2g",
                    "Memory DuckDB may use for a local lagoa sql query; past it, sorts and joins spill to tmp/duckdb/ in the workspace.")
            .withValidator(Validators.memorySize());

    public static List<ConfigField> fields() {
        return List.of(TIMEOUT, MEMORY_LIMIT);
    }

    public static SqlConfig from(Configuration configuration) {
        return new SqlConfig(configuration.getDuration(TIMEOUT), configuration.require(MEMORY_LIMIT));
    }
}
