package dev.lagoa.aws;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TablePartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchDeletePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchGetPartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionFailureEntry;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequestEntry;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionResponse;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.ErrorDetail;
import software.amazon.awssdk.services.glue.model.GetPartitionsResponse;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.PartitionValueList;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;

/**
 * The partitions of the Glue tables of a {@link GlueCatalog}, in the batches Glue takes: added with
 * {@code BatchCreatePartition}, {@value #WRITE_BATCH} at a time; those that exist already are read with
 * {@code BatchGetPartition} and moved with {@code BatchUpdatePartition} when their location changed; dropped with
 * {@code BatchDeletePartition}, {@value #DELETE_BATCH} at a time. Glue has no transactions: when some entries of a
 * batch fail, the others stay done, and the error ({@link AwsErrors#glueEntries}) names the failed ones.
 *
 * <p>The callers check the table and the partition values first; arguments are never null.
 */
final class GluePartitions {
    /** The most entries Glue takes in one {@code BatchCreatePartition} or {@code BatchUpdatePartition}. */
    static final int WRITE_BATCH = 100;
    /** The most entries Glue takes in one {@code BatchDeletePartition}. */
    static final int DELETE_BATCH = 25;
    /** The most entries Glue takes in one {@code BatchGetPartition}. */
    static final int READ_BATCH = 1000;
    private static final int PARTITIONS_PER_PAGE = 1000;
    private static final int UNPROCESSED_ROUNDS = 5;
    // the catalog's own logger: operators follow a table's partitions under GlueCatalog, as before the split
    private static final Logger LOG = LoggerFactory.getLogger(GlueCatalog.class);

    private final GlueClient client;

    /** The partitions through {@code client}, which the caller keeps and closes. */
    GluePartitions(GlueClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    /**
     * Adds the partitions of {@code table} (a value list given twice counts once, with its last location), each a copy
     * of the table's {@code storage} with its own location, and moves those that exist at another location; returns
     * how many were added.
     *
     * @throws LagoaException naming the partitions Glue refused, after the others are done
     */
    int add(TableName table, StorageDescriptor storage, List<TablePartition> partitions) {
        Map<List<String>, String> locations = new LinkedHashMap<>();
        for (TablePartition partition : partitions) {
            locations.put(partition.values(), partition.location());
        }
        List<List<String>> values = List.copyOf(locations.keySet());
        List<List<String>> existing = new ArrayList<>();
        Map<String, ErrorDetail> failures = new LinkedHashMap<>();
        int added = 0;
        for (List<List<String>> batch : batches(values, WRITE_BATCH)) {
            List<PartitionInput> inputs = batch.stream()
                    .map(partition -> GlueTableMapping.partitionInput(partition, locations.get(partition), storage)).toList();
            BatchCreatePartitionResponse response;
            try {
                response = client.batchCreatePartition(request -> request.databaseName(table.database()).tableName(table.table())
                        .partitionInputList(inputs));
            } catch (SdkException e) {
                throw AwsErrors.glue("add partitions to", "Glue table " + table, ErrorCode.OBJECT_NOT_FOUND, e);
            }
            int failed = 0;
            for (PartitionError error : response.errors()) {
                failed++;
                if (error.errorDetail() != null && "AlreadyExistsException".equals(error.errorDetail().errorCode())) {
                    existing.add(error.partitionValues());
                } else {
                    failures.put(error.partitionValues().toString(), detail(error.errorDetail()));
                }
            }
            added += batch.size() - failed;
        }
        if (!existing.isEmpty()) {
            move(table, existing, locations, storage, failures);
        }
        if (!failures.isEmpty()) {
            throw AwsErrors.glueEntries("add", "partition(s) to table " + table, failures);
        }
        LOG.info("Added {} partition(s) to Glue table {} ({} already there)", added, table, existing.size());
        return added;
    }

    /** Updates the partitions among {@code existing} whose location is not the one given. */
    private void move(TableName table, List<List<String>> existing, Map<List<String>, String> locations,
            StorageDescriptor storage, Map<String, ErrorDetail> failures) {
        List<List<String>> moved = new ArrayList<>();
        for (Partition partition : batchGet(table, existing)) {
            List<String> values = partition.values();
            String location = partition.storageDescriptor() == null ? null : GlueTableMapping.normalize(partition.storageDescriptor().location());
            if (!locations.get(values).equals(location)) {
                moved.add(values);
            }
        }
        for (List<List<String>> batch : batches(moved, WRITE_BATCH)) {
            List<BatchUpdatePartitionRequestEntry> entries = batch.stream().map(values -> BatchUpdatePartitionRequestEntry.builder()
                    .partitionValueList(values)
                    .partitionInput(GlueTableMapping.partitionInput(values, locations.get(values), storage))
                    .build()).toList();
            BatchUpdatePartitionResponse response;
            try {
                response = client.batchUpdatePartition(request -> request.databaseName(table.database()).tableName(table.table()).entries(entries));
            } catch (SdkException e) {
                throw AwsErrors.glue("update partitions of", "Glue table " + table, ErrorCode.OBJECT_NOT_FOUND, e);
            }
            for (BatchUpdatePartitionFailureEntry error : response.errors()) {
                failures.put(error.partitionValueList().toString(), detail(error.errorDetail()));
            }
        }
        if (!moved.isEmpty()) {
            LOG.info("Moved {} partition(s) of Glue table {} to new locations", moved.size(), table);
        }
    }

    /** The partitions with these values, read {@value #READ_BATCH} at a time; Glue may leave keys unprocessed for later. */
    private List<Partition> batchGet(TableName table, List<List<String>> values) {
        List<Partition> partitions = new ArrayList<>();
        for (List<List<String>> batch : batches(values, READ_BATCH)) {
            List<PartitionValueList> keys = batch.stream().map(partition -> PartitionValueList.builder().values(partition).build()).toList();
            for (int round = 0; !keys.isEmpty(); round++) {
                if (round == UNPROCESSED_ROUNDS) {
                    throw new LagoaException(ErrorCode.AWS_ERROR, "Cannot read %d existing partition(s) of Glue table %s: Glue left them unprocessed %d times"
                            .formatted(keys.size(), table, UNPROCESSED_ROUNDS));
                }
                List<PartitionValueList> pending = keys;
                BatchGetPartitionResponse response;
                try {
                    response = client.batchGetPartition(request -> request.databaseName(table.database()).tableName(table.table())
                            .partitionsToGet(pending));
                } catch (SdkException e) {
                    throw AwsErrors.glue("read partitions of", "Glue table " + table, ErrorCode.OBJECT_NOT_FOUND, e);
                }
                partitions.addAll(response.partitions());
                keys = response.unprocessedKeys();
            }
        }
        return partitions;
    }

    /**
     * Drops the partitions of {@code table} whose values start with {@code prefix}, except those in {@code keep};
     * returns how many were dropped (not those someone else dropped meanwhile).
     *
     * @throws LagoaException naming the partitions Glue refused, after the others are dropped
     */
    int drop(TableName table, List<String> prefix, List<List<String>> keep) {
        Set<List<String>> kept = new HashSet<>(keep);
        List<List<String>> doomed = list(table).stream()
                .filter(partition -> partition.startsWith(prefix) && !kept.contains(partition.values()))
                .map(TablePartition::values)
                .toList();
        Map<String, ErrorDetail> failures = new LinkedHashMap<>();
        int dropped = 0;
        for (List<List<String>> batch : batches(doomed, DELETE_BATCH)) {
            List<PartitionValueList> keys = batch.stream().map(values -> PartitionValueList.builder().values(values).build()).toList();
            BatchDeletePartitionResponse response;
            try {
                response = client.batchDeletePartition(request -> request.databaseName(table.database()).tableName(table.table())
                        .partitionsToDelete(keys));
            } catch (SdkException e) {
                throw AwsErrors.glue("drop partitions of", "Glue table " + table, ErrorCode.OBJECT_NOT_FOUND, e);
            }
            int gone = 0;
            for (PartitionError error : response.errors()) {
                ErrorDetail detail = detail(error.errorDetail());
                if ("EntityNotFoundException".equals(detail.errorCode())) {
                    gone++;
                } else {
                    failures.put(error.partitionValues().toString(), detail);
                }
            }
            dropped += batch.size() - response.errors().size();
            if (gone > 0) {
                LOG.debug("{} partition(s) of Glue table {} were dropped by someone else meanwhile", gone, table);
            }
        }
        if (!failures.isEmpty()) {
            throw AwsErrors.glueEntries("drop", "partition(s) of table " + table, failures);
        }
        LOG.info("Dropped {} partition(s) of Glue table {}", dropped, table);
        return dropped;
    }

    /**
     * The partitions of {@code table}, page by page, sorted by their values.
     *
     * @throws LagoaException {@code OBJECT_NOT_FOUND} when the table does not exist; {@code AWS_ERROR} when a partition
     *     has no {@code s3://} location
     */
    List<TablePartition> list(TableName table) {
        List<TablePartition> partitions = new ArrayList<>();
        String token = null;
        do {
            String pageToken = token;
            GetPartitionsResponse page;
            try {
                page = client.getPartitions(request -> request.databaseName(table.database()).tableName(table.table())
                        .excludeColumnSchema(true).maxResults(PARTITIONS_PER_PAGE).nextToken(pageToken));
            } catch (EntityNotFoundException e) {
                throw new LagoaException(ErrorCode.OBJECT_NOT_FOUND, "Table %s not found in the Glue Data Catalog".formatted(table), e);
            } catch (SdkException e) {
                throw AwsErrors.glue("list the partitions of", "Glue table " + table, ErrorCode.OBJECT_NOT_FOUND, e);
            }
            for (Partition partition : page.partitions()) {
                String location = partition.storageDescriptor() == null ? null : GlueTableMapping.normalize(partition.storageDescriptor().location());
                if (location == null || !location.startsWith("s3://")) {
                    throw new LagoaException(ErrorCode.AWS_ERROR, "Partition %s of Glue table %s has no s3:// location: %s"
                            .formatted(partition.values(), table, location));
                }
                partitions.add(new TablePartition(partition.values(), location));
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        partitions.sort(Comparator.comparing(TablePartition::values, TablePartition.VALUES_ORDER));
        return partitions;
    }

    private static ErrorDetail detail(ErrorDetail detail) {
        return detail != null ? detail : ErrorDetail.builder().errorCode("UnknownError").errorMessage("Glue gave no detail").build();
    }

    private static <T> List<List<T>> batches(List<T> items, int size) {
        List<List<T>> batches = new ArrayList<>();
        for (int start = 0; start < items.size(); start += size) {
            batches.add(items.subList(start, Math.min(items.size(), start + size)));
        }
        return batches;
    }
}
