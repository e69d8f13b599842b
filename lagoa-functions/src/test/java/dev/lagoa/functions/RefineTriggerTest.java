package dev.lagoa.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.event.ObjectCreated;
import dev.lagoa.core.event.Notification;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunState;
import dev.lagoa.core.pipeline.IbovPipeline;
import dev.lagoa.local.Workspace;
import dev.lagoa.local.notify.LakeNotificationDispatcher;
import dev.lagoa.local.notify.NotificationLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.local.function.LocalFunctionInvoker;
import dev.lagoa.local.notify.S3EventMessages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The triggers as the local runtime calls them: S3 event JSON, through the Lambda runtime's own event serializer. */
class RefineTriggerTest {
    private static final Instant CREATED = Instant.parse("2022-12-08T21:00:00Z");
    private final MutableClock clock = new MutableClock(CREATED.plusSeconds(5));
    private final RecordingJobLauncher launcher = new RecordingJobLauncher(clock, 1);
    private final LocalFunctionInvoker invoker = new LocalFunctionInvoker(getClass().getClassLoader(), Duration.ofSeconds(10), "sa-east-1",
            handler -> Optional.of(handler.endsWith("IbovRefineTrigger") ? new IbovRefineTrigger(launcher) : new QuotesRefineTrigger(launcher)));

    @AfterEach
    void close() {
        invoker.close();
    }

    private void deliver(Class<?> handler, String bucket, String key, Instant created) {
        ObjectCreated event = new ObjectCreated(BucketName.of(bucket), ObjectKey.of(key), 1234, "etag-1", "0001", created, "ObjectCreated:Put");
        invoker.invoke(handler.getName(), S3EventMessages.toJson(event, "refine-on-bronze", "sa-east-1"));
    }

    @Test
    void aBronzeObjectStartsTheRefineJobForItsDay() {
        deliver(IbovRefineTrigger.class, "lagoa-b3", "raw/2022-12-08/dados_originais.parquet", CREATED);

        assertThat(launcher.started()).singleElement().satisfies(run -> {
            assertThat(run.jobName()).isEqualTo("lagoa-ibov-refine");
            assertThat(run.arguments()).isEqualTo(Map.of(
                    "--source", "s3://lagoa-b3/raw/2022-12-08/dados_originais.parquet",
                    "--date", "2022-12-08",
                    "--index", "IBOV",
                    "--target", "s3://lagoa-b3/refined/",
                    "--commits", "s3://lagoa-b3/catalog-commits/"));
        });
    }

    @Test
    void anotherIndexsBronzeObjectStartsTheRefineJobForItsOwnPartitionAndDoesNotCoverIbovsDay() {
        deliver(IbovRefineTrigger.class, "lagoa-b3", "raw/indice=SMLL/2022-12-08/dados_originais.parquet", CREATED);
        launcher.finishAll();
        clock.advance(Duration.ofMinutes(1));
        deliver(IbovRefineTrigger.class, "lagoa-b3", "raw/2022-12-08/dados_originais.parquet", CREATED);

        assertThat(launcher.started()).extracting(JobRun::arguments).containsExactly(
                Map.of("--source", "s3://lagoa-b3/raw/indice=SMLL/2022-12-08/dados_originais.parquet",
                        "--date", "2022-12-08",
                        "--index", "SMLL",
                        "--target", "s3://lagoa-b3/refined/indices/",
                        "--commits", "s3://lagoa-b3/catalog-commits/"),
                Map.of("--source", "s3://lagoa-b3/raw/2022-12-08/dados_originais.parquet",
                        "--date", "2022-12-08",
                        "--index", "IBOV",
                        "--target", "s3://lagoa-b3/refined/",
                        "--commits", "s3://lagoa-b3/catalog-commits/"));
    }

    @Test
    void aRedeliveredEventDoesNotStartASecondRun() {
        deliver(IbovRefineTrigger.class, "lagoa-b3", "raw/2022-12-08/dados_originais.parquet", CREATED);
        launcher.finishAll();
        clock.advance(Duration.ofMinutes(5));

        deliver(IbovRefineTrigger.class, "lagoa-b3", "raw/2022-12-08/dados_originais.parquet", CREATED);

        assertThat(launcher.started()).hasSize(1);
    }

    @Test
    void aNewVersionOfTheObjectStartsANewRun() {
        deliver(IbovRefineTrigger.class, "lagoa-b3", "raw/2022-12-08/dados_originais.parquet", CREATED);
        launcher.finishAll();
        clock.advance(Duration.ofMinutes(10));

        deliver(IbovRefineTrigger.class, "lagoa-b3", "raw/2022-12-08/dados_originais.parquet", CREATED.plus(Duration.ofMinutes(9)));

        assertThat(launcher.started()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(value = JobRunState.class, names = {"FAILED", "TIMEOUT", "STOPPED"})
    void aRunThatStartedAfterTheObjectButDidNotSucceedDoesNotCoverIt(JobRunState ended) {
        deliver(IbovRefineTrigger.class, "lagoa-b3", "raw/2022-12-08/dados_originais.parquet", CREATED);
        launcher.endAll(ended);
        clock.advance(Duration.ofMinutes(5));

        // the same event again (at least once delivery): the run that read the object did not refine the day
        deliver(IbovRefineTrigger.class, "lagoa-b3", "raw/2022-12-08/dados_originais.parquet", CREATED);

        assertThat(launcher.started()).hasSize(2).extracting(JobRun::state).containsExactly(ended, JobRunState.RUNNING);
        launcher.finishAll();
        clock.advance(Duration.ofMinutes(5));
        deliver(IbovRefineTrigger.class, "lagoa-b3", "raw/2022-12-08/dados_originais.parquet", CREATED);
        assertThat(launcher.started()).as("the successful run covers it, though a failed one is more recent").hasSize(2);
    }

    @Test
    void aFileCopiedInWithAnOldModificationTimeStillTriggers(@TempDir Path home) throws Exception {
        Workspace workspace = Workspace.open(home);
        Notification notification = IbovPipeline.DEFINITION.notifications().stream()
                .filter(candidate -> candidate.id().equals("refine-on-bronze")).findFirst().orElseThrow();
        String handler = ((Notification.Target.Function) notification.target()).handler().handlerClass();
        Path bronze = workspace.lake().resolve("lagoa-b3/raw/2022-12-08/dados_originais.parquet");
        try (NotificationLedger ledger = new NotificationLedger(workspace.metadataDatabase());
                LakeNotificationDispatcher dispatcher = new LakeNotificationDispatcher(workspace,
                        List.of(new LakeNotificationDispatcher.Route(notification, BucketName.of("lagoa-b3"), "raw/")), ledger,
                        (target, message) -> invoker.invoke(handler, message), "sa-east-1", Duration.ofSeconds(1), clock)) {
            Files.createDirectories(bronze.getParent());
            Files.writeString(bronze, "first version");
            Files.setLastModifiedTime(bronze, FileTime.from(CREATED));
            assertThat(dispatcher.scan().delivered()).isEqualTo(1);
            launcher.finishAll();
            clock.advance(Duration.ofHours(1));

            // cp -p / rsync -a of a corrected file: new content, but a modification time of last year
            Files.writeString(bronze, "the corrected version");
            Files.setLastModifiedTime(bronze, FileTime.from(CREATED.minus(Duration.ofDays(365))));
            assertThat(dispatcher.scan().delivered()).isEqualTo(1);
        }

        assertThat(launcher.started()).as("the first run started before the copy was in the lake: it never read it").hasSize(2);
    }

    @Test
    void objectsItIsNotMeantForAreIgnored() {
        for (String key : new String[] {
                "raw/2022-12-08/resposta_b3.json",
                "raw/2022-12-08/_temporary/0/part-0.parquet",
                "raw/2022-12-08/.dados_originais.parquet.tmp",
                "raw/2022-13-45/dados_originais.parquet",
                "refined/ativos/data=2022-12-08/acao=PETR4/part-0.parquet",
                "raw/dados_originais.parquet",
                "raw/indice=IBOV/2022-12-08/dados_originais.parquet",
                "raw/indice=smll/2022-12-08/dados_originais.parquet",
                "raw/indice=SMLL/dados_originais.parquet"}) {
            deliver(IbovRefineTrigger.class, "lagoa-b3", key, CREATED);
        }

        assertThat(launcher.started()).isEmpty();
    }

    @Test
    void aBackfillOfOneTickerStartsOneRun() {
        for (int day = 1; day <= 21; day++) {
            deliver(QuotesRefineTrigger.class, "lagoa-brapi", "raw/dataset=petr4/ticker=petr4/year=2025/month=07/day=%02d/data.parquet".formatted(day),
                    CREATED);
        }

        assertThat(launcher.started()).singleElement().extracting(JobRun::arguments).isEqualTo(Map.of(
                "--source", "s3://lagoa-brapi/raw/dataset=petr4/ticker=petr4/",
                "--ticker", "petr4",
                "--date", "2025-07-01",
                "--target", "s3://lagoa-brapi/refined/",
                "--commits", "s3://lagoa-brapi/catalog-commits/"));
    }

    @Test
    void anObjectWrittenWhileTheRunGoesOnWaitsForTheNextRun() {
        deliver(QuotesRefineTrigger.class, "lagoa-brapi", "raw/dataset=petr4/ticker=petr4/year=2025/month=07/day=21/data.parquet", CREATED);
        clock.advance(Duration.ofMinutes(1));

        // written after the running run started: the run may not have read it; the job allows one run at a time
        assertThatThrownBy(() -> deliver(QuotesRefineTrigger.class, "lagoa-brapi",
                "raw/dataset=petr4/ticker=petr4/year=2025/month=07/day=22/data.parquet", clock.instant()))
                .isInstanceOf(LagoaException.class)
                .hasMessageContaining("already has 1 runs in flight")
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(ErrorCode.FUNCTION_FAILED);

        launcher.finishAll();
        clock.advance(Duration.ofMinutes(1));
        deliver(QuotesRefineTrigger.class, "lagoa-brapi", "raw/dataset=petr4/ticker=petr4/year=2025/month=07/day=22/data.parquet",
                CREATED.plus(Duration.ofMinutes(1)));

        assertThat(launcher.started()).hasSize(2);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
