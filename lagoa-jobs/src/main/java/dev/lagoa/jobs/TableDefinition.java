package dev.lagoa.jobs;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A table a job writes, as the catalog will know it: its name, the columns of its Parquet files and the partition
 * keys of its Hive-style folders ({@code key=value/}), each with its type and description.
 */
public record TableDefinition(String name, List<TableColumn> columns, List<TableColumn> partitionKeys) implements Serializable {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    public TableDefinition {
        requireNonNull(name, "name is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        partitionKeys = List.copyOf(requireNonNull(partitionKeys, "partitionKeys is null"));
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid table name '" + name + "': use lower-case letters, digits and underscores");
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("Table " + name + " has no columns");
        }
        Set<String> names = new HashSet<>();
        Stream.concat(columns.stream(), partitionKeys.stream()).forEach(column -> {
            if (!names.add(column.name())) {
                throw new IllegalArgumentException("Table " + name + " names column " + column.name() + " twice");
            }
        });
    }

    /** The schema of the table's files (partition keys left out, as Spark writes them). */
    public StructType dataSchema() {
        return new StructType(columns.stream().map(TableColumn::field).toArray(StructField[]::new));
    }

    /** The schema of the whole table: the files' columns, then the partition keys. */
    public StructType schema() {
        return new StructType(Stream.concat(columns.stream(), partitionKeys.stream()).map(TableColumn::field).toArray(StructField[]::new));
    }

    /**
     * Selects the table's columns, in order, followed by {@code extra} columns (the partition values a writer needs),
     * and checks their types: a computed column of another type is a bug, never cast silently.
     *
     * @throws IllegalStateException when a column is missing or has another type
     */
    public Dataset<Row> select(Dataset<Row> rows, String... extra) {
        List<Column> selected = new ArrayList<>();
        columns.forEach(column -> selected.add(functions.col(column.name())));
        for (String name : extra) {
            selected.add(functions.col(name));
        }
        Dataset<Row> result = rows.select(selected.toArray(Column[]::new));
        StructType actual = result.schema();
        List<String> problems = new ArrayList<>();
        for (TableColumn column : columns) {
            StructField field = actual.apply(column.name());
            if (!field.dataType().equals(column.type())) {
                problems.add(column.name() + " is " + field.dataType().catalogString() + ", not " + column.typeName());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Table " + name + " computed with the wrong types: " + String.join("; ", problems));
        }
        return result;
    }
}
