package dev.lagoa.dist;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The distribution's {@code bin/lagoa} run as a user runs it, for the tests of the distribution. */
final class LagoaProcesses {
    record Result(int exitCode, String out, String err) {}

    private LagoaProcesses() {}

    /** Runs {@code lagoa --home HOME ARGS...} in {@code temp} to its end (10 minutes at most). */
    static Result run(Path temp, Path home, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return run(Path.of(launcher()), temp, home, environment, args);
    }

    /** Runs {@code LAUNCHER --home HOME ARGS...} in {@code temp} to its end (10 minutes at most): another distribution's {@code bin/lagoa}. */
    static Result run(Path launcher, Path temp, Path home, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.add("--home");
        command.add(home.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("LAGOA_JOBS_DRIVER_MEMORY", "1g");
        Path out = Files.createTempFile(temp, "out", ".txt");
        Path err = Files.createTempFile(temp, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("lagoa " + String.join(" ", args) + " did not finish in 10 minutes");
        }
        return new Result(process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    }

    /** Starts {@code lagoa --home HOME ARGS...}, a long-running command, with its output and errors in {@code output}. */
    static Process start(Path home, Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(launcher(), "--home", home.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    /** Waits until {@code output} holds {@code line}, while the process lives (90 s at most). */
    static void awaitLine(Process process, Path output, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.readString(output).contains(line)) {
            assertThat(process.isAlive()).as(Files.readString(output)).isTrue();
            assertThat(System.nanoTime()).as("waiting for '%s': %s", line, Files.readString(output)).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String launcher() {
        return Path.of(System.getProperty("lagoa.dist"), "bin", "lagoa").toString();
    }
}
