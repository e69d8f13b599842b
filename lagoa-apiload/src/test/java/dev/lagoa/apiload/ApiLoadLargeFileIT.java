package dev.lagoa.apiload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.apiload.postgres.Database;
import dev.lagoa.core.config.PostgresConfig;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.PutOptions;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.Workspace;
import dev.lagoa.local.services.EmbeddedPostgres;
import java.io.BufferedWriter;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A JSON Lines file several times larger than the heap (128 MB, 3.8 times 32 MiB) loads whole: the load runs in a child JVM with a
 * {@value #HEAP_MB} MiB heap (the test's own JVM has the default one), reading the file from the lake of a workspace
 * whose PostgreSQL this test started. Before reading was streamed, the load ended in {@code OutOfMemoryError}.
 */
class ApiLoadLargeFileIT {
    static final int HEAP_MB = 32;
    /** The file of the report: 300,000 records of 20 flat fields, about 105 MB. */
    private static final int RECORDS = 300_000;
    private static final BucketName LANDING = BucketName.of("large-landing");
    private static final String ENDPOINT = "l_large";
    private static Path home;
    private static EmbeddedPostgres postgres;
    private static LocalObjectStore lake;

    @BeforeAll
    static void startPostgres() throws IOException {
        home = Files.createTempDirectory("lagoa-apiload-large-it");
        Workspace workspace = Workspace.open(home);
        int port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = socket.getLocalPort();
        }
        postgres = EmbeddedPostgres.start(workspace, new ServicesConfig(1, 2, 3, "", "", Duration.ofSeconds(60), "256m", port));
        lake = new LocalObjectStore(workspace);
        lake.createBucket(LANDING);
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
        // The workspace holds a file of more than 100 MB and its table: not left behind in the temporary folder.
        try (var paths = Files.walk(home)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void aJsonLinesFileThreeTimesTheHeapLoadsInAChildJvmWithASmallHeap() throws Exception {
        Path file = Files.createTempFile(home, "large-", ".jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int id = 1; id <= RECORDS; id++) {
                out.write(record(id));
                out.write('\n');
            }
        }
        long size = Files.size(file);
        assertThat(size).as("the file is more than three times the child's heap").isGreaterThan(3L * HEAP_MB * 1024 * 1024);
        lake.putFile(LANDING, ObjectKey.of(ENDPOINT + "/part-00000.jsonl"), file, PutOptions.DEFAULT);
        Files.delete(file);

        Path log = home.resolve("child.log");
        PostgresConfig connection = postgres.connection();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + HEAP_MB + "m",
                "-XX:+UseSerialGC", "-cp", classPath(), Child.class.getName(), home.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("LARGE_IT_JDBC_URL", connection.jdbcUrl());
        builder.environment().put("LARGE_IT_USER", connection.user());
        builder.environment().put("LARGE_IT_PASSWORD", connection.password().orElse(""));
        Process child = builder.start();
        // A bound on a child that hangs, not a synchronisation: the load ends well before it.
        assertThat(child.waitFor(20, TimeUnit.MINUTES)).as("the child JVM ended").isTrue();
        List<String> output = Files.readAllLines(log);
        assertThat(child.exitValue()).as("the child's exit status; its output:\n%s", String.join("\n", tail(output))).isZero();

        JsonNode result = ApiLoader.JSON.readTree(output.get(output.size() - 1));
        assertThat(result.get("status").asText()).isEqualTo(LoadResult.COMPLETED);
        assertThat(result.get("rowsRead").asLong()).isEqualTo(RECORDS);
        assertThat(result.get("rowsLoaded").asLong()).isEqualTo(RECORDS);
        assertThat(result.get("rowsRejected").asLong()).isZero();
        // Every record once: the count and the sum of the ids 1..n, and one record's values read back.
        assertThat(query("SELECT count(*)::text || ' ' || sum(id)::text FROM apiload." + ENDPOINT))
                .isEqualTo(RECORDS + " " + ((long) RECORDS * (RECORDS + 1) / 2));
        assertThat(query("SELECT name || '|' || amount::text || '|' || city FROM apiload." + ENDPOINT + " WHERE id = 123456"))
                .isEqualTo("customer 123456|1234.56|city 6");
    }

    /** About 350 bytes: 20 flat fields. */
    private static String record(int id) {
        return ("{\"id\":%d,\"name\":\"customer %d\",\"email\":\"customer%d@example.com.br\",\"amount\":%d.%02d,\"city\":\"city %d\","
                + "\"state\":\"SP\",\"active\":%b,\"created_at\":\"2025-01-%02dT10:00:00Z\",\"score\":%d,\"segment\":\"segment %d\","
                + "\"phone\":\"+55 11 9%08d\",\"street\":\"Rua das Flores, %d\",\"zip\":\"0%04d-000\",\"country\":\"BR\",\"plan\":\"plan %d\","
                + "\"seats\":%d,\"discount\":0.%02d,\"referrer\":\"partner %d\",\"notes\":\"loaded from the lake in a streamed read\","
                + "\"version\":%d}")
                .formatted(id, id, id, id / 100, id % 100, id % 10, id % 2 == 0, id % 28 + 1, id % 1000, id % 7, id, id % 999, id % 10000,
                        id % 5, id % 50, id % 100, id % 300, id % 3);
    }

    private static String classPath() {
        String path = System.getProperty("surefire.test.class.path");
        return path != null && !path.isBlank() ? path : System.getProperty("java.class.path");
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 40), lines.size());
    }

    private static String query(String sql) throws SQLException {
        try (Connection connection = new Database(postgres.connection()).open(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** The load, in the child JVM: prints the result as JSON on its last line. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Workspace workspace = Workspace.open(Path.of(args[0]));
            String password = System.getenv("LARGE_IT_PASSWORD");
            Database database = new Database(new PostgresConfig(System.getenv("LARGE_IT_JDBC_URL"), System.getenv("LARGE_IT_USER"),
                    password.isEmpty() ? Optional.empty() : Optional.of(password)));
            try (LocalObjectStore store = new LocalObjectStore(workspace)) {
                ApiLoader loader = new ApiLoader(ApiLoadConfig.defaults().withBatchSize(1000), database, store,
                        Clock.system(ZoneId.of("America/Sao_Paulo")));
                EndpointDefinition endpoint = EndpointDefinition.of(ENDPOINT, "http://127.0.0.1/unused", WriteDisposition.APPEND, List.of());
                LoadResult result = loader.loadFromLake(endpoint, LANDING, ENDPOINT + "/");
                System.out.println();
                System.out.println(ApiLoader.JSON.writeValueAsString(result));
            }
        }
    }
}
