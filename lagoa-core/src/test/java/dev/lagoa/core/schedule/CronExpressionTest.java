package dev.lagoa.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronExpressionTest {
    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

    private static ZonedDateTime at(String local) {
        return ZonedDateTime.parse(local + "-03:00[America/Sao_Paulo]");
    }

    @Test
    void everyDayAtTwoInSaoPaulo() {
        CronExpression cron = CronExpression.parse("cron(0 2 * * ? *)");

        assertThat(cron.next(at("2026-11-21T23:10:00"), SAO_PAULO)).contains(at("2026-11-22T02:00:00"));
        assertThat(cron.next(at("2026-11-22T02:00:00"), SAO_PAULO)).as("strictly after").contains(at("2026-11-23T02:00:00"));
        assertThat(cron.next(ZonedDateTime.parse("2026-11-22T04:30:00Z"), SAO_PAULO)).as("01:30 in São Paulo").contains(at("2026-11-22T02:00:00"));
        assertThat(cron).hasToString("cron(0 2 * * ? *)");
    }

    @Test
    void weekdaysNamesRangesListsAndSteps() {
        assertThat(CronExpression.parse("0/15 8-10 ? * MON-FRI *").next(at("2026-11-21T12:00:00"), SAO_PAULO))
                .as("Saturday 21/11 → Monday 08:00").contains(at("2026-11-23T08:00:00"));
        assertThat(CronExpression.parse("30 9 1,15 JAN,JUL ? 2027").next(at("2026-11-21T00:00:00"), SAO_PAULO)).contains(at("2027-01-01T09:30:00"));
        assertThat(CronExpression.parse("0 12 ? * 1 *").next(at("2026-11-21T00:00:00"), SAO_PAULO)).as("1 is Sunday").contains(at("2026-11-22T12:00:00"));
        assertThat(CronExpression.parse("0 0 29 2 ? *").next(at("2026-11-21T00:00:00"), SAO_PAULO)).as("next leap day")
                .contains(at("2028-02-29T00:00:00"));
        assertThat(CronExpression.parse("0 0 1 1 ? 2020").next(at("2026-11-21T00:00:00"), SAO_PAULO)).isEmpty();
    }

    @Test
    void invalidExpressionsSayWhy() {
        assertThatThrownBy(() -> CronExpression.parse("0 2 * * *")).hasMessageContaining("six fields are needed");
        assertThatThrownBy(() -> CronExpression.parse("0 2 * * * *")).hasMessageContaining("exactly one of day-of-month and day-of-week must be '?'");
        assertThatThrownBy(() -> CronExpression.parse("0 25 * * ? *")).hasMessageContaining("the hours '25' is outside 0-23");
        assertThatThrownBy(() -> CronExpression.parse("0 2 L * ? *")).hasMessageContaining("(L, W, #) is not supported");
        assertThatThrownBy(() -> CronExpression.parse("0 2 ? * MON#2 *")).hasMessageContaining("is not supported");
        assertThatThrownBy(() -> CronExpression.parse("x 2 * * ? *")).hasMessageContaining("'x' is not a valid minutes");
    }
}
