package dev.lagoa.local;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lineage.ColumnEdge;
import dev.lagoa.core.lineage.DatasetEdge;
import dev.lagoa.core.lineage.LineageDataset;
import dev.lagoa.core.lineage.LineageStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lineage graph in the workspace's metadata store ({@code metadata/lagoa.db}): {@code lineage_datasets},
 * {@code lineage_edges}, {@code lineage_column_edges} and {@code lineage_event_files} (how far each event file was
 * read). Each write is one immediate transaction, so several Lagoa processes may share the store.
 */
public final class SqliteLineageStore implements LineageStore {
    private final Connection connection;

    public SqliteLineageStore(Path database) {
        try {
            connection = MetadataStore.connect(database, true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS lineage_datasets (
                          dataset_key TEXT PRIMARY KEY,
                          kind TEXT NOT NULL,
                          location TEXT NOT NULL,
                          table_name TEXT,
                          pipeline TEXT,
                          description TEXT NOT NULL)""");
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS lineage_edges (
                          source TEXT NOT NULL,
                          target TEXT NOT NULL,
                          job TEXT NOT NULL,
                          origin TEXT NOT NULL,
                          PRIMARY KEY (source, target, job, origin))""");
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS lineage_column_edges (
                          source TEXT NOT NULL,
                          source_column TEXT NOT NULL,
                          target TEXT NOT NULL,
                          target_column TEXT NOT NULL,
                          job TEXT NOT NULL,
                          transformation TEXT NOT NULL,
                          PRIMARY KEY (source, source_column, target, target_column, job))""");
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS lineage_event_files (
                          file_name TEXT PRIMARY KEY,
                          read_offset INTEGER NOT NULL)""");
            }
        } catch (SQLException e) {
            throw error("open the lineage store " + database, e);
        }
    }

    private static LagoaException error(String what, SQLException e) {
        return new LagoaException(ErrorCode.METADATA_STORE_ERROR, "Cannot %s: %s".formatted(what, e.getMessage()), e);
    }

    @Override
    public synchronized void replaceDeclared(List<LineageDataset> datasets, List<DatasetEdge> edges) {
        inTransaction("record the declared lineage", () -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM lineage_datasets WHERE kind = 'DECLARED'");
                statement.executeUpdate("DELETE FROM lineage_edges WHERE origin = 'DECLARED'");
            }
            upsertDatasets(datasets, true);
            insertEdges(edges);
        });
    }

    @Override
    public synchronized void addObserved(List<LineageDataset> datasets, List<DatasetEdge> edges, List<ColumnEdge> columns, Map<String, Long> offsets) {
        inTransaction("record the observed lineage", () -> {
            upsertDatasets(datasets, false);
            insertEdges(edges);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT OR IGNORE INTO lineage_column_edges (source, source_column, target, target_column, job, transformation) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (ColumnEdge edge : columns) {
                    insert.setString(1, edge.source());
                    insert.setString(2, edge.sourceColumn());
                    insert.setString(3, edge.target());
                    insert.setString(4, edge.targetColumn());
                    insert.setString(5, edge.job());
                    insert.setString(6, edge.transformation());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO lineage_event_files (file_name, read_offset) VALUES (?, ?) ON CONFLICT (file_name) DO UPDATE SET read_offset = excluded.read_offset")) {
                for (Map.Entry<String, Long> offset : offsets.entrySet()) {
                    upsert.setString(1, offset.getKey());
                    upsert.setLong(2, offset.getValue());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        });
    }

    /** Declared datasets replace what is known of them; observed ones are added only when unknown. */
    private void upsertDatasets(List<LineageDataset> datasets, boolean replace) throws SQLException {
        String sql = (replace ? "INSERT OR REPLACE" : "INSERT OR IGNORE")
                + " INTO lineage_datasets (dataset_key, kind, location, table_name, pipeline, description) VALUES (?, ?, ?, ?, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (LineageDataset dataset : datasets) {
                insert.setString(1, dataset.key());
                insert.setString(2, dataset.kind().name());
                insert.setString(3, dataset.location());
                insert.setString(4, dataset.table().orElse(null));
                insert.setString(5, dataset.pipeline().orElse(null));
                insert.setString(6, dataset.description());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void insertEdges(List<DatasetEdge> edges) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT OR IGNORE INTO lineage_edges (source, target, job, origin) VALUES (?, ?, ?, ?)")) {
            for (DatasetEdge edge : edges) {
                insert.setString(1, edge.source());
                insert.setString(2, edge.target());
                insert.setString(3, edge.job());
                insert.setString(4, edge.origin().name());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private interface Work {
        void run() throws SQLException;
    }

    private void inTransaction(String what, Work work) {
        try {
            connection.setAutoCommit(false);
            try {
                work.run();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw error(what, e);
        }
    }

    @Override
    public synchronized Map<String, Long> readOffsets() {
        Map<String, Long> offsets = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT file_name, read_offset FROM lineage_event_files ORDER BY file_name")) {
            while (rows.next()) {
                offsets.put(rows.getString(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            throw error("read the lineage event offsets", e);
        }
        return offsets;
    }

    @Override
    public synchronized List<LineageDataset> datasets() {
        List<LineageDataset> datasets = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM lineage_datasets ORDER BY dataset_key")) {
            while (rows.next()) {
                datasets.add(new LineageDataset(rows.getString("dataset_key"), LineageDataset.Kind.valueOf(rows.getString("kind")),
                        rows.getString("location"), Optional.ofNullable(rows.getString("table_name")), Optional.ofNullable(rows.getString("pipeline")),
                        rows.getString("description")));
            }
        } catch (SQLException e) {
            throw error("read the lineage datasets", e);
        }
        return datasets;
    }

    @Override
    public synchronized List<DatasetEdge> edges() {
        List<DatasetEdge> edges = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM lineage_edges ORDER BY source, target, job, origin")) {
            while (rows.next()) {
                edges.add(new DatasetEdge(rows.getString("source"), rows.getString("target"), rows.getString("job"),
                        DatasetEdge.Origin.valueOf(rows.getString("origin"))));
            }
        } catch (SQLException e) {
            throw error("read the lineage edges", e);
        }
        return edges;
    }

    @Override
    public synchronized List<ColumnEdge> columnEdges() {
        List<ColumnEdge> edges = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM lineage_column_edges ORDER BY target, target_column, source, source_column, job")) {
            while (rows.next()) {
                edges.add(new ColumnEdge(rows.getString("source"), rows.getString("source_column"), rows.getString("target"),
                        rows.getString("target_column"), rows.getString("job"), rows.getString("transformation")));
            }
        } catch (SQLException e) {
            throw error("read the column lineage", e);
        }
        return edges;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw error("close the lineage store", e);
        }
    }

    @Override
    public String toString() {
        return "SqliteLineageStore";
    }
}
