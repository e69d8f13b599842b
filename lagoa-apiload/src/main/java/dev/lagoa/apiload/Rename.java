package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A probable rename: in one load, {@code fromField} disappeared and {@code toField} appeared with a type that its
 * column holds, and, for the same primary keys, the new field's values equal the stored values of the old one.
 *
 * @param compared records of the load whose key already had a stored value of the old field
 * @param matching how many of those have the same value in the new field
 * @param confident every compared value matched, and there were at least {@value RenameDetector#MIN_EVIDENCE}
 * @param applied whether the new field now loads into the old column (else it got a column of its own)
 */
public record Rename(String table, String fromField, String toField, String column, long compared, long matching, boolean confident,
        boolean applied) {
    public Rename {
        requireNonNull(table, "table is null");
        requireNonNull(fromField, "fromField is null");
        requireNonNull(toField, "toField is null");
        requireNonNull(column, "column is null");
    }

    /** The evidence in words. */
    public String evidence() {
        return "%d of %d records with a stored '%s' have the same value in '%s'".formatted(matching, compared, fromField, toField);
    }

    /**
     * What became of the rename, in words, and for one not applied why: the evidence fell short (this alone keeps it
     * from being applied, whatever {@code "renames"} says), or, with full evidence, the endpoint only reports renames.
     */
    public String outcome() {
        if (applied) {
            return "applied: it loads into the column " + column;
        }
        if (confident) {
            return "loaded as a new column, not applied because \"renames\" is report (set \"renames\": \"apply\" or an alias to merge them)";
        }
        List<String> shortfalls = new ArrayList<>();
        if (matching < compared) {
            shortfalls.add("the agreement %d/%d (%s%%) is below the 100%% needed".formatted(matching, compared,
                    String.format(Locale.ROOT, "%.1f", 100.0 * matching / compared)));
        }
        if (compared < RenameDetector.MIN_EVIDENCE) {
            shortfalls.add("only %d stored value%s could be compared, fewer than the %d needed".formatted(compared, compared == 1 ? "" : "s",
                    RenameDetector.MIN_EVIDENCE));
        }
        if (shortfalls.isEmpty()) {
            return "loaded as a new column";
        }
        return "loaded as a new column, not applied because " + String.join(" and ", shortfalls) + " (an alias merges them)";
    }
}
