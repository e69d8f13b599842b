package dev.lagoa.apiload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.apiload.postgres.Database;
import dev.lagoa.apiload.schema.SchemaChange;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.Workspace;
import dev.lagoa.local.services.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batches that are copied straight into their table (an append's, a child table's, the batch that creates a merge's
 * table) and those that go through the staging table (a merge's later batches), in one load of small batches: keys met
 * again, rows PostgreSQL refuses in the middle of a batch, a column added half-way.
 */
class DirectCopyIT {
    private static final BucketName BUCKET = BucketName.of("lagoa-apiload");
    private static EmbeddedPostgres postgres;
    private static LocalObjectStore lake;
    private static Database database;

    @BeforeAll
    static void startPostgres() throws IOException {
        Workspace workspace = Workspace.open(Files.createTempDirectory("lagoa-apiload-copy-it"));
        int port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = socket.getLocalPort();
        }
        postgres = EmbeddedPostgres.start(workspace, new ServicesConfig(1, 2, 3, "", "", Duration.ofSeconds(60), "256m", port));
        lake = new LocalObjectStore(workspace);
        database = new Database(postgres.connection());
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** Loads the pages with batches of {@code batchSize} records. */
    private static LoadResult load(EndpointDefinition endpoint, int batchSize, String... pages) {
        ApiLoader loader = new ApiLoader(ApiLoadConfig.defaults().withBatchSize(batchSize), database, lake, Clock.system(ZoneId.of("America/Sao_Paulo")));
        return loader.run(endpoint, (definition, cursor, sink) -> {
            for (String page : pages) {
                sink.accept(page.getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    private static EndpointDefinition endpoint(String name, WriteDisposition write) {
        return EndpointDefinition.of(name, "http://127.0.0.1/unused", write, List.of("id"));
    }

    @Test
    void aMergeCopiesTheBatchThatCreatesItsTableAndUpsertsTheKeysALaterBatchMeetsAgain() {
        // Batch 1 (ids 1, 2) creates the table and is copied straight in; batch 2 (ids 1, 3) meets id 1 again: upserted.
        LoadResult result = load(endpoint("c_merge", WriteDisposition.MERGE), 2,
                "[{\"id\":1,\"v\":\"first\"},{\"id\":2,\"v\":\"two\"},{\"id\":1,\"v\":\"last\"},{\"id\":3,\"v\":\"three\"}]");

        assertThat(result.status()).isEqualTo(LoadResult.COMPLETED);
        assertThat(strings("SELECT id || ':' || v FROM apiload.c_merge ORDER BY id")).containsExactly("1:last", "2:two", "3:three");
    }

    @Test
    void anAppendKeepsEveryRecordOfAKeyMetAgainInALaterBatch() {
        LoadResult result = load(endpoint("c_append", WriteDisposition.APPEND), 2,
                "[{\"id\":1,\"v\":\"a\"},{\"id\":2,\"v\":\"b\"},{\"id\":1,\"v\":\"c\"}]");

        assertThat(result.rowsLoaded()).isEqualTo(3);
        assertThat(strings("SELECT count(DISTINCT _lagoa_id) || ' ' || string_agg(v, ',' ORDER BY v) FROM apiload.c_append"))
                .containsExactly("3 a,b,c");
    }

    @Test
    void anAppendsKeyMetAgainGetsChildRowsOfItsOwnInTheSameBatchAndInALaterOne() {
        for (int batchSize : new int[] {10, 1}) {
            String name = "c_again_" + batchSize;
            LoadResult result = load(endpoint(name, WriteDisposition.APPEND), batchSize,
                    "[{\"id\":1,\"items\":[{\"sku\":\"A\"}]},{\"id\":1,\"items\":[{\"sku\":\"B\"},{\"sku\":\"C\"}]}]");

            assertThat(result.rowsLoaded()).as("batches of %d", batchSize).isEqualTo(2);
            // Each child row hangs from its own record's row: the second record's id is not the first's.
            assertThat(strings("SELECT string_agg(i.sku, ',' ORDER BY i.sku) FROM apiload.%s r JOIN apiload.%s__items i ON i._lagoa_parent_id = r._lagoa_id GROUP BY r._lagoa_id ORDER BY 1"
                    .formatted(name, name))).as("batches of %d", batchSize).containsExactly("A", "B,C");
        }
    }

    @Test
    void aLoadWithoutAPrimaryKeyNumbersItsRecordsPastTheLinesTheReadingRejected() {
        EndpointDefinition endpoint = EndpointDefinition.of("c_nokey", "http://127.0.0.1/unused", WriteDisposition.APPEND, List.of());
        LoadResult result = load(endpoint, 2, "[{\"v\":\"a\"},7,{\"v\":\"b\"},{\"v\":\"c\",\"items\":[1,2]},{\"v\":\"d\"}]");

        assertThat(result.rowsLoaded()).isEqualTo(4);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertThat(strings("SELECT count(DISTINCT _lagoa_id) || ' ' || string_agg(v, ',' ORDER BY v) FROM apiload.c_nokey")).containsExactly("4 a,b,c,d");
        assertThat(strings("SELECT r.v || ':' || string_agg(i.value::text, ',' ORDER BY i.value) FROM apiload.c_nokey r "
                + "JOIN apiload.c_nokey__items i ON i._lagoa_parent_id = r._lagoa_id GROUP BY r.v")).containsExactly("c:1,2");
    }

    @Test
    void rowsRefusedInTheMiddleOfABatchCopiedStraightInAreRejectedAndTheOthersLoad() throws IOException {
        // Batches of 5: the second batch (ids 6-10) goes straight into the existing table, and id 8 is refused in its middle.
        StringBuilder page = new StringBuilder("[");
        for (int i = 1; i <= 10; i++) {
            page.append(i == 1 ? "" : ",").append("{\"id\":").append(i).append(",\"v\":\"").append(i == 3 || i == 8 ? "bad\\u0000" : "ok").append("\"}");
        }
        LoadResult result = load(endpoint("c_refused", WriteDisposition.APPEND), 5, page.append("]").toString());

        assertThat(result.rowsLoaded()).isEqualTo(8);
        assertThat(result.rowsRejected()).isEqualTo(2);
        assertThat(result.rejectsByReason()).containsExactly(Map.entry("database", 2L));
        assertThat(rejects(result)).extracting(reject -> reject.get("raw_value").get("id").asInt()).containsExactly(3, 8);
        assertThat(strings("SELECT string_agg(id::text, ',' ORDER BY id) FROM apiload.c_refused")).containsExactly("1,2,4,5,6,7,9,10");
    }

    @Test
    void aColumnAddedByALaterBatchIsFilledFromThatBatchOn() {
        LoadResult result = load(endpoint("c_column", WriteDisposition.APPEND), 2,
                "[{\"id\":1,\"v\":\"a\"},{\"id\":2,\"v\":\"b\"},{\"id\":3,\"v\":\"c\",\"extra\":\"é \\\"quoted\\\" 🙂\"},{\"id\":4,\"v\":\"d\"}]");

        assertThat(result.schemaChanges()).extracting(SchemaChange::kind, SchemaChange::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SchemaChange.Kind.CREATE_TABLE, ""),
                        org.assertj.core.groups.Tuple.tuple(SchemaChange.Kind.ADD_COLUMN, "extra"));
        assertThat(strings("SELECT id || ':' || v || ':' || coalesce(extra, 'NULL') FROM apiload.c_column ORDER BY id"))
                .containsExactly("1:a:NULL", "2:b:NULL", "3:c:é \"quoted\" 🙂", "4:d:NULL");
    }

    @Test
    void aMergeReplacesTheChildrenThatAnEarlierBatchOfTheSameLoadWrote() {
        LoadResult result = load(endpoint("c_children", WriteDisposition.MERGE), 1,
                "[{\"id\":1,\"items\":[{\"sku\":\"A\"},{\"sku\":\"B\"}]},{\"id\":1,\"items\":[{\"sku\":\"C\"}]}]");

        assertThat(result.status()).isEqualTo(LoadResult.COMPLETED);
        assertThat(strings("SELECT sku FROM apiload.c_children__items")).containsExactly("C");
        assertThat(strings("SELECT count(*) FROM apiload.c_children")).containsExactly("1");
    }

    private static List<String> strings(String sql) {
        try (Connection connection = database.open(); Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static List<JsonNode> rejects(LoadResult result) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String file : result.rejectFiles()) {
            String key = file.substring(("s3://" + BUCKET + "/").length());
            for (String line : new String(lake.getBytes(BUCKET, ObjectKey.of(key)), StandardCharsets.UTF_8).split("\n")) {
                lines.add(ApiLoader.JSON.readTree(line));
            }
        }
        return lines;
    }
}
