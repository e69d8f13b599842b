package dev.lagoa.cli.map;

import java.util.Locale;
import java.util.Map;

/**
 * Where a class of Lagoa lives in the source tree: {@code dev.lagoa.jobs.ibov.IbovRefineJob} is
 * {@code lagoa-jobs/src/main/java/dev/lagoa/jobs/ibov/IbovRefineJob.java}. A module's packages start with its name
 * without the {@code lagoa-} prefix, but for the few listed here.
 */
public final class SourceFiles {
    private static final Map<String, String> MODULE_OF_PACKAGE = Map.of(
            "broker", "lagoa-kafka-broker",
            "sqs", "lagoa-sqs-server");

    private SourceFiles() {}

    /**
     * The main source file of {@code className}, relative to the repository's root; a nested class is in its outer
     * class's file.
     *
     * @throws IllegalArgumentException when the class is not one of Lagoa's ({@code dev.lagoa.<module>...})
     */
    public static String of(String className) {
        String[] parts = className.split("\\.");
        if (parts.length < 4 || !parts[0].equals("dev") || !parts[1].equals("lagoa")) {
            throw new IllegalArgumentException("Not a class of Lagoa: " + className);
        }
        String module = MODULE_OF_PACKAGE.getOrDefault(parts[2], "lagoa-" + parts[2].toLowerCase(Locale.ROOT));
        String outer = className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
        return module + "/src/main/java/" + outer.replace('.', '/') + ".java";
    }
}
