package dev.lagoa.jobs.quotes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.jobs.quotes.RefreshPlan.DayState;
import dev.lagoa.jobs.quotes.RefreshPlan.Reason;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefreshPlanTest {
    private static final Instant COLLECTED = Instant.parse("2025-07-21T18:00:00Z");
    private static final Instant WRITTEN = Instant.parse("2025-07-21T18:00:05Z");
    private static final Instant REFINED = Instant.parse("2025-07-21T18:01:00Z");
    private static final LocalDate FIRST = LocalDate.parse("2025-07-01");

    static DayState refined(int day) {
        return new DayState(FIRST.plusDays(day), COLLECTED, WRITTEN, COLLECTED, REFINED);
    }

    static List<DayState> refinedDays(int count) {
        List<DayState> days = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            days.add(refined(i));
        }
        return days;
    }

    @Test
    void everythingRefinedIsAnEmptyPlan() {
        assertThat(RefreshPlan.of(refinedDays(30), 20).isEmpty()).isTrue();
    }

    @Test
    void aNewLastDayIsWrittenAlone() {
        List<DayState> days = refinedDays(30);
        days.add(new DayState(FIRST.plusDays(30), COLLECTED, WRITTEN, null, null));

        assertThat(RefreshPlan.of(days, 20).days()).isEqualTo(Map.of(FIRST.plusDays(30), Reason.MISSING));
    }

    @Test
    void aChangedDayBringsTheDaysWithinItsWindow() {
        List<DayState> days = refinedDays(30);
        days.set(3, new DayState(FIRST.plusDays(3), COLLECTED.plusSeconds(60), WRITTEN, COLLECTED, REFINED));

        RefreshPlan plan = RefreshPlan.of(days, 20);

        assertThat(plan.days().firstKey()).isEqualTo(FIRST.plusDays(3));
        assertThat(plan.days().lastKey()).as("the 20 days after it").isEqualTo(FIRST.plusDays(23));
        assertThat(plan.counts()).isEqualTo(Map.of(Reason.RECOLLECTED, 1, Reason.WINDOW, 20));
    }

    @Test
    void aRawFileWrittenAfterItsRefinedPartitionIsRewritten() {
        List<DayState> days = refinedDays(3);
        days.set(2, new DayState(FIRST.plusDays(2), COLLECTED, REFINED.plusSeconds(1), COLLECTED, REFINED));

        assertThat(RefreshPlan.of(days, 20).days()).isEqualTo(Map.of(FIRST.plusDays(2), Reason.RAW_NEWER));
    }

    @Test
    void theOrderOfTheStatesDoesNotMatter() {
        List<DayState> days = refinedDays(5);
        days.set(1, new DayState(FIRST.plusDays(1), COLLECTED, WRITTEN, null, null));
        List<DayState> reversed = new ArrayList<>(days);
        java.util.Collections.reverse(reversed);

        assertThat(RefreshPlan.of(reversed, 2).days()).isEqualTo(RefreshPlan.of(days, 2).days())
                .isEqualTo(Map.of(FIRST.plusDays(1), Reason.MISSING, FIRST.plusDays(2), Reason.WINDOW, FIRST.plusDays(3), Reason.WINDOW));
    }
}
