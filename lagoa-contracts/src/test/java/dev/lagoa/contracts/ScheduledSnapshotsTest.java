package dev.lagoa.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ScheduledSnapshotsTest {
    private static final String TEMPLATE = "s3://exports/clientes/{date}/";

    @Test
    void theOneOClockRunDiffsYesterdayAgainstToday() {
        // 01:00 in São Paulo is 04:00 UTC
        ScheduledSnapshots run = ScheduledSnapshots.resolve("2026-12-06T04:00:00Z", TEMPLATE, ScheduledSnapshots.SAO_PAULO);

        assertThat(run).isEqualTo(new ScheduledSnapshots(LocalDate.of(2026, 12, 5), LocalDate.of(2026, 12, 6),
                "s3://exports/clientes/2026-12-05/", "s3://exports/clientes/2026-12-06/"));
    }

    @Test
    void theDayChangesAtMidnightInSaoPauloNotInUtc() {
        assertThat(ScheduledSnapshots.resolve("2026-12-06T02:59:59Z", TEMPLATE, ScheduledSnapshots.SAO_PAULO).today()).isEqualTo("2026-12-05");
        assertThat(ScheduledSnapshots.resolve("2026-12-06T03:00:00Z", TEMPLATE, ScheduledSnapshots.SAO_PAULO).today()).isEqualTo("2026-12-06");
        assertThat(ScheduledSnapshots.resolve("2027-01-01T04:00:00Z", TEMPLATE, ScheduledSnapshots.SAO_PAULO).yesterday()).isEqualTo("2026-12-31");
        assertThat(ScheduledSnapshots.resolve("2026-12-05T22:00:00-03:00", TEMPLATE, ScheduledSnapshots.SAO_PAULO).today()).isEqualTo("2026-12-05");
    }

    @Test
    void theZonesRulesApplyNotAFixedOffset() {
        // in January 2019 São Paulo kept daylight saving time (-02:00): 02:30 UTC was 00:30 of the 15th, not 23:30 of the 14th
        assertThat(ScheduledSnapshots.resolve("2019-01-15T02:30:00Z", TEMPLATE, ScheduledSnapshots.SAO_PAULO).today()).isEqualTo("2019-01-15");
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> ScheduledSnapshots.resolve("2026-12-06", TEMPLATE, ScheduledSnapshots.SAO_PAULO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid --scheduled-time '2026-12-06': use an ISO-8601 instant (2026-12-06T04:00:00Z)");
        assertThatThrownBy(() -> ScheduledSnapshots.resolve("2026-12-06T04:00:00Z", "s3://exports/clientes/", ScheduledSnapshots.SAO_PAULO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid --snapshots 's3://exports/clientes/': it must contain {date} (s3://exports/clientes/{date}/)");
    }
}
