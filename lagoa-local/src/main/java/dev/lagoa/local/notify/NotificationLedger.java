package dev.lagoa.local.notify;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

/**
 * What was notified, per notification and object: the object's size, modification time and entity tag when its
 * notification was delivered. An object is notified again only when it was written again. Kept in the workspace's
 * metadata store, so that a restart neither loses nor repeats notifications.
 */
public final class NotificationLedger implements AutoCloseable {
    private final Connection connection;

    /** What the ledger remembers of one object. */
    public record Entry(long size, long modifiedMillis, String eTag, String sequencer, Instant notifiedAt) {}

    public NotificationLedger(Path database) {
        try {
            connection = dev.lagoa.local.MetadataStore.connect(database, false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS notifications (
                          notification_id TEXT NOT NULL,
                          bucket TEXT NOT NULL,
                          object_key TEXT NOT NULL,
                          size INTEGER NOT NULL,
                          modified_millis INTEGER NOT NULL,
                          etag TEXT NOT NULL,
                          sequencer TEXT NOT NULL,
                          notified_at TEXT NOT NULL,
                          PRIMARY KEY (notification_id, bucket, object_key))""");
                statement.execute("CREATE TABLE IF NOT EXISTS notification_sequence (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT)");
            }
        } catch (SQLException e) {
            throw error("open the notification ledger in " + database, e);
        }
    }

    private static LagoaException error(String what, SQLException e) {
        return new LagoaException(ErrorCode.METADATA_STORE_ERROR, "Cannot %s: %s".formatted(what, e.getMessage()), e);
    }

    public synchronized Optional<Entry> find(String notificationId, String bucket, String key) {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT size, modified_millis, etag, sequencer, notified_at FROM notifications WHERE notification_id = ? AND bucket = ? AND object_key = ?")) {
            statement.setString(1, notificationId);
            statement.setString(2, bucket);
            statement.setString(3, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next()
                        ? Optional.of(new Entry(result.getLong(1), result.getLong(2), result.getString(3), result.getString(4), Instant.parse(result.getString(5))))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw error("read the notification ledger", e);
        }
    }

    /** A new sequencer: a hexadecimal number that grows with every event, as S3's sequencers grow per key. */
    public synchronized String nextSequencer(Instant now) {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO notification_sequence (at) VALUES (?)",
                Statement.RETURN_GENERATED_KEYS)) {
            statement.setString(1, now.toString());
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                keys.next();
                return "%016X".formatted(keys.getLong(1));
            }
        } catch (SQLException e) {
            throw error("draw a sequencer", e);
        }
    }

    /** Records that the object's notification was delivered. */
    public synchronized void record(String notificationId, String bucket, String key, Entry entry) {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO notifications (notification_id, bucket, object_key, size, modified_millis, etag, sequencer, notified_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (notification_id, bucket, object_key) DO UPDATE SET
                  size = excluded.size, modified_millis = excluded.modified_millis, etag = excluded.etag,
                  sequencer = excluded.sequencer, notified_at = excluded.notified_at""")) {
            statement.setString(1, notificationId);
            statement.setString(2, bucket);
            statement.setString(3, key);
            statement.setLong(4, entry.size());
            statement.setLong(5, entry.modifiedMillis());
            statement.setString(6, entry.eTag());
            statement.setString(7, entry.sequencer());
            statement.setString(8, entry.notifiedAt().toString());
            statement.executeUpdate();
        } catch (SQLException e) {
            throw error("record a notification", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing: nothing left to lose
        }
    }
}
