package dev.lagoa.apiload.schema;

import static java.util.Objects.requireNonNull;

/**
 * One change of a table's layout, as applied (with its DDL) or as refused by the contract.
 *
 * @param column the column concerned; empty for a whole table
 * @param ddl the statement that applied it; empty when nothing was executed (an alias, a refused change)
 * @param detail why, in words
 */
public record SchemaChange(String table, String column, Kind kind, String ddl, String detail) {
    /** What changed. */
    public enum Kind {
        CREATE_TABLE,
        ADD_COLUMN,
        WIDEN_COLUMN,
        ADD_VARIANT_COLUMN,
        /** A source field now loads into an existing column (a configured alias or an applied rename). */
        ALIAS
    }

    public SchemaChange {
        requireNonNull(table, "table is null");
        requireNonNull(column, "column is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(ddl, "ddl is null");
        requireNonNull(detail, "detail is null");
    }
}
