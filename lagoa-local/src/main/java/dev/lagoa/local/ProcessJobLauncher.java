package dev.lagoa.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.contracts.JobEntryPoint;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.ErrorType;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.Durations;
import dev.lagoa.core.config.JobsConfig;
import dev.lagoa.core.job.JobDefinition;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.job.JobRunRequest;
import dev.lagoa.core.job.JobRunState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local Glue: each job run is a child JVM running the job's main class with {@code local[*]} Spark (or, with a
 * cluster's master, submitted to it as {@code spark-submit} does in client mode: see {@link SparkSubmission}) and
 * Glue-style arguments ({@code --JOB_NAME}, {@code --JOB_RUN_ID} and the run's own). Runs are recorded in the
 * metadata store with their state, times, log file and error; the launcher enforces the job's timeout (the child
 * and its descendants are killed), its maximum of concurrent runs and its retries (a failed attempt that was not
 * the caller's fault starts a new run that names the previous one). Closing the launcher, or Ctrl-C, stops the
 * runs it started.
 */
public final class ProcessJobLauncher implements JobLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessJobLauncher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Exit statuses of the jobs' JobMain: the caller's input (2) and a bug (4) are not retried; I/O failures (3) and crashes are. */
    static final int USER_ERROR_EXIT = 2;
    static final int INTERNAL_ERROR_EXIT = 4;
    /** The OpenLineage listener ({@code openlineage-spark}, on the jobs' classpath). */
    static final String OPENLINEAGE_LISTENER = "io.openlineage.spark.agent.OpenLineageSparkListener";
    private static final List<String> JAVA_17_OPENS = List.of(
            "java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio", "java.util",
            "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar");

    private final Workspace workspace;
    private final JobsConfig config;
    private final Function<String, JobDefinition> jobs;
    private final SqliteJobRunRepository repository;
    private final Clock clock;
    /** This JVM, recorded with every run it starts as the process that watches the run and will finish it. */
    private static final Optional<SqliteJobRunRepository.RecordedProcess> SUPERVISOR =
            Optional.of(SqliteJobRunRepository.RecordedProcess.of(ProcessHandle.current()));
    private final Map<JobRunId, JobProcess> processes = new ConcurrentHashMap<>();
    private final Map<JobRunId, Boolean> stopRequested = new ConcurrentHashMap<>();
    private final Optional<JobClassArchive> classArchive;
    private final Optional<WarmJobRunners> warmRunners;
    private final Thread shutdownHook;
    private volatile RunListener listener = RunListener.NONE;

    /** Hears the runs this launcher starts, as they start and as they end (retries included); called from its threads. */
    public interface RunListener {
        void started(JobRun run);

        /** The run reached a terminal state. */
        void finished(JobRun run);

        RunListener NONE = new RunListener() {
            @Override
            public void started(JobRun run) {}

            @Override
            public void finished(JobRun run) {}
        };
    }

    /**
     * A run's process as the launcher watches it: a JVM of its own, or a warm job JVM that runs it
     * ({@link WarmJobRunners}).
     */
    interface JobProcess {
        /** The process recorded with the run: stopping the run stops it. */
        ProcessHandle handle();

        boolean waitFor(long millis) throws InterruptedException;

        /** The run's exit status, once {@link #waitFor} returned true. */
        int exitValue();

        /** Stops the run: politely first, then forcibly. */
        void kill();
    }

    private record OwnJvm(Process process) implements JobProcess {
        @Override
        public ProcessHandle handle() {
            return process.toHandle();
        }

        @Override
        public boolean waitFor(long millis) throws InterruptedException {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public int exitValue() {
            return process.exitValue();
        }

        @Override
        public void kill() {
            ProcessJobLauncher.kill(process);
        }
    }

    /** Tells {@code listener} (instead of the one before) of the runs started from now on. */
    public void listen(RunListener listener) {
        this.listener = requireNonNull(listener, "listener is null");
    }

    /**
     * @param jobs the definition of a job by name; throws {@code JOB_NOT_FOUND} for an unknown one
     */
    public ProcessJobLauncher(Workspace workspace, JobsConfig config, Function<String, JobDefinition> jobs, Clock clock) {
        this.workspace = requireNonNull(workspace, "workspace is null");
        this.config = requireNonNull(config, "config is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.repository = new SqliteJobRunRepository(workspace.metadataDatabase());
        this.classArchive = config.classDataSharing()
                ? Optional.of(new JobClassArchive(JobClassArchive.defaultFolder(), jvm(), config.classpath(), this::warmupCommand))
                : Optional.empty();
        this.warmRunners = config.warmRunners() > 0 && !config.isCluster()
                ? Optional.of(new WarmJobRunners(this::warmRunnerProcess, workspace.runs(), workspace.jobLogs(), config.warmRunners(),
                        config.warmRunnerIdle(), clock))
                : Optional.empty();
        this.shutdownHook = new Thread(() -> stopAll("the launcher was interrupted (Ctrl-C or shutdown)"), "lagoa-job-launcher-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public JobRun start(JobRunRequest request) {
        JobDefinition job = jobs.apply(request.jobName());
        if (config.classpath().isBlank()) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION,
                    "Cannot start %s: the jobs classpath is not set (jobs.classpath / LAGOA_JOBS_CLASSPATH; the lagoa launcher sets it)".formatted(job.name()));
        }
        reapOrphans();
        Map<String, String> arguments = new LinkedHashMap<>(job.defaultArguments());
        arguments.putAll(request.arguments());
        JobRun run = newRun(job, arguments, 0, Optional.empty());
        List<JobRun> inTheWay = repository.insertIfBelowLimits(run, SUPERVISOR, job.maxConcurrentRuns(), config.maxConcurrentRuns());
        if (!inTheWay.isEmpty()) {
            throw new LagoaException(ErrorCode.CONCURRENT_RUNS_EXCEEDED,
                    "Cannot start %s: %d run%s already in flight (%s), the limit is %d for the job and %d in all (jobs.max-concurrent-runs)".formatted(
                            job.name(), inTheWay.size(), inTheWay.size() == 1 ? " is" : "s are",
                            String.join(", ", inTheWay.stream().map(other -> other.id().value()).toList()),
                            job.maxConcurrentRuns(), config.maxConcurrentRuns()));
        }
        launch(job, run);
        RunListener told = listener;
        Thread supervisor = new Thread(() -> supervise(job, run, told), "lagoa-job-" + run.id());
        supervisor.setDaemon(true);
        JobRun started = get(run.id());
        tell(() -> told.started(started));
        supervisor.start();
        return started;
    }

    /** Tells a listener; neither its failure nor a store closed meanwhile (the launcher closing) stops the supervision. */
    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.debug("Cannot tell the run listener: {}", e.getMessage(), e);
        }
    }

    private JobRun newRun(JobDefinition job, Map<String, String> arguments, int attempt, Optional<JobRunId> previous) {
        JobRunId id = JobRunId.newId(clock.instant());
        Path log = workspace.jobLogs().resolve(id.value() + ".log");
        return new JobRun(id, job.name(), attempt, previous, arguments, JobRunState.STARTING, clock.instant(),
                Optional.empty(), Optional.empty(), Optional.of(log.toString()));
    }

    private void launch(JobDefinition job, JobRun run) {
        Path runFolder = workspace.runs().resolve(run.id().value());
        Path log = Path.of(run.logLocation().orElseThrow());
        try {
            Files.createDirectories(runFolder);
            Files.createDirectories(log.getParent());
            JobProcess process;
            if (warmRunners.isPresent()) {
                Map<String, String> properties = new LinkedHashMap<>(localSettings(job, run, runFolder));
                properties.put(JobEntryPoint.RESULT_FILE_PROPERTY, runFolder.resolve("result.json").toString());
                process = warmRunners.get().run(run.id().value(), job.mainClass(), jobArguments(run), properties, log);
            } else {
                ProcessBuilder builder = new ProcessBuilder(command(job, run, runFolder))
                        .directory(runFolder.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                builder.environment().put("LAGOA_JOB_RESULT_FILE", runFolder.resolve("result.json").toString());
                environment(builder, runFolder);
                process = new OwnJvm(builder.start());
            }
            processes.put(run.id(), process);
            ProcessHandle handle = process.handle();
            repository.setProcess(run.id(), handle.pid(), handle.info().startInstant());
            LOG.info("Started {} run {} (pid {}{}), log {}", job.name(), run.id(), handle.pid(), warmRunners.isPresent() ? ", warm" : "", log);
        } catch (IOException | java.io.UncheckedIOException e) {
            repository.finish(run.id(), JobRunState.FAILED, clock.instant(), "Cannot start the job's JVM: " + e.getMessage(), null);
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot start %s run %s: %s".formatted(job.name(), run.id(), e.getMessage()), e);
        }
    }

    /**
     * The child JVM's command. With a {@code local[...]} master it runs the job's main class, its Spark settings as
     * system properties; with a cluster it runs {@link SparkSubmission spark-submit's entry point} in client mode,
     * the settings as {@code --conf}.
     */
    List<String> command(JobDefinition job, JobRun run, Path runFolder) {
        List<String> command;
        if (config.isCluster()) {
            command = jobJvm(runFolder, Map.of());
            command.addAll(SparkSubmission.arguments(config, job, sparkSettings(job, run, runFolder)));
        } else {
            command = jobJvm(runFolder, localSettings(job, run, runFolder));
            command.add(job.mainClass());
        }
        command.addAll(jobArguments(run));
        try {
            Files.createDirectories(runFolder.resolve("tmp"));
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot create " + runFolder.resolve("tmp"), e);
        }
        return command;
    }

    /**
     * A job JVM up to its main class: the memory, the scratch folder, {@code properties}, the class archive,
     * {@code jobs.java-options} and the classpath.
     */
    private List<String> jobJvm(Path scratch, Map<String, String> properties) {
        List<String> command = jvm();
        command.add("-Xmx" + config.driverMemory());
        command.add("-Djava.io.tmpdir=" + scratch.resolve("tmp"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        classArchive.ifPresent(archive -> command.addAll(archive.javaOptions()));
        if (!config.javaOptions().isBlank()) {
            command.addAll(Arrays.asList(config.javaOptions().trim().split("\\s+")));
        }
        command.add("-cp");
        command.add(config.classpath());
        return command;
    }

    /** Spark's address and scratch folders of a job JVM. */
    private void environment(ProcessBuilder builder, Path scratch) {
        builder.environment().put("SPARK_LOCAL_IP", config.driverHost());
        builder.environment().put("SPARK_LOCAL_DIRS", scratch.resolve("spark").toString());
    }

    /** A warm job JVM ({@link WarmJobRunners}) on its scratch folder. */
    private ProcessBuilder warmRunnerProcess(Path scratch, Path log) {
        List<String> command = jobJvm(scratch, Map.of());
        // its scratch folder goes when it ends: a crash report goes beside its log
        command.add(command.size() - 2, "-XX:ErrorFile=" + log.resolveSibling(log.getFileName().toString().replace(".log", "-hs_err_pid%p.log")));
        command.add(JobEntryPoint.WARM_RUNNER);
        ProcessBuilder builder = new ProcessBuilder(command).directory(scratch.toFile());
        environment(builder, scratch);
        return builder;
    }

    /** The Spark settings of a local run as system properties: its master and name, then {@link #sparkSettings}. */
    private Map<String, String> localSettings(JobDefinition job, JobRun run, Path runFolder) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.master", config.sparkMaster());
        settings.put("spark.app.name", job.name());
        settings.putAll(sparkSettings(job, run, runFolder));
        return settings;
    }

    /**
     * Starts a warm job JVM ahead of the first run and loads Spark's code in it (with {@code jobs.warm-runners} above 0
     * and a local master; otherwise nothing): {@code lagoa serve} and the demo call it as they start, so that even
     * their first run starts warm.
     */
    public void prepare() {
        if (warmRunners.isEmpty() || config.classpath().isBlank()) {
            return;
        }
        try {
            warmRunners.get().prepare(JobEntryPoint.CLASS_ARCHIVE_WARMUP, this::warmupSettings);
        } catch (RuntimeException e) {
            // the runs will start their JVM themselves, and say why they cannot
            LOG.warn("Cannot warm up a job JVM: {}", e.getMessage());
        }
    }

    /**
     * The Spark settings of the warm-up (the class archive's, and a warm job JVM's): a small local run's, with its
     * lineage and warehouse in {@code scratch}.
     */
    private Map<String, String> warmupSettings(Path scratch) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spark.master", "local[2]");
        properties.put("spark.app.name", "lagoa-warm-up");
        properties.put("spark.ui.enabled", "false");
        properties.put("spark.driver.host", config.driverHost());
        properties.put("spark.driver.bindAddress", config.driverHost());
        properties.put("spark.sql.shuffle.partitions", "2");
        properties.put("spark.sql.warehouse.dir", scratch.resolve("warehouse").toUri().toString());
        properties.put("spark.extraListeners", OPENLINEAGE_LISTENER);
        properties.put("spark.openlineage.transport.type", "file");
        properties.put("spark.openlineage.transport.location", scratch.resolve("lineage.jsonl").toString());
        return properties;
    }

    /** A run's Glue-style arguments: its job's name, its id, the lake's root, then its own (locations in the workspace's lake). */
    private List<String> jobArguments(JobRun run) {
        List<String> command = new ArrayList<>();
        command.add("--JOB_NAME");
        command.add(run.jobName());
        command.add("--JOB_RUN_ID");
        command.add(run.id().value());
        command.add("--LAGOA_LAKE_ROOT");
        command.add(workspace.lake().toUri().toString());
        run.arguments().forEach((name, value) -> {
            command.add(name);
            command.add(looksLikeLocation(value) ? workspace.localUri(value) : value);
        });
        return command;
    }

    /** The {@code java} of this JVM with the module openings Spark needs on Java 17. */
    private static List<String> jvm() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        JAVA_17_OPENS.forEach(pkg -> command.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED"));
        return command;
    }

    /** The JVM that records the class archive: a job run's settings, running the warm-up on a scratch folder. */
    private List<String> warmupCommand(Path archive, Path scratch) {
        List<String> command = jvm();
        command.addAll(List.of("-Xmx1g", "-XX:ArchiveClassesAtExit=" + archive, "-Djava.io.tmpdir=" + scratch.resolve("tmp"),
                "-Dspark.local.dir=" + scratch.resolve("spark")));
        warmupSettings(scratch).forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", config.classpath(), JobEntryPoint.CLASS_ARCHIVE_WARMUP, scratch.toString()));
        return command;
    }

    /**
     * The Spark settings of a run, besides its master and name: the UI off, the driver on {@code jobs.driver-host}, the
     * shuffle partitions, a warehouse in the run's folder, the lineage listener, then {@code jobs.spark-conf}.
     */
    private Map<String, String> sparkSettings(JobDefinition job, JobRun run, Path runFolder) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.ui.enabled", "false");
        settings.put("spark.driver.host", config.driverHost());
        settings.put("spark.driver.bindAddress", config.driverHost());
        settings.put("spark.sql.shuffle.partitions", Integer.toString(config.shufflePartitions()));
        settings.put("spark.sql.warehouse.dir", runFolder.resolve("warehouse").toUri().toString());
        settings.putAll(lineageSettings(job, run));
        settings.putAll(config.sparkSettings());
        return settings;
    }

    /**
     * The OpenLineage Spark listener's settings of a run: its events (column lineage included) go to
     * {@code lineage/events/<run id>.jsonl} in the workspace; the job's namespace and name are the Glue job's name, and
     * the parent run facet names Lagoa's run ({@link #lineageRunId}), so that the events of a run are found from it.
     * Job parameters of a Glue job set the same keys ({@code --conf}).
     */
    Map<String, String> lineageSettings(JobDefinition job, JobRun run) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.extraListeners", OPENLINEAGE_LISTENER);
        settings.put("spark.openlineage.transport.type", "file");
        settings.put("spark.openlineage.transport.location", workspace.lineageEvents().resolve(run.id().value() + ".jsonl").toString());
        settings.put("spark.openlineage.namespace", job.name());
        settings.put("spark.openlineage.appName", job.name());
        settings.put("spark.openlineage.parentJobNamespace", job.name());
        settings.put("spark.openlineage.parentJobName", job.name());
        settings.put("spark.openlineage.parentRunId", lineageRunId(run.id()).toString());
        return settings;
    }

    /** OpenLineage run ids are UUIDs: Lagoa's run id maps to a name-based one, the same on every call. */
    public static UUID lineageRunId(JobRunId id) {
        return UUID.nameUUIDFromBytes(("lagoa-job-run:" + id.value()).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code s3://} arguments are read and written in the workspace's lake. */
    private static boolean looksLikeLocation(String value) {
        return value.startsWith("s3://") || value.startsWith("s3a://") || value.startsWith("s3n://");
    }

    private void supervise(JobDefinition job, JobRun first, RunListener told) {
        JobRun run = first;
        while (true) {
            JobRun next = await(job, run);
            JobRunId ended = run.id();
            tell(() -> {
                if (told != RunListener.NONE && get(ended).state().isTerminal()) {
                    told.finished(get(ended));
                }
            });
            if (next == null) {
                return;
            }
            launch(job, next);
            tell(() -> {
                if (told != RunListener.NONE) {
                    told.started(get(next.id()));
                }
            });
            run = next;
        }
    }

    /** Waits for one attempt; returns the retry to launch, if any. The run stays registered until its outcome is recorded. */
    private JobRun await(JobDefinition job, JobRun run) {
        JobProcess process = processes.get(run.id());
        try {
            return outcome(job, run, process);
        } finally {
            processes.remove(run.id());
        }
    }

    private JobRun outcome(JobDefinition job, JobRun run, JobProcess process) {
        Duration timeout = job.timeout().compareTo(config.defaultTimeout()) < 0 ? job.timeout() : config.defaultTimeout();
        try {
            if (!process.waitFor(timeout.toMillis())) {
                process.kill();
                repository.finish(run.id(), JobRunState.TIMEOUT, clock.instant(),
                        "Job run exceeded its timeout of %s and was stopped".formatted(Durations.format(timeout)), null);
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.kill();
            repository.finish(run.id(), JobRunState.STOPPED, clock.instant(), "Stopped: the launcher was interrupted", null);
            return null;
        } finally {
            deleteScratch(workspace.runs().resolve(run.id().value()));
        }
        int exit = process.exitValue();
        if (stopRequested.remove(run.id()) != null || get(run.id()).state().isTerminal()) {
            // stopped here, or by another launcher (lagoa jobs stop in another terminal): not a failure to retry
            return null;
        }
        Optional<JsonNode> result = result(run);
        if (exit == 0) {
            repository.finish(run.id(), JobRunState.SUCCEEDED, clock.instant(), null, 0);
            return null;
        }
        String error = result.map(node -> node.path("error").asText(null))
                .orElse("The job's JVM exited with status %d; see %s".formatted(exit, run.logLocation().orElse("its log")));
        if (exit != USER_ERROR_EXIT && exit != INTERNAL_ERROR_EXIT && run.attempt() < job.maxRetries()) {
            JobRun retry = newRun(job, run.arguments(), run.attempt() + 1, Optional.of(run.id()));
            repository.insert(retry, SUPERVISOR);
            repository.finish(run.id(), JobRunState.FAILED, clock.instant(), error, exit);
            LOG.warn("{} run {} failed ({}); retrying as {} (attempt {} of {})", job.name(), run.id(), error, retry.id(), retry.attempt(), job.maxRetries());
            return retry;
        }
        repository.finish(run.id(), JobRunState.FAILED, clock.instant(), error, exit);
        return null;
    }

    /** Spark's shuffle and temporary files of a finished run; its result stays. */
    private static void deleteScratch(Path runFolder) {
        for (String scratch : List.of("tmp", "spark", "warehouse")) {
            LocalFiles.deleteTree(runFolder.resolve(scratch));
        }
    }

    private Optional<JsonNode> result(JobRun run) {
        Path file = workspace.runs().resolve(run.id().value()).resolve("result.json");
        try {
            return Files.exists(file) ? Optional.of(JSON.readTree(file.toFile())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Who was at fault when the run failed, as the job reported it: USER, EXTERNAL or INTERNAL. */
    @Override
    public Optional<ErrorType> failureType(JobRunId id) {
        JobRun run = get(id);
        if (run.state() != JobRunState.FAILED) {
            return Optional.empty();
        }
        // a run that ended without reporting was killed, ran out of memory or lost its launcher: the environment failed
        return Optional.of(result(run).map(node -> node.path("error_type").asText(""))
                .filter(type -> !type.isEmpty())
                .map(ErrorType::valueOf)
                .orElse(ErrorType.EXTERNAL));
    }

    /** The run's outcome as the job reported it (its summary), when the job wrote one. */
    public Optional<JsonNode> summary(JobRunId id) {
        return result(get(id)).map(node -> node.path("summary")).filter(node -> !node.isMissingNode());
    }

    @Override
    public Optional<String> runSummary(JobRunId id) {
        return summary(id).map(JsonNode::toString);
    }

    /** Stops the child and every process it started: politely first, then forcibly. */
    static void kill(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Runs recorded as in flight whose process is gone and whose launcher is gone too are marked failed. While the
     * launcher that started a run lives (in this JVM or another one, such as {@code lagoa serve}), it records the
     * run's outcome itself, even after the run's process ended. A process is the one recorded when both its id and its
     * start time match.
     */
    private void reapOrphans() {
        for (JobRun run : repository.active()) {
            if (processes.containsKey(run.id()) || alive(repository.process(run.id()))) {
                continue;
            }
            Optional<SqliteJobRunRepository.RecordedProcess> supervisor = repository.supervisor(run.id());
            // a run recorded without its launcher's process: give its launcher time to start the process
            boolean orphan = supervisor.isPresent() ? !alive(supervisor) : run.startedOn().isBefore(clock.instant().minusSeconds(30));
            if (orphan) {
                repository.finish(run.id(), JobRunState.FAILED, clock.instant(), "The run's process ended without reporting (its launcher stopped)", null);
            }
        }
    }

    private static boolean alive(Optional<SqliteJobRunRepository.RecordedProcess> process) {
        return process.flatMap(SqliteJobRunRepository.RecordedProcess::live).isPresent();
    }

    @Override
    public JobRun get(JobRunId id) {
        return repository.find(id).orElseThrow(() -> new LagoaException(ErrorCode.JOB_RUN_NOT_FOUND, "No job run " + id));
    }

    @Override
    public List<JobRun> runs(Optional<String> jobName, int limit) {
        reapOrphans();
        return repository.recent(jobName, limit);
    }

    @Override
    public void stop(JobRunId id) {
        JobRun run = get(id);
        if (run.state().isTerminal()) {
            return;
        }
        stopRequested.put(id, Boolean.TRUE);
        JobProcess process = processes.get(id);
        if (process != null) {
            process.kill();
            repository.finish(id, JobRunState.STOPPED, clock.instant(), "Stopped on request", null);
        } else {
            // started by another launcher (another terminal, or one that is gone): only the very process recorded (same
            // id, same start time) is stopped. The run is marked first, so that a launcher still watching it does not
            // take the ending it sees for a failure.
            Optional<ProcessHandle> recorded = repository.process(id).flatMap(SqliteJobRunRepository.RecordedProcess::live);
            repository.finish(id, JobRunState.STOPPED, clock.instant(), "Stopped on request", null);
            recorded.ifPresent(handle -> {
                handle.descendants().forEach(ProcessHandle::destroy);
                handle.destroy();
            });
        }
    }

    private void stopAll(String reason) {
        for (JobRunId id : List.copyOf(processes.keySet())) {
            JobProcess process = processes.get(id);
            if (process != null) {
                stopRequested.put(id, Boolean.TRUE);
                process.kill();
                repository.finish(id, JobRunState.STOPPED, clock.instant(), "Stopped: " + reason, null);
            }
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // shutting down: the hook is running or has run
        }
        stopAll("the launcher was closed");
        warmRunners.ifPresent(WarmJobRunners::close);
        repository.close();
    }

    @Override
    public String toString() {
        return "ProcessJobLauncher[" + workspace + "]";
    }
}
