package dev.lagoa.core.catalog;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.pipeline.DataFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table as the catalog holds it: where its files are ({@code s3://bucket/prefix/}), their format, the data columns,
 * the partition keys (Hive-style {@code key=value} folders under the location, in this order), and what people need to
 * use it: description, owner and free-form parameters (pipeline, dataset, tags).
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
        if (columns.isEmpty()) {
            throw LagoaException.userError("Table %s has no columns", name);
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

    public boolean isPartitioned() {
        return !partitionKeys.isEmpty();
    }
}
