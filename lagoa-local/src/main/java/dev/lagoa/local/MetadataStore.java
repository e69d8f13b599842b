package dev.lagoa.local;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * The workspace's metadata store: one SQLite file ({@code metadata/lagoa.db}) shared by the job runs, the
 * notification ledger and the schedule ledger, and by every Lagoa process of the workspace (write-ahead log, a
 * busy timeout instead of immediate "database is locked" errors).
 */
public final class MetadataStore {
    private MetadataStore() {}

    /**
     * A connection to the store. {@code immediateTransactions}: a transaction takes the write lock when it begins,
     * so that a check followed by a write is atomic across processes.
     */
    public static Connection connect(Path database, boolean immediateTransactions) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(10_000);
        if (immediateTransactions) {
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        try {
            return DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath(), config.toProperties());
        } catch (SQLException e) {
            throw new LagoaException(ErrorCode.METADATA_STORE_ERROR, "Cannot open the metadata store %s: %s".formatted(database, e.getMessage()), e);
        }
    }
}
