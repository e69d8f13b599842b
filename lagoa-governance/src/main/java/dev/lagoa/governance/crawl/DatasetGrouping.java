package dev.lagoa.governance.crawl;

import static java.util.Objects.requireNonNull;

import dev.lagoa.contracts.LakePaths;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.core.pipeline.DataFormat;
import dev.lagoa.core.pipeline.DatasetDefinition;
import dev.lagoa.core.pipeline.PipelineDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the objects of a bucket are grouped into datasets: the pipelines' declared datasets first (the first whose
 * {@link DatasetPattern} matches a key and whose format fits the file's extension), then, for anything no pipeline
 * declares, by folder up to the first partition folder ({@code key=value} or a date), one dataset per format family.
 * Hidden objects (a {@code _} or {@code .} folder or file: writers' temporary files, the crawler's own state) belong
 * to no dataset and are not counted.
 *
 * <p>No argument may be null ({@link NullPointerException}).
 */
final class DatasetGrouping {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /**
     * What a bucket holds: its datasets, in the order their first file was listed, and the objects that are no data
     * file (no known extension), in listing order.
     *
     * @throws NullPointerException if either list is null
     */
    record BucketContents(List<DatasetGroup> datasets, List<ObjectSummary> notData) {
        BucketContents {
            datasets = List.copyOf(requireNonNull(datasets, "datasets is null"));
            notData = List.copyOf(requireNonNull(notData, "notData is null"));
        }

        /** The objects that are not hidden: the datasets' files and the others. */
        int visibleObjects() {
            return datasets.stream().mapToInt(dataset -> dataset.files().size()).sum() + notData.size();
        }
    }

    private final String database;
    private final List<DatasetPattern> declared;

    /**
     * @param database the catalog database of the datasets' tables
     * @param locationValues the configuration values of the location templates ({@code b3-bucket})
     */
    DatasetGrouping(String database, List<PipelineDefinition> pipelines, Map<String, String> locationValues) {
        this.database = requireNonNull(database, "database is null");
        Map<String, String> values = Map.copyOf(locationValues);
        List<DatasetPattern> patterns = new ArrayList<>();
        for (PipelineDefinition pipeline : List.copyOf(pipelines)) {
            for (DatasetDefinition dataset : pipeline.datasets()) {
                DatasetPattern.of(pipeline, dataset, values).ifPresent(patterns::add);
            }
        }
        this.declared = List.copyOf(patterns);
    }

    /** The datasets of {@code bucket} among {@code objects}, a listing of it. */
    BucketContents group(BucketName bucket, Iterable<ObjectSummary> objects) {
        requireNonNull(bucket, "bucket is null");
        Map<String, DatasetGroup.Builder> groups = new LinkedHashMap<>();
        List<ObjectSummary> notData = new ArrayList<>();
        for (ObjectSummary object : objects) {
            String key = object.key().value();
            if (LakePaths.isHidden(key)) {
                continue;
            }
            Optional<DatasetGroup.Builder> group = groupOf(bucket, key, groups);
            if (group.isEmpty()) {
                notData.add(object);
                continue;
            }
            group.get().addFile(object);
        }
        return new BucketContents(groups.values().stream().map(DatasetGroup.Builder::build).toList(), notData);
    }

    /** The dataset a key belongs to: the first declared dataset whose pattern matches, else one found by its folders. */
    private Optional<DatasetGroup.Builder> groupOf(BucketName bucket, String key, Map<String, DatasetGroup.Builder> groups) {
        Optional<DataFormat> format = formatOf(key);
        for (DatasetPattern pattern : declared) {
            if (!pattern.bucket().equals(bucket.value())) {
                continue;
            }
            Optional<Map<String, String>> partition = pattern.match(key);
            if (partition.isPresent() && format.map(file -> compatible(file, pattern.format())).orElse(false)) {
                DatasetGroup.Builder group = groups.computeIfAbsent(bucket + "/" + pattern.dataset().id(), id -> new DatasetGroup.Builder(
                        TableName.of(database, pattern.dataset().tableName()), bucket, pattern.root(), pattern.format(), Optional.of(pattern)));
                group.addPartition(partition.get(), key);
                return Optional.of(group);
            }
        }
        if (format.isEmpty()) {
            return Optional.empty();
        }
        String[] segments = key.split("/");
        StringBuilder root = new StringBuilder();
        Map<String, String> partition = new LinkedHashMap<>();
        int i = 0;
        for (; i < segments.length - 1; i++) {
            String segment = segments[i];
            if (segment.indexOf('=') > 0 || DATE.matcher(segment).matches()) {
                break;
            }
            root.append(segment).append('/');
        }
        StringBuilder layout = new StringBuilder();
        boolean hive = true;
        for (; i < segments.length - 1; i++) {
            String segment = segments[i];
            int equals = segment.indexOf('=');
            if (equals > 0) {
                partition.put(segment.substring(0, equals), segment.substring(equals + 1));
                layout.append(segment, 0, equals + 1).append('{').append(segment, 0, equals).append("}/");
            } else if (DATE.matcher(segment).matches() && !partition.containsKey("date")) {
                partition.put("date", segment);
                layout.append("{date}/");
                hive = false;
            } else {
                layout.append(segment).append('/');
                hive = false;
            }
        }
        // JSON documents and JSON lines side by side are one dataset (DuckDB and Athena's JSON SerDe read both)
        DataFormat family = format.get() == DataFormat.JSON_LINES ? DataFormat.JSON : format.get();
        String name = tableName(bucket.value(), root.toString());
        String suffix = groups.values().stream().anyMatch(other -> other.table().table().equals(name) && other.format() != family)
                ? "_" + family.name().toLowerCase(Locale.ROOT) : "";
        DatasetGroup.Builder group = groups.computeIfAbsent(bucket + "/" + root + "*" + family, id -> new DatasetGroup.Builder(
                TableName.of(database, name + suffix), bucket, root.toString(), family, Optional.empty()));
        if (!hive) {
            group.pathPatternIfAbsent(layout.toString());
        }
        group.addPartition(partition, key);
        return Optional.of(group);
    }

    /** A table name for a dataset no pipeline declares: bucket and folders, as Glue crawlers name them. */
    static String tableName(String bucket, String root) {
        String name = (bucket + "_" + root).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return name.length() > 200 ? name.substring(0, 200) : name;
    }

    /** A data file's format by its extension, or empty when it has none the crawler reads. */
    static Optional<DataFormat> formatOf(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".parquet")) {
            return Optional.of(DataFormat.PARQUET);
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".jsonl.gz") || lower.endsWith(".ndjson")) {
            return Optional.of(DataFormat.JSON_LINES);
        }
        if (lower.endsWith(".json") || lower.endsWith(".json.gz")) {
            return Optional.of(DataFormat.JSON);
        }
        if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
            return Optional.of(DataFormat.CSV);
        }
        return Optional.empty();
    }

    private static boolean compatible(DataFormat file, DataFormat declared) {
        return file == declared || (file == DataFormat.JSON || file == DataFormat.JSON_LINES) && (declared == DataFormat.JSON || declared == DataFormat.JSON_LINES);
    }

}
