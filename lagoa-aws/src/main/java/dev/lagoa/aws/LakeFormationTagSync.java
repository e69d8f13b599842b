package dev.lagoa.aws;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TagSync;
import dev.lagoa.core.catalog.TagSync.TagChange.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;
import software.amazon.awssdk.services.lakeformation.model.ColumnLFTag;
import software.amazon.awssdk.services.lakeformation.model.EntityNotFoundException;
import software.amazon.awssdk.services.lakeformation.model.GetResourceLfTagsResponse;
import software.amazon.awssdk.services.lakeformation.model.LFTagError;
import software.amazon.awssdk.services.lakeformation.model.LFTagPair;
import software.amazon.awssdk.services.lakeformation.model.Resource;

/**
 * The catalog's tags as AWS Lake Formation LF-Tags. It uses six calls, and needs the IAM action of each:
 * {@code GetLFTag} (does the key exist, with which values), {@code CreateLFTag} (a missing key), {@code UpdateLFTag}
 * (missing values, 50 per call as Lake Formation takes them), {@code GetResourceLFTags} (the values a table and its
 * columns carry, directly assigned only), {@code AddLFTagsToResource} (on a {@code Table} resource, or a
 * {@code TableWithColumns} for the columns that carry the same values) and {@code RemoveLFTagsFromResource}.
 *
 * <p>Lake Formation stores keys and values in lower case and lets a resource carry one value per key; adding a key
 * the resource carries replaces its value. Only the keys of the vocabulary are read and changed: LF-Tags that others
 * assign stay as they are.
 */
public final class LakeFormationTagSync implements TagSync {
    /** The most values Lake Formation takes in one {@code CreateLFTag} or {@code UpdateLFTag}. */
    static final int VALUES_PER_CALL = 50;
    private static final String SERVICE = "Lake Formation";
    private static final Logger LOG = LoggerFactory.getLogger(LakeFormationTagSync.class);

    private final LakeFormationClient client;
    private final boolean ownsClient;

    /** A sync over {@code client}, which the caller keeps and closes. */
    public LakeFormationTagSync(LakeFormationClient client) {
        this(client, false);
    }

    private LakeFormationTagSync(LakeFormationClient client, boolean ownsClient) {
        this.client = requireNonNull(client, "client is null");
        this.ownsClient = ownsClient;
    }

    /** A sync with its own Lake Formation client, built from {@code config} and closed with the sync. */
    public static LakeFormationTagSync create(AwsConfig config) {
        requireNonNull(config, "config is null");
        return new LakeFormationTagSync(config.lakeFormationClientBuilder().build(), true);
    }

    @Override
    public List<TagChange> sync(Map<String, Set<String>> vocabulary, List<TableTags> tables, boolean dryRun) {
        requireNonNull(vocabulary, "vocabulary is null");
        requireNonNull(tables, "tables is null");
        Map<String, Set<String>> keys = new TreeMap<>();
        vocabulary.forEach((key, values) -> keys.put(lower(key), values.stream().map(LakeFormationTagSync::lower).collect(
                java.util.stream.Collectors.toCollection(TreeSet::new))));
        List<TagChange> changes = new ArrayList<>();
        keys.forEach((key, values) -> changes.addAll(ensureKey(key, values, dryRun)));
        for (TableTags table : tables) {
            changes.addAll(syncTable(keys.keySet(), table, dryRun));
        }
        return changes;
    }

    private List<TagChange> ensureKey(String key, Set<String> values, boolean dryRun) {
        if (values.isEmpty()) {
            return List.of();
        }
        Optional<Set<String>> existing = values(key);
        if (existing.isEmpty()) {
            List<List<String>> batches = batches(List.copyOf(values));
            if (!dryRun) {
                try {
                    client.createLFTag(request -> request.tagKey(key).tagValues(batches.get(0)));
                } catch (SdkException e) {
                    throw AwsErrors.service(SERVICE, "create", "LF-Tag " + key, "lakeformation:CreateLFTag",
                            "CREATE_LF_TAG (or data lake administrator)", ErrorCode.OBJECT_NOT_FOUND, e);
                }
                addValues(key, batches.subList(1, batches.size()));
                LOG.info("Created LF-Tag {} with {} value(s)", key, values.size());
            }
            return List.of(new TagChange(Kind.CREATE_KEY, key, key, List.copyOf(values)));
        }
        List<String> missing = values.stream().filter(value -> !existing.get().contains(value)).toList();
        if (missing.isEmpty()) {
            return List.of();
        }
        if (!dryRun) {
            addValues(key, batches(missing));
            LOG.info("Added {} value(s) to LF-Tag {}", missing.size(), key);
        }
        return List.of(new TagChange(Kind.ADD_VALUES, key, key, missing));
    }

    private void addValues(String key, List<List<String>> batches) {
        for (List<String> batch : batches) {
            try {
                client.updateLFTag(request -> request.tagKey(key).tagValuesToAdd(batch));
            } catch (SdkException e) {
                throw AwsErrors.service(SERVICE, "add values to", "LF-Tag " + key, "lakeformation:UpdateLFTag", "ALTER on the LF-Tag " + key,
                        ErrorCode.OBJECT_NOT_FOUND, e);
            }
        }
    }

    /** The values of the key, or empty when it does not exist. */
    private Optional<Set<String>> values(String key) {
        try {
            return Optional.of(new TreeSet<>(client.getLFTag(request -> request.tagKey(key)).tagValues()));
        } catch (EntityNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.service(SERVICE, "read", "LF-Tag " + key, "lakeformation:GetLFTag", "DESCRIBE on the LF-Tag " + key,
                    ErrorCode.OBJECT_NOT_FOUND, e);
        }
    }

    private List<TagChange> syncTable(Set<String> managed, TableTags wanted, boolean dryRun) {
        TableName table = wanted.table();
        GetResourceLfTagsResponse assigned;
        try {
            assigned = client.getResourceLFTags(request -> request.resource(tableResource(table)).showAssignedLFTags(true));
        } catch (EntityNotFoundException e) {
            // a table a dry run has not created yet carries nothing
            assigned = GetResourceLfTagsResponse.builder().build();
        } catch (SdkException e) {
            throw AwsErrors.service(SERVICE, "read the LF-Tags of", "table " + table, "lakeformation:GetResourceLFTags",
                    "DESCRIBE on the table", ErrorCode.OBJECT_NOT_FOUND, e);
        }
        List<TagChange> changes = new ArrayList<>();
        Map<String, String> tableWanted = lower(wanted.tableTags());
        changes.addAll(reconcile(managed, table.toString(), tableWanted, pairs(assigned.lfTagsOnTable()), Optional.empty(), table, dryRun));
        Map<String, Map<String, Set<String>>> columnsAssigned = new TreeMap<>();
        for (ColumnLFTag column : assigned.lfTagsOnColumns()) {
            columnsAssigned.put(column.name(), pairs(column.lfTags()));
        }
        Set<String> columns = new TreeSet<>(columnsAssigned.keySet());
        columns.addAll(wanted.columnTags().keySet());
        for (String column : columns) {
            changes.addAll(reconcile(managed, table + "." + column, lower(wanted.columnTags().getOrDefault(column, Map.of())),
                    columnsAssigned.getOrDefault(column, Map.of()), Optional.of(column), table, dryRun));
        }
        return changes;
    }

    /** Adds what is wanted and not carried, and removes the managed values that are carried and not wanted. */
    private List<TagChange> reconcile(Set<String> managed, String target, Map<String, String> wanted, Map<String, Set<String>> carried,
            Optional<String> column, TableName table, boolean dryRun) {
        List<TagChange> changes = new ArrayList<>();
        Map<String, List<String>> toRemove = new TreeMap<>();
        carried.forEach((key, values) -> {
            if (managed.contains(key) && !wanted.containsKey(key)) {
                toRemove.put(key, List.copyOf(values));
            }
        });
        Map<String, String> toAdd = new TreeMap<>();
        wanted.forEach((key, value) -> {
            if (!carried.getOrDefault(key, Set.of()).equals(Set.of(value))) {
                toAdd.put(key, value);
            }
        });
        if (!toRemove.isEmpty()) {
            if (!dryRun) {
                List<LFTagPair> pairs = toRemove.entrySet().stream()
                        .map(entry -> LFTagPair.builder().tagKey(entry.getKey()).tagValues(entry.getValue()).build()).toList();
                List<LFTagError> failures;
                try {
                    failures = client.removeLFTagsFromResource(request -> request.resource(resource(table, column)).lfTags(pairs)).failures();
                } catch (SdkException e) {
                    throw AwsErrors.service(SERVICE, "remove LF-Tags from", target, "lakeformation:RemoveLFTagsFromResource",
                            "ASSOCIATE on the LF-Tags " + toRemove.keySet(), ErrorCode.OBJECT_NOT_FOUND, e);
                }
                requireNoFailures("remove LF-Tags from", target, failures);
            }
            toRemove.forEach((key, values) -> changes.add(new TagChange(Kind.REMOVE, target, key, values)));
        }
        if (!toAdd.isEmpty()) {
            if (!dryRun) {
                List<LFTagPair> pairs = toAdd.entrySet().stream()
                        .map(entry -> LFTagPair.builder().tagKey(entry.getKey()).tagValues(entry.getValue()).build()).toList();
                List<LFTagError> failures;
                try {
                    failures = client.addLFTagsToResource(request -> request.resource(resource(table, column)).lfTags(pairs)).failures();
                } catch (SdkException e) {
                    throw AwsErrors.service(SERVICE, "add LF-Tags to", target, "lakeformation:AddLFTagsToResource",
                            "ASSOCIATE on the LF-Tags " + toAdd.keySet(), ErrorCode.OBJECT_NOT_FOUND, e);
                }
                requireNoFailures("add LF-Tags to", target, failures);
            }
            toAdd.forEach((key, value) -> changes.add(new TagChange(Kind.ASSIGN, target, key, List.of(value))));
        }
        if (!changes.isEmpty() && !dryRun) {
            LOG.info("LF-Tags of {}: {}", target, changes);
        }
        return changes;
    }

    /** Lake Formation reports refused tags one by one in a successful response. */
    private static void requireNoFailures(String operation, String target, List<LFTagError> failures) {
        if (failures.isEmpty()) {
            return;
        }
        List<String> named = failures.stream().map(failure -> "%s=%s: %s (%s)".formatted(failure.lfTag().tagKey(), failure.lfTag().tagValues(),
                failure.error() == null ? "" : failure.error().errorMessage(), failure.error() == null ? "" : failure.error().errorCode())).toList();
        boolean denied = failures.stream().anyMatch(failure -> failure.error() != null
                && failure.error().errorCode() != null && failure.error().errorCode().contains("AccessDenied"));
        String message = "Cannot %s %s: %s".formatted(operation, target, String.join("; ", named));
        if (denied) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, message + "; the caller needs the Lake Formation permission ASSOCIATE on the LF-Tag");
        }
        throw new LagoaException(ErrorCode.AWS_ERROR, message);
    }

    private static Map<String, Set<String>> pairs(List<LFTagPair> pairs) {
        Map<String, Set<String>> byKey = new HashMap<>();
        for (LFTagPair pair : pairs) {
            byKey.computeIfAbsent(lower(pair.tagKey()), key -> new TreeSet<>()).addAll(pair.tagValues().stream().map(LakeFormationTagSync::lower).toList());
        }
        return byKey;
    }

    private static Resource tableResource(TableName table) {
        return Resource.builder().table(t -> t.databaseName(table.database()).name(table.table())).build();
    }

    private static Resource resource(TableName table, Optional<String> column) {
        if (column.isEmpty()) {
            return tableResource(table);
        }
        return Resource.builder().tableWithColumns(t -> t.databaseName(table.database()).name(table.table()).columnNames(column.get())).build();
    }

    private static List<List<String>> batches(List<String> values) {
        List<List<String>> batches = new ArrayList<>();
        for (int start = 0; start < values.size(); start += VALUES_PER_CALL) {
            batches.add(values.subList(start, Math.min(values.size(), start + VALUES_PER_CALL)));
        }
        return batches;
    }

    private static Map<String, String> lower(Map<String, String> tags) {
        Map<String, String> lowered = new LinkedHashMap<>();
        tags.forEach((key, value) -> lowered.put(lower(key), lower(value)));
        return lowered;
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "LakeFormationTagSync";
    }
}
