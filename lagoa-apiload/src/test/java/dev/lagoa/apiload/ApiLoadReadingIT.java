package dev.lagoa.apiload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.apiload.postgres.Database;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.PutOptions;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.Workspace;
import dev.lagoa.local.services.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How the API load reads its pages: JSON Lines files in the lake line by line (a bad line is rejected alone, with its
 * line number and its whole text), text that is not valid Unicode rejected with its reason rather than altered, and a
 * JSON array that breaks half-way loading the records before the break and saying where it broke.
 */
class ApiLoadReadingIT {
    private static final BucketName ARCHIVE = BucketName.of("lagoa-apiload");
    private static final BucketName LANDING = BucketName.of("reading-landing");
    private static EmbeddedPostgres postgres;
    private static LocalObjectStore lake;
    private static Database database;

    @BeforeAll
    static void startPostgres() throws IOException {
        Workspace workspace = Workspace.open(Files.createTempDirectory("lagoa-apiload-reading-it"));
        int port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = socket.getLocalPort();
        }
        postgres = EmbeddedPostgres.start(workspace, new ServicesConfig(1, 2, 3, "", "", Duration.ofSeconds(60), "256m", port));
        lake = new LocalObjectStore(workspace);
        lake.createBucket(LANDING);
        database = new Database(postgres.connection());
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static ApiLoader loader() {
        return new ApiLoader(ApiLoadConfig.defaults(), database, lake, Clock.system(ZoneId.of("America/Sao_Paulo")));
    }

    private static EndpointDefinition merge(String name) {
        return EndpointDefinition.of(name, "http://127.0.0.1/unused", WriteDisposition.MERGE, List.of("id"));
    }

    /** Puts {@code content} in the landing bucket under {@code <endpoint>/<file>} and loads that prefix. */
    private static LoadResult loadFromLake(EndpointDefinition endpoint, String file, byte[] content) {
        lake.put(LANDING, ObjectKey.of(endpoint.name() + "/" + file), content, PutOptions.DEFAULT);
        return loader().loadFromLake(endpoint, LANDING, endpoint.name() + "/");
    }

    private static LoadResult load(EndpointDefinition endpoint, byte[] page) {
        return loader().run(endpoint, (definition, cursor, sink) -> sink.accept(page));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBadJsonLineIsRejectedAloneWithItsLineNumberAndTheOthersLoad() throws IOException {
        String bad = "{\"id\":3,\"name\":\"Caio\"";
        LoadResult result = loadFromLake(merge("r_lines"), "day.jsonl", utf8("""
                {"id":1,"name":"Ana"}
                {"id":2,"name":"Bia"}
                %s

                {"id":4,"name":"Davi"}
                {"id":5,"name":"Eva"}
                """.formatted(bad)));

        assertThat(ids("r_lines")).containsExactly("1", "2", "4", "5");
        assertThat(result.rowsRead()).isEqualTo(5);
        assertThat(result.rowsLoaded()).isEqualTo(4);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertThat(result.rejectsByReason()).containsExactly(Map.entry("malformed_json", 1L));
        JsonNode reject = rejects(result).get(0);
        assertThat(reject.get("detail").asText()).startsWith("line 3 is not JSON: ");
        assertThat(reject.get("raw_value").asText()).isEqualTo(bad);
        assertThat(reject.get("source").asText()).isEqualTo("s3://reading-landing/r_lines/day.jsonl");
    }

    @Test
    void aLongBadJsonLineIsKeptWholeInItsReject() throws IOException {
        // 150,000 characters: more than the 100,000 a malformed page's raw copy used to be cut at.
        String bad = "{\"id\":2,\"text\":\"" + "x".repeat(150_000) + "\"";
        LoadResult result = loadFromLake(merge("r_long"), "day.jsonl", utf8("{\"id\":1}\n" + bad + "\n{\"id\":3}\n"));

        assertThat(ids("r_long")).containsExactly("1", "3");
        JsonNode reject = rejects(result).get(0);
        assertThat(reject.get("detail").asText()).startsWith("line 2 is not JSON: ");
        assertThat(reject.get("raw_value").asText()).isEqualTo(bad);
    }

    @Test
    void invalidUtf8InAJsonLineRejectsThatRecordWithTheOffendingByte() throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(utf8("{\"id\":1,\"name\":\"Ana\"}\n{\"id\":2,\"name\":\"Jo"));
        content.write(0xC3); // a lead byte followed by an ASCII byte: not UTF-8
        content.writeBytes(utf8("(o\"}\n{\"id\":3,\"name\":\"Caio\"}\n"));

        LoadResult result = loadFromLake(merge("r_utf8"), "day.jsonl", content.toByteArray());

        assertThat(ids("r_utf8")).containsExactly("1", "3");
        assertThat(result.rowsRead()).isEqualTo(3);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertThat(result.pagesRejected()).isZero();
        assertThat(result.rejectsByReason()).containsExactly(Map.entry("invalid_unicode", 1L));
        JsonNode reject = rejects(result).get(0);
        assertThat(reject.get("detail").asText()).isEqualTo("line 2 is not valid UTF-8: byte 0xc3 at offset 18 of the line is not part of a "
                + "valid sequence (raw_value shows it as U+FFFD; the exact bytes are in the source object)");
        assertThat(reject.get("raw_value").asText()).isEqualTo("{\"id\":2,\"name\":\"Jo\uFFFD(o\"}");
        assertThat(strings("SELECT count(*) FROM apiload.r_utf8 WHERE name LIKE '%\uFFFD%'")).containsExactly("0");
    }

    @Test
    void aLoneSurrogateInAJsonLineRejectsThatRecord() throws IOException {
        LoadResult result = loadFromLake(merge("r_surrogate"), "day.jsonl", utf8("""
                {"id":1,"name":"Ana"}
                {"id":2,"name":"a\\ud800b"}
                {"id":3,"name":"\\ud83d\\ude00"}
                """));

        assertThat(ids("r_surrogate")).containsExactly("1", "3");
        assertThat(strings("SELECT name FROM apiload.r_surrogate WHERE id = 3")).containsExactly("\uD83D\uDE00");
        assertThat(result.rejectsByReason()).containsExactly(Map.entry("invalid_unicode", 1L));
        JsonNode reject = rejects(result).get(0);
        assertThat(reject.get("detail").asText()).isEqualTo("line 2: the text at /name has a lone UTF-16 surrogate (\\ud800), which is not a "
                + "character and cannot be stored");
        assertThat(reject.get("field").asText()).isEqualTo("/name");
    }

    @Test
    void aLoneSurrogateInAJsonArrayRejectsThatRecord() throws IOException {
        LoadResult result = load(merge("r_surrogate_array"), utf8("[{\"id\":1,\"tags\":{\"a\\udc00\":true}},{\"id\":2}]"));

        assertThat(ids("r_surrogate_array")).containsExactly("2");
        assertThat(result.rejectsByReason()).containsExactly(Map.entry("invalid_unicode", 1L));
        assertThat(rejects(result).get(0).get("detail").asText()).isEqualTo("record 1: the field name at /tags has a lone UTF-16 surrogate "
                + "(\\udc00), which is not a character and cannot be stored");
    }

    @Test
    void aJsonArrayThatBreaksHalfWayLoadsTheRecordsBeforeTheBreakAndSaysWhere() throws IOException {
        LoadResult result = load(merge("r_array_break"), utf8("""
                [{"id":1},
                 {"id":2},
                 {"id":3 "oops"},
                 {"id":4}]"""));

        assertThat(ids("r_array_break")).containsExactly("1", "2");
        assertThat(result.rowsRead()).isEqualTo(2);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(result.rowsRejected()).as("the records after the break were never read").isZero();
        assertThat(result.pagesRejected()).isEqualTo(1);
        assertThat(result.rejectsByReason()).containsExactly(Map.entry("malformed_json", 1L));
        JsonNode reject = rejects(result).get(0);
        assertThat(reject.get("detail").asText()).isEqualTo("the response is not JSON at line 3, column 11 (byte 32): Unexpected character ('\"' (code 34)): was expecting "
                + "comma to separate Object entries; the 2 records before it were read, the rest of the response was not (the response is kept "
                + "whole in the source object; raw_value holds it from byte 23, at most 100000 characters)");
        assertThat(reject.get("raw_value").asText()).isEqualTo("{\"id\":3 \"oops\"},\n {\"id\":4}]");
    }

    @Test
    void aReplaceWhosePageBreaksHalfWayFailsAndKeepsTheEarlierRows() throws IOException {
        EndpointDefinition endpoint = EndpointDefinition.of("r_replace_break", "http://127.0.0.1/unused", WriteDisposition.REPLACE, List.of("id"));
        load(endpoint, utf8("[{\"id\":1},{\"id\":2},{\"id\":3}]"));

        // The second answer is cut after its first record: replacing with it would delete records 2 and 3 unread.
        LoadResult cut = load(endpoint, utf8("[{\"id\":1},{\"id\":2"));

        assertThat(cut.isFailed()).isTrue();
        assertThat(cut.errorType()).isEqualTo("USER");
        assertThat(cut.message()).isEqualTo("Endpoint r_replace_break: 1 page could not be read to its end (see the malformed_json rejects); "
                + "a replace would delete the records it holds, so the earlier rows are kept");
        assertThat(ids("r_replace_break")).containsExactly("1", "2", "3");
    }

    /**
     * Every record read is loaded, rejected or deduplicated, whatever the write mode: 9 lines, of which 5 cannot be
     * records (not JSON, not UTF-8, a lone surrogate, no primary key, not an object) and one repeats key 1.
     */
    @ParameterizedTest
    @EnumSource(WriteDisposition.class)
    void theRecordsOfJsonLinesAddUpInEveryWriteMode(WriteDisposition write) {
        EndpointDefinition endpoint = EndpointDefinition.of("r_add_up_" + write.configName(), "http://127.0.0.1/unused", write, List.of("id"));
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(utf8("""
                {"id":1,"v":"a"}
                {"id":2,"v":"b"}
                {"id":1,"v":"a again"}
                not json
                {"id":5,"v":"Jo"""));
        content.write(0xC3);
        content.writeBytes(utf8("""
                (o"}
                {"id":3,"v":"a\\ud800b"}
                {"v":"no id"}
                "a string"
                {"id":4,"v":"d"}
                """));

        LoadResult result = loadFromLake(endpoint, "day.jsonl", content.toByteArray());

        assertThat(result.status()).isEqualTo(LoadResult.COMPLETED);
        assertThat(result.rowsRead()).isEqualTo(9);
        assertThat(result.rowsRejected()).isEqualTo(5);
        assertThat(result.pagesRejected()).isZero();
        assertThat(result.rowsDeduplicated()).isEqualTo(write == WriteDisposition.MERGE ? 1 : 0);
        assertThat(result.rowsLoaded()).isEqualTo(write == WriteDisposition.MERGE ? 3 : 4);
        assertThat(result.rowsRead()).isEqualTo(result.rowsLoaded() + result.rowsRejected() + result.rowsDeduplicated());
    }

    /**
     * A page that cannot be read, or read only in part, is a rejected page: it counts apart from the records (which
     * still add up: the records read before a break are read, the ones after it never were) and the load has rejects.
     */
    @ParameterizedTest
    @EnumSource(value = WriteDisposition.class, names = {"APPEND", "MERGE"})
    void aPageThatCannotBeReadIsARejectedPageNotARejectedRecord(WriteDisposition write) {
        EndpointDefinition endpoint = EndpointDefinition.of("r_pages_" + write.configName(), "http://127.0.0.1/unused", write, List.of("id"))
                .withRecordsPath("/data");

        LoadResult result = loader().run(endpoint, (definition, cursor, sink) -> {
            sink.accept(utf8("{\"data\":[{\"id\":1},{\"id\":2},{\"id\":3 \"oops\"},{\"id\":4}]}"));
            sink.accept(utf8("{\"error\":\"rate limited\"}"));
            sink.accept(utf8("{\"id\": 1, oops"));
            sink.accept(utf8("{\"data\":[{\"id\":5}]}"));
        });

        assertThat(result.status()).isEqualTo(LoadResult.COMPLETED);
        assertThat(ids(endpoint.name())).containsExactly("1", "2", "5");
        assertThat(result.pages()).isEqualTo(4);
        assertThat(result.pagesRejected()).isEqualTo(3);
        assertThat(result.rowsRead()).isEqualTo(3);
        assertThat(result.rowsLoaded()).isEqualTo(3);
        assertThat(result.rowsRejected()).isZero();
        assertThat(result.rowsDeduplicated()).isZero();
        assertThat(result.rejectsByReason()).containsOnly(Map.entry("malformed_json", 2L), Map.entry("records_not_found", 1L));
        assertThat(result.hasRejects()).as("the exit status says so").isTrue();
        assertThat(result.message()).isEqualTo("3 records read, 3 loaded, 0 rejected; 3 of 4 pages rejected");
    }

    @Test
    void aReplaceWithAPageWithoutRecordsFailsAndKeepsTheEarlierRows() {
        EndpointDefinition endpoint = EndpointDefinition.of("r_replace_none", "http://127.0.0.1/unused", WriteDisposition.REPLACE, List.of("id"))
                .withRecordsPath("/data");
        load(endpoint, utf8("{\"data\":[{\"id\":1},{\"id\":2},{\"id\":3}]}"));

        // The second page is an error the API answered with 200: replacing with the first page alone would delete 2 and 3.
        LoadResult result = loader().run(endpoint, (definition, cursor, sink) -> {
            sink.accept(utf8("{\"data\":[{\"id\":1}]}"));
            sink.accept(utf8("{\"error\":\"rate limited\"}"));
        });

        assertThat(result.isFailed()).isTrue();
        assertThat(result.message()).isEqualTo("Endpoint r_replace_none: 1 page could not be read to its end (see the records_not_found rejects); "
                + "a replace would delete the records it holds, so the earlier rows are kept");
        assertThat(result.pagesRejected()).isEqualTo(1);
        assertThat(ids("r_replace_none")).containsExactly("1", "2", "3");
    }

    private static List<String> ids(String table) {
        return strings("SELECT id::text FROM apiload.\"" + table + "\" ORDER BY id");
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
            String key = file.substring(("s3://" + ARCHIVE + "/").length());
            for (String line : new String(lake.getBytes(ARCHIVE, ObjectKey.of(key)), StandardCharsets.UTF_8).split("\n")) {
                lines.add(ApiLoader.JSON.readTree(line));
            }
        }
        return lines;
    }
}
