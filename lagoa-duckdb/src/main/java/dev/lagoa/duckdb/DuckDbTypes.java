package dev.lagoa.duckdb;

import dev.lagoa.core.LagoaException;
import java.util.Locale;

/** Glue/Hive type names (as the catalog holds them) in DuckDB's SQL. */
final class DuckDbTypes {
    private DuckDbTypes() {}

    static String of(String glueType) {
        String type = glueType.toLowerCase(Locale.ROOT);
        if (type.startsWith("decimal(")) {
            return type.toUpperCase(Locale.ROOT);
        }
        if (type.startsWith("array<") || type.startsWith("struct<") || type.startsWith("map<")) {
            // only partition keys and the columns of empty views are cast: nested values there are null
            return "VARCHAR";
        }
        return switch (type) {
            case "string", "varchar", "char" -> "VARCHAR";
            case "tinyint" -> "TINYINT";
            case "smallint" -> "SMALLINT";
            case "int", "integer" -> "INTEGER";
            case "bigint" -> "BIGINT";
            case "float" -> "FLOAT";
            case "double" -> "DOUBLE";
            case "boolean" -> "BOOLEAN";
            case "date" -> "DATE";
            // Spark and Glue write instants (isAdjustedToUTC), read back as TIMESTAMPTZ
            case "timestamp" -> "TIMESTAMPTZ";
            case "binary" -> "BLOB";
            default -> throw LagoaException.userError("Type '%s' has no DuckDB equivalent here", glueType);
        };
    }

    /** A SQL identifier in double quotes, inner quotes doubled. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** A SQL string literal, inner quotes doubled. */
    static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }
}
