package dev.lagoa.governance.crawl;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.FileSchemaReader;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TablePartition;
import dev.lagoa.core.catalog.TagStore;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectLocation;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.governance.classify.PiiClassifier;
import dev.lagoa.governance.crawl.CrawlState.FileFacts;
import java.nio.file.Path;
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
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The catalog's crawler: lists every object of the given buckets, groups them into datasets ({@link DatasetGrouping}:
 * the pipelines' declared datasets first, then by folder up to the first partition folder), reads each new or changed
 * file's schema and row count (Parquet from its footer), and catalogues each dataset with its schema, partition keys
 * and partitions, merged with what the pipeline declares (description, owner, layer, tags) and with what the catalog
 * already holds (column descriptions from the jobs' commits are kept).
 *
 * <p>It remembers what it read, per bucket ({@link CrawlState}): a file whose entity tag and size did not change is not
 * read again, so re-crawling an unchanged lake reads no data file. A file that cannot be read as its format is skipped
 * and named in the result. Tables it found earlier in the crawled buckets and no longer finds leave the catalog.
 *
 * <p>No argument may be null ({@link NullPointerException}).
 */
public final class LakeCrawler {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");

    private final LakeFiles files;
    private final DatasetGrouping grouping;
    private final CrawlState state;
    private final Catalog catalog;
    private final Optional<SampleClassification> classification;

    /**
     * @param database the catalog database the datasets' tables are catalogued in
     * @param pipelines the pipelines whose declared datasets are recognised in the lake
     * @param locationValues the configuration values of the pipelines' location templates ({@code b3-bucket})
     * @param localFiles where an object is on this machine's disk, when it is (the local lake); others are downloaded
     *     to a temporary file to be read
     * @throws NullPointerException if any argument is null
     */
    public LakeCrawler(ObjectStore store, FileSchemaReader reader, Catalog catalog, String database, List<PipelineDefinition> pipelines,
            Map<String, String> locationValues, Function<ObjectLocation, Optional<Path>> localFiles) {
        this(new LakeFiles(store, reader, localFiles), new DatasetGrouping(database, pipelines, locationValues), new CrawlState(store, catalog, database),
                catalog, Optional.empty());
    }

    private LakeCrawler(LakeFiles files, DatasetGrouping grouping, CrawlState state, Catalog catalog, Optional<SampleClassification> classification) {
        this.files = files;
        this.grouping = grouping;
        this.state = state;
        this.catalog = catalog;
        this.classification = classification;
    }

    /**
     * This crawler, also classifying the columns of every dataset with new or changed files from a sample of their
     * values ({@value SampleClassification#SAMPLE_ROWS} rows from each of its {@value SampleClassification#SAMPLED_FILES}
     * newest files); the classifications replace the table's earlier ones in {@code tags}, less those a person
     * dismissed.
     *
     * @throws NullPointerException if {@code classifier} or {@code tags} is null
     */
    public LakeCrawler withClassification(PiiClassifier classifier, TagStore tags) {
        return new LakeCrawler(files, grouping, state, catalog, Optional.of(new SampleClassification(classifier, tags, files)));
    }

    /**
     * Crawls the buckets, in order: catalogues the datasets found, drops the tables it found earlier and no longer
     * finds, and says which files it skipped and why.
     *
     * @throws LagoaException with {@link ErrorCode#OBJECT_NOT_FOUND} when a bucket does not exist, with
     *     {@link ErrorCode#INTERNAL_ERROR} when the crawler's state cannot be written, with
     *     {@link ErrorCode#STORAGE_ERROR} when a file to be sampled for classification cannot be downloaded, and as the
     *     catalog and the tag store throw
     */
    public CrawlResult crawl(List<BucketName> buckets) {
        long started = System.nanoTime();
        List<CrawledDataset> datasets = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int seen = 0;
        int read = 0;
        for (BucketName bucket : buckets) {
            if (!files.bucketExists(bucket)) {
                throw new LagoaException(ErrorCode.OBJECT_NOT_FOUND, "Cannot crawl s3://%s/: no such bucket".formatted(bucket));
            }
            Map<String, FileFacts> previous = state.files(bucket);
            Map<String, FileFacts> next = new TreeMap<>();
            DatasetGrouping.BucketContents contents = grouping.group(bucket, files.list(bucket));
            seen += contents.visibleObjects();
            contents.notData().forEach(object -> skipped.add("s3://%s/%s: not a data file (no known extension)".formatted(bucket, object.key().value())));
            for (DatasetGroup group : contents.datasets()) {
                List<TableColumn> columns = new ArrayList<>();
                long rows = 0;
                long bytes = 0;
                int filesRead = 0;
                Instant lastModified = Instant.EPOCH;
                for (ObjectSummary file : group.files()) {
                    String key = file.key().value();
                    FileFacts facts = previous.get(key);
                    if (facts == null || !facts.describes(file)) {
                        try {
                            facts = FileFacts.of(file, files.schema(bucket, file.key(), group.format()));
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
            state.rememberFiles(bucket, next);
        }
        List<String> dropped = state.dropVanished(buckets, datasets.stream().map(CrawledDataset::table).toList());
        return new CrawlResult(datasets, skipped, dropped, seen, read, Duration.ofNanos(System.nanoTime() - started));
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

    /** Catalogues the dataset, its partitions and, when classifying, its columns' classifications. */
    private CrawledDataset catalogue(DatasetGroup group, List<TableColumn> fileColumns, long rows, long bytes, Instant lastModified, int filesRead) {
        Optional<TableDefinition> existing = catalog.table(group.table());
        Map<String, TableColumn> known = new HashMap<>();
        existing.ifPresent(table -> {
            table.columns().forEach(column -> known.put(column.name(), column));
            table.partitionKeys().forEach(column -> known.put(column.name(), column));
        });
        List<TableColumn> partitionKeys = new ArrayList<>();
        group.partitionValues().forEach((name, values) -> {
            TableColumn previous = known.get(name);
            partitionKeys.add(previous != null ? previous : new TableColumn(name, partitionType(values), ""));
        });
        List<TableColumn> columns = new ArrayList<>();
        for (TableColumn column : fileColumns) {
            if (group.isPartitionKey(column.name())) {
                continue;
            }
            TableColumn previous = known.get(column.name());
            columns.add(previous != null && previous.type().equals(column.type()) ? previous
                    : new TableColumn(column.name(), column.type(), previous == null ? "" : previous.comment()));
        }
        List<String> changes = existing.map(table -> changes(table.columns(), columns)).orElse(List.of());
        Map<String, String> parameters = new LinkedHashMap<>(existing.map(TableDefinition::parameters).orElse(Map.of()));
        TableDefinition.RESERVED_PARAMETERS.forEach(parameters::remove);
        group.declared().ifPresent(pattern -> {
            parameters.put("lagoa.pipeline", pattern.pipeline().name());
            parameters.put("lagoa.dataset", pattern.dataset().id());
            parameters.put("lagoa.layer", pattern.dataset().layer().name().toLowerCase(Locale.ROOT));
            parameters.put("lagoa.tags", String.join(",", new TreeSet<>(pattern.dataset().tags())));
            if (!pattern.isHive()) {
                parameters.put("lagoa.path-pattern", pattern.relativeTemplate().replace("-", "_"));
            }
        });
        if (group.declared().isEmpty()) {
            CrawlState.markFoundByCrawler(parameters);
            group.pathPattern().ifPresent(pattern -> parameters.put("lagoa.path-pattern", pattern));
        }
        String description = group.declared().map(pattern -> pattern.dataset().description())
                .orElse(existing.map(TableDefinition::description).filter(text -> !text.isEmpty())
                        .orElse("Found by the crawler under s3://%s/%s; no pipeline declares it.".formatted(group.bucket(), group.root())));
        String owner = group.declared().map(pattern -> pattern.dataset().owner()).orElse(existing.map(TableDefinition::owner).orElse(""));
        String location = group.location();
        catalog.createOrUpdateTable(new TableDefinition(group.table(), location, group.format(), columns, partitionKeys, description, owner, parameters));
        if (!partitionKeys.isEmpty()) {
            List<TablePartition> partitions = group.partitions().entrySet().stream()
                    .filter(entry -> entry.getKey().size() == partitionKeys.size())
                    .map(entry -> new TablePartition(entry.getKey(), entry.getValue()))
                    .toList();
            if (!partitions.isEmpty()) {
                catalog.addPartitions(group.table(), partitions);
            }
            catalog.dropPartitions(group.table(), List.of(), partitions.stream().map(TablePartition::values).toList());
        }
        List<String> classified = filesRead > 0 ? classification.map(classifying -> classifying.classify(group, columns)).orElse(List.of()) : List.of();
        return new CrawledDataset(group.table(), location, group.format(), group.declared().map(pattern -> pattern.pipeline().name()),
                group.declared().map(pattern -> pattern.dataset().id()),
                group.declared().map(pattern -> pattern.dataset().layer().name().toLowerCase(Locale.ROOT)), columns, partitionKeys,
                group.partitions().size(), group.files().size(), rows, bytes, lastModified, filesRead, changes, classified);
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
}
