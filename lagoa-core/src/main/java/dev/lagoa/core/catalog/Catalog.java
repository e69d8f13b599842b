package dev.lagoa.core.catalog;

import java.io.Closeable;
import java.util.List;
import java.util.Optional;

/**
 * The tables of the lake, as the AWS Glue Data Catalog holds them for Athena: each table with its location, format,
 * columns, partition keys, description and owner, and its partitions. Implementations: {@code SqliteCatalog} (the
 * workspace's metadata store, read by {@code lagoa sql}) and {@code GlueCatalog} (AWS Glue). Arguments are never null;
 * failures are {@code LagoaException}s.
 */
public interface Catalog extends Closeable {
    /**
     * Creates the table, or updates its definition (columns, partition keys, description, owner, parameters) when it
     * exists. Its partitions are kept. Creates the database when it does not exist.
     */
    void createOrUpdateTable(TableDefinition table);

    /** The table, if the catalog holds it. */
    Optional<TableDefinition> table(TableName name);

    /** The tables of a database, by name; empty when the database does not exist. */
    List<TableDefinition> tables(String database);

    /**
     * Adds the partitions the table does not have yet and updates the location of those it has, so that registering
     * the same partitions again changes nothing. A partition listed twice counts once, with its last location. Returns
     * how many were added. Throws {@code OBJECT_NOT_FOUND} when the table does not exist, {@code INVALID_ARGUMENT} (and
     * adds nothing) when a partition has not one value per partition key.
     */
    int addPartitions(TableName table, List<TablePartition> partitions);

    /**
     * Drops the partitions whose values start with {@code prefix} (all of them for an empty prefix) except those in
     * {@code keep}, given by their values. Returns how many were dropped. Throws {@code OBJECT_NOT_FOUND} when the table
     * does not exist, {@code INVALID_ARGUMENT} when the prefix has more values than the table has partition keys.
     */
    int dropPartitions(TableName table, List<String> prefix, List<List<String>> keep);

    /**
     * The table's partitions, sorted by their values ({@link TablePartition#VALUES_ORDER}). Throws {@code OBJECT_NOT_FOUND}
     * when the table does not exist.
     */
    List<TablePartition> partitions(TableName table);

    /** Removes the table and its partitions; returns false when it did not exist. */
    boolean dropTable(TableName table);

    @Override
    void close();
}
