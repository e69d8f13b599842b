package dev.lagoa.core.config;

import java.time.Duration;
import java.util.List;

/**
 * How the local job launcher runs Spark jobs: the child JVM's memory, Spark master, and the limits that Glue
 * applies per job (timeout, retries, concurrent runs) unless the job's definition is stricter.
 */
public record JobsConfig(String sparkMaster, String driverMemory, Duration defaultTimeout, int maxConcurrentRuns,
        int shufflePartitions, String javaOptions, String classpath, boolean classDataSharing) {
    public static final ConfigField SPARK_MASTER = ConfigField.create("jobs.spark-master", ConfigType.STRING, "local[*]",
            "Spark master of local job runs (local[*]: every core of this machine).");
    public static final ConfigField DRIVER_MEMORY = ConfigField.create("jobs.driver-memory", ConfigType.STRING, "2g",
                    "Heap (-Xmx) of each job run's JVM.")
            .withValidator(Validators.memorySize());
    public static final ConfigField TIMEOUT = ConfigField.create("jobs.timeout", ConfigType.DURATION, "60m",
            "Longest a local job run may take before it is killed and marked TIMEOUT (a job's own timeout wins when shorter).");
    public static final ConfigField MAX_CONCURRENT_RUNS = ConfigField.create("jobs.max-concurrent-runs", ConfigType.INT, "2",
                    "Most local job runs in flight at once, all jobs together (each job also has its own limit).")
            .withValidator(Validators.atLeast(1));
    public static final ConfigField SHUFFLE_PARTITIONS = ConfigField.create("jobs.shuffle-partitions", ConfigType.INT, "16",
                    "spark.sql.shuffle.partitions of local runs (adaptive execution coalesces small ones).")
            .withValidator(Validators.atLeast(1));
    public static final ConfigField JAVA_OPTIONS = ConfigField.create("jobs.java-options", ConfigType.STRING, "",
            "Extra JVM options of local job runs, separated by spaces.");

    public static final ConfigField CLASSPATH = ConfigField.create("jobs.classpath", ConfigType.STRING, "",
            "Classpath of local job runs: the jobs jar, Spark and its dependencies (the lagoa launcher sets it to its lib/jobs folder).");

    public static final ConfigField CLASS_DATA_SHARING = ConfigField.create("jobs.class-data-sharing", ConfigType.BOOLEAN, "true",
            "Job runs map an archive of the jobs' classes (Java AppCDS, in ~/.cache/lagoa, one per JDK and classpath) and start "
                    + "seconds sooner; the first run on a machine records it as it exits.");

    public static List<ConfigField> fields() {
        return List.of(SPARK_MASTER, DRIVER_MEMORY, TIMEOUT, MAX_CONCURRENT_RUNS, SHUFFLE_PARTITIONS, JAVA_OPTIONS, CLASSPATH, CLASS_DATA_SHARING);
    }

    public static JobsConfig from(Configuration configuration) {
        return new JobsConfig(
                configuration.require(SPARK_MASTER),
                configuration.require(DRIVER_MEMORY),
                configuration.getDuration(TIMEOUT),
                configuration.getInt(MAX_CONCURRENT_RUNS),
                configuration.getInt(SHUFFLE_PARTITIONS),
                configuration.get(JAVA_OPTIONS) == null ? "" : configuration.get(JAVA_OPTIONS),
                configuration.get(CLASSPATH) == null ? "" : configuration.get(CLASSPATH),
                configuration.getBoolean(CLASS_DATA_SHARING));
    }
}
