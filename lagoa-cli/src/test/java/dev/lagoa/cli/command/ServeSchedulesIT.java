package dev.lagoa.cli.command;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lagoa.cli.ApiLoadWiring;
import dev.lagoa.cli.DiffWiring;
import dev.lagoa.cli.LagoaRuntime;
import dev.lagoa.cli.MarketWiring;
import dev.lagoa.cli.PlatformWiring;
import dev.lagoa.cli.PublishWiring;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.PutOptions;
import dev.lagoa.local.Workspace;
import dev.lagoa.local.services.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedules of {@code lagoa serve} that need its services, with serve's own actions, fired by a clock the test
 * moves: the 02:00 publish sends the São Paulo day's changes to the workspace's embedded Kafka broker, and an
 * endpoint's API load reads a stub API into the embedded PostgreSQL at its São Paulo time.
 */
class ServeSchedulesIT {
    @TempDir
    Path home;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2022-12-08T04:30:00Z"));
    private final StringWriter out = new StringWriter();
    /** What serve prints of each schedule's fire: running, then done, finished with rejects, or failed. */
    private final StringWriter lines = new StringWriter();

    /** Moves the clock to the next fire time and fires what is due then; returns the ids fired. */
    private List<String> next(PlatformWiring.ManualScheduler scheduler) {
        Instant since = now.get();
        now.set(scheduler.nextFire().orElseThrow());
        out.getBuffer().setLength(0);
        return scheduler.fireDue(since);
    }

    @Test
    void anEndpointsScheduleLoadsItAtItsTime() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/orders", exchange -> {
            calls.incrementAndGet();
            byte[] body = "[{\"id\": 1, \"total\": 10.5}, {\"id\": 2, \"total\": 7}]".getBytes(UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        Files.writeString(home.resolve("apiload-endpoints.json"), """
                {"endpoints": [{"name": "orders", "url": "http://127.0.0.1:%d/orders", "primary-key": ["id"], "schedule": "0 6 * * ? *"}]}
                """.formatted(api.getAddress().getPort()));
        try (LagoaRuntime runtime = LagoaRuntime.create(home, Map.of(), Map.of(), Map.of(), new ServeSchedulesTest.MovableClock(now, ZoneId.of("UTC")))) {
            PlatformWiring platform = new PlatformWiring(runtime);
            ApiLoadWiring loads = new ApiLoadWiring(runtime);
            Map<String, ServeCommand.ScheduledAction> actions = new LinkedHashMap<>();
            ServeCommand.actions(loads, new DiffWiring(runtime), new PublishWiring(runtime), new MarketWiring(runtime), new PrintWriter(out, true), actions);
            try (PlatformWiring.ManualScheduler scheduler = platform.scheduler(ServeCommand.announced(new ServeLines(new PrintWriter(lines, true),
                    platform.clock()), actions), loads.scheduledEndpoints(Map.of()))) {
                assertThat(next(scheduler)).containsExactly("diff/publish");
                assertThat(calls).as("not before its time").hasValue(0);

                // 06:00 in São Paulo, the runtime's zone, is 09:00 UTC
                assertThat(next(scheduler)).containsExactly("apiload/orders");
                assertThat(now.get()).isEqualTo("2022-12-08T09:00:00Z");
                assertThat(out.toString()).startsWith("orders  load 20221208T090000Z-").contains("completed: 2 records read, 2 loaded, 0 rejected",
                        "CREATE TABLE \"apiload\".\"orders\"", "s3://lagoa-apiload/errors/orders/date=2022-12-08/");
                assertThat(calls).hasValue(1);
                assertThat(lines.toString()).endsWith("schedule apiload/orders: done\n");
            }
        } finally {
            api.stop(0);
        }
    }

    @Test
    void thePublishAtTwoInSaoPauloSendsTheDaysChangesToKafka() {
        String classpath = System.getProperty("lagoa.services.kafka.classpath");
        assertThat(classpath).as("lagoa.services.kafka.classpath: run the integration tests with ./mvnw verify").isNotBlank();
        List<Integer> ports = freePorts(3);
        // the workspace's broker, as serve runs it: the runtime finds it through its pid file
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Workspace.open(home),
                new ServicesConfig(ports.get(0), ports.get(1), ports.get(2), classpath, "", Duration.ofSeconds(90), "512m"));
                LagoaRuntime runtime = LagoaRuntime.create(home, Map.of(), Map.of(), Map.of("kafka.topic", "schedule-publish"), new ServeSchedulesTest.MovableClock(now, ZoneId.of("UTC")))) {
            ObjectStore store = new DiffWiring(runtime).objectStore();
            BucketName diffs = BucketName.of("lagoa-diffs");
            if (!store.bucketExists(diffs)) {
                store.createBucket(diffs);
            }
            for (String day : List.of("2022-12-07", "2022-12-08")) {
                store.put(diffs, ObjectKey.of(day + "/part-00000.json"), ("""
                        {"op":"c","key":{"id":1},"before":null,"after":{"id":1,"nome":"um"},"changed_fields":["id","nome"],"date":"%1$s"}
                        {"op":"d","key":{"id":2},"before":{"id":2},"after":null,"changed_fields":["id"],"date":"%1$s"}
                        """).formatted(day).getBytes(UTF_8), PutOptions.contentType("application/json"));
            }
            // a change file that is not JSON: quarantined with its reason, the other file published all the same
            store.put(diffs, ObjectKey.of("2022-12-08/part-00001.json"), "not a change record\n".getBytes(UTF_8), PutOptions.contentType("application/json"));
            PublishWiring publishing = new PublishWiring(runtime);
            Map<String, ServeCommand.ScheduledAction> actions = new LinkedHashMap<>();
            ServeCommand.actions(new ApiLoadWiring(runtime), new DiffWiring(runtime), publishing, new MarketWiring(runtime), new PrintWriter(out, true),
                    actions);
            PlatformWiring platform = new PlatformWiring(runtime);
            try (PlatformWiring.ManualScheduler scheduler = platform.scheduler(ServeCommand.announced(new ServeLines(new PrintWriter(lines, true),
                    platform.clock()), actions), List.of())) {
                assertThat(next(scheduler)).containsExactly("diff/publish");
                assertThat(now.get()).isEqualTo("2022-12-08T05:00:00Z");
                assertThat(out.toString()).contains("Published 2022-12-08 to topic schedule-publish", "records    2 (1 c, 0 u, 1 d)");
                // what lagoa publish diffs ends with exit status 5 for: finished with rejects, not a failed publish
                assertThat(lines.toString()).contains("schedule diff/publish: finished with rejects: 1 of 2 change files of 2022-12-08 quarantined")
                        .doesNotContain("failed");
            }
            // the day of the fire only: the day before stays where it was
            assertThat(publishing.topicCountsByOp("schedule-publish", LocalDate.parse("2022-12-08"))).containsEntry("c", 1L).containsEntry("d", 1L);
            assertThat(publishing.topicCountsByOp("schedule-publish", LocalDate.parse("2022-12-07"))).isEmpty();
        }
    }

    private static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                sockets.add(socket);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing
                }
            }
        }
    }
}
