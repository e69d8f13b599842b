package dev.lagoa.contracts;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The diff's key fields ({@code --key}) and ignored fields ({@code --ignore-fields}) as paths ({@code id},
 * {@code cliente.id}): one definition of their rules, which the diff job applies to its arguments and
 * {@code lagoa diff} applies before it starts a run.
 */
public final class DiffFields {
    private static final Pattern PATH = Pattern.compile("[^.\\[\\]]+(\\.[^.\\[\\]]+)*");

    private DiffFields() {}

    /** Splits a comma-separated list of paths, trimming blanks; a null or blank text is no path. */
    public static List<String> parsePaths(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::trim).filter(path -> !path.isEmpty()).toList();
    }

    /**
     * Checks the key and ignored paths together: at least one key, each path well formed, no key named twice, no key
     * also ignored (every such key named at once).
     *
     * @throws IllegalArgumentException with a message for the user, naming the first rule broken
     */
    public static void check(List<String> keyPaths, Collection<String> ignoredPaths) {
        requireNonNull(keyPaths, "keyPaths is null");
        requireNonNull(ignoredPaths, "ignoredPaths is null");
        if (keyPaths.isEmpty()) {
            throw new IllegalArgumentException("At least one key field is required (--key id or --key cliente.id,data)");
        }
        keyPaths.forEach(path -> checkPath(path, "key field"));
        if (new LinkedHashSet<>(keyPaths).size() != keyPaths.size()) {
            throw new IllegalArgumentException("A key field is named twice: " + keyPaths);
        }
        ignoredPaths.forEach(path -> checkPath(path, "ignored field"));
        Set<String> ignored = Set.copyOf(ignoredPaths);
        List<String> both = new ArrayList<>();
        for (String path : keyPaths) {
            if (ignored.contains(path)) {
                both.add("'" + path + "'");
            }
        }
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("Key field%s %s cannot also be ignored: remove %s from --ignore-fields".formatted(
                    both.size() == 1 ? "" : "s", String.join(", ", both), both.size() == 1 ? "it" : "them"));
        }
    }

    private static void checkPath(String path, String what) {
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("Invalid " + what + " '" + path + "': use field names separated by dots (cliente.id)");
        }
    }
}
