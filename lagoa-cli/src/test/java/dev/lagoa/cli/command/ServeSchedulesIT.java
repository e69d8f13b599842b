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
import dev.lagoa.local.schedule.LocalScheduler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 * The API load of an endpoint that carries a schedule, as {@code lagoa serve} runs it, fired by a clock the test moves:
 * at its São Paulo time it reads a stub API into the embedded PostgreSQL.
 */
class ServeSchedulesIT {
    @TempDir
    Path home;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2022-12-08T04:30:00Z"));
    private final StringWriter out = new StringWriter();

    /** Moves the clock to the next fire time and fires what is due then; returns the ids fired. */
    private List<String> next(LocalScheduler scheduler) {
        Instant since = now.get();
        now.set(scheduler.upcoming().get(0).at().orElseThrow().toInstant());
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
        try (LagoaRuntime runtime = LagoaRuntime.create(home, Map.of(), Map.of(), new MovableClock(now, ZoneId.of("UTC")))) {
            PlatformWiring platform = new PlatformWiring(runtime);
            ApiLoadWiring loads = new ApiLoadWiring(runtime);
            Map<String, Runnable> actions = new LinkedHashMap<>();
            ServeCommand.actions(loads, new DiffWiring(runtime), new PublishWiring(runtime), new MarketWiring(runtime), new PrintWriter(out, true), actions);
            try (LocalScheduler scheduler = platform.scheduler(actions, loads.scheduledEndpoints(Map.of()))) {
                assertThat(next(scheduler)).containsExactly("diff/publish");
                assertThat(calls).as("not before its time").hasValue(0);

                // 06:00 in São Paulo, the runtime's zone, is 09:00 UTC
                assertThat(next(scheduler)).containsExactly("apiload/orders");
                assertThat(now.get()).isEqualTo("2022-12-08T09:00:00Z");
                assertThat(out.toString()).startsWith("orders  load 20221208T090000Z-").contains("completed: 2 records read, 2 loaded, 0 rejected",
                        "CREATE TABLE \"apiload\".\"orders\"", "s3://lagoa-apiload/errors/orders/date=2022-12-08/");
                assertThat(calls).hasValue(1);
            }
        } finally {
            api.stop(0);
        }
    }

    /** A clock the test moves by hand; the runtime's copy in its own zone moves with it. */
    private static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;
        private final ZoneId zone;

        MovableClock(AtomicReference<Instant> now, ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new MovableClock(now, zone);
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
