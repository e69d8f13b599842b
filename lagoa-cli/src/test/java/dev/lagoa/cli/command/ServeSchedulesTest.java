package dev.lagoa.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.cli.ApiLoadWiring;
import dev.lagoa.cli.DiffWiring;
import dev.lagoa.cli.LagoaRuntime;
import dev.lagoa.cli.MarketWiring;
import dev.lagoa.cli.PlatformWiring;
import dev.lagoa.cli.PublishWiring;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedules of {@code lagoa serve} with serve's own actions, fired by a clock the test moves: each action runs when
 * its São Paulo time comes and works on the São Paulo day, which is not the UTC day after 21:00 there.
 */
class ServeSchedulesTest {
    @TempDir
    Path home;

    private final MovableClock clock = new MovableClock(new AtomicReference<>(Instant.parse("2022-12-08T03:30:00Z")), ZoneId.of("UTC"));
    private final StringWriter out = new StringWriter();

    /** Moves the clock to the next fire time and fires what is due then; returns the ids fired. */
    private List<String> next(PlatformWiring.ManualScheduler scheduler) {
        Instant since = clock.instant();
        Instant at = scheduler.nextFire().orElseThrow();
        assertThat(scheduler.fireDue(since)).as("nothing fires before its time").isEmpty();
        clock.set(at);
        out.getBuffer().setLength(0);
        return scheduler.fireDue(since);
    }

    @Test
    void eachActionRunsAtItsTimeOnTheSaoPauloDay() {
        try (MarketReplayServer replay = MarketReplayServer.start();
                LagoaRuntime runtime = LagoaRuntime.create(home, Map.of(), Map.of(), Map.of("b3.base-url", replay.baseUrl().toString(),
                        "brapi.base-url", replay.baseUrl().toString(), "diff.snapshots", "s3://lagoa-hoje/produtos/{date}/",
                        "jobs.classpath", home.resolve("no-classes").toString()), clock)) {
            Map<String, ServeCommand.ScheduledAction> actions = new LinkedHashMap<>();
            ServeCommand.actions(new ApiLoadWiring(runtime), new DiffWiring(runtime), new PublishWiring(runtime), new MarketWiring(runtime),
                    new PrintWriter(out, true), actions);
            StringWriter lines = new StringWriter();
            try (PlatformWiring.ManualScheduler scheduler = new PlatformWiring(runtime).scheduler(
                    ServeCommand.announced(new ServeLines(new PrintWriter(lines, true), clock), actions), List.of())) {
                // the 01:00 diff: a run of the diff job on the real launcher with yesterday's and today's snapshots (its
                // classpath holds no job here, so the JVM exits at once: what is checked is the run started and its arguments)
                assertThat(next(scheduler)).containsExactly("diff/diff");
                assertThat(clock.instant()).isEqualTo("2022-12-08T04:00:00Z");
                assertThat(out.toString()).startsWith("Started lagoa-diff run jr_20221208T040000_");
                assertThat(new DiffWiring(runtime).jobLauncher().runs(Optional.empty(), 10)).singleElement().satisfies(run -> {
                    assertThat(run.jobName()).isEqualTo("lagoa-diff");
                    assertThat(run.startedOn()).isEqualTo("2022-12-08T04:00:00Z");
                    assertThat(run.arguments()).containsEntry("--yesterday", "s3://lagoa-hoje/produtos/2022-12-07/")
                            .containsEntry("--today", "s3://lagoa-hoje/produtos/2022-12-08/").containsEntry("--date", "2022-12-08")
                            .containsEntry("--key", "id").containsEntry("--out", "s3://lagoa-diffs/");
                });

                // the 02:00 publish of the day (no change files here, so nothing goes to Kafka: ServeSchedulesIT publishes to the broker)
                assertThat(next(scheduler)).containsExactly("diff/publish");
                assertThat(clock.instant()).isEqualTo("2022-12-08T05:00:00Z");
                assertThat(out.toString()).isEqualTo("Nothing to publish for 2022-12-08: no change files under s3://lagoa-diffs/2022-12-08/\n");
                assertThat(lines.toString()).endsWith("2022-12-08 05:00:00 schedule diff/publish: running\n2022-12-08 05:00:00 schedule diff/publish: done\n");

                // 19:30 in São Paulo is 22:30 UTC; the response is kept under São Paulo's day and time
                assertThat(next(scheduler)).containsExactly("petr4/ingest");
                assertThat(clock.instant()).isEqualTo("2022-12-08T22:30:00Z");
                assertThat(out.toString()).contains("BRAPI PETR4, range 5d: 21 daily bars; 21 days landed (2025-06-23 … 2025-07-21), 0 unchanged",
                        "response kept at s3://lagoa-brapi/responses/ticker=petr4/date=2022-12-08/193000.json");

                assertThat(next(scheduler)).containsExactly("ibov/ingest");
                assertThat(clock.instant()).isEqualTo("2022-12-08T23:00:00Z");
                assertThat(out.toString()).contains("B3 IBOV portfolio for 2022-12-08: 92 assets on 1 page, valid",
                        "landed s3://lagoa-b3/raw/2022-12-08/dados_originais.parquet");

                // a Thursday: Friday has its ingests, Saturday none
                assertThat(next(scheduler)).containsExactly("diff/diff");
                assertThat(clock.instant()).isEqualTo("2022-12-09T04:00:00Z");
            }
        }
    }

    /** An action that left items out, each kept with its reason, finished with rejects: serve says so, and not that it failed. */
    @Test
    void anActionThatLeftItemsOutFinishedWithRejectsNotFailed() {
        StringWriter lines = new StringWriter();
        Map<String, ServeCommand.ScheduledAction> actions = new LinkedHashMap<>();
        actions.put("diff/publish", () -> Optional.of("1 change record of 2022-12-08 quarantined, not published"));
        actions.put("petr4/ingest", Optional::empty);
        actions.put("ibov/ingest", () -> {
            throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "B3 answered in the en-us format");
        });

        ServeCommand.announced(new ServeLines(new PrintWriter(lines, true), clock), actions).values().forEach(Runnable::run);

        assertThat(lines.toString().lines().map(line -> line.substring("2022-12-08 03:30:00 ".length()))).containsExactly(
                "schedule diff/publish: running", "schedule diff/publish: finished with rejects: 1 change record of 2022-12-08 quarantined, not published",
                "schedule petr4/ingest: running", "schedule petr4/ingest: done",
                "schedule ibov/ingest: running", "schedule ibov/ingest: failed: B3 answered in the en-us format");
    }

    /** A clock the test moves by hand; the runtime's copy in its own zone moves with it. */
    /** A clock the test moves; ServeSchedulesIT uses it too. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;
        private final ZoneId zone;

        MovableClock(AtomicReference<Instant> now, ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        void set(Instant instant) {
            now.set(instant);
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
