package dev.lagoa.governance.crawl;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TablePartition;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.core.pipeline.DataFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The files of one dataset, as {@link DatasetGrouping} put them together: the table it is catalogued as, where it is
 * ({@code bucket} and {@code root}, the folder up to its partitions), its format, the pipeline's declaration when one
 * declares it, and its partitions.
 *
 * @param pathPattern the layout below the root ({@code {date}/}), for a dataset no pipeline declares whose partitions
 *     are not all Hive folders; empty otherwise
 * @param files the dataset's files, in listing order
 * @param partitions each partition's values (in partition key order) and its folder's {@code s3://} location, sorted
 *     by values
 * @param partitionValues each partition key, in the order first seen, with the values of its files
 * @throws NullPointerException if any component is null
 */
record DatasetGroup(
        TableName table,
        BucketName bucket,
        String root,
        DataFormat format,
        Optional<DatasetPattern> declared,
        Optional<String> pathPattern,
        List<ObjectSummary> files,
        SortedMap<List<String>, String> partitions,
        Map<String, List<String>> partitionValues) {
    DatasetGroup {
        requireNonNull(table, "table is null");
        requireNonNull(bucket, "bucket is null");
        requireNonNull(root, "root is null");
        requireNonNull(format, "format is null");
        requireNonNull(declared, "declared is null");
        requireNonNull(pathPattern, "pathPattern is null");
        files = List.copyOf(requireNonNull(files, "files is null"));
        partitions = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(partitions, "partitions is null")));
        // Map.copyOf would lose the order of the keys, which is the order of the table's partition keys
        Map<String, List<String>> values = new LinkedHashMap<>();
        requireNonNull(partitionValues, "partitionValues is null").forEach((name, list) -> values.put(name, List.copyOf(list)));
        partitionValues = Collections.unmodifiableMap(values);
    }

    /** The dataset's location: {@code s3://bucket/root}. */
    String location() {
        return "s3://" + bucket + "/" + root;
    }

    /** Whether a key of the given name partitions the dataset. */
    boolean isPartitionKey(String name) {
        return partitionValues.containsKey(name);
    }

    /** A group being put together, key by key. */
    static final class Builder {
        private final TableName table;
        private final BucketName bucket;
        private final String root;
        private final DataFormat format;
        private final Optional<DatasetPattern> declared;
        private String pathPattern;
        private final List<ObjectSummary> files = new ArrayList<>();
        private final SortedMap<List<String>, String> partitions = new TreeMap<>(TablePartition.VALUES_ORDER);
        private final Map<String, List<String>> partitionValues = new LinkedHashMap<>();

        Builder(TableName table, BucketName bucket, String root, DataFormat format, Optional<DatasetPattern> declared) {
            this.table = table;
            this.bucket = bucket;
            this.root = root;
            this.format = format;
            this.declared = declared;
        }

        TableName table() {
            return table;
        }

        DataFormat format() {
            return format;
        }

        /** Sets the layout below the root unless one is set already: the first file's layout is the dataset's. */
        void pathPatternIfAbsent(String layout) {
            if (pathPattern == null) {
                pathPattern = layout;
            }
        }

        /** Adds the partition of a file at {@code key}, unless it has no partition values. */
        void addPartition(Map<String, String> partition, String key) {
            if (partition.isEmpty()) {
                return;
            }
            partition.forEach((name, value) -> partitionValues.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value));
            String folder = key.substring(0, key.lastIndexOf('/') + 1);
            partitions.put(List.copyOf(partition.values()), "s3://" + bucket + "/" + folder);
        }

        void addFile(ObjectSummary file) {
            files.add(file);
        }

        DatasetGroup build() {
            return new DatasetGroup(table, bucket, root, format, declared, Optional.ofNullable(pathPattern), files, partitions, partitionValues);
        }
    }
}
