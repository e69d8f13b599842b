package dev.lagoa.apiload;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.apiload.postgres.Database;
import dev.lagoa.apiload.schema.Contract;
import dev.lagoa.apiload.schema.SchemaChange;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.Workspace;
import dev.lagoa.local.services.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The acceptance scenarios: each case loads JSON into one real PostgreSQL and checks the table layout and the rows. */
class ApiLoaderScenariosIT {
    private static Path home;
    private static EmbeddedPostgres postgres;
    private static LocalObjectStore lake;
    private static Database database;
    private static final BucketName BUCKET = BucketName.of("lagoa-apiload");

    @BeforeAll
    static void startPostgres() throws IOException {
        home = Files.createTempDirectory("lagoa-apiload-it");
        Workspace workspace = Workspace.open(home);
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

    private static ApiLoader loader() {
        return loader(ApiLoadConfig.defaults());
    }

    private static ApiLoader loader(ApiLoadConfig config) {
        return new ApiLoader(config, database, lake, Clock.system(ZoneId.of("America/Sao_Paulo")));
    }

    private static LoadResult load(EndpointDefinition endpoint, String... pages) {
        return load(loader(), endpoint, pages);
    }

    private static LoadResult load(ApiLoader loader, EndpointDefinition endpoint, String... pages) {
        return loader.run(endpoint, (definition, cursor, sink) -> {
            for (String page : pages) {
                sink.accept(page.getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    private static EndpointDefinition merge(String name) {
        return EndpointDefinition.of(name, "http://127.0.0.1/unused", WriteDisposition.MERGE, List.of("id"));
    }

    /** "name type" of every column, the loader's own columns left out. */
    static List<String> layout(String table) {
        return strings("SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_schema = 'apiload' AND table_name = '"
                + table + "' AND column_name NOT LIKE '\\_lagoa\\_%' ORDER BY ordinal_position");
    }

    static List<String> strings(String sql) {
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

    static long count(String table) {
        return Long.parseLong(strings("SELECT count(*) FROM apiload.\"" + table + "\"").get(0));
    }

    @Test
    void newFieldAddsAColumn() {
        load(merge("s_new"), "[{\"id\":1,\"name\":\"Ana\"}]");
        LoadResult second = load(merge("s_new"), "[{\"id\":2,\"name\":\"Bia\",\"email\":\"bia@example.com\"}]");

        assertThat(layout("s_new")).containsExactly("id integer", "name text", "email text");
        assertThat(count("s_new")).isEqualTo(2);
        assertThat(second.schemaChanges()).extracting(SchemaChange::kind, SchemaChange::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SchemaChange.Kind.ADD_COLUMN, "email"));
        assertThat(second.schemaChanges().get(0).ddl()).isEqualTo("ALTER TABLE \"apiload\".\"s_new\" ADD COLUMN \"email\" text");
        assertThat(strings("SELECT coalesce(email, 'NULL') FROM apiload.s_new ORDER BY id")).containsExactly("NULL", "bia@example.com");
    }

    @Test
    void aListenerHearsThePagesFetchedThenTheRecordsReadAfterEachBatch() {
        List<String> heard = new ArrayList<>();
        ApiLoader loader = loader(ApiLoadConfig.defaults().withBatchSize(2)).withLoadListener(new LoadListener() {
            @Override
            public void pagesFetched(String endpoint, int pages) {
                heard.add(endpoint + " fetched " + pages);
            }

            @Override
            public void recordsRead(String endpoint, int pages, long records) {
                heard.add(endpoint + " read " + records + " of " + pages + " pages");
            }
        });

        LoadResult result = load(loader, merge("s_progress"), "[{\"id\":1},{\"id\":2},{\"id\":3}]", "[{\"id\":4},{\"id\":5}]");

        assertThat(result.rowsRead()).isEqualTo(5);
        assertThat(heard).containsExactly("s_progress fetched 1", "s_progress fetched 2", "s_progress read 2 of 2 pages",
                "s_progress read 4 of 2 pages", "s_progress read 5 of 2 pages");
    }

    @Test
    void missingFieldLoadsAsNull() {
        load(merge("s_missing"), "[{\"id\":1,\"name\":\"Ana\",\"age\":30}]", "[{\"id\":2,\"name\":\"Bia\"}]");

        assertThat(layout("s_missing")).containsExactly("id integer", "name text", "age integer");
        assertThat(strings("SELECT coalesce(age::text, 'NULL') FROM apiload.s_missing ORDER BY id")).containsExactly("30", "NULL");
    }

    @Test
    void aliasLoadsARenamedFieldIntoItsColumn() {
        EndpointDefinition endpoint = merge("s_alias").withRenames(Map.of("full_name", "name"), false);
        load(endpoint, "[{\"id\":1,\"name\":\"Ana\"}]");
        load(endpoint, "[{\"id\":2,\"full_name\":\"Bia\"}]");

        assertThat(layout("s_alias")).containsExactly("id integer", "name text");
        assertThat(strings("SELECT name FROM apiload.s_alias ORDER BY id")).containsExactly("Ana", "Bia");
    }

    @Test
    void detectedRenameIsAppliedWhenConfiguredAndConfident() {
        EndpointDefinition endpoint = merge("s_rename").withRenames(Map.of(), true);
        load(endpoint, "[{\"id\":1,\"name\":\"Ana\"},{\"id\":2,\"name\":\"Bia\"},{\"id\":3,\"name\":\"Caio\"}]");
        LoadResult second = load(endpoint, "[{\"id\":1,\"full_name\":\"Ana\"},{\"id\":2,\"full_name\":\"Bia\"},{\"id\":3,\"full_name\":\"Caio\"},"
                + "{\"id\":4,\"full_name\":\"Duda\"}]");

        assertThat(second.renames()).singleElement().satisfies(rename -> {
            assertThat(rename.fromField()).isEqualTo("/name");
            assertThat(rename.toField()).isEqualTo("/full_name");
            assertThat(rename.compared()).isEqualTo(3);
            assertThat(rename.matching()).isEqualTo(3);
            assertThat(rename.confident()).isTrue();
            assertThat(rename.applied()).isTrue();
        });
        assertThat(layout("s_rename")).containsExactly("id integer", "name text");
        assertThat(strings("SELECT name FROM apiload.s_rename ORDER BY id")).containsExactly("Ana", "Bia", "Caio", "Duda");
    }

    @Test
    void detectedRenameIsOnlyReportedByDefault() {
        EndpointDefinition endpoint = merge("s_rename_report");
        load(endpoint, "[{\"id\":1,\"name\":\"Ana\"},{\"id\":2,\"name\":\"Bia\"},{\"id\":3,\"name\":\"Caio\"}]");
        LoadResult second = load(endpoint, "[{\"id\":1,\"full_name\":\"Ana\"},{\"id\":2,\"full_name\":\"Bia\"},{\"id\":3,\"full_name\":\"Caio\"}]");

        assertThat(second.renames()).singleElement().satisfies(rename -> {
            assertThat(rename.confident()).isTrue();
            assertThat(rename.applied()).isFalse();
            assertThat(rename.evidence()).isEqualTo("3 of 3 records with a stored '/name' have the same value in '/full_name'");
            assertThat(rename.outcome()).contains("not applied because \"renames\" is report");
        });
        assertThat(layout("s_rename_report")).containsExactly("id integer", "name text", "full_name text");
    }

    @Test
    void intToStringWidensTheColumnToText() {
        load(merge("s_int_text"), "[{\"id\":1,\"code\":5}]");
        LoadResult second = load(merge("s_int_text"), "[{\"id\":2,\"code\":\"A7\"},{\"id\":3,\"code\":9}]");

        assertThat(layout("s_int_text")).containsExactly("id integer", "code text");
        assertThat(strings("SELECT code FROM apiload.s_int_text ORDER BY id")).containsExactly("5", "A7", "9");
        assertThat(second.schemaChanges()).singleElement().satisfies(change -> {
            assertThat(change.kind()).isEqualTo(SchemaChange.Kind.WIDEN_COLUMN);
            assertThat(change.ddl()).isEqualTo("ALTER TABLE \"apiload\".\"s_int_text\" ALTER COLUMN \"code\" TYPE text USING \"code\"::text");
        });
    }

    @Test
    void integersWidenToBigintAndNumeric() {
        load(merge("s_widen"), "[{\"id\":1,\"n\":5}]");
        load(merge("s_widen"), "[{\"id\":2,\"n\":3000000000}]");
        assertThat(layout("s_widen")).containsExactly("id integer", "n bigint");
        load(merge("s_widen"), "[{\"id\":3,\"n\":1.25}]");
        assertThat(layout("s_widen")).containsExactly("id integer", "n numeric");
        assertThat(strings("SELECT n::text FROM apiload.s_widen ORDER BY id")).containsExactly("5", "3000000000", "1.25");
    }

    @Test
    void stringToIntGoesToAVariantColumnUnderEvolve() {
        load(merge("s_variant"), "[{\"id\":1,\"code\":\"A7\"}]");
        LoadResult second = load(merge("s_variant"), "[{\"id\":2,\"code\":42}]");

        assertThat(layout("s_variant")).containsExactly("id integer", "code text", "code__v_number integer");
        assertThat(strings("SELECT coalesce(code, 'NULL') || '/' || coalesce(code__v_number::text, 'NULL') FROM apiload.s_variant ORDER BY id"))
                .containsExactly("A7/NULL", "NULL/42");
        assertThat(second.schemaChanges()).extracting(SchemaChange::kind).containsExactly(SchemaChange.Kind.ADD_VARIANT_COLUMN);
    }

    @Test
    void stringToIntIsRejectedUnderDiscardRow() throws IOException {
        EndpointDefinition endpoint = merge("s_discard_row").withContract(Contract.DISCARD_ROW);
        load(endpoint, "[{\"id\":1,\"code\":\"A7\"}]");
        LoadResult second = load(endpoint, "[{\"id\":2,\"code\":42},{\"id\":3,\"code\":\"B8\"}]");

        assertThat(layout("s_discard_row")).containsExactly("id integer", "code text");
        assertThat(count("s_discard_row")).isEqualTo(2);
        assertThat(second.rowsRejected()).isEqualTo(1);
        assertThat(second.rejectsByReason()).containsExactly(Map.entry("contract_discard_row", 1L));
        JsonNode reject = rejects(second).get(0);
        assertThat(reject.get("reason").asText()).isEqualTo("contract_discard_row");
        assertThat(reject.get("field").asText()).isEqualTo("/code");
        assertThat(reject.get("load_id").asText()).isEqualTo(second.loadId());
        assertThat(reject.get("raw_value").toString()).isEqualTo("{\"id\":2,\"code\":42}");
        assertThat(reject.get("detail").asText())
                .isEqualTo("field '/code' is integer but its column \"code\" is text; the contract of table s_discard_row is discard_row");
    }

    @Test
    void stringToIntDropsOnlyTheValueUnderDiscardValue() {
        EndpointDefinition endpoint = merge("s_discard_value").withContract(Contract.DISCARD_VALUE);
        load(endpoint, "[{\"id\":1,\"code\":\"A7\"}]");
        LoadResult second = load(endpoint, "[{\"id\":2,\"code\":42,\"extra\":true}]");

        assertThat(layout("s_discard_value")).containsExactly("id integer", "code text");
        assertThat(strings("SELECT coalesce(code, 'NULL') FROM apiload.s_discard_value ORDER BY id")).containsExactly("A7", "NULL");
        assertThat(second.valuesRejected()).isEqualTo(2);
        assertThat(second.rowsRejected()).isZero();
    }

    @Test
    void freezeFailsTheLoadAndWritesNothing() {
        EndpointDefinition endpoint = merge("s_freeze").withContract(Contract.FREEZE);
        load(endpoint, "[{\"id\":1,\"code\":\"A7\"}]");
        LoadResult second = load(endpoint, "[{\"id\":2,\"code\":\"B8\",\"extra\":1}]");

        assertThat(second.status()).isEqualTo(LoadResult.FAILED);
        assertThat(second.message()).startsWith("Cannot load endpoint s_freeze: table s_freeze is frozen and 1 value of batch 1 need a schema change "
                + "(first: new field '/extra' needs a new column; the contract of table s_freeze is freeze)");
        assertThat(count("s_freeze")).isEqualTo(1);
        assertThat(layout("s_freeze")).containsExactly("id integer", "code text");
    }

    @Test
    void nestedObjectsAreFlattenedAndGrow() {
        load(merge("s_nested"), "[{\"id\":1,\"address\":{\"city\":\"Recife\"}}]");
        load(merge("s_nested"), "[{\"id\":2,\"address\":{\"city\":\"Natal\",\"geo\":{\"lat\":-5.79,\"deep\":{\"deeper\":{\"x\":1}}}}}]");

        assertThat(layout("s_nested")).containsExactly("id integer", "address__city text", "address__geo__lat numeric",
                "address__geo__deep__deeper jsonb");
        assertThat(strings("SELECT address__geo__deep__deeper::text FROM apiload.s_nested WHERE id = 2")).containsExactly("{\"x\": 1}");
    }

    @Test
    void arraysBecomeChildTables() {
        LoadResult result = load(merge("s_orders"), "[{\"id\":1,\"items\":[{\"sku\":\"A\",\"qty\":2},{\"sku\":\"B\",\"qty\":1}],\"tags\":[\"x\",\"y\",\"z\"]}]");

        assertThat(layout("s_orders")).containsExactly("id integer");
        assertThat(layout("s_orders__items")).containsExactly("sku text", "qty integer");
        assertThat(layout("s_orders__tags")).containsExactly("value text");
        assertThat(strings("SELECT i._lagoa_list_idx || ':' || i.sku FROM apiload.s_orders__items i JOIN apiload.s_orders o "
                + "ON o._lagoa_id = i._lagoa_parent_id ORDER BY 1")).containsExactly("0:A", "1:B");
        assertThat(result.childRowsLoaded()).isEqualTo(5);

        // A merge replaces the children of the records it loads again.
        load(merge("s_orders"), "[{\"id\":1,\"items\":[{\"sku\":\"C\",\"qty\":9}],\"tags\":[]}]");
        assertThat(strings("SELECT sku FROM apiload.s_orders__items")).containsExactly("C");
        assertThat(count("s_orders__tags")).isZero();
    }

    @Test
    void nullAndAbsentBothLoadAsNull() {
        load(merge("s_null"), "[{\"id\":1,\"note\":null},{\"id\":2},{\"id\":3,\"note\":\"x\"}]");

        assertThat(layout("s_null")).containsExactly("id integer", "note text");
        assertThat(strings("SELECT coalesce(note, 'NULL') FROM apiload.s_null ORDER BY id")).containsExactly("NULL", "NULL", "x");
    }

    @Test
    void unicodeEmojiCaseOnlyLongKeywordAndQuoteKeys() {
        String longKey = "campo_".repeat(33) + "xy";
        load(merge("s_keys"), "[{\"id\":1,\"preço médio\":2.5,\"🎉\":true,\"Name\":\"upper\",\"name\":\"lower\",\"" + longKey + "\":\"long\","
                + "\"select\":\"keyword\",\"a\\\"; DROP TABLE apiload.s_keys; --\":\"quoted\"}]");

        List<String> columns = layout("s_keys");
        assertThat(columns).hasSize(8);
        assertThat(columns.subList(0, 5)).containsExactly("id integer", "preco_medio numeric",
                "field_" + dev.lagoa.apiload.schema.Identifiers.sha256("🎉").substring(0, 8) + " boolean", "name text", "name_2 text");
        assertThat(columns.get(5)).matches("(campo_){9}_[0-9a-f]{8} text");
        assertThat(columns.get(5).split(" ")[0]).hasSize(63);
        assertThat(columns.subList(6, 8)).containsExactly("select text", "a_drop_table_apiload_s_keys text");
        assertThat(strings("SELECT name || '/' || name_2 || '/' || \"select\" || '/' || a_drop_table_apiload_s_keys FROM apiload.s_keys"))
                .containsExactly("upper/lower/keyword/quoted");
    }

    @Test
    void columnsNamedUnlikeTheirFieldKeepTheSourceKeyInTheirComment() {
        // GitHub's reactions: +1 and -1 both normalise to reactions___1; a key with a quote and a backslash comes from the data too
        load(merge("s_reactions"), "[{\"id\":1,\"title\":\"t\",\"reactions\":{\"+1\":3,\"-1\":1},\"it's\\\\\":true}]");

        assertThat(layout("s_reactions")).containsExactly("id integer", "title text", "reactions___1 integer", "reactions___1_2 integer", "it_s boolean");
        assertThat(strings("SELECT a.attname || ' = ' || coalesce(col_description(a.attrelid, a.attnum), '-') FROM pg_attribute a "
                + "WHERE a.attrelid = 'apiload.s_reactions'::regclass AND a.attnum > 0 AND a.attname NOT LIKE '\\_lagoa\\_%' ORDER BY a.attnum"))
                .containsExactly("id = -", "title = -", "reactions___1 = source field: /reactions/+1", "reactions___1_2 = source field: /reactions/-1",
                        "it_s = source field: /it's\\");
    }

    @Test
    void hugeNumbersAreKeptExactly() {
        load(merge("s_huge"), "[{\"id\":1,\"big\":123456789012345678901234567890,\"tiny\":0.000000000000000000000000001,\"n\":1e400}]");

        assertThat(layout("s_huge")).containsExactly("id integer", "big numeric", "tiny numeric", "n numeric");
        assertThat(strings("SELECT big::text || ' ' || tiny::text || ' ' || (n = 1e400)::text FROM apiload.s_huge"))
                .containsExactly("123456789012345678901234567890 0.000000000000000000000000001 true");
    }

    @Test
    void duplicatePrimaryKeysInOneLoadKeepTheLastRecord() {
        LoadResult result = load(merge("s_dup"), "[{\"id\":1,\"v\":\"first\"},{\"id\":2,\"v\":\"other\"}]", "[{\"id\":1,\"v\":\"last\"}]");

        assertThat(count("s_dup")).isEqualTo(2);
        assertThat(strings("SELECT v FROM apiload.s_dup ORDER BY id")).containsExactly("last", "other");
        assertThat(result.rowsDeduplicated()).isEqualTo(1);
    }

    @Test
    void emptyPageLoadsNothing() {
        LoadResult result = load(merge("s_empty"), "[]");

        assertThat(result.status()).isEqualTo(LoadResult.COMPLETED);
        assertThat(result.rowsRead()).isZero();
        assertThat(layout("s_empty")).isEmpty();
    }

    @Test
    void malformedBodyIsRejectedAndTheOtherPagesLoad() throws IOException {
        LoadResult result = load(merge("s_malformed"), "{\"id\": 1, oops", "[{\"id\":2},\"not an object\"]");

        assertThat(count("s_malformed")).isEqualTo(1);
        assertThat(result.rejectsByReason()).containsOnly(Map.entry("malformed_json", 1L), Map.entry("not_an_object", 1L));
        List<JsonNode> rejects = rejects(result);
        assertThat(rejects.get(0).get("raw_value").asText()).isEqualTo("{\"id\": 1, oops");
        assertThat(rejects.get(0).get("source").asText()).matches("s3://lagoa-apiload/raw/api/s_malformed/date=\\d{4}-\\d{2}-\\d{2}/\\d{9}-00001\\.json");
        // Every response was archived raw before it was parsed.
        assertThat(objects("raw/api/s_malformed/")).hasSize(2);
        assertThat(objects("errors/s_malformed/")).anyMatch(key -> key.endsWith(result.loadId() + "-log.json"));
    }

    @Test
    void rowsThePostgresRefusesAreFoundByBisection() throws IOException {
        StringBuilder page = new StringBuilder("[");
        for (int i = 1; i <= 20; i++) {
            page.append(i == 1 ? "" : ",").append("{\"id\":").append(i).append(",\"v\":\"").append(i == 7 || i == 15 ? "bad\\u0000" : "ok").append("\"}");
        }
        LoadResult result = load(merge("s_bisect"), page.append("]").toString());

        assertThat(count("s_bisect")).isEqualTo(18);
        assertThat(result.rowsRejected()).isEqualTo(2);
        assertThat(result.rejectsByReason()).containsExactly(Map.entry("database", 2L));
        assertThat(rejects(result)).extracting(reject -> reject.get("raw_value").get("id").asInt()).containsExactly(7, 15);
        assertThat(rejects(result).get(0).get("detail").asText()).startsWith("PostgreSQL refused the row: invalid byte sequence for encoding \"UTF8\": 0x00");
    }

    @Test
    void reRunningTheSameDataIsANoOp() {
        EndpointDefinition endpoint = EndpointDefinition.of("s_rerun", "http://127.0.0.1/unused", WriteDisposition.APPEND, List.of());
        load(endpoint, "[{\"v\":1},{\"v\":2}]");
        LoadResult again = load(endpoint, "[{\"v\":1},{\"v\":2}]");

        assertThat(again.status()).isEqualTo(LoadResult.SKIPPED);
        assertThat(count("s_rerun")).isEqualTo(2);
    }

    @Test
    void replaceKeepsOnlyTheLastLoad() {
        EndpointDefinition endpoint = EndpointDefinition.of("s_replace", "http://127.0.0.1/unused", WriteDisposition.REPLACE, List.of());
        load(endpoint, "[{\"v\":1},{\"v\":2},{\"v\":3}]");
        load(endpoint, "[{\"v\":4},{\"v\":5}]");

        assertThat(strings("SELECT v::text FROM apiload.s_replace ORDER BY v")).containsExactly("4", "5");
    }

    @Test
    void aLoadKilledHalfWayAndRunAgainLeavesEachRecordOnce() {
        EndpointDefinition endpoint = EndpointDefinition.of("s_killed", "http://127.0.0.1/unused", WriteDisposition.APPEND, List.of());
        ApiLoadConfig small = ApiLoadConfig.defaults().withBatchSize(2);
        String page = "[{\"v\":1},{\"v\":2},{\"v\":3},{\"v\":4},{\"v\":5}]";
        ApiLoader dying = loader(small).withBatchListener((name, loadId, batch) -> {
            if (batch == 2) {
                throw new IllegalStateException("killed after batch 2");
            }
        });
        assertThatThrownBy(() -> load(dying, endpoint, page)).isInstanceOf(IllegalStateException.class).hasMessage("killed after batch 2");
        assertThat(count("s_killed")).isEqualTo(4);

        LoadResult again = load(loader(small), endpoint, page);

        assertThat(again.status()).isEqualTo(LoadResult.COMPLETED);
        assertThat(strings("SELECT v::text FROM apiload.s_killed ORDER BY v")).containsExactly("1", "2", "3", "4", "5");
        assertThat(strings("SELECT status || ' ' || coalesce(message, '') FROM apiload._lagoa_loads WHERE endpoint = 's_killed' ORDER BY started_at"))
                .containsExactly("abandoned did not finish; found by load " + again.loadId() + ", which removed its 4 partial rows",
                        "completed 5 records read, 5 loaded, 0 rejected");
    }

    @Test
    void aMergeKilledHalfWayAndRunAgainLeavesEachRecordOnce() {
        EndpointDefinition endpoint = merge("s_killed_merge");
        ApiLoadConfig small = ApiLoadConfig.defaults().withBatchSize(2);
        String page = "[{\"id\":1,\"items\":[1,2]},{\"id\":2},{\"id\":3,\"items\":[3]},{\"id\":4},{\"id\":5}]";
        ApiLoader dying = loader(small).withBatchListener((name, loadId, batch) -> {
            if (batch == 2) {
                throw new IllegalStateException("killed");
            }
        });
        assertThatThrownBy(() -> load(dying, endpoint, page)).isInstanceOf(IllegalStateException.class);

        load(loader(small), endpoint, page);

        assertThat(strings("SELECT id::text FROM apiload.s_killed_merge ORDER BY id")).containsExactly("1", "2", "3", "4", "5");
        assertThat(strings("SELECT value::text FROM apiload.s_killed_merge__items ORDER BY value")).containsExactly("1", "2", "3");
    }

    @Test
    void metricsAreStoredWithTheLoad() {
        LoadResult result = load(merge("s_metrics"), "[{\"id\":1,\"a\":1},{\"id\":2,\"a\":2}]");

        assertThat(result.phaseSeconds()).containsOnlyKeys("extract", "normalize", "write");
        assertThat(strings("SELECT (metrics->>'rowsLoaded') || ' ' || rows_read FROM apiload._lagoa_loads WHERE load_id = '" + result.loadId() + "'"))
                .containsExactly("2 2");
    }

    @Test
    void runsAndSchemaHistoryTellTheStoryOfTheLoads() {
        LoadResult first = load(merge("s_history"), "[{\"id\":1,\"age\":30}]");
        LoadResult second = load(merge("s_history"), "[{\"id\":2,\"age\":\"thirty\",\"email\":\"b@example.com\"}]");
        LoadResult skipped = load(merge("s_history"), "[{\"id\":2,\"age\":\"thirty\",\"email\":\"b@example.com\"}]");

        List<LoadRun> runs = loader().runs(java.util.Optional.of("s_history"), 10);
        assertThat(runs).extracting(LoadRun::loadId).containsExactly(skipped.loadId(), second.loadId(), first.loadId());
        assertThat(runs).extracting(LoadRun::status).containsExactly("skipped", "completed", "completed");
        LoadRun evolved = runs.get(1);
        assertThat(evolved.rowsRead()).isEqualTo(1);
        assertThat(evolved.rowsLoaded()).isEqualTo(1);
        assertThat(evolved.finishedAt()).isPresent();
        assertThat(evolved.metrics()).hasValueSatisfying(metrics -> {
            assertThat(metrics.schemaChanges()).extracting(SchemaChange::kind)
                    .containsExactlyInAnyOrder(SchemaChange.Kind.WIDEN_COLUMN, SchemaChange.Kind.ADD_COLUMN);
            assertThat(metrics.phaseSeconds()).containsOnlyKeys("extract", "normalize", "write");
            assertThat(metrics.errorType()).isEmpty();
        });
        assertThat(loader().runs(java.util.Optional.of("s_nothing_loaded"), 10)).isEmpty();
        assertThat(loader().runs(java.util.Optional.empty(), 2)).hasSize(2);

        List<AppliedChange> history = loader().schemaHistory("s_history");
        assertThat(history).extracting(change -> change.change().kind(), change -> change.change().column(), AppliedChange::loadId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(SchemaChange.Kind.CREATE_TABLE, "", first.loadId()),
                        org.assertj.core.groups.Tuple.tuple(SchemaChange.Kind.ADD_COLUMN, "email", second.loadId()),
                        org.assertj.core.groups.Tuple.tuple(SchemaChange.Kind.WIDEN_COLUMN, "age", second.loadId()));
        assertThat(history.get(2).change().ddl()).startsWith("ALTER TABLE \"apiload\".\"s_history\" ALTER COLUMN \"age\" TYPE text");
    }

    @Test
    void aSourceThatFailsIsARetriableFailure() {
        LoadResult result = loader().run(merge("s_source_down"), (definition, cursor, sink) -> {
            throw new dev.lagoa.core.LagoaException(ApiLoadErrorCode.SOURCE_ERROR, "GET http://127.0.0.1/x answered 503 after 3 retries");
        });

        assertThat(result.isFailed()).isTrue();
        assertThat(result.errorType()).isEqualTo("EXTERNAL");
        assertThat(result.isRetriable()).isTrue();
        assertThat(result.message()).isEqualTo("GET http://127.0.0.1/x answered 503 after 3 retries");
    }

    @Test
    void aSourceThatFailsAfterEightPagesReportsTheEightPagesFetched() {
        LoadResult result = loader().run(merge("s_source_breaks"), (definition, cursor, sink) -> {
            for (int page = 1; page <= 8; page++) {
                sink.accept(("[{\"id\":" + page + "}]").getBytes(StandardCharsets.UTF_8));
            }
            throw new dev.lagoa.core.LagoaException(ApiLoadErrorCode.SOURCE_ERROR, "GET http://127.0.0.1/x?page=9 answered 503 after 3 retries");
        });

        assertThat(result.isFailed()).isTrue();
        // the 8 pages are archived, not parsed: no record was read from them
        assertThat(result.pages()).isEqualTo(8);
        assertThat(result.rowsRead()).isZero();
        assertThat(result.message()).isEqualTo("GET http://127.0.0.1/x?page=9 answered 503 after 3 retries; the 8 pages fetched before it are "
                + "archived in the lake, not loaded");
        assertThat(loader().runs(Optional.of("s_source_breaks"), 1)).singleElement()
                .satisfies(run -> assertThat(run.metrics().orElseThrow().pages()).isEqualTo(8));
    }

    @Test
    void aLoadThatFailsWhileWritingReportsThePagesFetchedAndTheRecordsRead() {
        ApiLoadConfig small = ApiLoadConfig.defaults().withBatchSize(2);
        EndpointDefinition frozen = endpoint("s_failed_counts", WriteDisposition.APPEND, List.of()).withContract(Contract.FREEZE);
        load(loader(small), frozen, "[{\"v\":0}]");

        LoadResult failed = load(loader(small), frozen, "[{\"v\":1},{\"v\":2}]", "[{\"v\":3,\"extra\":1},{\"v\":4}]", "[{\"v\":5}]");

        assertThat(failed.isFailed()).isTrue();
        assertThat(failed.pages()).isEqualTo(3);
        // batch 1 (v 1, 2) was written, batch 2 (v 3, 4) refused: 4 records read, the fifth never reached
        assertThat(failed.rowsRead()).isEqualTo(4);
    }

    private static EndpointDefinition endpoint(String name, WriteDisposition write, List<String> primaryKey) {
        return EndpointDefinition.of(name, "http://127.0.0.1/unused", write, primaryKey);
    }

    /** Issue 14 item 1: a load that fails in its second batch leaves nothing behind, and its rerun loads each record once. */
    @Test
    void aLoadThatFailsInItsSecondBatchKeepsNothingAndItsRerunLoadsEachRecordOnce() {
        ApiLoadConfig small = ApiLoadConfig.defaults().withBatchSize(2);
        String page = "[{\"v\":1},{\"v\":2},{\"v\":3,\"extra\":1},{\"v\":4}]";
        EndpointDefinition frozen = endpoint("s_failed_append", WriteDisposition.APPEND, List.of()).withContract(Contract.FREEZE);
        load(loader(small), frozen, "[{\"v\":0}]");

        LoadResult failed = load(loader(small), frozen, page);

        assertThat(failed.status()).isEqualTo(LoadResult.FAILED);
        assertThat(failed.message()).contains("batch 2").contains("the 2 rows its earlier batches had written were removed");
        assertThat(strings("SELECT v::text FROM apiload.s_failed_append ORDER BY v")).containsExactly("0");

        LoadResult again = load(loader(small), frozen.withContract(Contract.EVOLVE), page);

        assertThat(again.status()).isEqualTo(LoadResult.COMPLETED);
        assertThat(strings("SELECT v::text FROM apiload.s_failed_append ORDER BY v")).containsExactly("0", "1", "2", "3", "4");
    }

    @Test
    void aReplaceThatFailsInItsSecondBatchKeepsTheEarlierRowsAloneAndItsRerunReplacesThem() {
        ApiLoadConfig small = ApiLoadConfig.defaults().withBatchSize(2);
        String page = "[{\"v\":1},{\"v\":2},{\"v\":3,\"extra\":1},{\"v\":4}]";
        EndpointDefinition frozen = endpoint("s_failed_replace", WriteDisposition.REPLACE, List.of()).withContract(Contract.FREEZE);
        load(loader(small), frozen, "[{\"v\":0}]");

        LoadResult failed = load(loader(small), frozen, page);

        assertThat(failed.status()).isEqualTo(LoadResult.FAILED);
        assertThat(strings("SELECT v::text FROM apiload.s_failed_replace ORDER BY v")).containsExactly("0");

        load(loader(small), frozen.withContract(Contract.EVOLVE), page);

        assertThat(strings("SELECT v::text FROM apiload.s_failed_replace ORDER BY v")).containsExactly("1", "2", "3", "4");
    }

    /** Issue 14 item 2: the same data as the LATEST load is skipped; data an earlier load had (reverted upstream) is loaded. */
    @Test
    void dataRevertedUpstreamIsLoadedAgain() {
        EndpointDefinition endpoint = merge("s_reverted");
        String a = "[{\"id\":1,\"v\":1}]";
        load(endpoint, a);
        load(endpoint, "[{\"id\":1,\"v\":2}]");

        LoadResult reverted = load(endpoint, a);
        LoadResult same = load(endpoint, a);

        assertThat(reverted.status()).isEqualTo(LoadResult.COMPLETED);
        assertThat(strings("SELECT v::text FROM apiload.s_reverted")).containsExactly("1");
        assertThat(same.status()).isEqualTo(LoadResult.SKIPPED);
    }

    @Test
    void theSameDataUnderAChangedConfigurationIsLoadedAgain() {
        String page = "[{\"id\":1,\"address\":{\"city\":\"Recife\"}}]";
        load(merge("s_reconfigured"), page);

        LoadResult asJsonb = load(merge("s_reconfigured").withNesting(3, Set.of("address")), page);

        assertThat(asJsonb.status()).isEqualTo(LoadResult.COMPLETED);
        assertThat(layout("s_reconfigured")).containsExactly("id integer", "address__city text", "address jsonb");
        assertThat(load(merge("s_reconfigured").withNesting(3, Set.of("address")), page).status()).isEqualTo(LoadResult.SKIPPED);
        assertThat(load(merge("s_reconfigured").withContract(Contract.FREEZE).withNesting(3, Set.of("address")), page).status())
                .isEqualTo(LoadResult.COMPLETED);
    }

    /** A load stored by an earlier version has a fingerprint of the responses alone: the same data is still recognised, not appended again. */
    @Test
    void theSameDataAsALoadStoredBeforeConfigurationsWereFingerprintedIsSkipped() throws Exception {
        EndpointDefinition endpoint = endpoint("s_legacy_fingerprint", WriteDisposition.APPEND, List.of());
        String page = "[{\"v\":1},{\"v\":2}]";
        LoadResult first = load(endpoint, page);
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        digest.update(page.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        String legacy = java.util.HexFormat.of().formatHex(digest.digest());
        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE apiload._lagoa_loads SET fingerprint = '" + legacy + "' WHERE load_id = '" + first.loadId() + "'");
            connection.commit();
        }

        LoadResult again = load(endpoint, page);

        assertThat(again.status()).isEqualTo(LoadResult.SKIPPED);
        assertThat(count("s_legacy_fingerprint")).isEqualTo(2);
    }

    /** Issue 14 item 8: the endpoint is free again the moment a load returns, whatever PostgreSQL does with the closed session. */
    @Test
    void loadsOfOneEndpointOneAfterTheOtherNeverMeetTheirOwnLock() {
        EndpointDefinition endpoint = merge("s_back_to_back");
        for (int i = 0; i < 10; i++) {
            LoadResult result = load(endpoint, "[{\"id\":1,\"v\":" + i + "}]");
            assertThat(result.status()).as("load %d: %s", i, result.message()).isEqualTo(LoadResult.COMPLETED);
        }
    }

    /** Issue 14 items 7 and 16: an object keyed by dates grows no column past the budget; the rest is kept whole, every load completes. */
    @Test
    void anObjectKeyedBy1700DatesStaysWithinTheColumnBudget() {
        EndpointDefinition endpoint = merge("s_wide");
        for (int round = 0; round < 2; round++) {
            StringBuilder daily = new StringBuilder();
            for (int day = 0; day < 1700; day++) {
                daily.append(day == 0 ? "" : ",").append("\"").append(java.time.LocalDate.of(2000, 1, 1).plusDays(round * 1700L + day))
                        .append("\":").append(day);
            }
            LoadResult result = load(endpoint, "[{\"id\":" + (round + 1) + ",\"name\":\"n" + round + "\",\"daily\":{" + daily + "}}]");

            assertThat(result.status()).as(result.message()).isEqualTo(LoadResult.COMPLETED);
            assertThat(result.rowsLoaded()).isEqualTo(1);
        }
        int budget = ApiLoadConfig.defaults().maxColumns();
        assertThat(layout("s_wide")).hasSize(budget).startsWith("id integer", "name text");
        assertThat(strings("SELECT data_type FROM information_schema.columns WHERE table_schema = 'apiload' AND table_name = 's_wide' "
                + "AND column_name = '_lagoa_extra'")).containsExactly("jsonb");
        // Every value is kept: in its column, or in _lagoa_extra under its path (the record's shape).
        assertThat(strings("SELECT (SELECT count(*) FROM jsonb_object_keys(_lagoa_extra->'daily'))::text FROM apiload.s_wide ORDER BY id"))
                .containsExactly(String.valueOf(1700 - (budget - 2)), "1700");
        String lastOfFirst = java.time.LocalDate.of(2000, 1, 1).plusDays(1699).toString();
        String firstOfSecond = java.time.LocalDate.of(2000, 1, 1).plusDays(1700).toString();
        assertThat(strings("SELECT _lagoa_extra->'daily'->>'" + lastOfFirst + "' FROM apiload.s_wide WHERE id = 1")).containsExactly("1699");
        assertThat(strings("SELECT _lagoa_extra->'daily'->>'" + firstOfSecond + "' FROM apiload.s_wide WHERE id = 2")).containsExactly("0");
        assertThat(strings("SELECT daily___2000_01_01::text FROM apiload.s_wide ORDER BY id")).containsExactly("0", null);
    }

    /** Issue 14 item 16: GitHub's webhook examples, 60 event types of wide nested objects, load at the default max-nesting. */
    @Test
    void githubWebhookPayloadsOfEveryEventTypeLoadIntoOneTable() throws IOException {
        List<String> pages = new ArrayList<>();
        try (var files = Files.list(Path.of("src/test/resources/github-webhooks"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                pages.add(Files.readString(file));
            }
        }
        assertThat(pages).hasSize(60);
        EndpointDefinition endpoint = endpoint("s_github", WriteDisposition.APPEND, List.of());

        LoadResult result = load(endpoint, pages.toArray(String[]::new));

        assertThat(result.status()).as(result.message()).isEqualTo(LoadResult.COMPLETED);
        assertThat(result.rowsRead()).isEqualTo(60);
        assertThat(result.rowsLoaded()).isEqualTo(60);
        assertThat(result.rowsRejected()).isZero();
        assertThat(count("s_github")).isEqualTo(60);
        assertThat(layout("s_github").size()).isLessThanOrEqualTo(ApiLoadConfig.defaults().maxColumns());
        // A field that found no column is still there, in _lagoa_extra, under its path.
        assertThat(strings("SELECT count(*) FROM apiload.s_github WHERE _lagoa_extra IS NOT NULL").get(0)).isNotEqualTo("0");
        LoadResult again = load(endpoint.withContract(Contract.EVOLVE), pages.subList(0, 30).toArray(String[]::new));
        assertThat(again.status()).as(again.message()).isEqualTo(LoadResult.COMPLETED);
    }

    /** Issue 14 item 17: every record read is loaded, rejected or deduplicated, and the three add up, in every write mode. */
    @Test
    void everyRecordReadIsLoadedRejectedOrDeduplicatedInEveryWriteMode() {
        String page = "[{\"id\":1,\"v\":\"a\"},{\"id\":2,\"v\":\"b\"},{\"id\":1,\"v\":\"c\"},{\"v\":\"no key\"},{\"id\":2,\"v\":\"d\"},"
                + "{\"id\":1,\"v\":\"e\"},\"not an object\"]";
        Map<WriteDisposition, List<Long>> expected = Map.of(
                WriteDisposition.APPEND, List.of(7L, 5L, 2L, 0L),
                WriteDisposition.REPLACE, List.of(7L, 5L, 2L, 0L),
                WriteDisposition.MERGE, List.of(7L, 2L, 2L, 3L));
        for (WriteDisposition write : WriteDisposition.values()) {
            String name = "s_counts_" + write.configName();
            LoadResult result = load(endpoint(name, write, List.of("id")), page);

            assertThat(List.of(result.rowsRead(), result.rowsLoaded(), result.rowsRejected(), result.rowsDeduplicated())).as(write.configName())
                    .isEqualTo(expected.get(write));
            assertThat(result.rowsLoaded() + result.rowsRejected() + result.rowsDeduplicated()).isEqualTo(result.rowsRead());
            assertThat(count(name)).isEqualTo(result.rowsLoaded());
        }
        assertThat(strings("SELECT v FROM apiload.s_counts_append ORDER BY v")).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void anAppendWithAPrimaryKeyKeepsTheChildrenOfEachRecordApart() {
        load(endpoint("s_append_children", WriteDisposition.APPEND, List.of("id")),
                "[{\"id\":1,\"tags\":[\"a\"]},{\"id\":1,\"tags\":[\"b\",\"c\"]}]");

        assertThat(strings("SELECT string_agg(t.value, '' ORDER BY t._lagoa_list_idx) FROM apiload.s_append_children r "
                + "JOIN apiload.s_append_children__tags t ON t._lagoa_parent_id = r._lagoa_id GROUP BY r._lagoa_id ORDER BY 1"))
                .containsExactly("a", "bc");
    }

    /** Issue 14 item 13: the keys 1 and 1.0 are the same number, so one record. */
    @Test
    void numericKeysAreComparedAsNumbers() {
        LoadResult result = load(merge("s_numeric_keys"), "[{\"id\":1,\"v\":\"a\"},{\"id\":1.0,\"v\":\"b\"},{\"id\":1e0,\"v\":\"c\"}]");
        load(merge("s_numeric_keys"), "[{\"id\":1.00,\"v\":\"d\"},{\"id\":10,\"v\":\"e\"}]");

        assertThat(result.rowsDeduplicated()).isEqualTo(2);
        assertThat(strings("SELECT v FROM apiload.s_numeric_keys ORDER BY v")).containsExactly("d", "e");
    }

    /** The key's id is worked out where a record is read; a record without a usable key is rejected, naming the field. */
    @Test
    void recordsWithoutAUsablePrimaryKeyAreRejectedNamingTheField() throws IOException {
        LoadResult result = load(endpoint("s_unusable_keys", WriteDisposition.APPEND, List.of("id", "loja")), "[{\"id\":1,\"loja\":\"a\"},"
                + "{\"loja\":\"b\"},{\"id\":null,\"loja\":\"c\"},{\"id\":{\"x\":1},\"loja\":\"d\"},{\"id\":5,\"loja\":[1]},{\"id\":6,\"loja\":\"f\"}]");

        assertThat(strings("SELECT loja FROM apiload.s_unusable_keys ORDER BY loja")).containsExactly("a", "f");
        assertThat(result.rowsRejected()).isEqualTo(4);
        assertThat(result.rejectsByReason()).containsExactly(Map.entry("missing_primary_key", 4L));
        assertThat(rejects(result)).extracting(reject -> reject.get("field").asText() + ": " + reject.get("detail").asText()).containsExactly(
                "/id: primary key field 'id' is missing or null",
                "/id: primary key field 'id' is missing or null",
                "/id: primary key field 'id' is not a scalar",
                "/loja: primary key field 'loja' is not a scalar");
    }

    @Test
    void anEndpointCannotWriteIntoAnotherEndpointsTable() {
        load(merge("s-clash"), "[{\"id\":1}]");

        LoadResult other = load(merge("s_clash"), "[{\"id\":2}]");

        assertThat(other.status()).isEqualTo(LoadResult.FAILED);
        assertThat(other.message()).isEqualTo("Cannot load endpoint s_clash: its table s_clash belongs to endpoint s-clash; rename one of them");
        assertThat(count("s_clash")).isEqualTo(1);
    }

    /** Issue 14 item 17: an array element refused is counted with the values rejected, since its record loads without it. */
    @Test
    void anArrayElementRefusedIsAValueRejectedAndTheCountsAddUp() {
        EndpointDefinition endpoint = merge("s_child_reject").withContract(Contract.DISCARD_ROW);
        load(endpoint, "[{\"id\":1,\"items\":[{\"n\":1,\"s\":\"ok\"}]}]");

        LoadResult result = load(endpoint, "[{\"id\":2,\"items\":[{\"n\":\"x\"},{\"n\":2}]},{\"id\":3,\"items\":[{\"n\":3,\"s\":\"bad\\u0000\"}]}]");

        assertThat(result.rowsRead()).isEqualTo(2);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(result.rowsRejected()).isZero();
        assertThat(result.valuesRejected()).isEqualTo(2);
        assertThat(result.rejectsByReason()).containsOnly(Map.entry("contract_discard_row", 1L), Map.entry("database", 1L));
        assertThat(strings("SELECT n::text FROM apiload.s_child_reject__items ORDER BY n")).containsExactly("1", "2");
    }

    /** A row whose short values PostgreSQL cannot fit in one page is rejected with PostgreSQL's reason; the others load. */
    @Test
    void aRowTooBigForAPageIsRejectedAndTheOthersLoad() {
        StringBuilder wide = new StringBuilder("{\"id\":1");
        for (int i = 0; i < 1200; i++) {
            wide.append(",\"f").append(i).append("\":\"abcdefgh\"");
        }
        LoadResult result = load(loader(ApiLoadConfig.defaults().withMaxColumns(1500)), merge("s_too_big"),
                "[" + wide + "},{\"id\":2,\"f0\":\"small\"}]");

        assertThat(result.status()).as(result.message()).isEqualTo(LoadResult.COMPLETED);
        assertThat(result.rowsLoaded()).isEqualTo(1);
        assertThat(result.rejectsByReason()).containsExactly(Map.entry("database", 1L));
        assertThat(strings("SELECT id::text FROM apiload.s_too_big")).containsExactly("2");
    }

    private static List<String> objects(String prefix) {
        List<String> keys = new ArrayList<>();
        for (ObjectSummary summary : lake.listAll(BUCKET, prefix)) {
            keys.add(summary.key().value());
        }
        return keys;
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

    static Set<String> unused() {
        return Set.of();
    }
}
