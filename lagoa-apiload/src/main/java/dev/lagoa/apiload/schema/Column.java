package dev.lagoa.apiload.schema;

import static java.util.Objects.requireNonNull;

/**
 * A loaded column: its name, its type, and whether it became text by widening (then it takes every scalar).
 *
 * @param name the column's identifier (unquoted)
 */
public record Column(String name, ColumnType type, boolean widenedToText) {
    public Column {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }

    public boolean holds(ColumnType value) {
        return type.holds(value, widenedToText);
    }
}
