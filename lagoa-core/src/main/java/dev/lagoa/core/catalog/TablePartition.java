package dev.lagoa.core.catalog;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import java.util.List;

/** A partition of a table: its values, one per partition key and in their order, and the prefix of its files. */
public record TablePartition(List<String> values, String location) {
    public TablePartition {
        values = List.copyOf(requireNonNull(values, "values is null"));
        requireNonNull(location, "location is null");
        if (values.isEmpty()) {
            throw LagoaException.userError("A partition needs at least one value");
        }
        if (!location.startsWith("s3://") || !location.endsWith("/")) {
            throw LagoaException.userError("Invalid location '%s' of partition %s: an s3:// prefix ending with '/'", location, values);
        }
    }
}
