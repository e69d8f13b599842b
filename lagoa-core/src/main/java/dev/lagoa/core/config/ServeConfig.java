package dev.lagoa.core.config;

import java.time.Duration;
import java.util.List;

/** How {@code lagoa serve} delivers object-created notifications, runs schedules, and whether it runs PostgreSQL. */
public record ServeConfig(Duration scanInterval, Duration settleTime, Duration functionTimeout, String missedRuns, PostgresMode postgres) {
    /** Whether {@code lagoa serve} runs the workspace's embedded PostgreSQL. */
    public enum PostgresMode {
        /** When the workspace has API load endpoints (its endpoints file lists one), so that their loads land in it. */
        AUTO,
        ALWAYS,
        NEVER;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The longest timeout AWS Lambda allows a function. */
    public static final Duration LAMBDA_MAX_TIMEOUT = Duration.ofMinutes(15);

    public static final ConfigField SCAN_INTERVAL = ConfigField.create("serve.notifications.scan-interval", ConfigType.DURATION, "2s",
            "How often the lake is scanned for created objects to notify.");
    public static final ConfigField SETTLE_TIME = ConfigField.create("serve.notifications.settle-time", ConfigType.DURATION, "1s",
            "A file modified more recently than this is still being written: it is notified on a later scan.");
    public static final ConfigField FUNCTION_TIMEOUT = ConfigField.create("serve.notifications.function-timeout", ConfigType.DURATION, "1m",
                    "How long a function target (a Lambda handler run in-process) may take per event, as the function's timeout on "
                            + "AWS Lambda (at most 15m); a timed-out invocation is a failure, retried on a later scan.")
            .withValidator(value -> {
                try {
                    Duration timeout = Durations.parse(value);
                    return timeout.isZero() || timeout.isNegative() || timeout.compareTo(LAMBDA_MAX_TIMEOUT) > 0
                            ? "must be more than 0 and at most 15m, as a Lambda function's timeout"
                            : null;
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            });
    public static final ConfigField MISSED_RUNS = ConfigField.create("serve.scheduler.missed-runs", ConfigType.STRING, "run-once",
                    "Fire times missed while serve was down: run-once (the latest one runs once on start) or skip.")
            .withValidator(Validators.oneOf("run-once", "skip"));

    public static final ConfigField POSTGRES = ConfigField.create("serve.postgres", ConfigType.STRING, "auto",
                    "Whether lagoa serve runs the workspace's embedded PostgreSQL (the API load's database, reached with lagoa pg url and "
                            + "lagoa pg psql): auto (when apiload.endpoints-file lists an endpoint), always (also lagoa serve --postgres) "
                            + "or never. Ignored when postgres.jdbc-url is set.")
            .withValidator(Validators.oneOf("auto", "always", "never"));

    public static List<ConfigField> fields() {
        return List.of(SCAN_INTERVAL, SETTLE_TIME, FUNCTION_TIMEOUT, MISSED_RUNS, POSTGRES);
    }

    public static ServeConfig from(Configuration configuration) {
        return new ServeConfig(configuration.getDuration(SCAN_INTERVAL), configuration.getDuration(SETTLE_TIME),
                configuration.getDuration(FUNCTION_TIMEOUT), configuration.require(MISSED_RUNS),
                PostgresMode.valueOf(configuration.require(POSTGRES).toUpperCase(java.util.Locale.ROOT)));
    }
}
