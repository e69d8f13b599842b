package dev.lagoa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An endpoint that carries a schedule is one of the schedules lagoa serve runs, under apiload/<endpoint>. */
class ApiLoadScheduleTest {
    @TempDir
    Path home;

    private String schedules() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = LagoaCli.execute(Map.of(), Clock.fixed(Instant.parse("2026-11-22T02:30:00Z"), ZoneOffset.UTC), new PrintWriter(out, true),
                new PrintWriter(err, true), "--home", home.toString(), "schedules");
        assertThat(status).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void scheduledEndpointsAreListedWithTheirNextRun() throws IOException {
        Files.writeString(home.resolve("apiload-endpoints.json"), """
                {"endpoints": [
                  {"name": "orders", "url": "http://127.0.0.1:1/orders", "primary-key": ["id"], "schedule": "0 6 * * ? *"},
                  {"name": "manual", "url": "http://127.0.0.1:1/manual"}
                ]}
                """);

        // 2026-11-22T02:30Z is 23:30 on the 21st in São Paulo: the next 06:00 there is on the 22nd
        assertThat(schedules()).containsPattern("apiload/orders\\s+cron\\(0 6 \\* \\* \\? \\*\\)\\s+America/Sao_Paulo\\s+2026-11-22 06:00 -03:00\\s+"
                + "loads endpoint orders into PostgreSQL").doesNotContain("apiload/manual");
    }

    @Test
    void withoutAnEndpointsFileThereIsNoApiLoadSchedule() {
        assertThat(schedules()).contains("diff/publish").doesNotContain("apiload/");
    }
}
