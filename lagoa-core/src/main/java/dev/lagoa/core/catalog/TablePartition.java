package dev.lagoa.core.catalog;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import java.util.Comparator;
import java.util.List;

/** A partition of a table: its values, one per partition key and in their order, and the prefix of its files. */
public record TablePartition(List<String> values, String location) {
    /** The order of {@link Catalog#partitions}: value by value, each compared as a string; a shorter list first. */
    public static final Comparator<List<String>> VALUES_ORDER = (left, right) -> {
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            int compared = left.get(i).compareTo(right.get(i));
            if (compared != 0) {
                return compared;
            }
        }
        return Integer.compare(left.size(), right.size());
    };

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

    /** Whether the values start with {@code prefix} (always, for an empty prefix). */
    public boolean startsWith(List<String> prefix) {
        requireNonNull(prefix, "prefix is null");
        return values.size() >= prefix.size() && values.subList(0, prefix.size()).equals(prefix);
    }
}
