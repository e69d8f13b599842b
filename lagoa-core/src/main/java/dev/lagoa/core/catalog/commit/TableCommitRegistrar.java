package dev.lagoa.core.catalog.commit;

import static java.util.Objects.requireNonNull;

import dev.lagoa.contracts.FunctionHandler;
import dev.lagoa.contracts.LakePaths;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TablePartition;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectLocation;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.core.event.Notification;
import dev.lagoa.core.pipeline.DatasetDefinition;
import dev.lagoa.core.pipeline.LocationTemplate;
import dev.lagoa.core.pipeline.Pipelines;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Keeps the catalog in step with the lake's table commits: for a table commit manifest
 * ({@code catalog-commits/<table>/....json}, {@code dev.lagoa.contracts.TableCommitManifest}) it creates or updates the
 * table (schema and column descriptions from the manifest; description, owner, pipeline and tags from the pipeline
 * definition) and registers its partitions. The catalog commit function runs it on each new manifest; a lakehouse's
 * control-plane task runs it over all of them.
 *
 * <p>The lake is the truth, so that manifests delivered twice or out of order leave the same catalog: a partition is
 * added only when its folder holds data files, and under each replaced prefix a catalogued partition whose folder no
 * longer holds any is dropped (a ticker that left the index on a re-run day).
 *
 * <p>Manifests are read with Jackson, which {@code lagoa-contracts} leaves to the runtime: the callers' classpaths
 * (the functions' and the control plane's) bring it. Arguments are never null; the ports' failures pass through.
 */
public final class TableCommitRegistrar {
    /** The folders the pipelines declare for table commits: those of the datasets whose new objects call this use case. */
    private static final Set<String> COMMIT_FOLDERS = Pipelines.all().stream()
            .flatMap(pipeline -> pipeline.notifications().stream()
                    .filter(notification -> notification.target() instanceof Notification.Target.Function function
                            && function.handler() == FunctionHandler.CATALOG_COMMIT)
                    .map(notification -> LocationTemplate.keyFolder(pipeline.dataset(notification.datasetId()).location(), Map.of())))
            .collect(Collectors.toUnmodifiableSet());

    private final ObjectStore objectStore;
    private final Catalog catalog;
    private final String database;

    /** Registers into {@code database} of {@code catalog} the manifests that {@code objectStore} holds. */
    public TableCommitRegistrar(ObjectStore objectStore, Catalog catalog, String database) {
        this.objectStore = requireNonNull(objectStore, "objectStore is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.database = requireNonNull(database, "database is null");
    }

    /**
     * What registering one object did: {@code summary} says it for people ({@code catalogued ...} or
     * {@code ignored ...}); {@code warning} is present when the manifest names a table that no pipeline declares.
     */
    public record Registration(String summary, Optional<String> warning) {
        public Registration {
            requireNonNull(summary, "summary is null");
            requireNonNull(warning, "warning is null");
        }
    }

    /**
     * Registers the manifest at {@code key} of {@code bucket}; an object that is not a table commit (outside
     * {@code catalog-commits/}, not {@code .json}, or a writer's hidden or temporary file) is ignored and said so.
     *
     * @throws dev.lagoa.core.LagoaException {@code MALFORMED_TABLE_COMMIT} when the manifest cannot be read as one
     */
    public Registration register(BucketName bucket, String key) {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        String uri = "s3://" + bucket.value() + "/" + key;
        if (COMMIT_FOLDERS.stream().noneMatch(key::startsWith) || !key.endsWith(".json") || LakePaths.isHidden(key)) {
            return new Registration("ignored " + uri + ": not a table commit", Optional.empty());
        }
        TableCommit commit = TableCommit.parse(objectStore.getBytes(bucket, ObjectKey.of(key)), uri);
        TableName name = TableName.of(database, commit.table());
        Optional<DatasetDefinition> dataset = Pipelines.datasetOfTable(commit.table());
        Map<String, String> parameters = new HashMap<>();
        parameters.put("lagoa.last-commit", uri);
        dataset.ifPresent(declared -> {
            parameters.put("lagoa.pipeline", Pipelines.pipelineOf(declared).name());
            parameters.put("lagoa.dataset", declared.id());
            parameters.put("lagoa.layer", declared.layer().name().toLowerCase(Locale.ROOT));
            parameters.put("lagoa.tags", String.join(",", new TreeSet<>(declared.tags())));
        });
        Optional<String> warning = dataset.isPresent() ? Optional.empty()
                : Optional.of("Table commit %s names table '%s', which no pipeline declares: catalogued without description or owner"
                        .formatted(uri, commit.table()));
        catalog.createOrUpdateTable(new TableDefinition(name, commit.location(), commit.format(), commit.columns(), commit.partitionKeys(),
                dataset.map(DatasetDefinition::description).orElse(""), dataset.map(DatasetDefinition::owner).orElse(""), parameters));
        List<TablePartition> present = commit.partitions().stream().filter(this::hasData).toList();
        int added = present.isEmpty() ? 0 : catalog.addPartitions(name, present);
        int dropped = 0;
        for (List<String> prefix : commit.replaces()) {
            List<List<String>> keep = catalog.partitions(name).stream()
                    .filter(partition -> startsWith(partition.values(), prefix))
                    .filter(this::hasData)
                    .map(TablePartition::values)
                    .toList();
            dropped += catalog.dropPartitions(name, prefix, keep);
        }
        return new Registration("catalogued %s from %s: %d partitions written (%d new), %d dropped"
                .formatted(name, uri, present.size(), added, dropped), warning);
    }

    private static boolean startsWith(List<String> values, List<String> prefix) {
        return values.size() >= prefix.size() && values.subList(0, prefix.size()).equals(prefix);
    }

    /** A partition exists when its folder holds at least one data file (hidden and temporary files do not count). */
    private boolean hasData(TablePartition partition) {
        ObjectLocation location = ObjectLocation.parse(partition.location());
        for (ObjectSummary object : objectStore.listAll(location.bucket(), location.key())) {
            if (!LakePaths.isHidden(object.key().value().substring(location.key().length()))) {
                return true;
            }
        }
        return false;
    }

}
