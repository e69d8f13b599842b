package dev.lagoa.core.catalog;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import java.util.regex.Pattern;

/**
 * A table of the catalog: a database and a table name, both as Glue and Athena accept them (lower-case letters, digits
 * and {@code _}, starting with a letter or {@code _}, at most 255 characters).
 */
public record TableName(String database, String table) {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,254}");

    public TableName {
        requireNonNull(database, "database is null");
        requireNonNull(table, "table is null");
        requireName(database, "database");
        requireName(table, "table");
    }

    public static TableName of(String database, String table) {
        return new TableName(database, table);
    }

    static void requireName(String value, String what) {
        if (!NAME.matcher(value).matches()) {
            throw LagoaException.userError("Invalid %s name '%s': lower-case letters, digits and '_', starting with a letter or '_', at most 255",
                    what, value);
        }
    }

    @Override
    public String toString() {
        return database + "." + table;
    }
}
