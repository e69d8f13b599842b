package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.ConfigType;
import dev.lagoa.core.config.Configuration;
import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.core.config.Validators;
import dev.lagoa.core.lake.BucketName;
import java.time.Duration;
import java.util.List;

/**
 * The {@code apiload} pipeline: where its endpoints are defined, the bucket of its raw responses and error logs, the
 * PostgreSQL schema of its tables, and how it batches, nests and retries.
 */
public record ApiLoadConfig(String endpointsFile, BucketName bucket, String schema, int batchSize, int maxNesting, int maxColumns, int retries,
        Duration retryBackoff, Duration requestTimeout, int scheduleRetries, Duration scheduleRetryBackoff, int maxResponseMb) {
    public static final ConfigField ENDPOINTS_FILE = ConfigField.create("apiload.endpoints-file", ConfigType.PATH, "apiload-endpoints.json",
            "JSON file that defines the endpoints to load (URL, pagination, records path, primary key, write mode, contract...); "
                    + "a relative path is resolved in the workspace. Secrets are written ${env:NAME} and read from the environment.");
    public static final ConfigField ENDPOINTS = ConfigField.create("apiload.endpoints", ConfigType.STRING, "",
            "The endpoints as inline JSON, in the endpoints file's format; when set, it is used instead of apiload.endpoints-file "
                    + "(the deployed loader's task gets them this way).");
    /** The API load's bucket, declared with the lake's other buckets. */
    public static final ConfigField BUCKET = LakeConfig.APILOAD_BUCKET;
    public static final ConfigField SCHEMA = ConfigField.create("apiload.schema", ConfigType.STRING, "apiload",
                    "PostgreSQL schema of the loaded tables and of the loader's own tables (_lagoa_loads, _lagoa_columns, _lagoa_schema_changes).")
            .withValidator(value -> value.matches("[a-z_][a-z0-9_]{0,62}") ? null
                    : "'%s' is not a schema name: lower-case letters, digits and '_', at most 63".formatted(value));
    public static final ConfigField BATCH_SIZE = ConfigField.create("apiload.batch-size", ConfigType.INT, "10000",
                    "Records per batch: each batch is written to each table in one transaction, by COPY (through a staging table only where "
                            + "a merge meets rows already loaded).")
            .withValidator(Validators.atLeast(1));
    public static final ConfigField MAX_NESTING = ConfigField.create("apiload.max-nesting", ConfigType.INT, "3",
                    "Nested objects are flattened into parent__child columns down to this depth; deeper values are stored as jsonb "
                            + "(an endpoint may set its own max-nesting).")
            .withValidator(Validators.atLeast(0));
    public static final ConfigField MAX_COLUMNS = ConfigField.create("apiload.max-columns", ConfigType.INT, "400",
                    "Column budget of each loaded table (the loader's own columns aside): a field that would need a new column in a table "
                            + "that has this many is kept, with its value, in the table's _lagoa_extra jsonb column instead, under its path. "
                            + "PostgreSQL allows 1,600 columns per table and about 8 kB of values per row that cannot be moved out of line.")
            .withValidator(value -> {
                String problem = Validators.atLeast(1).apply(value);
                return problem != null || Integer.parseInt(value.trim()) <= 1500 ? problem : "must be at most 1500 (PostgreSQL's limit is 1,600 columns)";
            });
    public static final ConfigField RETRIES = ConfigField.create("apiload.retries", ConfigType.INT, "3",
                    "How many times a request that failed with a 5xx status, 429 or a connection error is tried again.")
            .withValidator(Validators.atLeast(0));
    public static final ConfigField RETRY_BACKOFF = ConfigField.create("apiload.retry-backoff", ConfigType.DURATION, "1s",
            "Wait before the first retry of a request; it doubles at each retry.");
    public static final ConfigField REQUEST_TIMEOUT = ConfigField.create("apiload.request-timeout", ConfigType.DURATION, "30s",
            "Longest one HTTP request may take.");
    public static final ConfigField SCHEDULE_RETRIES = ConfigField.create("apiload.schedule-retries", ConfigType.INT, "2",
                    "How many times lagoa serve runs a scheduled load again when it failed for an outside reason (the API or the "
                            + "database unavailable); a failure of the definition or of a frozen table is not retried.")
            .withValidator(Validators.atLeast(0));
    public static final ConfigField SCHEDULE_RETRY_BACKOFF = ConfigField.create("apiload.schedule-retry-backoff", ConfigType.DURATION, "1m",
            "Wait before a scheduled load is run again after an outside failure; it doubles at each retry.");
    public static final ConfigField MAX_RESPONSE_MB = ConfigField.create("apiload.max-response-mb", ConfigType.INT, "1024",
                    "Largest HTTP response body accepted, in MiB (streamed to a temporary file, never held in memory); a larger one fails "
                            + "the load with a clear error before anything of it is archived.")
            .withValidator(Validators.atLeast(1));

    public ApiLoadConfig {
        requireNonNull(endpointsFile, "endpointsFile is null");
        requireNonNull(bucket, "bucket is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(retryBackoff, "retryBackoff is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(scheduleRetryBackoff, "scheduleRetryBackoff is null");
    }

    /** {@link #maxResponseMb()} in bytes. */
    public long maxResponseBytes() {
        return maxResponseMb * 1024L * 1024L;
    }

    public static List<ConfigField> fields() {
        // BUCKET is listed with the lake's buckets (LakeConfig.fields())
        return List.of(ENDPOINTS_FILE, ENDPOINTS, SCHEMA, BATCH_SIZE, MAX_NESTING, MAX_COLUMNS, RETRIES, RETRY_BACKOFF, REQUEST_TIMEOUT, SCHEDULE_RETRIES,
                SCHEDULE_RETRY_BACKOFF, MAX_RESPONSE_MB);
    }

    public static ApiLoadConfig from(Configuration configuration) {
        return new ApiLoadConfig(
                configuration.require(ENDPOINTS_FILE).trim(),
                BucketName.of(configuration.require(BUCKET)),
                configuration.require(SCHEMA).trim(),
                configuration.getInt(BATCH_SIZE),
                configuration.getInt(MAX_NESTING),
                configuration.getInt(MAX_COLUMNS),
                configuration.getInt(RETRIES),
                configuration.getDuration(RETRY_BACKOFF),
                configuration.getDuration(REQUEST_TIMEOUT),
                configuration.getInt(SCHEDULE_RETRIES),
                configuration.getDuration(SCHEDULE_RETRY_BACKOFF),
                configuration.getInt(MAX_RESPONSE_MB));
    }

    /** The defaults: tests and tools that build a loader without a configuration file. */
    public static ApiLoadConfig defaults() {
        return new ApiLoadConfig("apiload-endpoints.json", BucketName.of("lagoa-apiload"), "apiload", 10_000, 3, 400, 3,
                Duration.ofSeconds(1), Duration.ofSeconds(30), 2, Duration.ofMinutes(1), 1024);
    }

    public ApiLoadConfig withBatchSize(int newBatchSize) {
        return new ApiLoadConfig(endpointsFile, bucket, schema, newBatchSize, maxNesting, maxColumns, retries, retryBackoff, requestTimeout, scheduleRetries,
                scheduleRetryBackoff, maxResponseMb);
    }

    public ApiLoadConfig withMaxColumns(int newMaxColumns) {
        return new ApiLoadConfig(endpointsFile, bucket, schema, batchSize, maxNesting, newMaxColumns, retries, retryBackoff, requestTimeout,
                scheduleRetries, scheduleRetryBackoff, maxResponseMb);
    }

    public ApiLoadConfig withSchema(String newSchema) {
        return new ApiLoadConfig(endpointsFile, bucket, newSchema, batchSize, maxNesting, maxColumns, retries, retryBackoff, requestTimeout, scheduleRetries,
                scheduleRetryBackoff, maxResponseMb);
    }

    public ApiLoadConfig withRetries(int newRetries, Duration newRetryBackoff) {
        return new ApiLoadConfig(endpointsFile, bucket, schema, batchSize, maxNesting, maxColumns, newRetries, newRetryBackoff, requestTimeout, scheduleRetries,
                scheduleRetryBackoff, maxResponseMb);
    }
}
