package dev.lagoa.duckdb;

import static dev.lagoa.duckdb.DuckDbTypes.literal;
import static dev.lagoa.duckdb.DuckDbTypes.quote;
import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.TableColumn;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes small Parquet files (a bronze copy of an API response, a day of quotes) from rows, through an in-memory DuckDB:
 * the values go in as statement parameters, the file is written next to the target and renamed onto it, so a reader
 * never sees half a file. Types are Glue type names; {@code timestamp} values ({@link Instant}) are stored as instants
 * (UTC-adjusted), which Spark and Athena read as {@code timestamp}.
 */
public final class ParquetFiles {
    private ParquetFiles() {}

    /** Writes {@code rows} (each one value per column, in order; null for SQL NULL) to {@code target}, ZSTD-compressed. */
    public static void write(Path target, List<TableColumn> columns, List<List<Object>> rows) {
        requireNonNull(target, "target is null");
        requireNonNull(columns, "columns is null");
        requireNonNull(rows, "rows is null");
        if (columns.isEmpty()) {
            throw LagoaException.userError("A Parquet file needs at least one column: %s", target);
        }
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            statement.execute("CREATE TABLE rows_to_write (" + columns.stream()
                    .map(column -> quote(column.name()) + " " + DuckDbTypes.of(column.type()))
                    .collect(Collectors.joining(", ")) + ")");
            String placeholders = columns.stream().map(column -> "?").collect(Collectors.joining(", "));
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO rows_to_write VALUES (" + placeholders + ")")) {
                int line = 0;
                for (List<Object> row : rows) {
                    line++;
                    if (row.size() != columns.size()) {
                        throw LagoaException.userError("Row %d has %d values for %d columns", line, row.size(), columns.size());
                    }
                    for (int i = 0; i < row.size(); i++) {
                        insert.setObject(i + 1, parameter(row.get(i)));
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            Files.createDirectories(target.toAbsolutePath().getParent());
            statement.execute("COPY rows_to_write TO " + literal(temporary.toAbsolutePath().toString())
                    + " (FORMAT PARQUET, COMPRESSION ZSTD)");
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (SQLException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot write the Parquet file %s: %s".formatted(target, e.getMessage()), e);
        } catch (java.io.IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot write the Parquet file %s: %s".formatted(target, e.getMessage()), e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (java.io.IOException e) {
                // the temporary file is hidden ('.'): readers skip it
            }
        }
    }

    private static Object parameter(Object value) {
        if (value instanceof Instant instant) {
            return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        if (value == null || value instanceof String || value instanceof Long || value instanceof Integer || value instanceof BigDecimal
                || value instanceof Boolean || value instanceof LocalDate || value instanceof Double) {
            return value;
        }
        throw LagoaException.userError("Cannot write a %s to Parquet", value.getClass().getSimpleName());
    }
}
