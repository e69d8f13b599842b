package dev.lagoa.core.config;

import dev.lagoa.core.lake.BucketName;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.function.Function;

/** Value checks shared by configuration fields: each returns the problem or null. */
public final class Validators {
    private Validators() {}

    public static Function<String, String> bucketName() {
        return value -> {
            String problem = BucketName.problem(value);
            return problem == null ? null : "invalid bucket name '" + value + "': " + problem;
        };
    }

    public static Function<String, String> zoneId() {
        return value -> {
            try {
                ZoneId.of(value);
                return null;
            } catch (DateTimeException e) {
                return "unknown time zone '" + value + "'";
            }
        };
    }

    public static Function<String, String> atLeast(int minimum) {
        return value -> Integer.parseInt(value.trim()) < minimum ? "must be at least " + minimum : null;
    }

    public static Function<String, String> port() {
        return value -> {
            int port = Integer.parseInt(value.trim());
            return port < 1 || port > 65535 ? "must be a TCP port between 1 and 65535" : null;
        };
    }

    /** A TCP port, or 0 for a free port chosen when the service starts. */
    public static Function<String, String> portOrFree() {
        return value -> {
            int port = Integer.parseInt(value.trim());
            return port < 0 || port > 65535 ? "must be a TCP port between 1 and 65535, or 0 for a free port chosen at each start" : null;
        };
    }

    public static Function<String, String> oneOf(String... allowed) {
        return value -> {
            for (String candidate : allowed) {
                if (candidate.equals(value)) {
                    return null;
                }
            }
            return "must be one of " + String.join(", ", allowed);
        };
    }

    public static Function<String, String> memorySize() {
        return value -> value.matches("\\d+[mMgG]") ? null : "'" + value + "' is not a JVM memory size (examples: 512m, 2g)";
    }
}
