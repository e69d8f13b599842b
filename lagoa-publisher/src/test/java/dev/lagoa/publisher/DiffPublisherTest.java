package dev.lagoa.publisher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.ErrorType;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.PutOptions;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffPublisherTest {
    private static final BucketName DIFFS = BucketName.of("lagoa-diffs");
    private static final LocalDate DAY = LocalDate.parse("2026-11-21");
    private static final String TOPIC = "lagoa-diffs";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T05:00:00Z"), ZoneOffset.UTC);

    static final String INSERT = "{\"op\":\"c\",\"key\":{\"id\":12},\"before\":null,\"after\":{\"id\":12,\"nome\":\"Queijo\"},\"date\":\"2026-11-21\"}";
    static final String UPDATE = "{\"op\":\"u\",\"key\":{\"id\":4},\"before\":{\"id\":4,\"preco\":27.50},\"after\":{\"id\":4,\"preco\":29.90},\"date\":\"2026-11-21\"}";
    static final String DELETE = "{\"op\":\"d\",\"key\":{\"id\":7},\"before\":{\"id\":7},\"after\":null,\"date\":\"2026-11-21\"}";
    static final String COMPOSITE = "{\"op\":\"u\",\"key\":{\"cliente.id\":7,\"pedido\":1.50},\"before\":{},\"after\":{},\"date\":\"2026-11-21\"}";

    @TempDir
    Path temp;
    private LocalObjectStore store;
    private InMemoryEventPublisher events;

    @BeforeEach
    void lake() {
        store = new LocalObjectStore(Workspace.open(temp.resolve("home")));
        events = new InMemoryEventPublisher();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void write(String key, String... lines) {
        store.put(DIFFS, ObjectKey.of(key), (String.join("\n", lines) + "\n").getBytes(UTF_8), PutOptions.contentType("application/json"));
    }

    private DiffPublisher publisher(boolean tombstones) {
        return new DiffPublisher(store, events, DIFFS, TOPIC, tombstones, CLOCK);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, UTF_8);
    }

    @Test
    void eachChangeRecordIsOneEventKeyedByItsKeyWithOpDateAndSourceFileHeaders() {
        write("2026-11-21/part-00000.json", INSERT, UPDATE);
        write("2026-11-21/part-00001.json", DELETE, "", COMPOSITE);

        PublishResult result = publisher(false).publish(DAY, false, PublishListener.NONE);

        assertThat(events.topics).containsExactly(TOPIC);
        assertThat(events.events).extracting(published -> text(published.event().key()))
                .containsExactly("{\"id\":12}", "{\"id\":4}", "{\"id\":7}", "{\"cliente.id\":7,\"pedido\":1.50}");
        assertThat(events.events).extracting(published -> text(published.event().value())).containsExactly(INSERT, UPDATE, DELETE, COMPOSITE);
        var first = events.events.get(0).event();
        assertThat(first.headers().keySet()).containsExactly("op", "date", "source_file");
        assertThat(text(first.headers().get("op"))).isEqualTo("c");
        assertThat(text(first.headers().get("date"))).isEqualTo("2026-11-21");
        assertThat(text(first.headers().get("source_file"))).isEqualTo("s3://lagoa-diffs/2026-11-21/part-00000.json");
        assertThat(events.events).extracting(InMemoryEventPublisher.Published::batchId)
                .containsExactly("part-00000.json", "part-00000.json", "part-00001.json", "part-00001.json");
        assertThat(events.events).extracting(InMemoryEventPublisher.Published::scope).containsOnly("2026-11-21");

        assertThat(result.filesFound()).isEqualTo(2);
        assertThat(result.published()).extracting(PublishResult.FileResult::records).containsExactly(2L, 2L);
        assertThat(result.records()).isEqualTo(4);
        assertThat(result.tombstones()).isZero();
        assertThat(result.bytes()).isEqualTo((INSERT + UPDATE + DELETE + COMPOSITE).getBytes(UTF_8).length + 5);
        assertThat(DiffPublisher.failure(result)).isNull();
    }

    private List<String> valuesOfRun(String runId) {
        return events.events.stream().filter(published -> runId.equals(text(published.event().headers().get(DiffPublisher.HEADER_RUN_ID))))
                .map(published -> text(published.event().value())).toList();
    }

    @Test
    void aDayDiffedAgainIsPublishedAgainAsItsNewRunMarkedAsARepublish() {
        String other = "{\"op\":\"c\",\"key\":{\"id\":99},\"before\":null,\"after\":{\"id\":99},\"date\":\"2026-11-21\"}";
        DiffDays.writeRun(store, DIFFS, DAY, "jr_1", List.of(List.of(INSERT, UPDATE), List.of(DELETE)));
        PublishResult first = publisher(false).publish(DAY, false, PublishListener.NONE);
        // the corrected rerun of the day: other records, split over files differently
        DiffDays.writeRun(store, DIFFS, DAY, "jr_2", List.of(List.of(UPDATE), List.of(other), List.of(COMPOSITE)));

        PublishResult second = publisher(false).publish(DAY, false, PublishListener.NONE);
        PublishResult third = publisher(false).publish(DAY, false, PublishListener.NONE);

        assertThat(first.runId()).isEqualTo("jr_1");
        assertThat(first.isRepublish()).isFalse();
        assertThat(second.runId()).isEqualTo("jr_2");
        assertThat(second.isRepublish()).isTrue();
        assertThat(second.records()).isEqualTo(3);
        assertThat(third.published()).isEmpty();
        assertThat(third.alreadyPublished()).hasSize(3);
        assertThat(valuesOfRun("jr_1")).containsExactly(INSERT, UPDATE, DELETE);
        assertThat(valuesOfRun("jr_2")).as("the new change set, each record once").containsExactly(UPDATE, other, COMPOSITE);
        assertThat(events.events).hasSize(6);
        assertThat(events.events).allSatisfy(published -> assertThat(text(published.event().headers().get(DiffPublisher.HEADER_REPUBLISH)))
                .isEqualTo(text(published.event().headers().get(DiffPublisher.HEADER_RUN_ID)).equals("jr_2") ? "true" : "false"));
        assertThat(events.progress.get(TOPIC + "/2026-11-21")).containsExactly("jr_1/part-00000-jr_1.json", "jr_1/part-00001-jr_1.json",
                "jr_2/part-00000-jr_2.json", "jr_2/part-00001-jr_2.json", "jr_2/part-00002-jr_2.json");
    }

    @Test
    void onlyTheFilesTheManifestListsArePublishedNotThoseOfARunBeingReplaced() {
        DiffDays.writeRun(store, DIFFS, DAY, "jr_2", List.of(List.of(UPDATE)));
        // on S3 a day is replaced object by object: a file of the previous run can still be listed
        write("2026-11-21/part-00000-jr_1.json", INSERT);

        PublishResult result = publisher(false).publish(DAY, false, PublishListener.NONE);

        assertThat(events.events).extracting(published -> text(published.event().value())).containsExactly(UPDATE);
        assertThat(result.notInManifest()).containsExactly("s3://lagoa-diffs/2026-11-21/part-00000-jr_1.json");
    }

    @Test
    void aFileTheManifestListsButTheDayLacksFailsTheRunBeforeAnythingIsPublished() {
        DiffDays.writeRun(store, DIFFS, DAY, "jr_2", List.of(List.of(UPDATE), List.of(INSERT)));
        store.delete(DIFFS, ObjectKey.of("2026-11-21/part-00001-jr_2.json"));

        assertThatThrownBy(() -> publisher(false).publish(DAY, false, PublishListener.NONE))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorType()).isEqualTo(ErrorType.EXTERNAL))
                .hasMessage("Cannot publish 2026-11-21: its manifest (run jr_2) lists part-00001-jr_2.json, which is not under "
                        + "s3://lagoa-diffs/2026-11-21/; the day is being replaced or was changed by hand. Run the publisher again");
        assertThat(events.events).isEmpty();
    }

    @Test
    void aMalformedManifestIsAClearErrorAndNothingIsPublished() {
        write("2026-11-21/part-00000-jr_1.json", INSERT);
        write("2026-11-21/_manifest.json", "{\"run_id\":");

        assertThatThrownBy(() -> publisher(false).publish(DAY, false, PublishListener.NONE))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorType()).isEqualTo(ErrorType.USER))
                .hasMessageStartingWith("Cannot publish 2026-11-21: its manifest s3://lagoa-diffs/2026-11-21/_manifest.json cannot be read:");
        assertThat(events.events).isEmpty();
    }

    @Test
    void aSecondRunForTheSameDayPublishesNothing() {
        write("2026-11-21/part-00000.json", INSERT, UPDATE, DELETE);
        publisher(false).publish(DAY, false, PublishListener.NONE);

        PublishResult again = publisher(false).publish(DAY, false, PublishListener.NONE);

        assertThat(events.events).hasSize(3);
        assertThat(again.alreadyPublished()).containsExactly("s3://lagoa-diffs/2026-11-21/part-00000.json");
        assertThat(again.published()).isEmpty();
    }

    @Test
    void aRunThatFailedHalfWayIsFinishedByTheNextWithoutRepeatingWhatWasCommitted() {
        write("2026-11-21/part-00000.json", INSERT);
        write("2026-11-21/part-00001.json", UPDATE);
        events.unreachableFor.add("part-00001.json");

        assertThatThrownBy(() -> publisher(false).publish(DAY, false, PublishListener.NONE))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorType()).isEqualTo(ErrorType.EXTERNAL));
        assertThat(events.progress.get(TOPIC + "/2026-11-21")).containsExactly("part-00000.json");

        events.unreachableFor.clear();
        PublishResult rerun = publisher(false).publish(DAY, false, PublishListener.NONE);

        assertThat(rerun.published()).extracting(PublishResult.FileResult::file).containsExactly("s3://lagoa-diffs/2026-11-21/part-00001.json");
        assertThat(events.events).extracting(published -> text(published.event().value())).containsExactly(INSERT, UPDATE);
    }

    @Test
    void tombstonesFollowDeletesWhenConfigured() {
        write("2026-11-21/part-00000.json", DELETE, INSERT);

        PublishResult result = publisher(true).publish(DAY, false, PublishListener.NONE);

        assertThat(events.events).extracting(published -> text(published.event().key())).containsExactly("{\"id\":7}", "{\"id\":7}", "{\"id\":12}");
        assertThat(events.events).extracting(published -> text(published.event().value())).containsExactly(DELETE, null, INSERT);
        assertThat(text(events.events.get(1).event().headers().get("op"))).isEqualTo("d");
        assertThat(result.records()).isEqualTo(2);
        assertThat(result.tombstones()).isEqualTo(1);
    }

    @Test
    void aMalformedFileIsQuarantinedWithItsReasonAndTheOthersArePublished() throws IOException {
        write("2026-11-21/part-00000.json", INSERT);
        write("2026-11-21/part-00001.json", UPDATE, "{\"op\":\"x\",\"key\":{\"id\":1}}", DELETE);
        write("2026-11-21/part-00002.json", DELETE);

        PublishResult result = publisher(false).publish(DAY, false, PublishListener.NONE);

        assertThat(events.events).extracting(published -> text(published.event().value())).containsExactly(INSERT, DELETE);
        assertThat(events.progress.get(TOPIC + "/2026-11-21")).containsExactly("part-00000.json", "part-00002.json");
        assertThat(result.quarantined()).singleElement().satisfies(bad -> {
            assertThat(bad.file()).isEqualTo("s3://lagoa-diffs/2026-11-21/part-00001.json");
            assertThat(bad.line()).isEqualTo(2);
            assertThat(bad.reason()).isEqualTo("op 'x' is not c, u or d");
            assertThat(bad.quarantinedTo()).isEqualTo("s3://lagoa-diffs/_quarantine/2026-11-21/part-00001.json");
        });
        assertThat(text(store.getBytes(DIFFS, ObjectKey.of("_quarantine/2026-11-21/part-00001.json"))))
                .isEqualTo(text(store.getBytes(DIFFS, ObjectKey.of("2026-11-21/part-00001.json"))));
        var reason = new ObjectMapper().readTree(store.getBytes(DIFFS, ObjectKey.of("_quarantine/2026-11-21/part-00001.json.reason.json")));
        assertThat(reason.get("file").asText()).isEqualTo("s3://lagoa-diffs/2026-11-21/part-00001.json");
        assertThat(reason.get("line").asLong()).isEqualTo(2);
        assertThat(reason.get("reason").asText()).isEqualTo("op 'x' is not c, u or d");
        assertThat(reason.get("quarantined_at").asText()).isEqualTo("2026-11-22T05:00:00Z");

        LagoaException failure = DiffPublisher.failure(result);
        assertThat(failure.errorCode()).isEqualTo(PublisherErrorCode.MALFORMED_CHANGE_FILE);
        assertThat(failure.errorType()).isEqualTo(ErrorType.USER);
        assertThat(failure).hasMessage("1 of 3 change files of 2026-11-21 quarantined, not published (copies and reasons under "
                + "s3://lagoa-diffs/_quarantine/2026-11-21/): s3://lagoa-diffs/2026-11-21/part-00001.json line 2: op 'x' is not c, u or d");
    }

    @Test
    void everyKindOfBadLineIsNamed() {
        List<String[]> cases = List.of(
                new String[] {"{\"op\":\"c\",", "not JSON: "},
                new String[] {"[1,2]", "not a JSON object"},
                new String[] {"{\"key\":{\"id\":1}}", "no op"},
                new String[] {"{\"op\":\"c\"}", "no key"},
                new String[] {"{\"op\":\"c\",\"key\":null}", "no key"},
                new String[] {"{\"op\":\"c\",\"key\":7}", "key is not a JSON object"},
                new String[] {"{\"op\":\"c\",\"key\":{\"id\":1}} trailing", "not JSON: "});
        for (int i = 0; i < cases.size(); i++) {
            LocalDate day = DAY.plusDays(i);
            String[] badLine = cases.get(i);
            write(day + "/part-00000.json", badLine[0]);
            PublishResult result = publisher(false).publish(day, false, PublishListener.NONE);
            assertThat(result.quarantined()).as(badLine[0]).singleElement()
                    .satisfies(bad -> assertThat(bad.reason()).startsWith(badLine[1]));
        }
        assertThat(events.events).isEmpty();
    }

    @Test
    void latin1TextDeepInsideAWellFormedRecordIsMalformed() {
        byte[] content = "{\"op\":\"u\",\"key\":{\"id\":1},\"after\":{\"cliente\":{\"nome\":\"Jo\u00e3o\"}},\"date\":\"2026-11-21\"}\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        store.put(DIFFS, ObjectKey.of("2026-11-21/part-00000.json"), content, PutOptions.DEFAULT);

        PublishResult result = publisher(false).publish(DAY, false, PublishListener.NONE);

        assertThat(result.quarantined()).singleElement().satisfies(bad -> assertThat(bad.reason()).isEqualTo("not valid UTF-8"));
        assertThat(events.events).isEmpty();
    }

    @Test
    void aRecordLargerThanTheTopicAcceptsIsQuarantinedAloneAndTheRestOfItsFileIsPublished() throws IOException {
        events.maxEventBytes = 2_000;
        String huge = "{\"op\":\"u\",\"key\":{\"id\":1},\"before\":{\"blob\":\"a\"},\"after\":{\"blob\":\"" + "x".repeat(5_000) + "\"}}";
        write("2026-11-21/part-00000.json", INSERT, huge, UPDATE);

        PublishResult result = publisher(false).publish(DAY, false, PublishListener.NONE);

        assertThat(events.events).extracting(published -> text(published.event().value())).containsExactly(INSERT, UPDATE);
        assertThat(result.quarantined()).as("no whole file").isEmpty();
        assertThat(result.quarantinedRecords()).singleElement().satisfies(bad -> {
            assertThat(bad.file()).isEqualTo("s3://lagoa-diffs/2026-11-21/part-00000.json");
            assertThat(bad.line()).isEqualTo(2);
            assertThat(bad.reason()).isEqualTo("a record of %d bytes, more than the 2000 topic lagoa-diffs accepts".formatted(huge.length()));
            assertThat(bad.quarantinedTo()).isEqualTo("s3://lagoa-diffs/_quarantine/2026-11-21/part-00000.json.line-2.json");
        });
        try (var in = store.get(DIFFS, ObjectKey.of("_quarantine/2026-11-21/part-00000.json.line-2.json"))) {
            assertThat(new String(in.readAllBytes(), UTF_8)).as("the record, byte for byte").isEqualTo(huge);
        }
        assertThat(store.exists(DIFFS, ObjectKey.of("_quarantine/2026-11-21/part-00000.json.line-2.json.reason.json"))).isTrue();
        assertThat(result.published()).extracting(PublishResult.FileResult::records).containsExactly(2L);
        assertThat(DiffPublisher.failure(result)).as("the run says so in its exit status")
                .hasMessageContaining("1 change record of 2026-11-21 quarantined").hasMessageContaining("part-00000.json line 2: a record of");
    }

    @Test
    void invalidUtf8IsAMalformedFile() {
        byte[] content = ("{\"op\":\"c\",\"key\":{\"id\":1},\"after\":{\"nome\":\"" + "\u00e9").getBytes(UTF_8);
        content[content.length - 1] = (byte) 0xff;
        store.put(DIFFS, ObjectKey.of("2026-11-21/part-00000.json"), content, PutOptions.DEFAULT);

        PublishResult result = publisher(false).publish(DAY, false, PublishListener.NONE);

        assertThat(result.quarantined()).singleElement().satisfies(bad -> assertThat(bad.reason()).isEqualTo("not valid UTF-8"));
    }

    @Test
    void hiddenFilesSubFoldersAndOtherSuffixesAreNotChangeFiles() {
        write("2026-11-21/_SUCCESS.json", "{}");
        write("2026-11-21/.part-00000.json.crc", "x");
        write("2026-11-21/_temporary/part-00009.json", INSERT);
        write("2026-11-21/notes.txt", "hello");
        write("2026-11-21/part-00000.json", UPDATE);
        write("2026-11-22/part-00000.json", DELETE);

        PublishResult result = publisher(false).publish(DAY, false, PublishListener.NONE);

        assertThat(result.filesFound()).isEqualTo(1);
        assertThat(events.events).extracting(published -> text(published.event().value())).containsExactly(UPDATE);
    }

    @Test
    void aDayWithoutFilesHasNothingToPublishUnlessFilesAreRequired() {
        PublishResult result = publisher(false).publish(DAY, false, PublishListener.NONE);

        assertThat(result.hasNoFiles()).isTrue();
        assertThat(events.topics).as("Kafka is not even contacted").isEmpty();
        assertThatThrownBy(() -> publisher(false).publish(DAY, true, PublishListener.NONE))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND))
                .hasMessage("No change files to publish for 2026-11-21: nothing under s3://lagoa-diffs/2026-11-21/");
    }
}
