package dev.lagoa.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TablePartition;
import dev.lagoa.core.pipeline.DataFormat;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The catalog of the local workspace, in its SQLite metadata store ({@code metadata/lagoa.db}), shared by every Lagoa
 * process of the workspace. Three tables:
 *
 * <ul>
 *   <li>{@code catalog_tables}: one row per table (database, name, location, format, columns and partition keys as
 *       JSON, description, owner, parameters as JSON, version, created and updated times);
 *   <li>{@code catalog_table_versions}: every definition a table has had, by version, with the time it changed, so
 *       that schema changes can be shown;
 *   <li>{@code catalog_partitions}: the partitions of each table, their values as a JSON array.
 * </ul>
 *
 * <p>Every change runs in one immediate transaction: a partial registration is never visible.
 */
public final class SqliteCatalog implements Catalog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<TableColumn>> COLUMNS = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> PARAMETERS = new TypeReference<>() {};
    private static final TypeReference<List<String>> VALUES = new TypeReference<>() {};
    private static final String TABLE_FIELDS = "location, format, columns, partition_keys, description, owner, parameters";

    private final Connection connection;
    private final Clock clock;

    /** One definition of a table, from {@link #versions}: version 1 is the one it was created with. */
    public record TableVersion(int version, TableDefinition definition, Instant changedAt) {
        public TableVersion {
            requireNonNull(definition, "definition is null");
            requireNonNull(changedAt, "changedAt is null");
        }
    }

    public SqliteCatalog(Path database, Clock clock) {
        requireNonNull(database, "database is null");
        this.clock = requireNonNull(clock, "clock is null");
        connection = MetadataStore.connect(database, true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS catalog_tables (
                      database_name TEXT NOT NULL,
                      table_name TEXT NOT NULL,
                      location TEXT NOT NULL,
                      format TEXT NOT NULL,
                      columns TEXT NOT NULL,
                      partition_keys TEXT NOT NULL,
                      description TEXT NOT NULL,
                      owner TEXT NOT NULL,
                      parameters TEXT NOT NULL,
                      version INTEGER NOT NULL,
                      created_at TEXT NOT NULL,
                      updated_at TEXT NOT NULL,
                      PRIMARY KEY (database_name, table_name))""");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS catalog_table_versions (
                      database_name TEXT NOT NULL,
                      table_name TEXT NOT NULL,
                      version INTEGER NOT NULL,
                      location TEXT NOT NULL,
                      format TEXT NOT NULL,
                      columns TEXT NOT NULL,
                      partition_keys TEXT NOT NULL,
                      description TEXT NOT NULL,
                      owner TEXT NOT NULL,
                      parameters TEXT NOT NULL,
                      changed_at TEXT NOT NULL,
                      PRIMARY KEY (database_name, table_name, version))""");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS catalog_partitions (
                      database_name TEXT NOT NULL,
                      table_name TEXT NOT NULL,
                      partition_values TEXT NOT NULL,
                      location TEXT NOT NULL,
                      created_at TEXT NOT NULL,
                      updated_at TEXT NOT NULL,
                      PRIMARY KEY (database_name, table_name, partition_values))""");
        } catch (SQLException e) {
            close();
            throw error("create the catalog tables in " + database, e);
        }
    }

    private static LagoaException error(String what, SQLException e) {
        return new LagoaException(ErrorCode.METADATA_STORE_ERROR, "Cannot %s: %s".formatted(what, e.getMessage()), e);
    }

    private static LagoaException notFound(TableName table) {
        return new LagoaException(ErrorCode.OBJECT_NOT_FOUND, "Table %s not found in the catalog".formatted(table));
    }

    @Override
    public synchronized void createOrUpdateTable(TableDefinition table) {
        requireNonNull(table, "table is null");
        inTransaction("save table " + table.name(), () -> {
            Optional<Stored> existing = find(table.name());
            if (existing.isPresent() && existing.get().definition().equals(table)) {
                return null;
            }
            String now = clock.instant().toString();
            int version = existing.map(stored -> stored.version() + 1).orElse(1);
            if (existing.isEmpty()) {
                execute("INSERT INTO catalog_tables (database_name, table_name, " + TABLE_FIELDS + ", version, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", tableRow(table, version, now, now));
            } else {
                List<Object> values = new ArrayList<>(fields(table));
                values.addAll(List.of(version, now, table.name().database(), table.name().table()));
                execute("UPDATE catalog_tables SET location = ?, format = ?, columns = ?, partition_keys = ?, description = ?, owner = ?, "
                        + "parameters = ?, version = ?, updated_at = ? WHERE database_name = ? AND table_name = ?", values);
            }
            List<Object> history = new ArrayList<>(List.of(table.name().database(), table.name().table(), version));
            history.addAll(fields(table));
            history.add(now);
            execute("INSERT INTO catalog_table_versions (database_name, table_name, version, " + TABLE_FIELDS + ", changed_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", history);
            return null;
        });
    }

    @Override
    public synchronized Optional<TableDefinition> table(TableName name) {
        requireNonNull(name, "name is null");
        try {
            return find(name).map(Stored::definition);
        } catch (SQLException e) {
            throw error("read table " + name, e);
        }
    }

    @Override
    public synchronized List<TableDefinition> tables(String database) {
        requireNonNull(database, "database is null");
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT * FROM catalog_tables WHERE database_name = ? ORDER BY table_name")) {
            statement.setString(1, database);
            List<TableDefinition> tables = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    tables.add(definition(result));
                }
            }
            return tables;
        } catch (SQLException e) {
            throw error("list the tables of database " + database, e);
        }
    }

    /** Every definition the table has had, the oldest first; empty when the catalog does not hold it. */
    public synchronized List<TableVersion> versions(TableName name) {
        requireNonNull(name, "name is null");
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT * FROM catalog_table_versions WHERE database_name = ? AND table_name = ? ORDER BY version")) {
            statement.setString(1, name.database());
            statement.setString(2, name.table());
            List<TableVersion> versions = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    versions.add(new TableVersion(result.getInt("version"), definition(result), Instant.parse(result.getString("changed_at"))));
                }
            }
            return versions;
        } catch (SQLException e) {
            throw error("read the versions of table " + name, e);
        }
    }

    @Override
    public synchronized int addPartitions(TableName table, List<TablePartition> partitions) {
        requireNonNull(table, "table is null");
        requireNonNull(partitions, "partitions is null");
        return inTransaction("add partitions to table " + table, () -> {
            TableDefinition definition = find(table).orElseThrow(() -> notFound(table)).definition();
            Map<List<String>, String> locations = new LinkedHashMap<>();
            for (TablePartition partition : partitions) {
                definition.requirePartitionValues(partition.values());
                locations.put(partition.values(), partition.location());
            }
            String now = clock.instant().toString();
            int added = 0;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT location FROM catalog_partitions WHERE database_name = ? AND table_name = ? AND partition_values = ?");
                    PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO catalog_partitions (database_name, table_name, partition_values, location, created_at, updated_at) "
                                    + "VALUES (?, ?, ?, ?, ?, ?)");
                    PreparedStatement update = connection.prepareStatement(
                            "UPDATE catalog_partitions SET location = ?, updated_at = ? "
                                    + "WHERE database_name = ? AND table_name = ? AND partition_values = ?")) {
                for (Map.Entry<List<String>, String> partition : locations.entrySet()) {
                    String values = json(partition.getKey());
                    bind(select, table.database(), table.table(), values);
                    Optional<String> location;
                    try (ResultSet result = select.executeQuery()) {
                        location = result.next() ? Optional.of(result.getString(1)) : Optional.empty();
                    }
                    if (location.isEmpty()) {
                        bind(insert, table.database(), table.table(), values, partition.getValue(), now, now);
                        insert.executeUpdate();
                        added++;
                    } else if (!location.get().equals(partition.getValue())) {
                        bind(update, partition.getValue(), now, table.database(), table.table(), values);
                        update.executeUpdate();
                    }
                }
            }
            return added;
        });
    }

    @Override
    public synchronized int dropPartitions(TableName table, List<String> prefix, List<List<String>> keep) {
        requireNonNull(table, "table is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(keep, "keep is null");
        return inTransaction("drop partitions of table " + table, () -> {
            find(table).orElseThrow(() -> notFound(table)).definition().requirePartitionPrefix(prefix);
            Set<List<String>> kept = new HashSet<>(keep);
            int dropped = 0;
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM catalog_partitions WHERE database_name = ? AND table_name = ? AND partition_values = ?")) {
                for (TablePartition partition : readPartitions(table)) {
                    if (partition.startsWith(prefix) && !kept.contains(partition.values())) {
                        bind(delete, table.database(), table.table(), json(partition.values()));
                        dropped += delete.executeUpdate();
                    }
                }
            }
            return dropped;
        });
    }

    @Override
    public synchronized List<TablePartition> partitions(TableName table) {
        requireNonNull(table, "table is null");
        return inTransaction("read the partitions of table " + table, () -> {
            find(table).orElseThrow(() -> notFound(table));
            return readPartitions(table);
        });
    }

    private List<TablePartition> readPartitions(TableName table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT partition_values, location FROM catalog_partitions WHERE database_name = ? AND table_name = ?")) {
            bind(statement, table.database(), table.table());
            List<TablePartition> partitions = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    partitions.add(new TablePartition(parse(result.getString(1), VALUES), result.getString(2)));
                }
            }
            partitions.sort(Comparator.comparing(TablePartition::values, TablePartition.VALUES_ORDER));
            return partitions;
        }
    }

    @Override
    public synchronized boolean dropTable(TableName table) {
        requireNonNull(table, "table is null");
        return inTransaction("drop table " + table, () -> {
            List<Object> key = List.of(table.database(), table.table());
            execute("DELETE FROM catalog_partitions WHERE database_name = ? AND table_name = ?", key);
            execute("DELETE FROM catalog_table_versions WHERE database_name = ? AND table_name = ?", key);
            return execute("DELETE FROM catalog_tables WHERE database_name = ? AND table_name = ?", key) > 0;
        });
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing: nothing left to lose
        }
    }

    @Override
    public String toString() {
        return "SqliteCatalog";
    }

    private record Stored(TableDefinition definition, int version) {}

    private Optional<Stored> find(TableName name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT * FROM catalog_tables WHERE database_name = ? AND table_name = ?")) {
            bind(statement, name.database(), name.table());
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.of(new Stored(definition(result), result.getInt("version"))) : Optional.empty();
            }
        }
    }

    private static TableDefinition definition(ResultSet result) throws SQLException {
        return new TableDefinition(
                TableName.of(result.getString("database_name"), result.getString("table_name")),
                result.getString("location"),
                DataFormat.valueOf(result.getString("format")),
                parse(result.getString("columns"), COLUMNS),
                parse(result.getString("partition_keys"), COLUMNS),
                result.getString("description"),
                result.getString("owner"),
                parse(result.getString("parameters"), PARAMETERS));
    }

    private static List<Object> tableRow(TableDefinition table, int version, String createdAt, String updatedAt) {
        List<Object> row = new ArrayList<>(List.of(table.name().database(), table.name().table()));
        row.addAll(fields(table));
        row.addAll(List.of(version, createdAt, updatedAt));
        return row;
    }

    /** The values of {@link #TABLE_FIELDS}, in its order. */
    private static List<Object> fields(TableDefinition table) {
        return List.of(table.location(), table.format().name(), json(table.columns()), json(table.partitionKeys()), table.description(),
                table.owner(), json(table.parameters()));
    }

    private int execute(String sql, List<Object> values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values.toArray());
            return statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot encode %s as JSON: %s".formatted(value, e.getMessage()), e);
        }
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new LagoaException(ErrorCode.METADATA_STORE_ERROR, "A catalog entry is not readable: " + e.getOriginalMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in one immediate transaction, rolled back when it throws. */
    private <T> T inTransaction(String what, Work<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run();
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw error(what, e);
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the next statement reports a broken connection
            }
        }
    }
}
