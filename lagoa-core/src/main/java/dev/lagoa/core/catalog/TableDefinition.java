package dev.lagoa.core.catalog;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.pipeline.DataFormat;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table as the catalog holds it: where its files are ({@code s3://bucket/prefix/}), their format, the data columns,
 * the partition keys (Hive-style {@code key=value} folders under the location, in this order), and what people need to
 * use it: description (at most 2,048 bytes in UTF-8), owner (at most 255, on one line) and free-form parameters
 * (pipeline, dataset, tags), as Glue takes them. The parameters in
 * {@link #RESERVED_PARAMETERS} are the catalog's own, derived from the format, and cannot be given.
 */
public record TableDefinition(
        TableName name,
        String location,
        DataFormat format,
        List<TableColumn> columns,
        List<TableColumn> partitionKeys,
        String description,
        String owner,
        Map<String, String> parameters) {
    /**
     * The table parameters the catalog sets from the format: {@code classification} and {@code EXTERNAL}, which Glue and
     * Athena read, and {@code lagoa.format}, which tells JSON documents from JSON lines (Glue knows only "json").
     */
    public static final Set<String> RESERVED_PARAMETERS = Set.of("classification", "EXTERNAL", "lagoa.format");

    public TableDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(location, "location is null");
        requireNonNull(format, "format is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        partitionKeys = List.copyOf(requireNonNull(partitionKeys, "partitionKeys is null"));
        requireNonNull(description, "description is null");
        requireNonNull(owner, "owner is null");
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
        if (!location.startsWith("s3://") || !location.endsWith("/")) {
            throw LagoaException.userError("Invalid location '%s' of table %s: an s3:// prefix ending with '/'", location, name);
        }
        if (description.getBytes(StandardCharsets.UTF_8).length > 2048) {
            throw LagoaException.userError("The description of table %s is too long: at most 2,048 bytes in UTF-8", name);
        }
        if (owner.getBytes(StandardCharsets.UTF_8).length > 255 || !isSingleLine(owner)) {
            throw LagoaException.userError("Invalid owner '%s' of table %s: at most 255 bytes in UTF-8, on one line", owner, name);
        }
        if (columns.isEmpty()) {
            throw LagoaException.userError("Table %s has no columns", name);
        }
        for (String reserved : RESERVED_PARAMETERS) {
            if (parameters.containsKey(reserved)) {
                throw LagoaException.userError("Table %s cannot set the parameter '%s': the catalog derives it from the format", name, reserved);
            }
        }
        Set<String> names = new HashSet<>();
        for (TableColumn column : columns) {
            if (!names.add(column.name())) {
                throw LagoaException.userError("Table %s declares column '%s' twice", name, column.name());
            }
        }
        for (TableColumn key : partitionKeys) {
            if (!names.add(key.name())) {
                throw LagoaException.userError("Table %s declares '%s' both as a column and as a partition key (or twice)", name, key.name());
            }
        }
    }

    /**
     * Checks that {@code values} name a partition of this table: one value per partition key. Throws
     * {@code INVALID_ARGUMENT}, naming the table, the values and the keys, otherwise.
     */
    public void requirePartitionValues(List<String> values) {
        requireNonNull(values, "values is null");
        if (values.size() != partitionKeys.size()) {
            throw LagoaException.userError("Partition %s of table %s has %d value(s), but the table has %s", values, name, values.size(), describeKeys());
        }
    }

    /**
     * Checks that {@code prefix} can start the values of a partition of this table: at most one value per partition key.
     * Throws {@code INVALID_ARGUMENT} otherwise.
     */
    public void requirePartitionPrefix(List<String> prefix) {
        requireNonNull(prefix, "prefix is null");
        if (prefix.size() > partitionKeys.size()) {
            throw LagoaException.userError("Partition prefix %s of table %s has %d values, but the table has %s", prefix, name, prefix.size(), describeKeys());
        }
    }

    private String describeKeys() {
        return partitionKeys.isEmpty()
                ? "no partition keys"
                : "%d partition key(s) (%s)".formatted(partitionKeys.size(), String.join(", ", partitionKeys.stream().map(TableColumn::name).toList()));
    }

    /** Glue's single-line strings: no control character but the tab. */
    static boolean isSingleLine(String text) {
        return text.chars().noneMatch(c -> c != '\t' && Character.isISOControl(c));
    }

    public boolean isPartitioned() {
        return !partitionKeys.isEmpty();
    }
}
