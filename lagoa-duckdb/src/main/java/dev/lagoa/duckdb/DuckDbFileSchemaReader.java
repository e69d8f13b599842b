package dev.lagoa.duckdb;

import static dev.lagoa.duckdb.DuckDbTypes.literal;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.FileSchemaReader;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.pipeline.DataFormat;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The schema and row count of a data file through DuckDB: Parquet from its footer ({@code parquet_schema},
 * {@code parquet_file_metadata}: no data page is read), JSON and CSV by DuckDB's sampling readers (the rows counted).
 * Column names are lower-cased as Glue keeps them; DuckDB types become Glue type names.
 */
public final class DuckDbFileSchemaReader implements FileSchemaReader {
    private static final int JSON_SAMPLE = 20_000;

    @Override
    public FileSchema read(Path file, DataFormat format) {
        String path = literal(file.toAbsolutePath().toString());
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            String source = source(path, format);
            List<TableColumn> columns = new ArrayList<>();
            try (ResultSet described = statement.executeQuery("DESCRIBE SELECT * FROM " + source)) {
                while (described.next()) {
                    columns.add(new TableColumn(columnName(described.getString("column_name")), glueType(described.getString("column_type")), ""));
                }
            }
            String count = format == DataFormat.PARQUET
                    ? "SELECT num_rows FROM parquet_file_metadata(" + path + ")"
                    : "SELECT count(*) FROM " + source;
            try (ResultSet rows = statement.executeQuery(count)) {
                rows.next();
                return new FileSchema(columns, rows.getLong(1));
            }
        } catch (SQLException e) {
            throw new LagoaException(ErrorCode.MALFORMED_DATA_FILE, "Cannot read %s as %s: %s".formatted(file, format.name().toLowerCase(Locale.ROOT),
                    e.getMessage().lines().findFirst().orElse("")), e);
        }
    }

    private static String source(String path, DataFormat format) {
        return switch (format) {
            // the file's own columns only: partition values in the path are the crawler's to read
            case PARQUET -> "read_parquet(" + path + ", hive_partitioning = false)";
            case JSON, JSON_LINES -> "read_json_auto(" + path + ", sample_size = " + JSON_SAMPLE + ", hive_partitioning = false)";
            case CSV -> "read_csv_auto(" + path + ", hive_partitioning = false)";
        };
    }

    @Override
    public Map<String, List<String>> sample(Path file, DataFormat format, List<String> columns, int rows) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (columns.isEmpty()) {
            return values;
        }
        String path = literal(file.toAbsolutePath().toString());
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            // the file's names as they are, matched to the catalogued (lower-cased) ones
            Map<String, String> original = new LinkedHashMap<>();
            try (ResultSet described = statement.executeQuery("DESCRIBE SELECT * FROM " + source(path, format))) {
                while (described.next()) {
                    String name = described.getString("column_name");
                    if (columns.contains(columnName(name))) {
                        original.put(columnName(name), name);
                    }
                }
            }
            if (original.isEmpty()) {
                return values;
            }
            String select = original.values().stream().map(name -> DuckDbTypes.quote(name) + "::VARCHAR").collect(java.util.stream.Collectors.joining(", "));
            try (ResultSet sample = statement.executeQuery("SELECT " + select + " FROM " + source(path, format) + " USING SAMPLE " + rows + " ROWS")) {
                original.keySet().forEach(name -> values.put(name, new ArrayList<>()));
                while (sample.next()) {
                    int i = 1;
                    for (String name : original.keySet()) {
                        values.get(name).add(sample.getString(i++));
                    }
                }
            }
            return values;
        } catch (SQLException e) {
            throw new LagoaException(ErrorCode.MALFORMED_DATA_FILE, "Cannot sample %s: %s".formatted(file, e.getMessage().lines().findFirst().orElse("")), e);
        }
    }

    /** Glue keeps lower-case names of letters, digits and '_'; anything else becomes '_'. */
    static String columnName(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return lower.isEmpty() || Character.isDigit(lower.charAt(0)) ? "_" + lower : lower;
    }

    /** DuckDB's type name as Glue names it; nested types become Glue's array/struct/map syntax. */
    static String glueType(String duckType) {
        String type = duckType.trim();
        String upper = type.toUpperCase(Locale.ROOT);
        if (upper.endsWith("[]")) {
            return "array<" + glueType(type.substring(0, type.length() - 2)) + ">";
        }
        if (upper.startsWith("STRUCT(") && upper.endsWith(")")) {
            List<String> fields = new ArrayList<>();
            for (String field : splitTopLevel(type.substring(7, type.length() - 1))) {
                String trimmed = field.trim();
                int space = trimmed.startsWith("\"") ? trimmed.indexOf('"', 1) + 1 : trimmed.indexOf(' ');
                String name = trimmed.substring(0, space).replace("\"", "");
                fields.add(columnName(name) + ":" + glueType(trimmed.substring(space).trim()));
            }
            return "struct<" + String.join(",", fields) + ">";
        }
        if (upper.startsWith("MAP(") && upper.endsWith(")")) {
            List<String> parts = splitTopLevel(type.substring(4, type.length() - 1));
            return "map<" + glueType(parts.get(0)) + "," + glueType(parts.get(1)) + ">";
        }
        if (upper.startsWith("DECIMAL")) {
            return type.toLowerCase(Locale.ROOT).replace(" ", "");
        }
        return switch (upper) {
            case "VARCHAR", "UUID", "JSON" -> "string";
            case "BIGINT", "UBIGINT", "HUGEINT" -> "bigint";
            case "INTEGER", "UINTEGER" -> "int";
            case "SMALLINT", "USMALLINT" -> "smallint";
            case "TINYINT", "UTINYINT" -> "tinyint";
            case "DOUBLE" -> "double";
            case "FLOAT" -> "float";
            case "BOOLEAN" -> "boolean";
            case "DATE" -> "date";
            case "BLOB" -> "binary";
            default -> upper.startsWith("TIMESTAMP") ? "timestamp" : "string";
        };
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '<')) {
                depth++;
            } else if (!quoted && (c == ')' || c == '>')) {
                depth--;
            } else if (!quoted && c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
