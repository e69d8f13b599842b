package dev.lagoa.deploy;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The npm tools that check synthesized templates offline ({@code src/test/node}: the CloudFormation resource
 * specification and asl-validator, pinned by {@code package-lock.json}), installed with {@code npm ci} into
 * {@code target/node-tools} once per lockfile.
 *
 * <p>Without Node.js on the PATH the tests that need it are skipped, except under {@code CI=true}, where they fail:
 * a build server must not pass by checking nothing.
 */
final class NodeTools {
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "check-templates.mjs", "validate-asl.mjs");
    private static final String LOCK_MARKER = ".installed-lock-sha256";

    private static NodeTools installed;
    private static boolean missingReported;

    private final Path node;
    private final Path directory;

    private NodeTools(Path node, Path directory) {
        this.node = requireNonNull(node, "node is null");
        this.directory = requireNonNull(directory, "directory is null");
    }

    /** The tools, installed on first use in this JVM; skips or fails the calling test when Node.js is missing. */
    static synchronized NodeTools require() {
        if (installed == null) {
            Path node = executable("node");
            Path npm = executable("npm");
            installed = install(node, npm, moduleDirectory().resolve("src/test/node"), moduleDirectory().resolve("target/node-tools"));
        }
        return installed;
    }

    static Path moduleDirectory() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    private static Path executable(String name) {
        Optional<Path> found = onPath(name);
        if (found.isEmpty()) {
            String message = "Node.js (" + name + ") is not on the PATH: the offline checks of the CloudFormation templates "
                    + "need Node.js 18 or later with npm";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + " (CI=true: a missing Node.js fails the build)");
            }
            if (!missingReported) {
                missingReported = true;
                System.err.println("Skipped: " + message);
            }
            Assumptions.abort(message + "; skipped");
        }
        return found.orElseThrow();
    }

    private static Optional<Path> onPath(String name) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        List<String> candidates = windows ? List.of(name + ".exe", name + ".cmd") : List.of(name);
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            for (String candidate : candidates) {
                Path path = Path.of(entry, candidate);
                if (Files.isRegularFile(path) && Files.isExecutable(path)) {
                    return Optional.of(path);
                }
            }
        }
        return Optional.empty();
    }

    private static NodeTools install(Path node, Path npm, Path sources, Path directory) {
        try {
            Files.createDirectories(directory);
            for (String file : FILES) {
                Files.copy(sources.resolve(file), directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            String lockHash = sha256(directory.resolve("package.json"), directory.resolve("package-lock.json"));
            Path marker = directory.resolve(LOCK_MARKER);
            boolean current = Files.isDirectory(directory.resolve("node_modules")) && Files.isRegularFile(marker)
                    && Files.readString(marker).strip().equals(lockHash);
            if (!current) {
                long start = System.nanoTime();
                Result result = run(directory, INSTALL_TIMEOUT,
                        List.of(npm.toString(), "ci", "--no-audit", "--no-fund", "--loglevel=error", "--no-update-notifier"));
                if (result.exitCode() != 0) {
                    Assertions.fail("npm ci in " + directory + " failed with exit code " + result.exitCode() + ":\n" + result.output());
                }
                Files.writeString(marker, lockHash + "\n");
                System.out.printf(Locale.ROOT, "npm ci of the template checks: %.1f s%n", (System.nanoTime() - start) / 1e9);
            }
            return new NodeTools(node, directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one of the scripts over templates or directories of them. */
    Result runScript(String script, List<Path> templates) {
        List<String> command = new ArrayList<>(List.of(node.toString(), directory.resolve(script).toString()));
        templates.forEach(template -> command.add(template.toString()));
        return run(directory, SCRIPT_TIMEOUT, command);
    }

    private static Result run(Path directory, Duration timeout, List<String> command) {
        try {
            Path output = Files.createTempFile(directory, "output", ".txt");
            Path errors = Files.createTempFile(directory, "errors", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectOutput(output.toFile()).redirectError(errors.toFile());
                builder.environment().put("npm_config_update_notifier", "false");
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    Assertions.fail(String.join(" ", command) + " did not finish within " + timeout);
                }
                return new Result(process.exitValue(), Files.readString(output), Files.readString(errors));
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(0), e);
        }
    }

    private static String sha256(Path... files) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                digest.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A finished process: its exit code, standard output (the problems) and standard error (the summary). */
    record Result(int exitCode, String output, String errors) {
        Result {
            requireNonNull(output, "output is null");
            requireNonNull(errors, "errors is null");
        }

        List<String> problems() {
            return output.lines().filter(line -> !line.isBlank()).toList();
        }

        String describe() {
            return "exit code " + exitCode + "\n" + output + errors;
        }
    }
}
