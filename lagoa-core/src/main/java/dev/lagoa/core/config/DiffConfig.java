package dev.lagoa.core.config;

import java.util.List;

/** Defaults of the diff job that a run can override with its flags. */
public record DiffConfig(long maxRejects, int maxRecordBytes, long recordsPerFile, String snapshots, String key, String ignoreFields, String engine) {
    public static final ConfigField MAX_REJECTS = ConfigField.create("diff.max-rejects", ConfigType.INT, "0",
                    "Most rejected input records a diff run accepts; above it the run fails and publishes nothing.")
            .withValidator(Validators.atLeast(0));
    public static final ConfigField MAX_RECORD_BYTES = ConfigField.create("diff.max-record-bytes", ConfigType.INT, "16777216",
                    "Largest input record (a JSON line or an array element) in bytes; a larger one is rejected as oversized.")
            .withValidator(Validators.atLeast(1024));
    public static final ConfigField RECORDS_PER_FILE = ConfigField.create("diff.records-per-file", ConfigType.INT, "500000",
                    "Most change records per output file (each new file sends one queue message downstream).")
            .withValidator(Validators.atLeast(1));
    public static final ConfigField ENGINE = ConfigField.create("diff.engine", ConfigType.STRING, "auto",
                    "Which engine runs the diff: local (threads of the job's JVM, no Spark session; spills to disk when the parsed "
                            + "snapshots outgrow 60% of its heap), spark (the Spark job), or auto: local when the snapshots hold at most 10 times the "
                            + "job JVM's maximum heap in uncompressed local JSON Lines (4 times in gzip files, JSON arrays or other stores), else spark "
                            + "(always spark when jobs.spark-master is a cluster). Both give the same output.")
            .withValidator(Validators.oneOf("auto", "local", "spark"));

    public static final ConfigField SNAPSHOTS = ConfigField.create("diff.snapshots", ConfigType.STRING, "",
            "Where the daily snapshots land, with a {date} placeholder (s3://lagoa-hoje/produtos/{date}/): the scheduled diff "
                    + "compares the day before with the day. Empty: the diff runs only by hand.");
    public static final ConfigField KEY = ConfigField.create("diff.key", ConfigType.STRING, "id", "Key fields of the scheduled diff.");
    public static final ConfigField IGNORE_FIELDS = ConfigField.create("diff.ignore-fields", ConfigType.STRING, "",
            "Fields the scheduled diff carries but never compares (audit columns).");

    public static List<ConfigField> fields() {
        return List.of(MAX_REJECTS, MAX_RECORD_BYTES, RECORDS_PER_FILE, ENGINE, SNAPSHOTS, KEY, IGNORE_FIELDS);
    }

    public boolean isScheduled() {
        return !snapshots.isBlank();
    }

    public static DiffConfig from(Configuration configuration) {
        return new DiffConfig(configuration.getInt(MAX_REJECTS), configuration.getInt(MAX_RECORD_BYTES), configuration.getInt(RECORDS_PER_FILE),
                orEmpty(configuration.get(SNAPSHOTS)), configuration.require(KEY), orEmpty(configuration.get(IGNORE_FIELDS)),
                configuration.require(ENGINE));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
