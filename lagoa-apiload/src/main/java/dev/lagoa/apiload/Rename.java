package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

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
}
