package dev.lagoa.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.core.schedule.CronExpression;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedules of {@code lagoa serve} fired by a clock the test moves: each at its São Paulo time, which is a fixed
 * UTC instant (no daylight saving there since 2019), and a fire missed while the scheduler was down runs once, not twice.
 */
class ScheduleFiresTest {
    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

    @TempDir
    Path temp;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"), SAO_PAULO);
    private final List<String> ran = new ArrayList<>();

    /** The crons of the diff, the publish, the two ingests (as the pipelines declare them) and an endpoint's API load. */
    private LocalScheduler scheduler() {
        Map<String, String> crons = new java.util.LinkedHashMap<>();
        crons.put("diff/diff", "cron(0 1 * * ? *)");
        crons.put("diff/publish", "cron(0 2 * * ? *)");
        crons.put("apiload/orders", "0 6 * * ? *");
        crons.put("petr4/ingest", "cron(30 19 ? * MON-FRI *)");
        crons.put("ibov/ingest", "cron(0 20 ? * MON-FRI *)");
        List<LocalScheduler.Entry> entries = new ArrayList<>();
        crons.forEach((id, cron) -> entries.add(new LocalScheduler.Entry(id, CronExpression.parse(cron), SAO_PAULO, id, () -> ran.add(id))));
        return new LocalScheduler(entries, temp.resolve("lagoa.db"), LocalScheduler.MissedRuns.RUN_ONCE, clock);
    }

    /** Moves the clock to each next fire time up to {@code until} and fires what is due; returns "instant id" per fire. */
    private List<String> runUntil(LocalScheduler scheduler, Instant until) {
        List<String> fires = new ArrayList<>();
        while (true) {
            Instant since = clock.instant();
            Instant next = scheduler.upcoming().get(0).at().orElseThrow().toInstant();
            if (next.isAfter(until)) {
                clock.set(until);
                return fires;
            }
            assertThat(scheduler.fireDue(since)).as("nothing is due before its time").isEmpty();
            clock.set(next);
            scheduler.fireDue(since).forEach(id -> fires.add(next + " " + id));
        }
    }

    @Test
    void eachScheduleFiresAtItsSaoPauloTimeAsAFixedUtcInstant() {
        try (LocalScheduler scheduler = scheduler()) {
            scheduler.catchUp();
            // Saturday the 12th and Sunday the 13th have no ingests
            assertThat(runUntil(scheduler, Instant.parse("2026-12-14T00:00:00Z"))).containsExactly(
                    "2026-12-07T04:00:00Z diff/diff", "2026-12-07T05:00:00Z diff/publish", "2026-12-07T09:00:00Z apiload/orders",
                    "2026-12-07T22:30:00Z petr4/ingest", "2026-12-07T23:00:00Z ibov/ingest",
                    "2026-12-08T04:00:00Z diff/diff", "2026-12-08T05:00:00Z diff/publish", "2026-12-08T09:00:00Z apiload/orders",
                    "2026-12-08T22:30:00Z petr4/ingest", "2026-12-08T23:00:00Z ibov/ingest",
                    "2026-12-09T04:00:00Z diff/diff", "2026-12-09T05:00:00Z diff/publish", "2026-12-09T09:00:00Z apiload/orders",
                    "2026-12-09T22:30:00Z petr4/ingest", "2026-12-09T23:00:00Z ibov/ingest",
                    "2026-12-10T04:00:00Z diff/diff", "2026-12-10T05:00:00Z diff/publish", "2026-12-10T09:00:00Z apiload/orders",
                    "2026-12-10T22:30:00Z petr4/ingest", "2026-12-10T23:00:00Z ibov/ingest",
                    "2026-12-11T04:00:00Z diff/diff", "2026-12-11T05:00:00Z diff/publish", "2026-12-11T09:00:00Z apiload/orders",
                    "2026-12-11T22:30:00Z petr4/ingest", "2026-12-11T23:00:00Z ibov/ingest",
                    "2026-12-12T04:00:00Z diff/diff", "2026-12-12T05:00:00Z diff/publish", "2026-12-12T09:00:00Z apiload/orders",
                    "2026-12-13T04:00:00Z diff/diff", "2026-12-13T05:00:00Z diff/publish", "2026-12-13T09:00:00Z apiload/orders");
        }
        assertThat(ran).hasSize(31);
    }

    @Test
    void theSummerOnceUnderDaylightSavingKeepsTheSameUtcInstants() {
        // mid-January, early November and mid-February were daylight saving time in São Paulo until 2019; no longer
        for (String day : List.of("2027-01-14", "2026-11-03", "2027-02-16")) {
            clock.set(Instant.parse(day + "T00:00:00Z"));
            try (LocalScheduler scheduler = scheduler()) {
                assertThat(runUntil(scheduler, Instant.parse(day + "T23:59:00Z"))).as(day).containsExactly(
                        day + "T04:00:00Z diff/diff", day + "T05:00:00Z diff/publish", day + "T09:00:00Z apiload/orders",
                        day + "T22:30:00Z petr4/ingest", day + "T23:00:00Z ibov/ingest");
            }
        }
    }

    @Test
    void aFireMissedWhileDownRunsOnceAndIsNotReplayedAgain() {
        try (LocalScheduler scheduler = scheduler()) {
            scheduler.catchUp();
            assertThat(runUntil(scheduler, Instant.parse("2026-12-07T05:30:00Z")))
                    .containsExactly("2026-12-07T04:00:00Z diff/diff", "2026-12-07T05:00:00Z diff/publish");
        }
        ran.clear();
        clock.set(Instant.parse("2026-12-07T05:40:00Z"));
        try (LocalScheduler scheduler = scheduler()) {
            assertThat(scheduler.catchUp()).as("a restart after the fires replays none of them").isZero();
        }

        // down from Monday 05:40Z to Wednesday 12:00Z: every schedule missed at least one fire
        clock.set(Instant.parse("2026-12-09T12:00:00Z"));
        try (LocalScheduler scheduler = scheduler()) {
            assertThat(scheduler.catchUp()).isEqualTo(5);
            assertThat(scheduler.catchUp()).isZero();
        }
        assertThat(ran).containsExactly("diff/diff", "diff/publish", "apiload/orders", "petr4/ingest", "ibov/ingest");
        ran.clear();
        try (LocalScheduler scheduler = scheduler()) {
            assertThat(scheduler.catchUp()).as("a second restart the same day").isZero();
            assertThat(runUntil(scheduler, Instant.parse("2026-12-10T05:30:00Z")))
                    .as("the schedule goes on from the next fire, each once")
                    .containsExactly("2026-12-09T22:30:00Z petr4/ingest", "2026-12-09T23:00:00Z ibov/ingest",
                            "2026-12-10T04:00:00Z diff/diff", "2026-12-10T05:00:00Z diff/publish");
        }
        assertThat(ran).containsExactly("petr4/ingest", "ibov/ingest", "diff/diff", "diff/publish");
    }

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        private volatile Instant now;
        private final ZoneId zone;

        MovableClock(Instant now, ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        void set(Instant instant) {
            now = instant;
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
            return now;
        }
    }
}
