package dev.lagoa.local;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.AssetTag;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TagStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The catalog's tags and dismissals in the workspace's SQLite metadata store: {@code catalog_tags} (one row per table,
 * column — empty for the table — and tag) and {@code catalog_dismissals}. Changes run in immediate transactions.
 */
public final class SqliteTagStore implements TagStore {
    private static final String TAG_FIELDS = "database_name, table_name, column_name, tag, source, note, tagged_by, tagged_at";
    private final Connection connection;

    public SqliteTagStore(Path database) {
        requireNonNull(database, "database is null");
        connection = MetadataStore.connect(database, true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS catalog_tags (
                      database_name TEXT NOT NULL, table_name TEXT NOT NULL, column_name TEXT NOT NULL, tag TEXT NOT NULL,
                      source TEXT NOT NULL, note TEXT NOT NULL, tagged_by TEXT NOT NULL, tagged_at TEXT NOT NULL,
                      PRIMARY KEY (database_name, table_name, column_name, tag))""");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS catalog_dismissals (
                      database_name TEXT NOT NULL, table_name TEXT NOT NULL, column_name TEXT NOT NULL, tag TEXT NOT NULL,
                      reason TEXT NOT NULL, dismissed_by TEXT NOT NULL, dismissed_at TEXT NOT NULL,
                      PRIMARY KEY (database_name, table_name, column_name, tag))""");
        } catch (SQLException e) {
            close();
            throw error("create the tag tables in " + database, e);
        }
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private synchronized <T> T inTransaction(String what, Work<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run();
                connection.commit();
                return result;
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
    public void add(AssetTag tag) {
        inTransaction("tag " + tag.target(), () -> {
            upsert(tag);
            return null;
        });
    }

    private void upsert(AssetTag tag) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO catalog_tags (" + TAG_FIELDS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (database_name, table_name, column_name, tag) DO UPDATE SET source = excluded.source, note = excluded.note, "
                + "tagged_by = excluded.tagged_by, tagged_at = excluded.tagged_at")) {
            insert.setString(1, tag.table().database());
            insert.setString(2, tag.table().table());
            insert.setString(3, tag.column().orElse(""));
            insert.setString(4, tag.tag());
            insert.setString(5, tag.source().name());
            insert.setString(6, tag.note());
            insert.setString(7, tag.by());
            insert.setString(8, tag.taggedAt().toString());
            insert.executeUpdate();
        }
    }

    @Override
    public boolean remove(TableName table, Optional<String> column, String tag) {
        return inTransaction("untag " + table, () -> delete(table, column.orElse(""), tag) > 0);
    }

    private int delete(TableName table, String column, String tag) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM catalog_tags WHERE database_name = ? AND table_name = ? AND column_name = ? AND tag = ?")) {
            delete.setString(1, table.database());
            delete.setString(2, table.table());
            delete.setString(3, column);
            delete.setString(4, tag);
            return delete.executeUpdate();
        }
    }

    @Override
    public List<AssetTag> tags(TableName table) {
        return inTransaction("read the tags of " + table, () -> query(
                "SELECT " + TAG_FIELDS + " FROM catalog_tags WHERE database_name = ? AND table_name = ? ORDER BY column_name, tag",
                table.database(), table.table()));
    }

    @Override
    public List<AssetTag> all(String database) {
        return inTransaction("read the tags of " + database, () -> query(
                "SELECT " + TAG_FIELDS + " FROM catalog_tags WHERE database_name = ? ORDER BY table_name, column_name, tag", database));
    }

    private List<AssetTag> query(String sql, String... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            List<AssetTag> tags = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String column = rows.getString("column_name");
                    tags.add(new AssetTag(TableName.of(rows.getString("database_name"), rows.getString("table_name")),
                            column.isEmpty() ? Optional.empty() : Optional.of(column), rows.getString("tag"),
                            AssetTag.Source.valueOf(rows.getString("source")), rows.getString("note"), rows.getString("tagged_by"),
                            Instant.parse(rows.getString("tagged_at"))));
                }
            }
            return tags;
        }
    }

    @Override
    public List<AssetTag> replaceClassified(TableName table, List<AssetTag> tags) {
        return inTransaction("classify " + table, () -> {
            Set<String> dismissed = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT column_name, tag FROM catalog_dismissals WHERE database_name = ? AND table_name = ?")) {
                select.setString(1, table.database());
                select.setString(2, table.table());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        dismissed.add(rows.getString(1) + "\u0000" + rows.getString(2));
                    }
                }
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM catalog_tags WHERE database_name = ? AND table_name = ? AND source = ?")) {
                delete.setString(1, table.database());
                delete.setString(2, table.table());
                delete.setString(3, AssetTag.Source.CLASSIFIER.name());
                delete.executeUpdate();
            }
            List<AssetTag> kept = new ArrayList<>();
            for (AssetTag tag : tags) {
                if (!tag.table().equals(table) || tag.source() != AssetTag.Source.CLASSIFIER) {
                    throw LagoaException.userError("Tag %s %s is not a classification of %s", tag.tag(), tag.target(), table);
                }
                if (dismissed.contains(tag.column().orElse("") + "\u0000" + tag.tag())) {
                    continue;
                }
                upsert(tag);
                kept.add(tag);
            }
            return kept;
        });
    }

    @Override
    public void dismiss(Dismissal dismissal) {
        inTransaction("dismiss " + dismissal.tag() + " on " + dismissal.table(), () -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO catalog_dismissals VALUES (?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (database_name, table_name, column_name, tag) DO UPDATE SET reason = excluded.reason, "
                    + "dismissed_by = excluded.dismissed_by, dismissed_at = excluded.dismissed_at")) {
                insert.setString(1, dismissal.table().database());
                insert.setString(2, dismissal.table().table());
                insert.setString(3, dismissal.column());
                insert.setString(4, dismissal.tag());
                insert.setString(5, dismissal.reason());
                insert.setString(6, dismissal.by());
                insert.setString(7, dismissal.at().toString());
                insert.executeUpdate();
            }
            delete(dismissal.table(), dismissal.column(), dismissal.tag());
            return null;
        });
    }

    @Override
    public List<Dismissal> dismissals(String database) {
        return inTransaction("read the dismissals of " + database, () -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT * FROM catalog_dismissals WHERE database_name = ? ORDER BY table_name, column_name, tag")) {
                select.setString(1, database);
                List<Dismissal> dismissals = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        dismissals.add(new Dismissal(TableName.of(rows.getString("database_name"), rows.getString("table_name")),
                                rows.getString("column_name"), rows.getString("tag"), rows.getString("reason"), rows.getString("dismissed_by"),
                                Instant.parse(rows.getString("dismissed_at"))));
                    }
                }
                return dismissals;
            }
        });
    }

    private static LagoaException error(String what, SQLException e) {
        return new LagoaException(ErrorCode.METADATA_STORE_ERROR, "Cannot %s: %s".formatted(what, e.getMessage()), e);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing pending: every change was committed or rolled back
        }
    }
}
