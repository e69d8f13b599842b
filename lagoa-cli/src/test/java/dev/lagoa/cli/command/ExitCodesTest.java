package dev.lagoa.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.apiload.LoadResult;
import dev.lagoa.contracts.DiffManifest;
import dev.lagoa.publisher.PublishResult;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One code for "finished with rejects" in every command that can leave items out, and failures before it. */
class ExitCodesTest {
    private static LoadResult load(String status, long rowsRejected, int pagesRejected, String errorType) {
        return new LoadResult("orders", "20261122T023000-abcdef", status, "", 1, pagesRejected, 3, 3 - rowsRejected, 0, rowsRejected, 0, 0, Map.of(),
                List.of(), List.of(), Map.of(), 1.0, List.of(), "s3://lagoa-apiload/logs/x.log", errorType);
    }

    private static PublishResult published(List<PublishResult.Quarantined> files, List<PublishResult.Quarantined> records) {
        return new PublishResult(LocalDate.of(2026, 11, 21), "lagoa-diffs", "s3://lagoa-diffs/2026-11-21/", "jr_1", false, 2, List.of(), List.of(),
                files, records, List.of(), Duration.ofSeconds(1));
    }

    @Test
    void anApiLoadWithRejectsFinishesWithRejectsAndAFailedLoadWithItsFailuresCode() {
        LoadResult clean = load(LoadResult.COMPLETED, 0, 0, "");
        LoadResult rejected = load(LoadResult.COMPLETED, 1, 0, "");
        LoadResult pageRejected = load(LoadResult.COMPLETED, 0, 1, "");
        LoadResult sourceDown = load(LoadResult.FAILED, 0, 0, "EXTERNAL");
        LoadResult badConfiguration = load(LoadResult.FAILED, 0, 0, "USER");

        assertThat(ExitCodes.apiLoad(List.of(clean, load(LoadResult.SKIPPED, 0, 0, "")))).isZero();
        assertThat(ExitCodes.apiLoad(List.of(clean, rejected))).isEqualTo(5);
        assertThat(ExitCodes.apiLoad(List.of(pageRejected))).isEqualTo(5);
        assertThat(ExitCodes.apiLoad(List.of(rejected, sourceDown))).as("a failure wins over rejects").isEqualTo(3);
        assertThat(ExitCodes.apiLoad(List.of(badConfiguration))).isEqualTo(2);
        assertThat(ExitCodes.apiLoad(List.of(badConfiguration, sourceDown))).isEqualTo(3);
    }

    @Test
    void aDiffWithRejectedRecordsFinishesWithRejects() {
        assertThat(ExitCodes.diff(new DiffManifest.Rejects(0, 100, Map.of(), Map.of(), ""))).isZero();
        assertThat(ExitCodes.diff(new DiffManifest.Rejects(2, 100, Map.of("MISSING_KEY", 2L), Map.of(), "s3://lagoa-diffs/_rejects/"))).isEqualTo(5);
    }

    @Test
    void aLineagePushThatLeftLinesUnsentFinishesWithRejects() {
        assertThat(ExitCodes.lineagePush(0)).isZero();
        assertThat(ExitCodes.lineagePush(2)).isEqualTo(5);
    }

    @Test
    void aPublicationWithAQuarantinedFileOrRecordFinishesWithRejects() {
        PublishResult.Quarantined bad = new PublishResult.Quarantined("2026-11-21/part-00001.json", "s3://lagoa-diffs/_quarantine/x", "r", 3, "no op");

        assertThat(ExitCodes.publish(published(List.of(), List.of()))).isZero();
        assertThat(ExitCodes.publish(published(List.of(bad), List.of()))).isEqualTo(5);
        assertThat(ExitCodes.publish(published(List.of(), List.of(bad)))).isEqualTo(5);
    }
}
