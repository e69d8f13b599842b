package dev.lagoa.apiload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.apiload.postgres.Catalog;
import dev.lagoa.apiload.postgres.Database;
import dev.lagoa.apiload.postgres.TableWriter;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.local.Workspace;
import dev.lagoa.local.services.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The load journal on a real PostgreSQL: the lock, the clean-up of loads that died, the cursor and the history. */
class LoadJournalIT {
    private static final String SCHEMA = "journal";
    private static final Instant T0 = Instant.parse("2026-01-05T12:00:00Z");

    private static EmbeddedPostgres postgres;
    private static Database database;
    private static Catalog catalog;
    private static LoadJournal journal;

    @BeforeAll
    static void startPostgres() throws IOException, SQLException {
        Workspace workspace = Workspace.open(Files.createTempDirectory("lagoa-apiload-journal-it"));
        int port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = socket.getLocalPort();
        }
        postgres = EmbeddedPostgres.start(workspace, new ServicesConfig(1, 2, 3, "", "", Duration.ofSeconds(60), "256m", port));
        database = new Database(postgres.connection());
        catalog = new Catalog(SCHEMA);
        journal = new LoadJournal(database, catalog, new TableWriter(catalog));
        try (Connection connection = database.open()) {
            catalog.create(connection);
        }
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static EndpointDefinition endpoint(String name, WriteDisposition write) {
        return EndpointDefinition.of(name, "http://127.0.0.1/unused", write, List.of());
    }

    private static LoadResult result(String endpoint, String loadId, String status, long rowsLoaded) {
        return new LoadResult(endpoint, loadId, status, status + " message", 1, 0, rowsLoaded, rowsLoaded, 0, 0, 0, 0, Map.of(), List.of(), List.of(),
                Map.of("extract", 0.1, "normalize", 0.2, "write", 0.3), 10, List.of(), "s3://lagoa-apiload/errors/" + endpoint + "/log.json",
                LoadResult.FAILED.equals(status) ? "EXTERNAL" : "");
    }

    /** Starts and, unless {@code status} is running, finishes a load of {@code endpoint}, {@code minutes} after T0. */
    private static void load(String endpoint, String loadId, String status, int minutes, Optional<String> fingerprint, Optional<String> cursor)
            throws SQLException {
        try (Connection connection = database.open()) {
            journal.start(connection, loadId, endpoint, T0.plusSeconds(60L * minutes), fingerprint);
            if (!"running".equals(status)) {
                journal.finish(connection, result(endpoint, loadId, status, 3), cursor, T0.plusSeconds(60L * minutes + 30));
            }
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
            connection.commit();
        }
    }

    private static List<String> strings(String sql) throws SQLException {
        try (Connection connection = database.open(); Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    @Test
    void anEndpointIsLockedUntilTheConnectionHoldingItCloses() throws SQLException {
        try (Connection other = database.open()) {
            try (Connection first = database.open()) {
                journal.lock(first, "locked");

                assertThatThrownBy(() -> journal.lock(other, "locked")).isInstanceOfSatisfying(LagoaException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                        .hasMessage("Cannot load endpoint locked: another load of it is running");
                journal.lock(other, "another_endpoint");
            }

            // PostgreSQL releases a closed session's advisory locks when its backend exits, just after close() returns
            Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreException(LagoaException.class)
                    .untilAsserted(() -> journal.lock(other, "locked"));
        }
    }

    /** Issue 14 item 8: two endpoints whose names a 32-bit hash confuses are two locks. */
    @Test
    void endpointsWhoseNamesHashAlikeHaveTheirOwnLocks() throws SQLException {
        List<String> pair = strings("SELECT min(n) || ' ' || max(n) FROM (SELECT 'e' || i AS n, hashtext('lagoa-apiload:" + SCHEMA + ":e' || i) AS h "
                + "FROM generate_series(1, 300000) i) names GROUP BY h HAVING count(*) > 1 ORDER BY 1 LIMIT 1");
        assertThat(pair).as("two names with the same hashtext").hasSize(1);
        String[] names = pair.get(0).split(" ");
        try (Connection first = database.open(); Connection second = database.open()) {
            journal.lock(first, names[0]);

            journal.lock(second, names[1]);
        }
    }

    @Test
    void anEndpointIsFreeTheMomentItsLockIsReleased() throws SQLException {
        try (Connection first = database.open(); Connection other = database.open()) {
            journal.lock(first, "released");
            journal.unlock(first, "released");

            journal.lock(other, "released");
            assertThatThrownBy(() -> journal.lock(first, "released")).isInstanceOf(LagoaException.class)
                    .hasMessage("Cannot load endpoint released: another load of it is running");
        }
    }

    @Test
    void loadsThatDiedAreAbandonedAndTheirPartialRowsRemoved() throws SQLException {
        execute("CREATE TABLE journal.died (_lagoa_load_id text NOT NULL, v integer)");
        load("died", "died-1", LoadResult.COMPLETED, 0, Optional.of("f1"), Optional.empty());
        load("died", "died-2", "running", 1, Optional.of("f2"), Optional.empty());
        execute("INSERT INTO journal.died VALUES ('died-1', 1), ('died-1', 2), ('died-2', 3), ('died-2', 4)");

        LoadJournal.AbandonedLoads abandoned;
        try (Connection connection = database.open()) {
            abandoned = journal.abandonUnfinished(connection, endpoint("died", WriteDisposition.APPEND), List.of("died"), "died-3");
        }

        assertThat(abandoned.loadIds()).containsExactly("died-2");
        assertThat(abandoned.rowsRemoved()).isEqualTo(2);
        assertThat(strings("SELECT v::text FROM journal.died ORDER BY v")).containsExactly("1", "2");
        assertThat(journal.runs(Optional.of("died"), 10)).extracting(LoadRun::loadId, LoadRun::status, LoadRun::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("died-2", "abandoned", "did not finish; found by load died-3, which removed its 2 partial rows"),
                org.assertj.core.groups.Tuple.tuple("died-1", "completed", "completed message"));
    }

    @Test
    void aMergeKeepsThePartialRowsOfALoadThatDied() throws SQLException {
        execute("CREATE TABLE journal.died_merge (_lagoa_load_id text NOT NULL, v integer)");
        load("died_merge", "died-merge-1", "running", 0, Optional.of("f1"), Optional.empty());
        execute("INSERT INTO journal.died_merge VALUES ('died-merge-1', 1)");

        LoadJournal.AbandonedLoads abandoned;
        LoadJournal.AbandonedLoads again;
        try (Connection connection = database.open()) {
            abandoned = journal.abandonUnfinished(connection, endpoint("died_merge", WriteDisposition.MERGE), List.of("died_merge"), "died-merge-2");
            again = journal.abandonUnfinished(connection, endpoint("died_merge", WriteDisposition.MERGE), List.of("died_merge"), "died-merge-3");
        }

        assertThat(abandoned.loadIds()).containsExactly("died-merge-1");
        assertThat(abandoned.rowsRemoved()).isZero();
        assertThat(again.loadIds()).isEmpty();
        assertThat(strings("SELECT v::text FROM journal.died_merge")).containsExactly("1");
    }

    @Test
    void onlyACompletedLoadMovesTheCursor() throws SQLException {
        EndpointDefinition incremental = endpoint("cursor", WriteDisposition.APPEND)
                .withIncremental(new EndpointDefinition.Incremental("updated_at", "since", Optional.of("2020-01-01")));
        try (Connection connection = database.open()) {
            assertThat(journal.cursor(connection, incremental)).contains("2020-01-01");
            assertThat(journal.cursor(connection, endpoint("cursor", WriteDisposition.APPEND))).isEmpty();
        }

        load("cursor", "cursor-1", LoadResult.COMPLETED, 0, Optional.of("f1"), Optional.of("2024-06-30"));
        load("cursor", "cursor-2", LoadResult.FAILED, 1, Optional.of("f2"), Optional.of("2025-01-01"));

        try (Connection connection = database.open()) {
            assertThat(journal.cursor(connection, incremental)).contains("2024-06-30");
        }
    }

    @Test
    void theSameSourceDataIsThatOfTheLatestCompletedLoad() throws SQLException {
        load("fingerprint", "fingerprint-1", LoadResult.COMPLETED, 0, Optional.of("v2:same"), Optional.empty());
        load("fingerprint", "fingerprint-2", LoadResult.FAILED, 1, Optional.of("v2:failed"), Optional.empty());
        load("fingerprint-b", "fingerprint-b1", LoadResult.COMPLETED, 0, Optional.of("v2:a"), Optional.empty());
        load("fingerprint-b", "fingerprint-b2", LoadResult.COMPLETED, 1, Optional.of("v2:b"), Optional.empty());

        EndpointDefinition append = endpoint("fingerprint", WriteDisposition.APPEND);
        try (Connection connection = database.open()) {
            assertThat(journal.sameAsTheLatestLoad(connection, append, "v2:same", "")).contains("fingerprint-1");
            assertThat(journal.sameAsTheLatestLoad(connection, append, "v2:failed", "")).isEmpty();
            assertThat(journal.sameAsTheLatestLoad(connection, endpoint("other", WriteDisposition.APPEND), "v2:same", "")).isEmpty();
            // A merge's failed load left its upserts in the table: the latest completed load's data is no longer all there is.
            assertThat(journal.sameAsTheLatestLoad(connection, endpoint("fingerprint", WriteDisposition.MERGE), "v2:same", "")).isEmpty();
            assertThat(journal.sameAsTheLatestLoad(connection, endpoint("fingerprint-b", WriteDisposition.APPEND), "v2:a", "")).isEmpty();
            assertThat(journal.sameAsTheLatestLoad(connection, endpoint("fingerprint-b", WriteDisposition.APPEND), "v2:b", "")).contains("fingerprint-b2");
            // Stored by an earlier version: the responses' fingerprint alone.
            assertThat(journal.sameAsTheLatestLoad(connection, endpoint("fingerprint-b", WriteDisposition.APPEND), "v2:other", "b")).isEmpty();
        }
    }

    @Test
    void runsReadTheStoredResultAndForgiveAResultOfAnotherShape() throws SQLException {
        load("history", "history-1", LoadResult.COMPLETED, 0, Optional.of("f1"), Optional.empty());
        load("history", "history-2", LoadResult.FAILED, 1, Optional.empty(), Optional.empty());
        load("history", "history-3", LoadResult.COMPLETED, 2, Optional.of("f3"), Optional.empty());
        execute("UPDATE journal._lagoa_loads SET metrics = '{\"shape\": \"old\"}' WHERE load_id = 'history-3'");

        List<LoadRun> runs = journal.runs(Optional.of("history"), 10);

        assertThat(runs).extracting(LoadRun::loadId).containsExactly("history-3", "history-2", "history-1");
        assertThat(runs.get(0).metrics()).isEmpty();
        assertThat(runs.get(1).status()).isEqualTo("failed");
        assertThat(runs.get(1).finishedAt()).contains(T0.plusSeconds(90));
        assertThat(runs.get(1).metrics()).hasValueSatisfying(metrics -> {
            assertThat(metrics.errorType()).isEqualTo("EXTERNAL");
            assertThat(metrics.phaseSeconds()).containsOnlyKeys("extract", "normalize", "write");
        });
        assertThat(runs.get(2).rowsLoaded()).isEqualTo(3);
        assertThat(journal.runs(Optional.of("history"), 1)).extracting(LoadRun::loadId).containsExactly("history-3");
        assertThat(journal.runs(Optional.of("nothing_loaded"), 10)).isEmpty();
        assertThat(journal.schemaHistory("history")).isEmpty();
    }
}
