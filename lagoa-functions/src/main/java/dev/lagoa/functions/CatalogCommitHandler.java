package dev.lagoa.functions;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TablePartition;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectLocation;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.core.pipeline.DatasetDefinition;
import dev.lagoa.core.pipeline.Pipelines;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The function that keeps the catalog in step with the refine jobs: for each new table commit manifest
 * ({@code catalog-commits/<table>/....json}) it creates or updates the table (schema and column descriptions from the
 * manifest; description, owner, pipeline and tags from the pipeline definition) and registers its partitions.
 *
 * <p>The lake is the truth, so that manifests delivered twice or out of order leave the same catalog: a partition is
 * added only when its folder holds data files, and under each replaced prefix a catalogued partition whose folder no
 * longer holds any is dropped (a ticker that left the index on a re-run day).
 */
public final class CatalogCommitHandler implements RequestHandler<S3Event, String> {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogCommitHandler.class);
    private static final String COMMITS_PREFIX = "catalog-commits/";

    private final ObjectStore objectStore;
    private final Catalog catalog;
    private final String database;

    /** On AWS Lambda: S3 and the Glue Data Catalog from the function's environment. */
    public CatalogCommitHandler() {
        this(AwsFunctionEnvironment.fromSystem());
    }

    private CatalogCommitHandler(AwsFunctionEnvironment environment) {
        this(environment.objectStore(), environment.catalog(), environment.lake().catalogDatabase());
    }

    public CatalogCommitHandler(ObjectStore objectStore, Catalog catalog, String database) {
        this.objectStore = requireNonNull(objectStore, "objectStore is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.database = requireNonNull(database, "database is null");
    }

    @Override
    public String handleRequest(S3Event event, Context context) {
        List<String> outcomes = new ArrayList<>();
        if (event.getRecords() != null) {
            for (S3EventNotificationRecord record : event.getRecords()) {
                String outcome = handle(record.getS3().getBucket().getName(), record.getS3().getObject().getUrlDecodedKey());
                LOG.info("{}", outcome);
                outcomes.add(outcome);
            }
        }
        return String.join("\n", outcomes);
    }

    /** Registers one manifest; returns what changed, for people. */
    public String handle(String bucketName, String key) {
        String uri = "s3://" + bucketName + "/" + key;
        if (!key.startsWith(COMMITS_PREFIX) || !key.endsWith(".json") || RefineTrigger.isHidden(key)) {
            return "ignored " + uri + ": not a table commit";
        }
        TableCommit commit = TableCommit.parse(objectStore.getBytes(BucketName.of(bucketName), dev.lagoa.core.lake.ObjectKey.of(key)), uri);
        TableName name = TableName.of(database, commit.table());
        Optional<DatasetDefinition> dataset = Pipelines.datasetOfTable(commit.table());
        Map<String, String> parameters = new HashMap<>();
        parameters.put("lagoa.last-commit", uri);
        dataset.ifPresent(declared -> {
            parameters.put("lagoa.pipeline", Pipelines.pipelineOf(declared).name());
            parameters.put("lagoa.dataset", declared.id());
            parameters.put("lagoa.layer", declared.layer().name().toLowerCase(java.util.Locale.ROOT));
            parameters.put("lagoa.tags", String.join(",", new TreeSet<>(declared.tags())));
        });
        if (dataset.isEmpty()) {
            LOG.warn("Table commit {} names table '{}', which no pipeline declares: catalogued without description or owner", uri, commit.table());
        }
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
        return "catalogued %s from %s: %d partitions written (%d new), %d dropped".formatted(name, uri, present.size(), added, dropped);
    }

    private static boolean startsWith(List<String> values, List<String> prefix) {
        return values.size() >= prefix.size() && values.subList(0, prefix.size()).equals(prefix);
    }

    /** A partition exists when its folder holds at least one data file (hidden and temporary files do not count). */
    private boolean hasData(TablePartition partition) {
        ObjectLocation location = ObjectLocation.parse(partition.location());
        for (ObjectSummary object : objectStore.listAll(location.bucket(), location.key())) {
            if (!RefineTrigger.isHidden(object.key().value().substring(location.key().length()))) {
                return true;
            }
        }
        return false;
    }
}
