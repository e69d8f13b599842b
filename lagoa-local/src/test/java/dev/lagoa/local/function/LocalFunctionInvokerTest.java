package dev.lagoa.local.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.contracts.FunctionHandler;
import dev.lagoa.core.event.Notification;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.local.Workspace;
import dev.lagoa.local.notify.LakeNotificationDispatcher;
import dev.lagoa.local.notify.LakeNotificationDispatcher.ScanResult;
import dev.lagoa.local.notify.NotificationLedger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Function targets of lake notifications: the Lambda handler class, called in-process through the dispatcher. */
class LocalFunctionInvokerTest {
    private static final BucketName BUCKET = BucketName.of("lagoa-b3");
    private static final Instant NOW = Instant.parse("2026-11-22T05:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @TempDir
    Path temp;
    private Workspace workspace;
    private NotificationLedger ledger;
    private LocalFunctionInvoker invoker;

    @BeforeEach
    void open() {
        TestHandlers.reset();
        workspace = Workspace.open(temp.resolve("home"));
        ledger = new NotificationLedger(workspace.metadataDatabase());
        invoker = new LocalFunctionInvoker(TIMEOUT, "sa-east-1");
    }

    @AfterEach
    void close() {
        invoker.close();
        ledger.close();
    }

    private LakeNotificationDispatcher dispatcher(Class<?> handler) {
        Notification notification = new Notification("raw-parquet", "raw", ".parquet", new Notification.Target.Function(FunctionHandler.IBOV_REFINE_TRIGGER));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new LakeNotificationDispatcher(workspace, List.of(new LakeNotificationDispatcher.Route(notification, BUCKET, "raw/")), ledger,
                (target, message) -> invoker.invoke(handler.getName(), message), "sa-east-1",
                Duration.ofSeconds(1), clock);
    }

    private byte[] copyByHand(String key, String content) throws Exception {
        Path file = workspace.lake().resolve(BUCKET.value()).resolve(key);
        Files.createDirectories(file.getParent());
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, FileTime.from(NOW.minusSeconds(5)));
        return bytes;
    }

    @Test
    void aFileCopiedIntoTheLakeInvokesTheHandlerOnceWithTheEventS3WouldGive() throws Exception {
        byte[] content = copyByHand("raw/2022-12-08/dados originais.parquet", "PAR1 not really PAR1");
        LakeNotificationDispatcher dispatcher = dispatcher(TestHandlers.Recording.class);

        assertThat(dispatcher.scan()).isEqualTo(new ScanResult(1, 0));
        assertThat(dispatcher.scan()).as("recorded in the ledger: not again").isEqualTo(new ScanResult(0, 0));

        assertThat(TestHandlers.Recording.EVENTS).hasSize(1);
        S3Event event = TestHandlers.Recording.EVENTS.get(0);
        assertThat(event.getRecords()).hasSize(1);
        S3EventNotificationRecord record = event.getRecords().get(0);
        assertThat(record.getEventSource()).isEqualTo("aws:s3");
        assertThat(record.getEventName()).isEqualTo("ObjectCreated:Put");
        assertThat(record.getEventVersion()).isEqualTo("2.1");
        assertThat(record.getAwsRegion()).isEqualTo("sa-east-1");
        assertThat(record.getEventTime().getMillis()).as("when the lake saw the file, not its mtime").isEqualTo(NOW.toEpochMilli());
        assertThat(record.getS3().getConfigurationId()).isEqualTo("raw-parquet");
        assertThat(record.getS3().getBucket().getName()).isEqualTo("lagoa-b3");
        assertThat(record.getS3().getBucket().getArn()).isEqualTo("arn:aws:s3:::lagoa-b3");
        assertThat(record.getS3().getObject().getKey()).as("URL-encoded, as on AWS").isEqualTo("raw/2022-12-08/dados+originais.parquet");
        assertThat(record.getS3().getObject().getUrlDecodedKey()).isEqualTo("raw/2022-12-08/dados originais.parquet");
        assertThat(record.getS3().getObject().getSizeAsLong()).isEqualTo(content.length);
        assertThat(record.getS3().getObject().geteTag()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)));
        assertThat(record.getS3().getObject().getSequencer()).matches("[0-9A-F]{16}");

        TestHandlers.Seen seen = TestHandlers.Recording.CONTEXTS.get(0);
        assertThat(seen.functionName()).isEqualTo("Recording");
        assertThat(seen.requestId()).isNotBlank();
        assertThat(seen.remainingMillis()).isPositive().isLessThanOrEqualTo((int) TIMEOUT.toMillis());
        assertThat(seen.arn()).isEqualTo("arn:aws:lambda:sa-east-1:000000000000:function:Recording");
    }

    @Test
    void oneHandlerInstancePerClassIsReusedAsAWarmLambda() throws Exception {
        copyByHand("raw/2022-12-08/a.parquet", "a");
        copyByHand("raw/2022-12-09/b.parquet", "b");
        LakeNotificationDispatcher dispatcher = dispatcher(TestHandlers.Recording.class);

        assertThat(dispatcher.scan()).isEqualTo(new ScanResult(2, 0));
        copyByHand("raw/2022-12-10/c.parquet", "c");
        assertThat(dispatcher.scan()).isEqualTo(new ScanResult(1, 0));

        assertThat(TestHandlers.Recording.INSTANCES.get()).isEqualTo(1);
        assertThat(TestHandlers.Recording.CONTEXTS).extracting(TestHandlers.Seen::instance).containsOnly(TestHandlers.Recording.CONTEXTS.get(0).instance());
        assertThat(TestHandlers.Recording.CONTEXTS).extracting(TestHandlers.Seen::requestId).doesNotHaveDuplicates();
    }

    @Test
    void aFailingHandlerIsRetriedOnTheNextScanAndRecordedOnlyAfterSuccess() throws Exception {
        copyByHand("raw/2022-12-08/a.parquet", "a");
        TestHandlers.Failing.FAILURES_LEFT.set(2);
        LakeNotificationDispatcher dispatcher = dispatcher(TestHandlers.Failing.class);

        assertThat(dispatcher.scan()).isEqualTo(new ScanResult(0, 1));
        assertThat(ledger.find("raw-parquet", "lagoa-b3", "raw/2022-12-08/a.parquet")).isEmpty();
        assertThat(dispatcher.scan()).isEqualTo(new ScanResult(0, 1));
        assertThat(dispatcher.scan()).isEqualTo(new ScanResult(1, 0));
        assertThat(ledger.find("raw-parquet", "lagoa-b3", "raw/2022-12-08/a.parquet")).isPresent();
        assertThat(dispatcher.scan()).isEqualTo(new ScanResult(0, 0));
        assertThat(TestHandlers.Failing.CALLS.get()).isEqualTo(3);
    }

    @Test
    void aTimeoutIsAFailureRetriedWithANewInstance() throws Exception {
        copyByHand("raw/2022-12-08/a.parquet", "a");
        TestHandlers.Slow.SLEEP_MILLIS.set(10_000);
        LakeNotificationDispatcher dispatcher = dispatcher(TestHandlers.Slow.class);

        long started = System.nanoTime();
        assertThat(dispatcher.scan()).isEqualTo(new ScanResult(0, 1));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(ledger.find("raw-parquet", "lagoa-b3", "raw/2022-12-08/a.parquet")).isEmpty();

        TestHandlers.Slow.SLEEP_MILLIS.set(0);
        assertThat(dispatcher.scan()).isEqualTo(new ScanResult(1, 0));
        assertThat(TestHandlers.Slow.COMPLETED.get()).isEqualTo(1);
        assertThat(TestHandlers.Slow.INSTANCES.get()).as("the timed-out environment is discarded").isEqualTo(2);
    }

    @Test
    void theInvokerReportsFailuresAndTimeoutsAsErrors() {
        String event = "{\"Records\":[]}";
        TestHandlers.Failing.FAILURES_LEFT.set(1);
        assertThatThrownBy(() -> invoker.invoke(TestHandlers.Failing.class.getName(), event))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FUNCTION_FAILED))
                .hasMessageContaining("the refine job could not be started");
        TestHandlers.Slow.SLEEP_MILLIS.set(10_000);
        assertThatThrownBy(() -> invoker.invoke(TestHandlers.Slow.class.getName(), event))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FUNCTION_TIMEOUT))
                .hasMessageContaining("timed out after PT0.5S");
    }

    @Test
    void classesThatAreNotS3HandlersAreUserErrorsNamingTheClass() throws Exception {
        copyByHand("raw/2022-12-08/a.parquet", "a");
        assertThat(dispatcher(TestHandlers.NotAHandler.class).scan()).as("not recorded: retried once the pipeline is fixed")
                .isEqualTo(new ScanResult(0, 1));

        String event = "{\"Records\":[]}";
        assertInvalid("dev.lagoa.missing.TriggerHandler", "dev.lagoa.missing.TriggerHandler cannot run: it is not on the classpath", event);
        assertInvalid(TestHandlers.NotAHandler.class.getName(), "it does not implement com.amazonaws.services.lambda.runtime.RequestHandler", event);
        assertInvalid(TestHandlers.StringHandler.class.getName(), "its input type is java.lang.String, not com.amazonaws.services.lambda.runtime.events.S3Event",
                event);
        assertInvalid(TestHandlers.NoDefaultConstructor.class.getName(), "it has no public no-arg constructor", event);
        assertThat(invoker.invoke(TestHandlers.Derived.class.getName(), event).handlerClass()).isEqualTo(TestHandlers.Derived.class.getName());
    }

    private void assertInvalid(String handlerClass, String message, String event) {
        assertThatThrownBy(() -> invoker.invoke(handlerClass, event))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PIPELINE))
                .hasMessageContaining(handlerClass)
                .hasMessageContaining(message);
    }
}
