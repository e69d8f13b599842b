package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.lagoa.apiload.postgres.Catalog;
import dev.lagoa.apiload.postgres.Database;
import dev.lagoa.apiload.postgres.TableWriter;
import dev.lagoa.apiload.schema.SchemaChange;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of an endpoint's loads, {@code _lagoa_loads} with {@code _lagoa_schema_changes}: one load of an
 * endpoint at a time (a row of {@code _lagoa_locks} locked by a connection), the clean-up of loads that died half-way, the
 * start and the end of each load, and the questions asked of past loads (the same source data already loaded, the
 * incremental cursor to resume from, the history of loads and of schema changes).
 *
 * <p>No argument may be null; a null one throws {@link NullPointerException}.
 * Methods given a connection throw the {@link SQLException}s of PostgreSQL and commit their own work; the others open
 * their own connection and throw {@link LagoaException} {@code DATABASE_ERROR}.
 */
final class LoadJournal {
    // The journal's lines keep the logger category they always had, the one operators filter a load's lines on.
    private static final Logger LOG = LoggerFactory.getLogger(ApiLoader.class);

    /** The start of a fingerprint of the responses and the configuration; earlier versions stored one of the responses alone. */
    static final String FINGERPRINT_VERSION = "v2:";
    /** SQLSTATE 55P03: a row lock asked with NOWAIT is held by another transaction. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Database database;
    private final Catalog catalog;
    private final TableWriter writer;

    /** @param writer removes the partial rows of the loads that died half-way */
    LoadJournal(Database database, Catalog catalog, TableWriter writer) {
        this.database = requireNonNull(database, "database is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.writer = requireNonNull(writer, "writer is null");
    }

    /** Loads that died half-way, marked {@code abandoned} by a later load, and the partial rows it removed. */
    record AbandonedLoads(List<String> loadIds, int rowsRemoved) {
        AbandonedLoads {
            loadIds = List.copyOf(requireNonNull(loadIds, "loadIds is null"));
        }
    }

    /**
     * Takes the endpoint's lock: its row of {@code _lagoa_locks}, locked by the open transaction of {@code connection},
     * which must run nothing else until {@link #unlock}. The row is keyed by the endpoint's whole name, so two endpoints
     * never share a lock. {@link #unlock} releases it at once; a connection that closes or dies releases it too. A
     * connection holds one endpoint's lock at a time: locking another releases the first.
     *
     * @throws LagoaException {@code INVALID_ARGUMENT} when another load of the endpoint holds it
     */
    void lock(Connection connection, String endpoint) throws SQLException {
        requireNonNull(connection, "connection is null");
        requireNonNull(endpoint, "endpoint is null");
        catalog.create(connection);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + catalog.table(Catalog.LOCKS)
                + " (endpoint) VALUES (?) ON CONFLICT (endpoint) DO NOTHING")) {
            insert.setString(1, endpoint);
            insert.executeUpdate();
        }
        connection.commit();
        try (PreparedStatement select = connection.prepareStatement("SELECT endpoint FROM " + catalog.table(Catalog.LOCKS)
                + " WHERE endpoint = ? FOR UPDATE NOWAIT")) {
            select.setString(1, endpoint);
            select.executeQuery().close();
        } catch (SQLException e) {
            connection.rollback();
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                throw new LagoaException(ErrorCode.INVALID_ARGUMENT,
                        "Cannot load endpoint %s: another load of it is running".formatted(endpoint));
            }
            throw e;
        }
    }

    /** Releases the endpoint's lock taken on {@code connection} by {@link #lock}; the next load may start the moment this returns. */
    void unlock(Connection connection, String endpoint) throws SQLException {
        requireNonNull(connection, "connection is null");
        requireNonNull(endpoint, "endpoint is null");
        connection.rollback();
    }

    /** The incremental cursor to send: the last completed load's, else the configured initial value; empty when not incremental. */
    Optional<String> cursor(Connection connection, EndpointDefinition endpoint) throws SQLException {
        requireNonNull(connection, "connection is null");
        if (endpoint.incremental().isEmpty()) {
            return Optional.empty();
        }
        return catalog.lastCursor(connection, endpoint.name()).or(() -> endpoint.incremental().get().initialValue());
    }

    /**
     * The load whose result the endpoint's tables hold, when it read exactly this source data under this configuration
     * (its fingerprint): then loading it again has nothing to do. That is the latest completed load; for a merge, also no
     * failed or unfinished load after it, since their upserts stay in the tables (an append or a replace that fails
     * removes its rows). A load stored by a version that fingerprinted the responses alone is compared on those.
     *
     * @param fingerprint of the responses and the endpoint's configuration, starting with {@link #FINGERPRINT_VERSION}
     * @param responsesOnly of the responses alone, as earlier versions stored it
     */
    Optional<String> sameAsTheLatestLoad(Connection connection, EndpointDefinition endpoint, String fingerprint, String responsesOnly)
            throws SQLException {
        requireNonNull(connection, "connection is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(fingerprint, "fingerprint is null");
        requireNonNull(responsesOnly, "responsesOnly is null");
        List<String> statuses = endpoint.write() == WriteDisposition.MERGE
                ? List.of(LoadResult.COMPLETED, LoadResult.FAILED, "abandoned", "running")
                : List.of(LoadResult.COMPLETED);
        return catalog.latestLoad(connection, endpoint.name(), statuses)
                .filter(load -> load.status().equals(LoadResult.COMPLETED) && load.fingerprint()
                        .filter(stored -> stored.equals(fingerprint) || !stored.startsWith(FINGERPRINT_VERSION) && stored.equals(responsesOnly))
                        .isPresent())
                .map(Catalog.LoadRow::loadId);
    }

    /**
     * Removes what a failed load of an append or a replace wrote (the batches it committed before it failed) and
     * commits; a merge keeps them, since its next load upserts the same records again. Nothing uncommitted survives.
     *
     * @return the rows removed
     */
    int removeRowsOfFailedLoad(Connection connection, EndpointDefinition endpoint, Collection<String> tables, String loadId) throws SQLException {
        requireNonNull(connection, "connection is null");
        requireNonNull(tables, "tables is null");
        requireNonNull(loadId, "loadId is null");
        connection.rollback();
        if (endpoint.write() == WriteDisposition.MERGE || tables.isEmpty()) {
            return 0;
        }
        int deleted = writer.deleteLoads(connection, tables, List.of(loadId), false);
        connection.commit();
        return deleted;
    }

    /**
     * Marks the endpoint's loads that never finished as {@code abandoned}. Their partial rows are removed from
     * {@code tables} for append and replace; a merge keeps them, since the next merge upserts the same records again.
     *
     * @param tables the endpoint's tables
     * @param loadId the load that found them
     * @return the abandoned loads; none when every load finished
     */
    AbandonedLoads abandonUnfinished(Connection connection, EndpointDefinition endpoint, Collection<String> tables, String loadId)
            throws SQLException {
        requireNonNull(connection, "connection is null");
        requireNonNull(tables, "tables is null");
        requireNonNull(loadId, "loadId is null");
        List<String> unfinished = catalog.unfinishedLoads(connection, endpoint.name());
        if (unfinished.isEmpty()) {
            return new AbandonedLoads(List.of(), 0);
        }
        int deleted = endpoint.write() == WriteDisposition.MERGE ? 0 : writer.deleteLoads(connection, tables, unfinished, false);
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + catalog.table(Catalog.LOADS)
                + " SET status = 'abandoned', finished_at = now(), message = ? WHERE load_id = ANY(?)")) {
            update.setString(1, "did not finish; found by load %s, which removed its %d partial rows".formatted(loadId, deleted));
            update.setArray(2, connection.createArrayOf("text", unfinished.toArray()));
            update.executeUpdate();
        }
        connection.commit();
        return new AbandonedLoads(unfinished, deleted);
    }

    /**
     * Records a load as {@code running} until {@link #finish} ends it.
     *
     * @param fingerprint the source data's; empty when the source failed before giving any
     */
    void start(Connection connection, String loadId, String endpoint, Instant startedAt, Optional<String> fingerprint) throws SQLException {
        requireNonNull(connection, "connection is null");
        requireNonNull(loadId, "loadId is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(fingerprint, "fingerprint is null");
        catalog.startLoad(connection, loadId, endpoint, startedAt, fingerprint.orElse(null));
    }

    /**
     * Ends a load with its result: status, counts, message and metrics. What the connection left uncommitted (a batch
     * that failed) is rolled back first. Only a completed load keeps its cursor, so a failed one is read again.
     *
     * @param cursor the highest incremental value the load read; empty when none
     * @throws LagoaException {@code INTERNAL_ERROR} when the result cannot be serialized
     */
    void finish(Connection connection, LoadResult result, Optional<String> cursor, Instant finishedAt) throws SQLException {
        requireNonNull(connection, "connection is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(result, "result is null");
        requireNonNull(cursor, "cursor is null");
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("Nothing to roll back: {}", e.getMessage());
        }
        String metrics;
        try {
            metrics = ApiLoader.JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot write the log of load " + result.loadId(), e);
        }
        catalog.finishLoad(connection, result.loadId(), result.status(), finishedAt, result.rowsRead(), result.rowsLoaded(), result.rowsRejected(),
                LoadResult.COMPLETED.equals(result.status()) ? cursor.orElse(null) : null, metrics, result.message());
    }

    /**
     * The loads of {@code endpoint} (of every endpoint when empty), the latest first, at most {@code limit}.
     *
     * @throws LagoaException {@code DATABASE_ERROR} when PostgreSQL fails
     */
    List<LoadRun> runs(Optional<String> endpoint, int limit) {
        requireNonNull(endpoint, "endpoint is null");
        try (Connection connection = database.open()) {
            catalog.create(connection);
            List<LoadRun> runs = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT load_id, endpoint, status, started_at, finished_at, rows_read, "
                    + "rows_loaded, rows_rejected, message, metrics::text FROM " + catalog.table(Catalog.LOADS)
                    + " WHERE (?::text IS NULL OR endpoint = ?) ORDER BY started_at DESC, load_id DESC LIMIT ?")) {
                query.setString(1, endpoint.orElse(null));
                query.setString(2, endpoint.orElse(null));
                query.setInt(3, limit);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        Timestamp finished = rows.getTimestamp(5);
                        runs.add(new LoadRun(rows.getString(1), rows.getString(2), rows.getString(3), rows.getTimestamp(4).toInstant(),
                                Optional.ofNullable(finished).map(Timestamp::toInstant), rows.getLong(6), rows.getLong(7), rows.getLong(8),
                                Optional.ofNullable(rows.getString(9)).orElse(""), storedResult(rows.getString(10))));
                    }
                }
            }
            connection.commit();
            return runs;
        } catch (SQLException e) {
            throw Database.error("Cannot read the loads" + endpoint.map(name -> " of endpoint " + name).orElse(""), e);
        }
    }

    /**
     * Every change applied to the endpoint's tables, oldest first.
     *
     * @throws LagoaException {@code DATABASE_ERROR} when PostgreSQL fails
     */
    List<AppliedChange> schemaHistory(String endpoint) {
        requireNonNull(endpoint, "endpoint is null");
        try (Connection connection = database.open()) {
            catalog.create(connection);
            List<AppliedChange> changes = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT change_id, load_id, changed_at, table_name, column_name, kind, ddl, "
                    + "detail FROM " + catalog.table(Catalog.CHANGES) + " WHERE endpoint = ? ORDER BY change_id")) {
                query.setString(1, endpoint);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        changes.add(new AppliedChange(rows.getLong(1), rows.getString(2), rows.getTimestamp(3).toInstant(), new SchemaChange(
                                rows.getString(4), rows.getString(5), SchemaChange.Kind.valueOf(rows.getString(6)), rows.getString(7), rows.getString(8))));
                    }
                }
            }
            connection.commit();
            return changes;
        } catch (SQLException e) {
            throw Database.error("Cannot read the schema history of endpoint " + endpoint, e);
        }
    }

    /** The stored result of a load; empty when there is none, or when it was stored by a version that wrote another shape. */
    private static Optional<LoadResult> storedResult(String json) {
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ApiLoader.JSON.readerFor(LoadResult.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(json));
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("Unreadable metrics of a load: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
