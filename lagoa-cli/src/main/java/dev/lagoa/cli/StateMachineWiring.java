package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.JobsConfig;
import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.core.config.Profile;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.statemachine.ExecutionStore;
import dev.lagoa.core.statemachine.StateMachines;
import dev.lagoa.importau.ImportauTasks;
import dev.lagoa.orchestrator.AslExporter;
import dev.lagoa.orchestrator.ControlPlaneTask;
import dev.lagoa.orchestrator.Sleeper;
import dev.lagoa.orchestrator.StateMachineExecutor;
import java.time.ZoneId;
import java.util.Map;

/**
 * The wiring of the state machines ({@code lagoa sfn}, the demo): the local executor on the runtime's job launcher,
 * lake and catalog, with the control-plane tasks of the pipelines; the execution store in the workspace's metadata
 * store; the ASL exporter with the configured buckets. State machines run locally on the {@code local} profile; on AWS
 * they are deployed ({@code lagoa deploy}) and run by Step Functions, through {@link AwsWiring} ({@code store} and the
 * executors throw {@code LagoaException}, a user error, there). Arguments are never null.
 */
public final class StateMachineWiring {
    /** JVM options of job runs on small data: C1 only, the serial collector. */
    public static final String SMALL_DATA_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    private final LagoaRuntime runtime;

    /** Throws {@code NullPointerException} for a null runtime. */
    public StateMachineWiring(LagoaRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    /** Whether state machines run here ({@code local} profile) rather than in Step Functions ({@code aws}). */
    public boolean isLocal() {
        return runtime.profile() == Profile.LOCAL;
    }

    /** {@code lagoa.time-zone}. */
    public ZoneId zone() {
        return runtime.clock().getZone();
    }

    /** The executions and their histories; local profile only. */
    public ExecutionStore store() {
        requireLocal();
        return runtime.executionStore();
    }

    /** The control-plane tasks by name (the importau tasks, on this runtime's lake and catalog). */
    public Map<String, ControlPlaneTask> tasks() {
        LakeConfig lake = runtime.lakeConfig();
        return new ImportauTasks(runtime.objectStore(), runtime.catalog(), lake.importauBucket(), lake.catalogDatabase(), runtime.clock()).all();
    }

    public StateMachineExecutor executor(StateMachineExecutor.Listener listener) {
        requireLocal();
        return executor(runtime.jobLauncher(), listener);
    }

    /**
     * An executor whose job runs are tuned for small data, as the demo's are. With warm job JVMs
     * ({@code jobs.warm-runners}), the runs start warm and the executor shares the runtime's launcher and its JVMs.
     * Without, each run starts a JVM with the JIT's first tier only, the serial collector and two shuffle partitions:
     * a Spark run of a few thousand rows spends most of its time starting, and these settings cut that by half or
     * more (they would slow a run of millions of rows).
     */
    public StateMachineExecutor executorForSmallData(StateMachineExecutor.Listener listener) {
        requireLocal();
        JobsConfig configured = JobsConfig.from(runtime.configuration());
        if (configured.warmRunners() > 0) {
            return executor(runtime.jobLauncher(), listener);
        }
        JobsConfig small = new JobsConfig("local[2]", configured.driverMemory(), configured.defaultTimeout(), configured.maxConcurrentRuns(), 2,
                (configured.javaOptions() + " " + SMALL_DATA_JAVA_OPTIONS).trim(), configured.classpath(),
                configured.classDataSharing());
        return executor(runtime.localJobLauncher(small), listener);
    }

    private StateMachineExecutor executor(JobLauncher launcher, StateMachineExecutor.Listener listener) {
        return new StateMachineExecutor(StateMachines::named, launcher, tasks(), store(), runtime.lakeConfig().locationValues(),
                launcher::runSummary, runtime.jobPollInterval(), Sleeper.SYSTEM, runtime.clock()).withListener(listener);
    }

    public AslExporter exporter() {
        return new AslExporter(runtime.lakeConfig().locationValues());
    }

    private void requireLocal() {
        if (runtime.profile() != Profile.LOCAL) {
            throw LagoaException.userError("State machines run locally on the local profile; on the aws profile, lagoa sfn run, executions "
                    + "and describe drive the machines deployed to Step Functions (lagoa deploy importau)");
        }
    }
}
