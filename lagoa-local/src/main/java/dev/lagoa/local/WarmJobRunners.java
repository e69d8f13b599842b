package dev.lagoa.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.contracts.JobEntryPoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm job JVMs of a local job launcher ({@code jobs.warm-runners}): JVMs running the jobs jar's
 * {@value JobEntryPoint#WARM_RUNNER}, each running one job main at a time. A run takes an idle one, or starts one
 * when none is idle; after the run it is idle again, unless it retired (a failed run, a leak: see the runner) or more
 * than {@code keep} are idle, and it ends after {@code idleTimeout} unused. {@link #prepare} starts one ahead of the
 * first run and runs the class archive's warm-up in it, so that even the first run finds Spark's code loaded and
 * compiled: a run that comes while the warm-up is running waits for it in that JVM, rather than start another.
 *
 * <p>To the launcher a run in a warm JVM is a {@link ProcessJobLauncher.JobProcess} like a JVM of its own: its
 * recorded process is the warm JVM, stopping it or a timeout kills that JVM, and a run that gets no reply (the JVM
 * died or was killed) ends with the JVM's status, or 1 if that was 0.
 */
final class WarmJobRunners implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarmJobRunners.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final BiFunction<Path, Path, ProcessBuilder> starter;
    private final Path folder;
    private final Path logs;
    private final int keep;
    private final Duration idleTimeout;
    private final Clock clock;
    private final List<Runner> runners = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private boolean closed;

    /**
     * @param starter the process of a warm JVM, given its scratch folder and its log file
     * @param folder where each warm JVM gets its scratch folder
     * @param logs where each warm JVM's own log goes ({@code warm-jvm-*.log})
     * @param keep how many idle warm JVMs are kept
     */
    WarmJobRunners(BiFunction<Path, Path, ProcessBuilder> starter, Path folder, Path logs, int keep, Duration idleTimeout, Clock clock) {
        this.starter = requireNonNull(starter, "starter is null");
        this.folder = requireNonNull(folder, "folder is null");
        this.logs = requireNonNull(logs, "logs is null");
        this.keep = keep;
        this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "lagoa-warm-jobs-timer");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, Math.min(30, idleTimeout.toSeconds()));
        timer.scheduleWithFixedDelay(this::endIdle, period, period, TimeUnit.SECONDS);
    }

    /**
     * Has a warm JVM run {@code warmupMain} (the class archive's warm-up) on a scratch folder of the JVM's, with the
     * {@code properties} of that folder, so that the next run finds Spark's code loaded and compiled: an idle one that
     * has not yet, or one started for it when none is idle. Nothing happens when a JVM is warmed up already or busy.
     */
    void prepare(String warmupMain, Function<Path, Map<String, String>> properties) {
        Runner runner;
        CompletableFuture<Integer> status;
        synchronized (this) {
            if (closed || runners.stream().anyMatch(candidate -> candidate.warmedUp || !candidate.idle())) {
                return;
            }
            runner = runners.isEmpty() ? start() : runners.get(0);
            runner.warmedUp = true;
            Path scratch = runner.scratch.resolve("warmup");
            status = runner.submit("warmup", warmupMain, List.of(scratch.toString()), properties.apply(scratch), runner.log, true);
        }
        status.whenComplete((exit, error) -> LOG.debug("Warm job JVM {} warmed up (status {})", runner.process.pid(), exit));
    }

    /** Runs {@code main} in an idle warm JVM, or in one started for it. */
    ProcessJobLauncher.JobProcess run(String runId, String main, List<String> arguments, Map<String, String> properties, Path log) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the launcher's warm job JVMs are closed");
            }
            Runner runner = runners.stream().filter(Runner::idle).findFirst()
                    .or(() -> runners.stream().filter(Runner::onlyWarmingUp).findFirst())
                    .orElseGet(this::start);
            return new WarmRun(runner, runner.submit(runId, main, arguments, properties, log, false));
        }
    }

    private Runner start() {
        int number = SEQUENCE.incrementAndGet();
        String name = "warm-jvm-%s-%d-%d".formatted(clock.instant().toString().replaceAll("[^0-9]", "").substring(0, 14),
                ProcessHandle.current().pid(), number);
        Path scratch = folder.resolve(name);
        Path log = logs.resolve(name + ".log");
        try {
            Files.createDirectories(scratch.resolve("tmp"));
            Files.createDirectories(logs);
            Process process = starter.apply(scratch, log)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Runner runner = new Runner(process, scratch, log);
            runners.add(runner);
            Thread reader = new Thread(runner::read, "lagoa-" + name);
            reader.setDaemon(true);
            reader.start();
            LOG.info("Started warm job JVM {} (pid {}), log {}", name, process.pid(), log);
            return runner;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot start a warm job JVM: " + e.getMessage(), e);
        }
    }

    /** Ends the JVMs idle for longer than the idle timeout. */
    private void endIdle() {
        List<Runner> ending = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            Instant limit = clock.instant().minus(idleTimeout);
            for (Runner runner : runners) {
                if (runner.idle() && runner.idleSince.isBefore(limit)) {
                    ending.add(runner);
                }
            }
            runners.removeAll(ending);
        }
        ending.forEach(Runner::end);
    }

    /**
     * A reply came: its request is done, and the JVM is idle again, or ends (it retires, or enough are idle); returns
     * the request's status to complete.
     */
    private CompletableFuture<Integer> replied(Runner runner, boolean retires) {
        boolean end;
        CompletableFuture<Integer> status;
        synchronized (this) {
            status = runner.awaited.isEmpty() ? null : runner.awaited.remove(0).status();
            runner.idleSince = clock.instant();
            end = retires || (runner.idle() && (closed || runners.stream().filter(Runner::idle).count() > keep));
            if (end) {
                runners.remove(runner);
            }
        }
        if (end && !retires) {
            runner.end();
        }
        return status;
    }

    /**
     * The JVM ended: the requests it did not answer end with its status, or 1 if that was 0 (a JVM of its own would
     * have reported), and their logs say so.
     */
    private void gone(Runner runner, int exit) {
        List<Request> unanswered;
        synchronized (this) {
            runners.remove(runner);
            unanswered = List.copyOf(runner.awaited);
            runner.awaited.clear();
        }
        for (Request request : unanswered) {
            try {
                Files.writeString(request.log(), "The warm job JVM %d ended with status %d before the run reported; its own log is %s%n"
                        .formatted(runner.process.pid(), exit, runner.log), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                LOG.warn("Cannot write to {}: {}", request.log(), e.getMessage());
            }
            request.status().complete(exit == 0 ? 1 : exit);
        }
    }

    /** A request sent to a warm JVM: the reply's status, the log of its run, and whether it is the warm-up. */
    private record Request(CompletableFuture<Integer> status, Path log, boolean warmup) {}

    @Override
    public void close() {
        List<Runner> ending;
        synchronized (this) {
            closed = true;
            ending = List.copyOf(runners);
            runners.clear();
        }
        timer.shutdownNow();
        ending.forEach(Runner::end);
        for (Runner runner : ending) {
            try {
                if (!runner.process.waitFor(10, TimeUnit.SECONDS)) {
                    runner.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                runner.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One warm JVM: requests go to its standard input, replies come from its standard output. */
    private final class Runner {
        private final Process process;
        private final Path scratch;
        private final Path log;
        private final Writer input;
        /** The replies awaited, in the order the requests were sent: one run's, after the warm-up's at most. Guarded by the pool. */
        private final List<Request> awaited = new ArrayList<>();
        private boolean warmedUp;
        private Instant idleSince = Instant.MIN;

        Runner(Process process, Path scratch, Path log) {
            this.process = process;
            this.scratch = scratch;
            this.log = log;
            this.input = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        boolean idle() {
            return awaited.isEmpty() && process.isAlive();
        }

        /** Whether its one request is the warm-up: a run may wait for it here rather than start another JVM. */
        boolean onlyWarmingUp() {
            return awaited.size() == 1 && awaited.get(0).warmup() && process.isAlive();
        }

        CompletableFuture<Integer> submit(String runId, String main, List<String> arguments, Map<String, String> properties, Path runLog,
                boolean warmup) {
            ObjectNode request = JSON.createObjectNode().put("run", runId).put("main", main).put("log", runLog.toString())
                    .put("warmup", warmup);
            arguments.forEach(request.putArray("args")::add);
            ObjectNode settings = request.putObject("properties");
            properties.forEach(settings::put);
            CompletableFuture<Integer> status = new CompletableFuture<>();
            awaited.add(new Request(status, runLog, warmup));
            try {
                synchronized (input) {
                    input.write(JSON.writeValueAsString(request).replace("\n", " ") + "\n");
                    input.flush();
                }
            } catch (IOException e) {
                // the JVM is gone: its reader completes the request with the JVM's status
                LOG.debug("Cannot send a request to warm job JVM {}: {}", process.pid(), e.getMessage());
            }
            return status;
        }

        /** Reads the replies until the JVM ends; then the requests still awaited end with its status. */
        void read() {
            try (BufferedReader replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = replies.readLine(); line != null; line = replies.readLine()) {
                    if (!line.startsWith(JobEntryPoint.WARM_RUNNER_REPLY)) {
                        Files.writeString(log, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        continue;
                    }
                    JsonNode reply = JSON.readTree(line.substring(JobEntryPoint.WARM_RUNNER_REPLY.length()));
                    boolean retires = reply.hasNonNull("retire");
                    if (retires) {
                        LOG.info("Warm job JVM {} retires: {}", process.pid(), reply.path("retire").asText());
                    }
                    CompletableFuture<Integer> status = replied(this, retires);
                    if (status != null) {
                        status.complete(reply.path("status").asInt(1));
                    }
                }
            } catch (IOException e) {
                LOG.debug("Warm job JVM {}: {}", process.pid(), e.getMessage());
            }
            int exit;
            try {
                exit = process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exit = 1;
            }
            gone(this, exit);
            LocalFiles.deleteTree(scratch);
        }

        /** Closes its input: the JVM ends once its run, if any, is over. */
        void end() {
            try {
                synchronized (input) {
                    input.close();
                }
            } catch (IOException e) {
                process.destroy();
            }
        }
    }

    /** A run in a warm JVM, as the launcher watches a process. */
    private final class WarmRun implements ProcessJobLauncher.JobProcess {
        private final Runner runner;
        private final CompletableFuture<Integer> status;

        WarmRun(Runner runner, CompletableFuture<Integer> status) {
            this.runner = runner;
            this.status = status;
        }

        @Override
        public ProcessHandle handle() {
            return runner.process.toHandle();
        }

        @Override
        public boolean waitFor(long millis) throws InterruptedException {
            try {
                status.get(millis, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                return true;
            }
        }

        @Override
        public int exitValue() {
            return status.getNow(1);
        }

        /** The run shares nothing with another one at this moment: its JVM is killed, as a JVM of its own would be. */
        @Override
        public void kill() {
            synchronized (WarmJobRunners.this) {
                runners.remove(runner);
            }
            ProcessJobLauncher.kill(runner.process);
            try {
                status.get(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // killed: the reader completes it
            }
        }
    }
}
