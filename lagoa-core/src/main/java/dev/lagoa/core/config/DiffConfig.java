package dev.lagoa.core.config;

import java.util.List;

/** Defaults of the diff job that a run can override with its flags. */
public record DiffConfig(long maxRejects, int maxRecordBytes, long recordsPerFile) {
    public static final ConfigField MAX_REJECTS = ConfigField.create("diff.max-rejects", ConfigType.INT, "0",
                    "Most rejected input records a diff run accepts; above it the run fails and publishes nothing.")
            .withValidator(Validators.atLeast(0));
    public static final ConfigField MAX_RECORD_BYTES = ConfigField.create("diff.max-record-bytes", ConfigType.INT, "16777216",
                    "Largest input record (a JSON line or an array element) in bytes; a larger one is rejected as oversized.")
            .withValidator(Validators.atLeast(1024));
    public static final ConfigField RECORDS_PER_FILE = ConfigField.create("diff.records-per-file", ConfigType.INT, "500000",
                    "Most change records per output file (each new file sends one queue message downstream).")
            .withValidator(Validators.atLeast(1));

    public static List<ConfigField> fields() {
        return List.of(MAX_REJECTS, MAX_RECORD_BYTES, RECORDS_PER_FILE);
    }

    public static DiffConfig from(Configuration configuration) {
        return new DiffConfig(configuration.getInt(MAX_REJECTS), configuration.getInt(MAX_RECORD_BYTES), configuration.getInt(RECORDS_PER_FILE));
    }
}
