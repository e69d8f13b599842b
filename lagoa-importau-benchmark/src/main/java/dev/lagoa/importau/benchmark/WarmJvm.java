package dev.lagoa.importau.benchmark;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.contracts.JobEntryPoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The jobs' warm job JVM ({@value JobEntryPoint#WARM_RUNNER}), as {@code lagoa} runs local jobs: started once, warmed up
 * with the class archive's warm-up as {@code lagoa serve} and the demo do, then given job mains one after the other.
 * Each run is measured from its request to its reply; its peak RSS is the JVM's high-water mark, reset before the run.
 */
final class WarmJvm implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedReader replies;
    private final Writer requests;
    private final Path log;

    private WarmJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
        this.requests = process.outputWriter(UTF_8);
    }

    /** Starts the runner with the JVM options of a job run ({@code jvm}: java, its options, the classpath). */
    static WarmJvm start(List<String> jvm, Path scratch, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(jvm);
        command.add(JobEntryPoint.WARM_RUNNER);
        WarmJvm runner = new WarmJvm(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start(), log);
        Measured warmup = runner.run("warm-up", "dev.lagoa.jobs.ClassArchiveWarmup", List.of(scratch.toString()));
        if (warmup.exitCode() != 0) {
            throw new IllegalStateException("The warm job JVM's warm-up failed with status " + warmup.exitCode() + "; see " + log);
        }
        return runner;
    }

    Measured run(String stage, String main, List<String> arguments) throws IOException, InterruptedException {
        String load = Measured.loadAverage();
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        Files.writeString(Path.of("/proc", Long.toString(process.pid()), "clear_refs"), "5"); // resets VmHWM
        long started = System.nanoTime();
        requests.write(JSON.writeValueAsString(Map.of("run", stage, "main", main, "args", arguments, "log", log.toString())) + "\n");
        requests.flush();
        Measured.Sampler sampler = Measured.Sampler.start(status);
        String line = replies.readLine();
        while (line != null && !line.startsWith(JobEntryPoint.WARM_RUNNER_REPLY)) {
            line = replies.readLine();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long peak = sampler.stop();
        if (line == null) {
            throw new IllegalStateException("The warm job JVM ended during " + stage + "; see " + log);
        }
        JsonNode reply = JSON.readTree(line.substring(JobEntryPoint.WARM_RUNNER_REPLY.length()));
        return new Measured(stage, reply.path("status").asInt(1), seconds, peak, load);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            requests.close();
        } catch (IOException e) {
            // the runner is gone already
        }
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
