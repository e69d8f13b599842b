package dev.lagoa.jobs.diff;

import dev.lagoa.jobs.JobFailure;
import java.util.Locale;

/**
 * Which executor runs a diff: {@code local} (threads of the job's own JVM, no Spark session), {@code spark} (the
 * Spark job), or {@code auto}, which picks local when the inputs are small enough for one machine (see
 * {@link LocalDiff#prefers}). Both executors compute the same result with the same code.
 */
public enum DiffEngine {
    AUTO,
    LOCAL,
    SPARK;

    /** {@code auto}, {@code local} or {@code spark}, as the {@code --engine} argument and the manifest spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DiffEngine parse(String text) {
        for (DiffEngine engine : values()) {
            if (engine.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return engine;
            }
        }
        throw new JobFailure("Invalid --engine '" + text + "': use auto, local or spark");
    }
}
