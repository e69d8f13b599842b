package dev.lagoa.governance.crawl;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.FileSchemaReader;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.core.lake.PutOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the crawler remembers between crawls. Of files: per bucket, in {@value #FILES_KEY} (a hidden object, so never
 * crawled nor notified), each file's entity tag and size with the schema and row count read from it, so that a file
 * that did not change is not read again. Of tables: those it catalogued itself are marked
 * {@code lagoa.discovered=crawler} in the catalog, so that the ones no longer found can leave it.
 *
 * <p>No argument may be null ({@link NullPointerException}).
 */
final class CrawlState {
    static final String FILES_KEY = "_lagoa/crawler/files.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the crawler remembers of a file: its entity tag and size when it was read, its columns (each a map of
     * {@code name} and {@code type}) and its row count. Its components are the state's JSON fields.
     *
     * @throws NullPointerException if {@code eTag} or {@code columns} is null
     */
    record FileFacts(String eTag, long size, List<Map<String, String>> columns, long rows) {
        FileFacts {
            requireNonNull(eTag, "eTag is null");
            columns = List.copyOf(requireNonNull(columns, "columns is null"));
        }

        /** The facts of {@code file}, from the schema read from it. */
        static FileFacts of(ObjectSummary file, FileSchemaReader.FileSchema schema) {
            List<Map<String, String>> columns = schema.columns().stream().map(column -> Map.of("name", column.name(), "type", column.type())).toList();
            return new FileFacts(file.eTag(), file.size(), columns, schema.rows());
        }

        /** Whether these facts are still {@code file}'s: same entity tag and size. */
        boolean describes(ObjectSummary file) {
            return eTag.equals(file.eTag()) && size == file.size();
        }
    }

    private static final String DISCOVERED = "lagoa.discovered";
    private static final String BY_CRAWLER = "crawler";

    private final ObjectStore store;
    private final Catalog catalog;
    private final String database;

    CrawlState(ObjectStore store, Catalog catalog, String database) {
        this.store = requireNonNull(store, "store is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.database = requireNonNull(database, "database is null");
    }

    /** The facts of the bucket's files as the last crawl left them, by key; empty when there are none or they cannot be read. */
    Map<String, FileFacts> files(BucketName bucket) {
        ObjectKey key = ObjectKey.of(FILES_KEY);
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

    /**
     * Replaces what is remembered of the bucket's files.
     *
     * @throws LagoaException with {@link ErrorCode#INTERNAL_ERROR} when the state cannot be written
     */
    void rememberFiles(BucketName bucket, Map<String, FileFacts> files) {
        try {
            store.put(bucket, ObjectKey.of(FILES_KEY), JSON.writeValueAsBytes(files), PutOptions.contentType("application/json"));
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot write the crawler's state: " + e.getMessage(), e);
        }
    }

    /** Marks a table's parameters as the crawler's own find, unless they already say who found it. */
    static void markFoundByCrawler(Map<String, String> parameters) {
        parameters.putIfAbsent(DISCOVERED, BY_CRAWLER);
    }

    /**
     * Tables the crawler itself found earlier in these buckets and did not find now (their files are gone, or a
     * pipeline now declares them under their own name) leave the catalog; tables of commits and declarations stay.
     *
     * @return the names of the tables dropped
     */
    List<String> dropVanished(List<BucketName> buckets, Collection<TableName> found) {
        List<String> dropped = new ArrayList<>();
        Set<TableName> current = new HashSet<>(found);
        for (TableDefinition table : catalog.tables(database)) {
            boolean crawled = BY_CRAWLER.equals(table.parameters().get(DISCOVERED));
            boolean inBuckets = buckets.stream().anyMatch(bucket -> table.location().startsWith("s3://" + bucket + "/"));
            if (crawled && inBuckets && !current.contains(table.name()) && catalog.dropTable(table.name())) {
                dropped.add(table.name().toString());
            }
        }
        return dropped;
    }
}
