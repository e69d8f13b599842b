package dev.lagoa.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.core.schedule.CronExpression;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSchedulerTest {
    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

    @TempDir
    Path temp;

    private final AtomicInteger publishes = new AtomicInteger();

    private LocalScheduler scheduler(Instant now, LocalScheduler.MissedRuns policy) {
        LocalScheduler.Entry publish = new LocalScheduler.Entry("diff/publish", CronExpression.parse("cron(0 2 * * ? *)"), SAO_PAULO,
                "publish the day's changes to Kafka", publishes::incrementAndGet);
        return new LocalScheduler(List.of(publish), temp.resolve("lagoa.db"), policy, Clock.fixed(now, SAO_PAULO));
    }

    @Test
    void theFirstStartCatchesUpOnNothing() {
        try (LocalScheduler scheduler = scheduler(Instant.parse("2026-11-22T12:00:00Z"), LocalScheduler.MissedRuns.RUN_ONCE)) {
            assertThat(scheduler.catchUp()).isZero();
        }
        assertThat(publishes).hasValue(0);
    }

    @Test
    void aMissedFireTimeRunsOnceOnStart() {
        try (LocalScheduler scheduler = scheduler(Instant.parse("2026-11-20T12:00:00Z"), LocalScheduler.MissedRuns.RUN_ONCE)) {
            scheduler.catchUp();
        }
        // down for two days: 02:00 of the 21st and of the 22nd were missed; the publisher runs once
        try (LocalScheduler scheduler = scheduler(Instant.parse("2026-11-22T12:00:00Z"), LocalScheduler.MissedRuns.RUN_ONCE)) {
            assertThat(scheduler.catchUp()).isEqualTo(1);
            assertThat(scheduler.catchUp()).isZero();
        }
        assertThat(publishes).hasValue(1);
    }

    @Test
    void missedFireTimesCanBeSkipped() {
        try (LocalScheduler scheduler = scheduler(Instant.parse("2026-11-20T12:00:00Z"), LocalScheduler.MissedRuns.SKIP)) {
            scheduler.catchUp();
        }
        try (LocalScheduler scheduler = scheduler(Instant.parse("2026-11-22T12:00:00Z"), LocalScheduler.MissedRuns.SKIP)) {
            assertThat(scheduler.catchUp()).isZero();
        }
        assertThat(publishes).hasValue(0);
    }

    @Test
    void upcomingNamesTheNextFireInSaoPaulo() {
        try (LocalScheduler scheduler = scheduler(Instant.parse("2026-11-22T12:00:00Z"), LocalScheduler.MissedRuns.RUN_ONCE)) {
            assertThat(scheduler.upcoming()).singleElement().satisfies(fire ->
                    assertThat(fire.at()).contains(ZonedDateTime.parse("2026-11-23T02:00-03:00[America/Sao_Paulo]")));
        }
    }
}
