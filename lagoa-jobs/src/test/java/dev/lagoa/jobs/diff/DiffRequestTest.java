package dev.lagoa.jobs.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.jobs.GlueArguments;
import dev.lagoa.jobs.JobFailure;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DiffRequestTest {
    private static DiffRequest request(String... args) {
        return DiffRequest.from(GlueArguments.parse(args));
    }

    @Test
    void aScheduledRunComputesItsDaysAndFoldersFromTheScheduledTime() {
        DiffRequest request = request("--scheduled-time", "2026-12-06T04:00:00Z", "--snapshots", "s3://exports/clientes/{date}/",
                "--key", "id", "--out", "s3://lagoa-diffs/", "--JOB_RUN_ID", "jr_1");

        assertThat(request.date()).isEqualTo(LocalDate.of(2026, 12, 6));
        assertThat(request.yesterday()).isEqualTo("s3://exports/clientes/2026-12-05/");
        assertThat(request.today()).isEqualTo("s3://exports/clientes/2026-12-06/");
    }

    @Test
    void theExplicitArgumentsKeepWorking() {
        DiffRequest request = request("--yesterday", "s3://a/1/", "--today", "s3://a/2/", "--date", "2026-12-01", "--key", "id",
                "--out", "s3://lagoa-diffs/");

        assertThat(request.date()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(request.yesterday()).isEqualTo("s3://a/1/");
        assertThat(request.today()).isEqualTo("s3://a/2/");
    }

    @Test
    void mixingOrHalfAPairOrBadValuesIsRefused() {
        assertThatThrownBy(() -> request("--scheduled-time", "2026-12-06T04:00:00Z", "--snapshots", "s3://e/{date}/", "--date", "2026-12-06",
                "--key", "id", "--out", "s3://o/"))
                .isInstanceOf(JobFailure.class)
                .hasMessage("Use either --yesterday, --today and --date, or --scheduled-time with --snapshots, not both");
        assertThatThrownBy(() -> request("--scheduled-time", "2026-12-06T04:00:00Z", "--key", "id", "--out", "s3://o/"))
                .isInstanceOf(JobFailure.class).hasMessage("Missing job argument --snapshots");
        assertThatThrownBy(() -> request("--snapshots", "s3://e/{date}/", "--key", "id", "--out", "s3://o/"))
                .isInstanceOf(JobFailure.class).hasMessage("Missing job argument --scheduled-time");
        assertThatThrownBy(() -> request("--scheduled-time", "ontem", "--snapshots", "s3://e/{date}/", "--key", "id", "--out", "s3://o/"))
                .isInstanceOf(JobFailure.class).hasMessage("Invalid --scheduled-time 'ontem': use an ISO-8601 instant (2026-12-06T04:00:00Z)");
    }
}
