package dev.lagoa.jobs.diff;

import static java.util.Objects.requireNonNull;

import dev.lagoa.jobs.JobFailure;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How two snapshots are compared: the key paths ({@code id}, {@code cliente.id}), the paths carried but never
 * compared, whether a null field equals an absent one, and the input and output limits.
 */
public record DiffOptions(
        List<String> keyPaths,
        Set<String> ignoredPaths,
        boolean nullEqualsAbsent,
        int maxRecordBytes,
        long recordsPerFile) implements Serializable {
    private static final Pattern PATH = Pattern.compile("[^.\\[\\]]+(\\.[^.\\[\\]]+)*");

    public DiffOptions {
        keyPaths = List.copyOf(requireNonNull(keyPaths, "keyPaths is null"));
        ignoredPaths = Set.copyOf(requireNonNull(ignoredPaths, "ignoredPaths is null"));
        if (keyPaths.isEmpty()) {
            throw new JobFailure("At least one key field is required (--key id or --key cliente.id,data)");
        }
        for (String path : keyPaths) {
            checkPath(path, "key field");
            if (ignoredPaths.contains(path)) {
                throw new JobFailure("Key field '" + path + "' cannot also be ignored");
            }
        }
        if (new LinkedHashSet<>(keyPaths).size() != keyPaths.size()) {
            throw new JobFailure("A key field is named twice: " + keyPaths);
        }
        ignoredPaths.forEach(path -> checkPath(path, "ignored field"));
        if (maxRecordBytes < 16) {
            throw new JobFailure("--max-record-bytes must be at least 16");
        }
        if (recordsPerFile < 1) {
            throw new JobFailure("--records-per-file must be at least 1");
        }
    }

    private static void checkPath(String path, String what) {
        if (!PATH.matcher(path).matches()) {
            throw new JobFailure("Invalid " + what + " '" + path + "': use field names separated by dots (cliente.id)");
        }
    }

    /** Splits a comma-separated list of paths, trimming blanks. */
    public static List<String> parsePaths(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(path -> !path.isEmpty()).toList();
    }
}
