package dev.lagoa.aws;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.ConfigType;
import dev.lagoa.core.config.Configuration;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How {@code lagoa sql} runs on the aws profile: the Athena workgroup of the queries, where their results go when the
 * workgroup does not say, and how often a running query's state is read.
 *
 * @param outputLocation an {@code s3://} prefix for the results; empty: the workgroup's own result location
 */
public record AthenaConfig(String workgroup, Optional<String> outputLocation, Duration pollInterval) {
    public static final ConfigField WORKGROUP = ConfigField.create("aws.athena.workgroup", ConfigType.STRING, "lagoa",
                    "Athena workgroup of lagoa sql on the aws profile; the query results go to its result location unless aws.athena.output-location is set.")
            .withValidator(value -> value.matches("[a-zA-Z0-9._-]{1,128}") ? null : "letters, digits, '.', '_' and '-', at most 128");
    public static final ConfigField OUTPUT_LOCATION = ConfigField.create("aws.athena.output-location", ConfigType.STRING, null,
                    "s3:// prefix of the Athena query results; empty: the workgroup's result location (a workgroup that enforces its "
                            + "settings ignores this).")
            .withValidator(value -> value.trim().startsWith("s3://") ? null : "'" + value + "' is not an s3:// URI");
    public static final ConfigField POLL_INTERVAL = ConfigField.create("aws.athena.poll-interval", ConfigType.DURATION, "500ms",
            "How often the state of a running Athena query is read while waiting for it (the wait ends at sql.timeout).");

    public AthenaConfig {
        requireNonNull(workgroup, "workgroup is null");
        requireNonNull(outputLocation, "outputLocation is null");
        requireNonNull(pollInterval, "pollInterval is null");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "%s must be positive: %s".formatted(POLL_INTERVAL.name(), pollInterval));
        }
    }

    public static List<ConfigField> fields() {
        return List.of(WORKGROUP, OUTPUT_LOCATION, POLL_INTERVAL);
    }

    public static AthenaConfig from(Configuration configuration) {
        return new AthenaConfig(configuration.require(WORKGROUP).trim(), Optional.ofNullable(configuration.get(OUTPUT_LOCATION)).map(String::trim),
                configuration.getDuration(POLL_INTERVAL));
    }
}
