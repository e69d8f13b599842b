package dev.lagoa.jobs.diff;

import static java.util.Objects.requireNonNull;

import dev.lagoa.contracts.DiffFields;
import dev.lagoa.jobs.JobFailure;
import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * How two snapshots are compared: the key paths ({@code id}, {@code cliente.id}), the paths carried but never
 * compared, whether a null field equals an absent one, and the input and output limits. The key and ignored paths
 * follow {@link DiffFields}.
 */
public record DiffOptions(
        List<String> keyPaths,
        Set<String> ignoredPaths,
        boolean nullEqualsAbsent,
        int maxRecordBytes,
        long recordsPerFile) implements Serializable {
    public DiffOptions {
        keyPaths = List.copyOf(requireNonNull(keyPaths, "keyPaths is null"));
        ignoredPaths = Set.copyOf(requireNonNull(ignoredPaths, "ignoredPaths is null"));
        try {
            DiffFields.check(keyPaths, ignoredPaths);
        } catch (IllegalArgumentException e) {
            throw new JobFailure(e.getMessage());
        }
        if (maxRecordBytes < 16) {
            throw new JobFailure("--max-record-bytes must be at least 16");
        }
        if (recordsPerFile < 1) {
            throw new JobFailure("--records-per-file must be at least 1");
        }
    }

    /** Splits a comma-separated list of paths, trimming blanks. */
    public static List<String> parsePaths(String text) {
        return DiffFields.parsePaths(text);
    }
}
