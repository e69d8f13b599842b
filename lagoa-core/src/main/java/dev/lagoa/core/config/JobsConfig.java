package dev.lagoa.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the local job launcher runs Spark jobs: the child JVM's memory, Spark master, and the limits that Glue
 * applies per job (timeout, retries, concurrent runs) unless the job's definition is stricter. With a master that is
 * not {@code local[...]} (a cluster), a run is submitted as {@code spark-submit} submits in client mode: the driver
 * stays in the child JVM, the executors run on the cluster with the resources and jars named here.
 */
public record JobsConfig(String sparkMaster, String driverMemory, Duration defaultTimeout, int maxConcurrentRuns,
        int shufflePartitions, String javaOptions, String classpath, boolean classDataSharing, String executorMemory, int executorCores,
        String driverHost, String jars, String sparkConf, int warmRunners, Duration warmRunnerIdle) {
    /** Spark settings that have a key of their own here, or that the launcher owns: {@code jobs.spark-conf} may not set them. */
    private static final Map<String, String> OWNED_SETTINGS = ownedSettings();

    public static final ConfigField SPARK_MASTER = ConfigField.create("jobs.spark-master", ConfigType.STRING, "local[*]",
                    "Spark master of job runs: local[*] (every core of this machine, in the run's own JVM), local[N], or a cluster "
                            + "(spark://host:7077 for a Spark standalone master; k8s:// and yarn need their Spark modules on jobs.classpath "
                            + "and are not yet tested). On a cluster a run is submitted as spark-submit does in client mode: the driver "
                            + "stays in the run's JVM, the executors run on the cluster.")
            .withValidator(JobsConfig::masterProblem);
    public static final ConfigField DRIVER_MEMORY = ConfigField.create("jobs.driver-memory", ConfigType.STRING, "2g",
                    "Heap (-Xmx) of each job run's JVM (on a cluster, the driver's: spark-submit's --driver-memory).")
            .withValidator(Validators.memorySize());
    public static final ConfigField TIMEOUT = ConfigField.create("jobs.timeout", ConfigType.DURATION, "60m",
            "Longest a local job run may take before it is killed and marked TIMEOUT (a job's own timeout wins when shorter).");
    public static final ConfigField MAX_CONCURRENT_RUNS = ConfigField.create("jobs.max-concurrent-runs", ConfigType.INT, "2",
                    "Most local job runs in flight at once, all jobs together (each job also has its own limit).")
            .withValidator(Validators.atLeast(1));
    public static final ConfigField SHUFFLE_PARTITIONS = ConfigField.create("jobs.shuffle-partitions", ConfigType.INT, "16",
                    "spark.sql.shuffle.partitions of job runs (adaptive execution coalesces small ones).")
            .withValidator(Validators.atLeast(1));
    public static final ConfigField JAVA_OPTIONS = ConfigField.create("jobs.java-options", ConfigType.STRING, "",
            "Extra JVM options of each job run's JVM (the driver's, on a cluster), separated by spaces.");

    public static final ConfigField CLASSPATH = ConfigField.create("jobs.classpath", ConfigType.STRING, "",
            "Classpath of local job runs: the jobs jar, Spark and its dependencies (the lagoa launcher sets it to its lib/jobs folder).");
    public static final ConfigField EXECUTOR_MEMORY = ConfigField.create("jobs.executor-memory", ConfigType.STRING, "1g",
                    "Heap of each executor of a run on a cluster (spark-submit's --executor-memory); local[...] runs have no executors "
                            + "of their own.")
            .withValidator(Validators.memorySize());
    public static final ConfigField EXECUTOR_CORES = ConfigField.create("jobs.executor-cores", ConfigType.INT, "0",
                    "Cores of each executor of a run on a cluster (spark-submit's --executor-cores); 0: the cluster manager's default "
                            + "(on a standalone cluster, every free core of a worker).")
            .withValidator(Validators.atLeast(0));
    public static final ConfigField DRIVER_HOST = ConfigField.create("jobs.driver-host", ConfigType.STRING, "127.0.0.1",
                    "Address on which a run's driver listens and which executors call back (spark.driver.host and bindAddress). "
                            + "127.0.0.1 serves local runs and a cluster on this machine; a remote cluster needs an address of this "
                            + "machine that its workers reach.")
            .withValidator(value -> value.matches("[A-Za-z0-9][A-Za-z0-9.:-]*") ? null : "'" + value + "' is not a host name or IP address");
    public static final ConfigField JARS = ConfigField.create("jobs.jars", ConfigType.STRING, "",
                    "More jars (paths or URLs, separated by commas) that the executors of a run on a cluster get, beside the jobs' own "
                            + "(the lagoa-*.jar of jobs.classpath): spark-submit's --jars.")
            .withValidator(value -> !value.isBlank() && splitList(value).stream().anyMatch(String::isBlank) ? "has an empty entry: separate jars with single commas" : null);
    public static final ConfigField SPARK_CONF = ConfigField.create("jobs.spark-conf", ConfigType.STRING, "",
                    "More Spark settings of every job run, as key=value pairs separated by semicolons (a value may hold spaces and "
                            + "commas): spark-submit's --conf. Example: spark.cores.max=8;spark.eventLog.enabled=true. Settings that "
                            + "have a key of their own (the master, memory, cores, jars, the driver's host) are set there.")
            .withValidator(value -> {
                List<String> problems = sparkConfProblems(value);
                return problems.isEmpty() ? null : String.join("; ", problems);
            });

    /** The settings of the first keys only: runs on a cluster get the defaults of the others, and each run gets a JVM of its own. */
    public JobsConfig(String sparkMaster, String driverMemory, Duration defaultTimeout, int maxConcurrentRuns, int shufflePartitions,
            String javaOptions, String classpath, boolean classDataSharing) {
        this(sparkMaster, driverMemory, defaultTimeout, maxConcurrentRuns, shufflePartitions, javaOptions, classpath, classDataSharing,
                EXECUTOR_MEMORY.defaultValue(), 0, DRIVER_HOST.defaultValue(), "", "", 0, Duration.ofMinutes(15));
    }

    /** These settings with {@code count} warm job JVMs kept, idle for at most {@code idle}. */
    public JobsConfig withWarmRunners(int count, Duration idle) {
        return new JobsConfig(sparkMaster, driverMemory, defaultTimeout, maxConcurrentRuns, shufflePartitions, javaOptions, classpath,
                classDataSharing, executorMemory, executorCores, driverHost, jars, sparkConf, count, idle);
    }

    public static final ConfigField WARM_RUNNERS = ConfigField.create("jobs.warm-runners", ConfigType.INT, "1",
                    "Idle job JVMs kept warm between local runs: a run takes one instead of starting a JVM and loading Spark, and gets "
                            + "a Spark context of its own in it; a JVM whose run failed or leaked is replaced. lagoa serve and the demo "
                            + "start one ahead of their first run. 0: every run starts a JVM of its own, as on Glue. Runs on a cluster "
                            + "always start their own.")
            .withValidator(Validators.atLeast(0));
    public static final ConfigField WARM_RUNNER_IDLE = ConfigField.create("jobs.warm-runner-idle", ConfigType.DURATION, "15m",
            "How long an idle warm job JVM is kept before it ends and returns its memory.");

    public static final ConfigField CLASS_DATA_SHARING = ConfigField.create("jobs.class-data-sharing", ConfigType.BOOLEAN, "true",
            "Job runs map an archive of the jobs' classes (Java AppCDS, in ~/.cache/lagoa, one per JDK and classpath) and start "
                    + "seconds sooner; the first run on a machine records it as it exits.");

    public static List<ConfigField> fields() {
        return List.of(SPARK_MASTER, DRIVER_MEMORY, TIMEOUT, MAX_CONCURRENT_RUNS, SHUFFLE_PARTITIONS, JAVA_OPTIONS, CLASSPATH, CLASS_DATA_SHARING,
                EXECUTOR_MEMORY, EXECUTOR_CORES, DRIVER_HOST, JARS, SPARK_CONF, WARM_RUNNERS, WARM_RUNNER_IDLE);
    }

    public static JobsConfig from(Configuration configuration) {
        return new JobsConfig(
                configuration.require(SPARK_MASTER),
                configuration.require(DRIVER_MEMORY),
                configuration.getDuration(TIMEOUT),
                configuration.getInt(MAX_CONCURRENT_RUNS),
                configuration.getInt(SHUFFLE_PARTITIONS),
                orEmpty(configuration.get(JAVA_OPTIONS)),
                orEmpty(configuration.get(CLASSPATH)),
                configuration.getBoolean(CLASS_DATA_SHARING),
                configuration.require(EXECUTOR_MEMORY),
                configuration.getInt(EXECUTOR_CORES),
                configuration.require(DRIVER_HOST),
                orEmpty(configuration.get(JARS)),
                orEmpty(configuration.get(SPARK_CONF)),
                configuration.getInt(WARM_RUNNERS),
                configuration.getDuration(WARM_RUNNER_IDLE));
    }

    /** Whether runs go to a cluster (any master but {@code local} and {@code local[...]}). */
    public boolean isCluster() {
        return !isLocal(sparkMaster);
    }

    /** The extra jars of {@link #JARS}, in order. */
    public List<String> jarList() {
        return jars.isBlank() ? List.of() : splitList(jars).stream().map(String::trim).toList();
    }

    /** The settings of {@link #SPARK_CONF}, in order. */
    public Map<String, String> sparkSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String pair : pairs(sparkConf)) {
            int equals = pair.indexOf('=');
            settings.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return settings;
    }

    private static boolean isLocal(String master) {
        return master.equals("local") || master.startsWith("local[");
    }

    private static String masterProblem(String value) {
        String master = value.trim();
        if (isLocal(master) || master.matches("spark://[^/\\s]+") || master.matches("k8s://\\S+") || master.equals("yarn")) {
            return null;
        }
        return "'" + value + "' is not a Spark master: use local[*], local[N], spark://host:port, k8s://... or yarn";
    }

    private static List<String> sparkConfProblems(String value) {
        List<String> problems = new ArrayList<>();
        for (String pair : pairs(value)) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair.trim() : pair.substring(0, equals).trim();
            if (equals < 0 || key.isEmpty()) {
                problems.add("'" + pair.trim() + "' is not key=value");
            } else if (!key.startsWith("spark.")) {
                problems.add("'" + key + "' is not a Spark setting (spark.*)");
            } else if (OWNED_SETTINGS.containsKey(key)) {
                problems.add(key + " is set by " + OWNED_SETTINGS.get(key));
            }
        }
        return problems;
    }

    private static List<String> pairs(String value) {
        return value.isBlank() ? List.of() : List.of(value.split(";")).stream().filter(pair -> !pair.isBlank()).toList();
    }

    private static List<String> splitList(String value) {
        return List.of(value.split(",", -1));
    }

    private static Map<String, String> ownedSettings() {
        Map<String, String> owned = new LinkedHashMap<>();
        owned.put("spark.master", "jobs.spark-master");
        owned.put("spark.submit.deployMode", "the launcher (client: the driver stays in the run's JVM, which the launcher supervises)");
        owned.put("spark.app.name", "the launcher (the job's name)");
        owned.put("spark.driver.memory", "jobs.driver-memory");
        owned.put("spark.executor.memory", "jobs.executor-memory");
        owned.put("spark.executor.cores", "jobs.executor-cores");
        owned.put("spark.jars", "jobs.jars");
        owned.put("spark.driver.host", "jobs.driver-host");
        owned.put("spark.driver.bindAddress", "jobs.driver-host");
        owned.put("spark.sql.shuffle.partitions", "jobs.shuffle-partitions");
        return Map.copyOf(owned);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
