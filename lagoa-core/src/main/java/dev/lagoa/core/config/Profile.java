package dev.lagoa.core.config;

import dev.lagoa.core.LagoaException;
import java.util.Locale;

/**
 * Where Lagoa runs. {@code local}: the workspace lake, child-JVM Spark runs, embedded services. {@code aws}: Amazon S3
 * and AWS Glue through the default credential chain.
 */
public enum Profile {
    LOCAL,
    AWS;

    public static Profile parse(String value) {
        for (Profile profile : values()) {
            if (profile.name().equalsIgnoreCase(value.trim())) {
                return profile;
            }
        }
        throw LagoaException.userError("Unknown profile '%s': use local or aws", value);
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
