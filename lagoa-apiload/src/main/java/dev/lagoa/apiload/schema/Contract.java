package dev.lagoa.apiload.schema;

import java.util.Locale;

/**
 * What a table does with data that needs a schema change after it was created (a new column, a type that neither
 * fits nor widens its column). The table's first load always creates it with every column it sees.
 */
public enum Contract {
    /** Add columns, widen types, put values that do not widen in a variant column. The default. */
    EVOLVE,
    /** Change nothing: the load fails before writing the batch, and names every violation in its error log. */
    FREEZE,
    /** Reject the whole record (kept in the rejects with the reason) and load the others. */
    DISCARD_ROW,
    /** Load the record without the offending value (the value is kept in the rejects). */
    DISCARD_VALUE;

    public static Contract parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The name in the endpoints file: {@code evolve}, {@code freeze}, {@code discard_row}, {@code discard_value}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
