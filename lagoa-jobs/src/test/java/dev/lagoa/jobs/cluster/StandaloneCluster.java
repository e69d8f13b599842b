package dev.lagoa.jobs.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on this machine, started from Spark's own classes: a master and {@code workers} workers,
 * each its own JVM, all bound to 127.0.0.1 on ports they pick (read back from their logs). Workers start executors as a
 * Spark installation's workers do, through {@code SPARK_HOME}: Spark's {@code WorkerCommandBuilder} puts
 * {@code $SPARK_HOME/jars/*} on an executor's classpath, and looks for the Scala version only when
 * {@code SPARK_SCALA_VERSION} is not set (Spark's own scripts set it). So the cluster gets a {@code SPARK_HOME} whose
 * {@code jars/} are Spark and its dependencies taken from the jobs' classpath, without the jobs' own jars
 * ({@code lagoa-*}) or the driver's lineage listener: whatever Lagoa code an executor runs, the run brought it.
 */
public final class StandaloneCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://\\S+)");
    private static final Pattern ALIVE = Pattern.compile("I have been elected leader! New state: ALIVE");
    private static final Pattern REGISTERED = Pattern.compile("Successfully registered with master");
    private static final List<String> JAVA_17_OPENS = List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
            "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar");

    private final Path folder;
    private final List<Process> processes = new ArrayList<>();
    private final List<ProcessOutput> workerOutputs = new ArrayList<>();
    private ProcessOutput master;
    private final List<Path> workDirs = new ArrayList<>();
    private String masterUrl;

    private StandaloneCluster(Path folder) {
        this.folder = folder;
    }

    /**
     * Starts a master and {@code workers} workers of one core and {@code workerMemory} each, and returns once every
     * worker has registered with the master.
     *
     * @param jobsClasspath the jobs' classpath (entries separated by the path separator, {@code dir/*} allowed)
     */
    public static StandaloneCluster start(Path folder, String jobsClasspath, int workers, String workerMemory) throws IOException, InterruptedException {
        StandaloneCluster cluster = new StandaloneCluster(folder);
        try {
            cluster.startAll(sparkHome(folder.resolve("spark-home"), jobsClasspath), workers, workerMemory);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll(Path sparkHome, int workers, String workerMemory) throws IOException, InterruptedException {
        master = launch("master", sparkHome, "org.apache.spark.deploy.master.Master", List.of("--host", "127.0.0.1", "--port", "0",
                "--webui-port", "0"));
        masterUrl = master.await(MASTER_URL, START_TIMEOUT).group(1);
        master.await(ALIVE, START_TIMEOUT);
        for (int i = 1; i <= workers; i++) {
            Path workDir = Files.createDirectories(folder.resolve("worker-" + i + "/work"));
            workDirs.add(workDir);
            workerOutputs.add(launch("worker-" + i, sparkHome, "org.apache.spark.deploy.worker.Worker", List.of("--host", "127.0.0.1", "--port", "0",
                    "--webui-port", "0", "--cores", "1", "--memory", workerMemory, "--work-dir", workDir.toString(), masterUrl)));
        }
        for (ProcessOutput worker : workerOutputs) {
            worker.await(REGISTERED, START_TIMEOUT);
        }
    }

    private ProcessOutput launch(String name, Path sparkHome, String mainClass, List<String> arguments) throws IOException {
        Path home = Files.createDirectories(folder.resolve(name));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + Files.createDirectories(home.resolve("tmp"))));
        JAVA_17_OPENS.forEach(pkg -> command.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED"));
        command.addAll(List.of("-cp", sparkHome.resolve("jars") + File.separator + "*", mainClass));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("SPARK_HOME", sparkHome.toString());
        environment.put("SPARK_SCALA_VERSION", "2.12");
        environment.put("SPARK_LOCAL_IP", "127.0.0.1");
        environment.put("SPARK_LOCAL_DIRS", Files.createDirectories(home.resolve("local")).toString());
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.remove("SPARK_CONF_DIR");
        environment.remove("SPARK_CLASSPATH");
        environment.remove("SPARK_DIST_CLASSPATH");
        Process process = builder.start();
        processes.add(process);
        return ProcessOutput.follow(name, process, home.resolve(name + ".log"));
    }

    /** A Spark installation's layout: {@code jars/} with Spark's jars of the jobs' classpath, an empty {@code conf/}. */
    private static Path sparkHome(Path home, String jobsClasspath) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("conf"));
        for (Path jar : expand(jobsClasspath)) {
            String name = jar.getFileName().toString();
            if (!name.startsWith("lagoa-") && !name.startsWith("openlineage-") && !Files.exists(jars.resolve(name))) {
                Files.createSymbolicLink(jars.resolve(name), jar.toAbsolutePath());
            }
        }
        return home;
    }

    private static List<Path> expand(String classpath) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.endsWith("*")) {
                try (Stream<Path> files = Files.list(Path.of(entry.substring(0, entry.length() - 1)))) {
                    files.filter(file -> file.toString().endsWith(".jar")).sorted().forEach(jars::add);
                }
            } else if (entry.endsWith(".jar")) {
                jars.add(Path.of(entry));
            }
        }
        return jars;
    }

    /** {@code spark://127.0.0.1:<port>}. */
    public String masterUrl() {
        return masterUrl;
    }

    /** The workers' work folders: {@code <application id>/<executor id>/stderr} is an executor's log. */
    public List<Path> workDirs() {
        return List.copyOf(workDirs);
    }

    /** The id the master gave the application named {@code name} (the first of that name), once it registered. */
    public String applicationId(String name, Duration timeout) throws InterruptedException {
        return master.await(Pattern.compile("Registered app " + Pattern.quote(name) + " with ID (app-\\S+)"), timeout).group(1);
    }

    /** The workers on which the master launched executors of an application, as it reported them ({@code worker-...-127.0.0.1-<port>}). */
    public List<String> executorWorkers(String applicationId) {
        Pattern launching = Pattern.compile("Launching executor " + Pattern.quote(applicationId) + "/\\d+ on worker (\\S+)");
        return master.lines(launching).stream().map(line -> {
            java.util.regex.Matcher matcher = launching.matcher(line);
            matcher.find();
            return matcher.group(1);
        }).distinct().toList();
    }

    /**
     * Waits until the worker {@code index} (from 0) has seen every executor of {@code applicationId} end, so that their
     * logs are complete.
     */
    public void awaitExecutorsEnded(int index, String applicationId, Duration timeout) throws InterruptedException {
        workerOutputs.get(index).await(Pattern.compile("Executor " + Pattern.quote(applicationId) + "/\\d+ finished with state"), timeout);
    }

    /** The executors' logs of an application on each worker, in worker order (an empty list where it ran none). */
    public List<List<String>> executorLogs(String applicationId) {
        List<List<String>> logs = new ArrayList<>();
        for (Path workDir : workDirs) {
            List<String> lines = new ArrayList<>();
            Path application = workDir.resolve(applicationId);
            if (Files.isDirectory(application)) {
                try (Stream<Path> files = Files.walk(application)) {
                    for (Path log : files.filter(file -> file.getFileName().toString().equals("stderr")).toList()) {
                        lines.addAll(Files.readAllLines(log));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            logs.add(lines);
        }
        return logs;
    }

    /** Stops the workers (which stop their executors), then the master: politely, then forcibly. */
    @Override
    public void close() {
        List<Process> stopping = new ArrayList<>(processes);
        java.util.Collections.reverse(stopping);
        for (Process process : stopping) {
            List<ProcessHandle> descendants = process.descendants().toList();
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }
}
