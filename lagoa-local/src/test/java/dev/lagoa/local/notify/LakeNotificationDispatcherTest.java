package dev.lagoa.local.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.event.Notification;
import dev.lagoa.core.event.ObjectCreated;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.PutOptions;
import dev.lagoa.core.queue.QueueName;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeNotificationDispatcherTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BucketName BUCKET = BucketName.of("lagoa-diffs");
    private static final Notification NOTIFICATION = new Notification("diff-files", "diffs", ".json",
            new Notification.Target.Queue(QueueName.of("lagoa-diff-events")));

    @TempDir
    Path temp;
    private Workspace workspace;
    private final List<String> messages = new ArrayList<>();
    private final AtomicBoolean failing = new AtomicBoolean();
    private Instant now = Instant.parse("2026-11-22T05:00:00Z");
    private NotificationLedger ledger;

    @BeforeEach
    void open() {
        workspace = Workspace.open(temp.resolve("home"));
        ledger = new NotificationLedger(workspace.metadataDatabase());
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private LakeNotificationDispatcher dispatcher() {
        return dispatcher(LakeNotificationDispatcher.Listener.LOGGING);
    }

    private LakeNotificationDispatcher dispatcher(LakeNotificationDispatcher.Listener listener) {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new LakeNotificationDispatcher(workspace, List.of(new LakeNotificationDispatcher.Route(NOTIFICATION, BUCKET, "")), ledger,
                (target, message) -> {
                    if (failing.get()) {
                        throw new LagoaException(ErrorCode.CONCURRENT_RUNS_EXCEEDED, "Cannot start ibov-refine: 1 run is already in flight");
                    }
                    assertThat(target).isEqualTo(NOTIFICATION.target());
                    messages.add(message);
                }, "sa-east-1", Duration.ofSeconds(1), clock, listener);
    }

    private Path copyByHand(String key, String content, Instant modified) throws Exception {
        Path file = workspace.lake().resolve("lagoa-diffs").resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @Test
    void aFileCopiedByHandYieldsExactlyOneS3ShapedMessage() throws Exception {
        copyByHand("2026-11-21/part 00000.json", "{\"op\":\"c\"}\n", now.minusSeconds(5));

        assertThat(dispatcher().scan().delivered()).isEqualTo(1);
        assertThat(dispatcher().scan().delivered()).isZero();

        JsonNode record = JSON.readTree(messages.get(0)).get("Records").get(0);
        assertThat(record.get("eventVersion").asText()).isEqualTo("2.1");
        assertThat(record.get("eventSource").asText()).isEqualTo("aws:s3");
        assertThat(record.get("eventName").asText()).isEqualTo("ObjectCreated:Put");
        assertThat(record.get("awsRegion").asText()).isEqualTo("sa-east-1");
        assertThat(record.get("eventTime").asText()).as("when the lake saw it, not its mtime").isEqualTo(now.toString());
        assertThat(record.at("/s3/configurationId").asText()).isEqualTo("diff-files");
        assertThat(record.at("/s3/bucket/name").asText()).isEqualTo("lagoa-diffs");
        assertThat(record.at("/s3/bucket/arn").asText()).isEqualTo("arn:aws:s3:::lagoa-diffs");
        assertThat(record.at("/s3/object/key").asText()).as("URL-encoded as S3 does").isEqualTo("2026-11-21/part+00000.json");
        assertThat(record.at("/s3/object/size").asLong()).isEqualTo(11);
        assertThat(record.at("/s3/object/eTag").asText()).hasSize(32);
        assertThat(record.at("/s3/object/sequencer").asText()).matches("[0-9A-F]{16}");

        ObjectCreated parsed = S3EventMessages.parse(messages.get(0)).get(0);
        assertThat(parsed.key()).isEqualTo(ObjectKey.of("2026-11-21/part 00000.json"));
        assertThat(parsed.dateFromPath()).contains(LocalDate.of(2026, 11, 21));
    }

    @Test
    void aFileCopiedWithAnOldModificationTimeIsDatedWhenTheLakeSawItAndSequencedAfterEarlierWrites() throws Exception {
        copyByHand("2026-11-21/a.json", "{}\n", now.minusSeconds(5));
        dispatcher().scan();
        now = now.plusSeconds(60);
        copyByHand("2026-11-21/b.json", "{}\n", Instant.parse("2020-01-02T03:04:05Z")); // cp -p, rsync -a

        assertThat(dispatcher().scan().delivered()).isEqualTo(1);

        ObjectCreated first = S3EventMessages.parse(messages.get(0)).get(0);
        ObjectCreated copied = S3EventMessages.parse(messages.get(1)).get(0);
        assertThat(copied.eventTime()).isEqualTo(now);
        assertThat(copied.sequencer()).as("sequencers grow, S3-shaped: fixed-width hex").matches("[0-9A-F]{16}")
                .isGreaterThan(first.sequencer());
    }

    @Test
    void aFileFoundByALaterScanIsDatedWhenItLandedNotWhenTheScanFoundIt() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        copyByHand("2026-11-21/a.json", "{}\n", Instant.parse("2020-01-02T03:04:05Z"));
        Instant after = Instant.now().plusSeconds(1);
        now = after.plusSeconds(3600); // found an hour later, after a run that may already have read it

        assertThat(dispatcher().scan().delivered()).isEqualTo(1);

        assertThat(S3EventMessages.parse(messages.get(0)).get(0).eventTime()).isBetween(before, after);
    }

    @Test
    void writersTemporaryAndHiddenFilesNeverNotify() throws Exception {
        Instant old = now.minusSeconds(5);
        copyByHand("2026-11-21/_temporary/0/part-1.json", "x", old);
        copyByHand("2026-11-21/.part-1.json.crc", "x", old);
        copyByHand("2026-11-21/_SUCCESS", "", old);
        copyByHand("2026-11-21/_manifest.json", "{}", old);
        copyByHand("_rejects/2026-11-21/rejects-00000.json", "{}", old);
        copyByHand("_lagoa_staging/jr_1/day/part-00000.json", "{}", old);
        copyByHand("2026-11-21/.lagoa-tmp-123", "x", old);
        copyByHand("2026-11-21/notes.txt", "not a .json", old);

        assertThat(dispatcher().scan().delivered()).isZero();
    }

    @Test
    void objectsWrittenThroughTheStoreNotifyOnceTheySettle() throws Exception {
        new LocalObjectStore(workspace).put(BUCKET, ObjectKey.of("2026-11-21/part-00000.json"), "{}".getBytes(), PutOptions.DEFAULT);
        now = Instant.now();
        LakeNotificationDispatcher dispatcher = dispatcher();

        assertThat(dispatcher.scan().delivered()).as("modified less than a second ago").isZero();
        now = now.plusSeconds(2);
        assertThat(dispatcher.scan().delivered()).isEqualTo(1);
    }

    @Test
    void aRestartNeitherLosesNorRepeats() throws Exception {
        copyByHand("2026-11-21/a.json", "1", now.minusSeconds(5));
        dispatcher().scan();
        ledger.close();
        ledger = new NotificationLedger(workspace.metadataDatabase());
        copyByHand("2026-11-21/b.json", "2", now.minusSeconds(5));

        assertThat(dispatcher().scan().delivered()).isEqualTo(1);
        assertThat(messages).hasSize(2);
    }

    @Test
    void anObjectReplacedWithNewContentNotifiesAgain() throws Exception {
        copyByHand("2026-11-21/a.json", "old", now.minusSeconds(10));
        dispatcher().scan();
        copyByHand("2026-11-21/a.json", "new content", now.minusSeconds(5));

        assertThat(dispatcher().scan().delivered()).isEqualTo(1);
        String first = JSON.readTree(messages.get(0)).at("/Records/0/s3/object/sequencer").asText();
        String second = JSON.readTree(messages.get(1)).at("/Records/0/s3/object/sequencer").asText();
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void aFailedDeliveryIsRetriedOnTheNextScan() throws Exception {
        copyByHand("2026-11-21/a.json", "1", now.minusSeconds(5));
        failing.set(true);
        assertThat(dispatcher().scan()).isEqualTo(new LakeNotificationDispatcher.ScanResult(0, 1));

        failing.set(false);
        assertThat(dispatcher().scan()).isEqualTo(new LakeNotificationDispatcher.ScanResult(1, 0));
        assertThat(messages).hasSize(1);
    }

    @Test
    void anEventThatKeepsFailingForTheSameReasonIsToldOnceNotAtEveryScan() throws Exception {
        copyByHand("2026-11-21/a.json", "1", now.minusSeconds(5));
        List<String> told = new ArrayList<>();
        LakeNotificationDispatcher dispatcher = dispatcher(new LakeNotificationDispatcher.Listener() {
            @Override
            public void delivered(LakeNotificationDispatcher.Route route, ObjectCreated event, Duration took) {
                told.add("delivered " + event.key());
            }

            @Override
            public void notDelivered(LakeNotificationDispatcher.Route route, ObjectCreated event, Exception error) {
                told.add("not delivered " + event.key() + ": " + error.getMessage());
            }
        });
        failing.set(true);
        for (int scan = 0; scan < 3; scan++) {
            assertThat(dispatcher.scan()).as("retried at every scan").isEqualTo(new LakeNotificationDispatcher.ScanResult(0, 1));
        }
        failing.set(false);
        assertThat(dispatcher.scan()).isEqualTo(new LakeNotificationDispatcher.ScanResult(1, 0));

        assertThat(told).containsExactly("not delivered 2026-11-21/a.json: Cannot start ibov-refine: 1 run is already in flight",
                "delivered 2026-11-21/a.json");
    }

    @Test
    void consumersIgnoreTestEventsAndRejectWhatIsNotAnS3Event() {
        assertThat(S3EventMessages.parse("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"lagoa-diffs\"}")).isEmpty();
        assertThatThrownBy(() -> S3EventMessages.parse("hello")).hasMessageStartingWith("Not an S3 event notification: it is not JSON");
        assertThatThrownBy(() -> S3EventMessages.parse("{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{}}]}"))
                .hasMessage("Not an S3 event notification: a record has no name");
        assertThat(S3EventMessages.parse("{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectRemoved:Delete\"}]}")).isEmpty();
    }
}
