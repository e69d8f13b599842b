package dev.lagoa.apiload.postgres;

import static dev.lagoa.apiload.schema.Identifiers.qualified;
import static java.util.Objects.requireNonNull;

import dev.lagoa.apiload.schema.Column;
import dev.lagoa.apiload.schema.ColumnType;
import dev.lagoa.apiload.schema.Identifiers;
import dev.lagoa.apiload.schema.SchemaChange;
import dev.lagoa.apiload.schema.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The loader's own tables in the API load's schema: {@code _lagoa_loads} (one row per load: status, counts, the
 * source data's fingerprint, the incremental cursor, metrics), {@code _lagoa_tables} and {@code _lagoa_columns} (the
 * layout of the loaded tables and which source field loads into which column) and {@code _lagoa_schema_changes}
 * (every change applied, with its DDL), and {@code _lagoa_locks} (one row per endpoint, locked by the load that runs it).
 */
public final class Catalog {
    public static final String LOADS = "_lagoa_loads";
    public static final String TABLES = "_lagoa_tables";
    public static final String COLUMNS = "_lagoa_columns";
    public static final String CHANGES = "_lagoa_schema_changes";
    public static final String LOCKS = "_lagoa_locks";
    /** The key of the transaction lock that serializes the creation of the loader's tables by concurrent loads. */
    private static final long CREATE_LOCK = 0x6c61676f61L;

    private final String schema;

    public Catalog(String schema) {
        this.schema = requireNonNull(schema, "schema is null");
    }

    public String schema() {
        return schema;
    }

    public String table(String name) {
        return qualified(schema, name);
    }

    /**
     * Creates the schema and the loader's tables when they are missing. Concurrent loads wait for each other here, since
     * two {@code CREATE ... IF NOT EXISTS} of one name can both try to create it.
     */
    public void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + CREATE_LOCK + ")");
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema));
            statement.execute("CREATE TABLE IF NOT EXISTS " + table(LOCKS) + " (endpoint text PRIMARY KEY)");
            statement.execute("CREATE TABLE IF NOT EXISTS " + table(LOADS) + " (load_id text PRIMARY KEY, endpoint text NOT NULL, "
                    + "status text NOT NULL, started_at timestamptz NOT NULL, finished_at timestamptz, fingerprint text, cursor_value text, "
                    + "rows_read bigint NOT NULL DEFAULT 0, rows_loaded bigint NOT NULL DEFAULT 0, rows_rejected bigint NOT NULL DEFAULT 0, "
                    + "metrics jsonb, message text)");
            statement.execute("CREATE TABLE IF NOT EXISTS " + table(TABLES) + " (table_name text PRIMARY KEY, endpoint text NOT NULL, "
                    + "parent_table text, created_load_id text NOT NULL)");
            statement.execute("CREATE TABLE IF NOT EXISTS " + table(COLUMNS) + " (table_name text NOT NULL, source_path text NOT NULL, "
                    + "column_name text NOT NULL, data_type text NOT NULL, widened_to_text boolean NOT NULL DEFAULT false, position serial, "
                    + "PRIMARY KEY (table_name, source_path))");
            statement.execute("CREATE TABLE IF NOT EXISTS " + table(CHANGES) + " (change_id bigserial PRIMARY KEY, load_id text NOT NULL, "
                    + "endpoint text NOT NULL, table_name text NOT NULL, column_name text NOT NULL, kind text NOT NULL, ddl text NOT NULL, "
                    + "detail text NOT NULL, changed_at timestamptz NOT NULL DEFAULT now())");
        }
        connection.commit();
    }

    /** The tables of an endpoint, the endpoint's own first, each with its columns and source fields. */
    public Map<String, TableSchema> tables(Connection connection, String endpoint) throws SQLException {
        Map<String, TableSchema> tables = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT table_name, parent_table FROM " + table(TABLES) + " WHERE endpoint = ? ORDER BY parent_table NULLS FIRST, table_name")) {
            statement.setString(1, endpoint);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String name = rows.getString(1);
                    tables.put(name, new TableSchema(name, endpoint, Optional.ofNullable(rows.getString(2)), true));
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT c.table_name, c.source_path, c.column_name, c.data_type, "
                + "c.widened_to_text FROM " + table(COLUMNS) + " c JOIN " + table(TABLES) + " t ON t.table_name = c.table_name "
                + "WHERE t.endpoint = ? ORDER BY c.position")) {
            statement.setString(1, endpoint);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    TableSchema table = tables.get(rows.getString(1));
                    table.put(rows.getString(2), new Column(rows.getString(3), ColumnType.parse(rows.getString(4)), rows.getBoolean(5)));
                }
            }
        }
        connection.commit();
        return tables;
    }

    void registerTable(Connection connection, TableSchema table, String loadId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + table(TABLES)
                + " (table_name, endpoint, parent_table, created_load_id) VALUES (?, ?, ?, ?) ON CONFLICT (table_name) DO NOTHING")) {
            statement.setString(1, table.name());
            statement.setString(2, table.endpoint());
            statement.setString(3, table.parent().orElse(null));
            statement.setString(4, loadId);
            statement.executeUpdate();
        }
    }

    /** Records the source fields of a table and the current type of every column. */
    void registerColumns(Connection connection, TableSchema table, Map<String, String> newPaths) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table(COLUMNS)
                + " (table_name, source_path, column_name, data_type, widened_to_text) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (table_name, source_path) DO UPDATE SET column_name = EXCLUDED.column_name")) {
            for (Map.Entry<String, String> path : newPaths.entrySet()) {
                Column column = table.column(path.getValue()).orElseThrow();
                insert.setString(1, table.name());
                insert.setString(2, path.getKey());
                insert.setString(3, column.name());
                insert.setString(4, column.type().sql());
                insert.setBoolean(5, column.widenedToText());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table(COLUMNS)
                + " SET data_type = ?, widened_to_text = ? WHERE table_name = ? AND column_name = ?")) {
            for (Column column : table.columns()) {
                update.setString(1, column.type().sql());
                update.setBoolean(2, column.widenedToText());
                update.setString(3, table.name());
                update.setString(4, column.name());
                update.addBatch();
            }
            update.executeBatch();
        }
        commentColumns(connection, table, newPaths);
    }

    /**
     * Writes the source fields of the columns that {@code newPaths} names as their PostgreSQL comments, so that any SQL
     * client tells apart what normalising merged: GitHub's reactions {@code +1} and {@code -1} both become
     * {@code reactions___1}, the second {@code reactions___1_2}, and their comments say {@code source field: /reactions/+1}
     * and {@code source field: /reactions/-1}.
     */
    private void commentColumns(Connection connection, TableSchema table, Map<String, String> newPaths) throws SQLException {
        List<String> comments = new LinkedHashSet<>(newPaths.values()).stream()
                .flatMap(column -> columnComment(table(table.name()), column, table.pathsOf(column)).stream())
                .toList();
        if (comments.isEmpty()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            for (String comment : comments) {
                statement.addBatch(comment);
            }
            statement.executeBatch();
        }
    }

    /**
     * The {@code COMMENT ON COLUMN} that names the source fields (JSON pointers, as in {@code _lagoa_columns}) of a
     * column whose name is not its field's own: nested, normalised, made unique with a suffix, a variant, or holding
     * an alias. Empty for a column named as its one field ({@code /nome} in {@code nome}) and for {@link TableSchema#EXTRA}.
     * Both the column and the comment come from the data: the one is quoted, the other a literal.
     */
    static Optional<String> columnComment(String qualifiedTable, String column, List<String> paths) {
        if (column.equals(TableSchema.EXTRA) || paths.isEmpty() || paths.stream().allMatch(path -> path.equals("/" + column))) {
            return Optional.empty();
        }
        List<String> fields = paths.stream().map(Catalog::readableField).toList();
        String text = (fields.size() == 1 ? "source field: " : "source fields: ") + String.join(", ", fields);
        return Optional.of("COMMENT ON COLUMN " + qualifiedTable + "." + Identifiers.quote(column) + " IS " + Identifiers.literal(text));
    }

    /** A source path for people: a variant's {@code /age#v_text} is {@code /age (its text values)}. */
    private static String readableField(String path) {
        int hash = path.indexOf("#v_");
        return hash < 0 ? path : "%s (its %s values)".formatted(path.substring(0, hash), path.substring(hash + "#v_".length()));
    }

    void recordChanges(Connection connection, String loadId, String endpoint, List<SchemaChange> changes) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table(CHANGES)
                + " (load_id, endpoint, table_name, column_name, kind, ddl, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (SchemaChange change : changes) {
                insert.setString(1, loadId);
                insert.setString(2, endpoint);
                insert.setString(3, change.table());
                insert.setString(4, change.column());
                insert.setString(5, change.kind().name());
                insert.setString(6, change.ddl());
                insert.setString(7, change.detail());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** A load that started: its status is {@code running} until it finishes. */
    public void startLoad(Connection connection, String loadId, String endpoint, Instant startedAt, String fingerprint) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table(LOADS)
                + " (load_id, endpoint, status, started_at, fingerprint) VALUES (?, ?, 'running', ?, ?)")) {
            insert.setString(1, loadId);
            insert.setString(2, endpoint);
            insert.setTimestamp(3, Timestamp.from(startedAt));
            insert.setString(4, fingerprint);
            insert.executeUpdate();
        }
        connection.commit();
    }

    /** Ends a load with its status, counts, cursor and metrics (JSON). */
    public void finishLoad(Connection connection, String loadId, String status, Instant finishedAt, long read, long loaded, long rejected,
            String cursorValue, String metricsJson, String message) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table(LOADS) + " SET status = ?, finished_at = ?, rows_read = ?, "
                + "rows_loaded = ?, rows_rejected = ?, cursor_value = ?, metrics = ?::jsonb, message = ? WHERE load_id = ?")) {
            update.setString(1, status);
            update.setTimestamp(2, Timestamp.from(finishedAt));
            update.setLong(3, read);
            update.setLong(4, loaded);
            update.setLong(5, rejected);
            update.setString(6, cursorValue);
            update.setString(7, metricsJson);
            update.setString(8, message);
            update.setString(9, loadId);
            update.executeUpdate();
        }
        connection.commit();
    }

    /** A load as {@code _lagoa_loads} has it: its id, status and the fingerprint of its source data (empty: none). */
    public record LoadRow(String loadId, String status, Optional<String> fingerprint) {
        public LoadRow {
            requireNonNull(loadId, "loadId is null");
            requireNonNull(status, "status is null");
            requireNonNull(fingerprint, "fingerprint is null");
        }
    }

    /** The latest load of the endpoint among those with one of {@code statuses}. */
    public Optional<LoadRow> latestLoad(Connection connection, String endpoint, List<String> statuses) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT load_id, status, fingerprint FROM " + table(LOADS)
                + " WHERE endpoint = ? AND status = ANY(?) ORDER BY started_at DESC, load_id DESC LIMIT 1")) {
            query.setString(1, endpoint);
            query.setArray(2, connection.createArrayOf("text", statuses.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                Optional<LoadRow> load = rows.next()
                        ? Optional.of(new LoadRow(rows.getString(1), rows.getString(2), Optional.ofNullable(rows.getString(3))))
                        : Optional.empty();
                connection.commit();
                return load;
            }
        }
    }

    /** The endpoint that registered {@code tableName}; empty when no endpoint did. */
    public Optional<String> endpointOf(Connection connection, String tableName) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT endpoint FROM " + table(TABLES) + " WHERE table_name = ?")) {
            query.setString(1, tableName);
            try (ResultSet rows = query.executeQuery()) {
                Optional<String> endpoint = rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                connection.commit();
                return endpoint;
            }
        }
    }

    /** Loads of the endpoint that never finished (the process died): their status is still {@code running}. */
    public List<String> unfinishedLoads(Connection connection, String endpoint) throws SQLException {
        List<String> loads = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT load_id FROM " + table(LOADS)
                + " WHERE endpoint = ? AND status = 'running' ORDER BY started_at")) {
            query.setString(1, endpoint);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    loads.add(rows.getString(1));
                }
            }
        }
        connection.commit();
        return loads;
    }

    /** The incremental cursor of the endpoint's last completed load that had one. */
    public Optional<String> lastCursor(Connection connection, String endpoint) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT cursor_value FROM " + table(LOADS)
                + " WHERE endpoint = ? AND status = 'completed' AND cursor_value IS NOT NULL ORDER BY started_at DESC LIMIT 1")) {
            query.setString(1, endpoint);
            try (ResultSet rows = query.executeQuery()) {
                Optional<String> cursor = rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                connection.commit();
                return cursor;
            }
        }
    }
}
