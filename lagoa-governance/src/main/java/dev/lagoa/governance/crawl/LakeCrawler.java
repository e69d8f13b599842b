package dev.lagoa.governance.crawl;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.AssetTag;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.TagStore;
import dev.lagoa.governance.classify.Classification;
import dev.lagoa.governance.classify.PiiClassifier;
import dev.lagoa.core.catalog.FileSchemaReader;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TablePartition;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectLocation;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.core.lake.PutOptions;
import dev.lagoa.core.pipeline.DataFormat;
import dev.lagoa.core.pipeline.PipelineDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The catalog's crawler: lists every object of the given buckets, groups them into datasets — the pipelines' declared
 * datasets first (their location templates), then, for anything no pipeline declares, by folder up to the first
 * partition folder ({@code key=value} or a date) — reads each new or changed file's schema and row count (Parquet
 * from its footer), and catalogues each dataset with its schema, partition keys and partitions, merged with what the
 * pipeline declares (description, owner, layer, tags) and with what the catalog already holds (column descriptions
 * from the jobs' commits are kept).
 *
 * <p>It remembers what it read, per bucket, in {@code _lagoa/crawler/files.json} (a hidden object: never crawled,
 * never notified): a file whose entity tag and size did not change is not read again, so re-crawling an unchanged
 * lake reads no data file. A file that cannot be read as its format is skipped and named in the result.
 */
public final class LakeCrawler {
    static final String STATE_KEY = "_lagoa/crawler/files.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");

    /** What the crawler remembers of a file. */
    record FileFacts(String eTag, long size, List<Map<String, String>> columns, long rows) {}

    private final ObjectStore store;
    private final FileSchemaReader reader;
    private final Catalog catalog;
    private final String database;
    private final List<PipelineDefinition> pipelines;
    private final Map<String, String> locationValues;
    private final Function<ObjectLocation, Optional<Path>> localFiles;
    private final Optional<PiiClassifier> classifier;
    private final Optional<TagStore> tags;

    /**
     * @param localFiles where an object is on this machine's disk, when it is (the local lake); others are downloaded
     *     to a temporary file to be read
     */
    public LakeCrawler(ObjectStore store, FileSchemaReader reader, Catalog catalog, String database, List<PipelineDefinition> pipelines,
            Map<String, String> locationValues, Function<ObjectLocation, Optional<Path>> localFiles) {
        this(store, reader, catalog, database, pipelines, locationValues, localFiles, Optional.empty(), Optional.empty());
    }

    private LakeCrawler(ObjectStore store, FileSchemaReader reader, Catalog catalog, String database, List<PipelineDefinition> pipelines,
            Map<String, String> locationValues, Function<ObjectLocation, Optional<Path>> localFiles, Optional<PiiClassifier> classifier,
            Optional<TagStore> tags) {
        this.classifier = classifier;
        this.tags = tags;
        this.store = requireNonNull(store, "store is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.database = requireNonNull(database, "database is null");
        this.pipelines = List.copyOf(pipelines);
        this.locationValues = Map.copyOf(locationValues);
        this.localFiles = requireNonNull(localFiles, "localFiles is null");
    }

    /**
     * This crawler, also classifying the columns of every dataset with new or changed files from a sample of their
     * values ({@value #SAMPLE_ROWS} rows from each of its {@value #SAMPLED_FILES} newest files); the classifications
     * replace the table's earlier ones in {@code tags}, less those a person dismissed.
     */
    public LakeCrawler withClassification(PiiClassifier classifier, TagStore tags) {
        return new LakeCrawler(store, reader, catalog, database, pipelines, locationValues, localFiles, Optional.of(classifier), Optional.of(tags));
    }

    static final int SAMPLE_ROWS = 1000;
    static final int SAMPLED_FILES = 3;
    private static final java.util.Set<String> SAMPLED_TYPES = java.util.Set.of("string", "bigint", "int");

    /** A dataset being put together from its files. */
    private static final class Group {
        final TableName table;
        final String bucket;
        final String root;
        final DataFormat format;
        final Optional<DatasetPattern> declared;
        /** The layout below the root, for a dataset found by its folders whose partitions are not all Hive folders. */
        String pathPattern;
        final List<ObjectSummary> files = new ArrayList<>();
        final Map<List<String>, String> partitions = new TreeMap<>(TablePartition.VALUES_ORDER);
        final LinkedHashMap<String, List<String>> partitionValues = new LinkedHashMap<>();

        Group(TableName table, String bucket, String root, DataFormat format, Optional<DatasetPattern> declared) {
            this.table = table;
            this.bucket = bucket;
            this.root = root;
            this.format = format;
            this.declared = declared;
        }
    }

    public CrawlResult crawl(List<BucketName> buckets) {
        long started = System.nanoTime();
        List<CrawledDataset> datasets = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int seen = 0;
        int read = 0;
        for (BucketName bucket : buckets) {
            if (!store.bucketExists(bucket)) {
                throw new LagoaException(ErrorCode.OBJECT_NOT_FOUND, "Cannot crawl s3://%s/: no such bucket".formatted(bucket));
            }
            Map<String, FileFacts> previous = loadState(bucket);
            Map<String, FileFacts> next = new TreeMap<>();
            Map<String, Group> groups = new LinkedHashMap<>();
            for (ObjectSummary object : store.listAll(bucket, "")) {
                String key = object.key().value();
                if (isHidden(key)) {
                    continue;
                }
                seen++;
                Optional<Group> group = group(bucket.value(), key, groups);
                if (group.isEmpty()) {
                    skipped.add("s3://%s/%s: not a data file (no known extension)".formatted(bucket, key));
                    continue;
                }
                group.get().files.add(object);
            }
            for (Group group : groups.values()) {
                List<TableColumn> columns = new ArrayList<>();
                long rows = 0;
                long bytes = 0;
                int filesRead = 0;
                Instant lastModified = Instant.EPOCH;
                for (ObjectSummary file : group.files) {
                    String key = file.key().value();
                    FileFacts facts = previous.get(key);
                    if (facts == null || !facts.eTag().equals(file.eTag()) || facts.size() != file.size()) {
                        try {
                            facts = inspect(bucket, file, group.format);
                            filesRead++;
                        } catch (LagoaException e) {
                            skipped.add("s3://%s/%s: %s".formatted(bucket, key, e.getMessage()));
                            continue;
                        }
                    }
                    next.put(key, facts);
                    merge(columns, facts.columns());
                    rows += Math.max(0, facts.rows());
                    bytes += file.size();
                    lastModified = file.lastModified().isAfter(lastModified) ? file.lastModified() : lastModified;
                }
                read += filesRead;
                if (columns.isEmpty()) {
                    continue;
                }
                datasets.add(catalogue(group, columns, rows, bytes, lastModified, filesRead));
            }
            saveState(bucket, next);
        }
        List<String> dropped = dropVanished(buckets, datasets);
        return new CrawlResult(datasets, skipped, dropped, seen, read, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Tables the crawler itself found earlier in these buckets and did not find now (their files are gone, or a
     * pipeline now declares them under their own name) leave the catalog; tables of commits and declarations stay.
     */
    private List<String> dropVanished(List<BucketName> buckets, List<CrawledDataset> found) {
        List<String> dropped = new ArrayList<>();
        java.util.Set<TableName> current = new java.util.HashSet<>();
        found.forEach(dataset -> current.add(dataset.table()));
        for (TableDefinition table : catalog.tables(database)) {
            boolean crawled = "crawler".equals(table.parameters().get("lagoa.discovered"));
            boolean inBuckets = buckets.stream().anyMatch(bucket -> table.location().startsWith("s3://" + bucket + "/"));
            if (crawled && inBuckets && !current.contains(table.name()) && catalog.dropTable(table.name())) {
                dropped.add(table.name().toString());
            }
        }
        return dropped;
    }

    /** The dataset a key belongs to: the first declared dataset whose pattern matches, else one found by its folders. */
    private Optional<Group> group(String bucket, String key, Map<String, Group> groups) {
        for (PipelineDefinition pipeline : pipelines) {
            for (var dataset : pipeline.datasets()) {
                Optional<DatasetPattern> pattern = DatasetPattern.of(pipeline, dataset, locationValues);
                if (pattern.isEmpty() || !pattern.get().bucket().equals(bucket)) {
                    continue;
                }
                Optional<Map<String, String>> partition = pattern.get().match(key);
                if (partition.isPresent() && formatOf(key).map(format -> compatible(format, dataset.format())).orElse(false)) {
                    Group group = groups.computeIfAbsent(bucket + "/" + dataset.id(), id -> new Group(TableName.of(database, dataset.tableName()), bucket,
                            pattern.get().root(), dataset.format(), pattern));
                    addPartition(group, partition.get(), key);
                    return Optional.of(group);
                }
            }
        }
        Optional<DataFormat> format = formatOf(key);
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
        String name = tableName(bucket, root.toString());
        String suffix = groups.values().stream().anyMatch(other -> other.table.table().equals(name) && other.format != family)
                ? "_" + family.name().toLowerCase(Locale.ROOT) : "";
        Group group = groups.computeIfAbsent(bucket + "/" + root + "*" + family, id -> new Group(TableName.of(database, name + suffix), bucket,
                root.toString(), family, Optional.empty()));
        if (!hive && group.pathPattern == null) {
            group.pathPattern = layout.toString();
        }
        addPartition(group, partition, key);
        return Optional.of(group);
    }

    private static void addPartition(Group group, Map<String, String> partition, String key) {
        if (partition.isEmpty()) {
            return;
        }
        partition.forEach((name, value) -> group.partitionValues.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value));
        String folder = key.substring(0, key.lastIndexOf('/') + 1);
        group.partitions.put(List.copyOf(partition.values()), "s3://" + group.bucket + "/" + folder);
    }

    /** A table name for a dataset no pipeline declares: bucket and folders, as Glue crawlers name them. */
    static String tableName(String bucket, String root) {
        String name = (bucket + "_" + root).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return name.length() > 200 ? name.substring(0, 200) : name;
    }

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

    static boolean isHidden(String key) {
        for (String segment : key.split("/")) {
            if (segment.startsWith("_") || segment.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private FileFacts inspect(BucketName bucket, ObjectSummary file, DataFormat format) {
        ObjectLocation location = ObjectLocation.of(bucket.value(), file.key().value());
        Optional<Path> local = localFiles.apply(location);
        Path path = local.orElseGet(() -> download(bucket, file.key()));
        try {
            FileSchemaReader.FileSchema schema = reader.read(path, format);
            List<Map<String, String>> columns = schema.columns().stream().map(column -> Map.of("name", column.name(), "type", column.type())).toList();
            return new FileFacts(file.eTag(), file.size(), columns, schema.rows());
        } finally {
            if (local.isEmpty()) {
                deleteQuietly(path);
            }
        }
    }

    private Path download(BucketName bucket, ObjectKey key) {
        try (InputStream in = store.get(bucket, key)) {
            String name = key.value().substring(key.value().lastIndexOf('/') + 1);
            Path file = Files.createTempFile("lagoa-crawl-", "-" + name.replaceAll("[^A-Za-z0-9._-]", "_"));
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot read s3://%s/%s: %s".formatted(bucket, key, e.getMessage()), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary copy left behind
        }
    }

    /** The union of the files' columns, in first-seen order; a column seen with two types becomes string. */
    private static void merge(List<TableColumn> columns, List<Map<String, String>> file) {
        for (Map<String, String> column : file) {
            String name = column.get("name");
            int index = -1;
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(name)) {
                    index = i;
                }
            }
            if (index < 0) {
                columns.add(new TableColumn(name, column.get("type"), ""));
            } else if (!columns.get(index).type().equals(column.get("type"))) {
                columns.set(index, new TableColumn(name, "string", ""));
            }
        }
    }

    private CrawledDataset catalogue(Group group, List<TableColumn> fileColumns, long rows, long bytes, Instant lastModified, int filesRead) {
        Optional<TableDefinition> existing = catalog.table(group.table);
        Map<String, TableColumn> known = new HashMap<>();
        existing.ifPresent(table -> {
            table.columns().forEach(column -> known.put(column.name(), column));
            table.partitionKeys().forEach(column -> known.put(column.name(), column));
        });
        List<TableColumn> partitionKeys = new ArrayList<>();
        group.partitionValues.forEach((name, values) -> {
            TableColumn previous = known.get(name);
            partitionKeys.add(previous != null ? previous : new TableColumn(name, partitionType(values), ""));
        });
        List<TableColumn> columns = new ArrayList<>();
        for (TableColumn column : fileColumns) {
            if (group.partitionValues.containsKey(column.name())) {
                continue;
            }
            TableColumn previous = known.get(column.name());
            columns.add(previous != null && previous.type().equals(column.type()) ? previous
                    : new TableColumn(column.name(), column.type(), previous == null ? "" : previous.comment()));
        }
        List<String> changes = existing.map(table -> changes(table.columns(), columns)).orElse(List.of());
        Map<String, String> parameters = new LinkedHashMap<>(existing.map(TableDefinition::parameters).orElse(Map.of()));
        TableDefinition.RESERVED_PARAMETERS.forEach(parameters::remove);
        group.declared.ifPresent(pattern -> {
            parameters.put("lagoa.pipeline", pattern.pipeline().name());
            parameters.put("lagoa.dataset", pattern.dataset().id());
            parameters.put("lagoa.layer", pattern.dataset().layer().name().toLowerCase(Locale.ROOT));
            parameters.put("lagoa.tags", String.join(",", new java.util.TreeSet<>(pattern.dataset().tags())));
            if (!pattern.isHive()) {
                parameters.put("lagoa.path-pattern", pattern.relativeTemplate().replace("-", "_"));
            }
        });
        if (group.declared.isEmpty()) {
            parameters.putIfAbsent("lagoa.discovered", "crawler");
            if (group.pathPattern != null) {
                parameters.put("lagoa.path-pattern", group.pathPattern);
            }
        }
        String description = group.declared.map(pattern -> pattern.dataset().description())
                .orElse(existing.map(TableDefinition::description).filter(text -> !text.isEmpty())
                        .orElse("Found by the crawler under s3://%s/%s; no pipeline declares it.".formatted(group.bucket, group.root)));
        String owner = group.declared.map(pattern -> pattern.dataset().owner()).orElse(existing.map(TableDefinition::owner).orElse(""));
        String location = "s3://" + group.bucket + "/" + group.root;
        catalog.createOrUpdateTable(new TableDefinition(group.table, location, group.format, columns, partitionKeys, description, owner, parameters));
        if (!partitionKeys.isEmpty()) {
            List<TablePartition> partitions = group.partitions.entrySet().stream()
                    .filter(entry -> entry.getKey().size() == partitionKeys.size())
                    .map(entry -> new TablePartition(entry.getKey(), entry.getValue()))
                    .toList();
            if (!partitions.isEmpty()) {
                catalog.addPartitions(group.table, partitions);
            }
            catalog.dropPartitions(group.table, List.of(), partitions.stream().map(TablePartition::values).toList());
        }
        List<String> classified = filesRead > 0 ? classify(group, columns) : List.of();
        return new CrawledDataset(group.table, location, group.format, group.declared.map(pattern -> pattern.pipeline().name()),
                group.declared.map(pattern -> pattern.dataset().id()),
                group.declared.map(pattern -> pattern.dataset().layer().name().toLowerCase(Locale.ROOT)), columns, partitionKeys,
                group.partitions.size(), group.files.size(), rows, bytes, lastModified, filesRead, changes, classified);
    }

    /** Classifies the dataset's text and whole-number columns from a sample; returns the tags kept, for people. */
    private List<String> classify(Group group, List<TableColumn> columns) {
        if (classifier.isEmpty() || tags.isEmpty()) {
            return List.of();
        }
        List<String> sampled = columns.stream().filter(column -> SAMPLED_TYPES.contains(column.type())).map(TableColumn::name).toList();
        Map<String, List<String>> values = new LinkedHashMap<>();
        group.files.stream()
                .sorted(java.util.Comparator.comparing(ObjectSummary::lastModified).reversed())
                .limit(SAMPLED_FILES)
                .forEach(file -> {
                    ObjectLocation location = ObjectLocation.of(group.bucket, file.key().value());
                    Optional<Path> local = localFiles.apply(location);
                    Path path = local.orElseGet(() -> download(BucketName.of(group.bucket), file.key()));
                    try {
                        reader.sample(path, group.format, sampled, SAMPLE_ROWS)
                                .forEach((column, sample) -> values.computeIfAbsent(column, ignored -> new ArrayList<>()).addAll(sample));
                    } catch (LagoaException e) {
                        // a file that cannot be sampled was already reported by the schema read, or is skipped here
                    } finally {
                        if (local.isEmpty()) {
                            deleteQuietly(path);
                        }
                    }
                });
        List<AssetTag> found = new ArrayList<>();
        Instant now = Instant.now();
        values.forEach((column, sample) -> {
            for (Classification classification : classifier.get().classify(column, sample)) {
                found.add(new AssetTag(group.table, Optional.of(column), classification.tagValue(), AssetTag.Source.CLASSIFIER,
                        classification.evidence().summary(), "crawler", now));
            }
        });
        return tags.get().replaceClassified(group.table, found).stream().map(tag -> tag.column().orElse("") + " " + tag.tag()).toList();
    }

    /** Columns added, removed and retyped since the catalogued definition, for people. */
    static List<String> changes(List<TableColumn> before, List<TableColumn> after) {
        Map<String, String> old = new LinkedHashMap<>();
        before.forEach(column -> old.put(column.name(), column.type()));
        Map<String, String> now = new LinkedHashMap<>();
        after.forEach(column -> now.put(column.name(), column.type()));
        List<String> changes = new ArrayList<>();
        now.forEach((name, type) -> {
            if (!old.containsKey(name)) {
                changes.add("added " + name + " " + type);
            } else if (!old.get(name).equals(type)) {
                changes.add("retyped " + name + " " + old.get(name) + " → " + type);
            }
        });
        old.keySet().stream().filter(name -> !now.containsKey(name)).forEach(name -> changes.add("removed " + name));
        return changes;
    }

    /** Dates are dates, whole numbers are ints or bigints, anything else a string. */
    static String partitionType(List<String> values) {
        if (values.stream().allMatch(value -> isDate(value))) {
            return "date";
        }
        if (values.stream().allMatch(value -> INTEGER.matcher(value).matches())) {
            return values.stream().allMatch(value -> Math.abs(Long.parseLong(value)) <= Integer.MAX_VALUE) ? "int" : "bigint";
        }
        return "string";
    }

    private static boolean isDate(String value) {
        if (!DATE.matcher(value).matches()) {
            return false;
        }
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private Map<String, FileFacts> loadState(BucketName bucket) {
        ObjectKey key = ObjectKey.of(STATE_KEY);
        if (!store.exists(bucket, key)) {
            return Map.of();
        }
        try {
            return JSON.readValue(store.getBytes(bucket, key), new TypeReference<Map<String, FileFacts>>() {});
        } catch (IOException e) {
            // a state that cannot be read only costs a full crawl
            return Map.of();
        }
    }

    private void saveState(BucketName bucket, Map<String, FileFacts> state) {
        try {
            store.put(bucket, ObjectKey.of(STATE_KEY), JSON.writeValueAsBytes(state), PutOptions.contentType("application/json"));
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot write the crawler's state: " + e.getMessage(), e);
        }
    }
}
