package dev.lagoa.jobs;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.contracts.JobEntryPoint;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

/**
 * Not a job: a JVM that the local job launcher keeps warm and that runs job mains one after the other, so that a run
 * pays neither a JVM start nor the loading and compiling of Spark's classes. Each run gets what a JVM of its own would
 * give it, as far as one JVM can:
 * <ul>
 *   <li>its own Spark context: the job starts one from its Spark settings, which the request sets as system
 *       properties (master, name, lineage listener, warehouse), and stops it, as on Glue;</li>
 *   <li>its own log: {@code System.out} and {@code System.err} (and with them the jobs' log4j console) point at the
 *       run's log file while it runs;</li>
 *   <li>its own thread, and afterwards the system properties of before, no Spark session left active and Hadoop's
 *       cached file systems closed.</li>
 * </ul>
 * The runner <em>retires</em> (replies, then ends) when a run failed or crashed, left a thread of its own running, or
 * left more than half of the heap in use after a collection, and after {@value #MAX_RUNS} runs: the launcher's next
 * run gets a fresh JVM, so that a failing or leaking job cannot poison the next. A job that calls {@code System.exit}
 * ends the runner with its status, which the launcher takes as the run's, as from a JVM of its own.
 *
 * <p>Requests come on standard input, one JSON object per line: {@code run} (its id), {@code main} (the class),
 * {@code args}, {@code properties} (set for the run only) and {@code log} (the file its output is appended to). Each
 * reply is one line on standard output (a warm-up's, marked {@code "warmup": true}, never retires the runner: a run may be
 * waiting behind it), {@value JobEntryPoint#WARM_RUNNER_REPLY} and a JSON object: {@code run},
 * {@code status} (what the JVM would have exited with: 0, or {@link JobMain}'s 2, 3 and 4, or 1 for an uncaught
 * exception) and {@code retire} (why the runner ends after this reply, or null). The end of standard input (the
 * launcher closed it, or is gone) ends the runner, once its run, if any, is over. The runner's own messages go to
 * standard error.
 */
public final class WarmJobRunner {
    /** Runs after which the runner retires, however well they went. */
    static final int MAX_RUNS = 50;
    /** The share of the maximum heap still in use after a run and a collection above which the runner retires. */
    static final double MAX_HEAP_KEPT = 0.5;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private WarmJobRunner() {}

    public static void main(String[] args) throws IOException {
        PrintStream replies = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);
        PrintStream own = System.err;
        System.setOut(own); // nothing but replies may reach standard output
        System.setProperty(JobMain.EXIT_PROPERTY, "false");
        Properties baseline = (Properties) System.getProperties().clone();
        long pid = ProcessHandle.current().pid();
        own.printf("Warm job JVM %d ready%n", pid);
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, UTF_8));
        int runs = 0;
        for (String line = requests.readLine(); line != null; line = requests.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode request = MAPPER.readTree(line);
            runs++;
            ObjectNode reply = MAPPER.createObjectNode().put("run", request.path("run").asText());
            String retire;
            try (PrintStream log = new PrintStream(new FileOutputStream(request.path("log").asText(), true), true, UTF_8)) {
                System.setOut(log);
                System.setErr(log);
                log.printf("Run %d of warm job JVM %d: %s%n", runs, pid, request.path("main").asText());
                Outcome outcome = run(request);
                retire = request.path("warmup").asBoolean() ? null // a run may wait behind it: its outcome is not a run's
                        : outcome.status() != 0 ? "the run ended with status " + outcome.status()
                        : outcome.retire() != null ? outcome.retire()
                        : runs >= MAX_RUNS ? "it ran " + runs + " runs"
                        : null;
                reply.put("status", outcome.status());
            } finally {
                System.setOut(own);
                System.setErr(own);
                restore(baseline);
            }
            reply.put("retire", retire);
            replies.println(JobEntryPoint.WARM_RUNNER_REPLY + MAPPER.writeValueAsString(reply));
            if (retire != null) {
                own.printf("Warm job JVM %d retires: %s%n", pid, retire);
                System.exit(0);
            }
        }
        own.printf("Warm job JVM %d: its launcher closed its input; ending%n", pid);
        System.exit(0);
    }

    private record Outcome(int status, String retire) {}

    /** Runs the request's main in a thread of its own, then clears what it may have left behind. */
    private static Outcome run(JsonNode request) {
        request.path("properties").fields().forEachRemaining(entry -> System.setProperty(entry.getKey(), entry.getValue().asText()));
        List<String> arguments = new ArrayList<>();
        request.path("args").forEach(argument -> arguments.add(argument.asText()));
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        int[] status = {1};
        long started = System.nanoTime();
        Thread job = new Thread(() -> status[0] = invoke(request.path("main").asText(), arguments.toArray(String[]::new)),
                "main-" + request.path("run").asText());
        job.setContextClassLoader(WarmJobRunner.class.getClassLoader());
        job.start();
        try {
            job.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(1, "interrupted");
        }
        long ran = System.nanoTime();
        String retire = cleanUp(before);
        System.err.printf("The run ended with status %d in %d ms, then %d ms of clean-up%n", status[0], (ran - started) / 1_000_000,
                (System.nanoTime() - ran) / 1_000_000);
        return new Outcome(status[0], retire);
    }

    private static int invoke(String mainClass, String[] arguments) {
        try {
            Class.forName(mainClass, true, WarmJobRunner.class.getClassLoader()).getMethod("main", String[].class).invoke(null, (Object) arguments);
            return 0;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof JobMain.JobRunFailed failed) {
                return failed.exitStatus(); // JobMain has written the result and the error
            }
            System.err.println("ERROR: " + mainClass + " ended on an uncaught exception");
            e.getCause().printStackTrace();
            return 1;
        } catch (ReflectiveOperationException | LinkageError e) {
            System.err.println("ERROR: cannot run " + mainClass + ": " + e);
            return 1;
        }
    }

    /**
     * Stops a Spark session the job left running, closes Hadoop's cached file systems and checks what the run leaves
     * behind; returns why the runner should retire, or null.
     */
    private static String cleanUp(Set<Thread> before) {
        String retire = null;
        SparkSession left = SparkSession.getDefaultSession().getOrElse(() -> null);
        if (left != null) {
            System.err.println("WARN: the job left its Spark session running; stopping it");
            left.stop();
        }
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
        try {
            FileSystem.closeAll();
        } catch (IOException e) {
            retire = "Hadoop's file systems did not close: " + e.getMessage();
        }
        List<String> running = newThreads(before);
        if (!running.isEmpty()) {
            retire = "the run left threads running: " + String.join(", ", running);
        }
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        if (heap.getMax() > 0 && heap.getUsed() > heap.getMax() * MAX_HEAP_KEPT) {
            retire = "%d MB of the heap's %d MB stayed in use after the run".formatted(heap.getUsed() >> 20, heap.getMax() >> 20);
        }
        return retire;
    }

    /** The threads the run started that are still running (not daemons, which end with the JVM), after 5 s of grace. */
    private static List<String> newThreads(Set<Thread> before) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            List<Thread> running = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> !before.contains(thread) && !thread.isDaemon() && thread.isAlive() && thread != Thread.currentThread())
                    .toList();
            if (running.isEmpty() || System.nanoTime() > deadline) {
                return running.stream().map(Thread::getName).toList();
            }
            try {
                running.get(0).join(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return running.stream().map(Thread::getName).toList();
            }
        }
    }

    /** The system properties of before the run: the run's own removed, changed ones put back. */
    private static void restore(Properties baseline) {
        for (String key : System.getProperties().stringPropertyNames()) {
            if (!baseline.containsKey(key)) {
                System.clearProperty(key);
            }
        }
        baseline.forEach((key, value) -> {
            if (!value.equals(System.getProperties().get(key))) {
                System.getProperties().put(key, value);
            }
        });
    }
}
