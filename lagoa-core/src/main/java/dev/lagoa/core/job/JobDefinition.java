package dev.lagoa.core.job;

import static java.util.Objects.requireNonNull;

import dev.lagoa.contracts.JobEntryPoint;
import java.time.Duration;
import java.util.Map;

/**
 * A Spark job as Glue knows it: a name, the main class that runs it, default arguments, a timeout, how many times a
 * failed run is retried and how many runs may be in flight at once. The pipelines name their main classes through
 * {@link JobEntryPoint}, whose every constant a test of the jobs module resolves; tests may run classes of their own.
 */
public record JobDefinition(
        String name,
        String mainClass,
        Map<String, String> defaultArguments,
        Duration timeout,
        int maxRetries,
        int maxConcurrentRuns) {
    public JobDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(mainClass, "mainClass is null");
        defaultArguments = Map.copyOf(requireNonNull(defaultArguments, "defaultArguments is null"));
        requireNonNull(timeout, "timeout is null");
        if (!name.matches("[a-z][a-z0-9-]{0,254}")) {
            throw new IllegalArgumentException("Invalid job name '" + name + "': lower-case letters, digits and '-'");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("maxRetries must be between 0 and 10 (as in Glue): " + maxRetries);
        }
        if (maxConcurrentRuns < 1) {
            throw new IllegalArgumentException("maxConcurrentRuns must be at least 1: " + maxConcurrentRuns);
        }
    }

    /** A job of the jobs jar, run by {@code entryPoint}'s main class. */
    public JobDefinition(String name, JobEntryPoint entryPoint, Map<String, String> defaultArguments, Duration timeout, int maxRetries,
            int maxConcurrentRuns) {
        this(name, requireNonNull(entryPoint, "entryPoint is null").mainClass(), defaultArguments, timeout, maxRetries, maxConcurrentRuns);
    }
}
