package dev.lagoa.apiload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.PutOptions;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pages of a load read on their own thread: the caller sees what a loop over {@link PageRecords} would give, in order. */
class ReadAheadTest {
    private static final BucketName BUCKET = BucketName.of("pages");
    private static final EndpointDefinition ENDPOINT = EndpointDefinition.of("pages", "http://127.0.0.1/unused", WriteDisposition.APPEND, List.of());
    @TempDir
    Path home;
    private LocalObjectStore store;

    @BeforeEach
    void open() {
        store = new LocalObjectStore(Workspace.open(home));
        store.createBucket(BUCKET);
    }

    private ObjectKey page(String key, String content) {
        store.put(BUCKET, ObjectKey.of(key), content.getBytes(StandardCharsets.UTF_8), PutOptions.DEFAULT);
        return ObjectKey.of(key);
    }

    /** Every record and reject, as {@code PageRecords} gives them page after page, and as the read-ahead gives them. */
    private static List<String> sequential(LocalObjectStore store, List<ObjectKey> pages) {
        List<String> seen = new ArrayList<>();
        for (ObjectKey page : pages) {
            try (PageRecords records = PageRecords.open(store, BUCKET, page, ENDPOINT, "load-1", (reject, record) -> seen.add(rejected(reject, record)))) {
                for (SourceRecord record = records.next(); record != null; record = records.next()) {
                    seen.add(record.node().toString());
                }
            }
        }
        return seen;
    }

    private List<String> readAhead(List<ObjectKey> pages, int ahead) {
        List<String> seen = new ArrayList<>();
        Thread caller = Thread.currentThread();
        try (ReadAhead records = ReadAhead.start(store, BUCKET, pages, ENDPOINT, "load-1", ahead, (reject, record) -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            seen.add(rejected(reject, record));
        })) {
            for (SourceRecord record = records.next(); record != null; record = records.next()) {
                seen.add(record.node().toString());
            }
            assertThat(records.next()).isNull();
        }
        return seen;
    }

    private static String rejected(Reject reject, boolean record) {
        return "reject(%s, %s, %s)".formatted(reject.reason(), record, reject.detail());
    }

    @Test
    void recordsAndRejectsOfManyPagesComeInTheOrderOfAPlainLoop() {
        List<ObjectKey> pages = new ArrayList<>();
        for (int p = 0; p < 7; p++) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 300 + p * 97; i++) {
                // Every 13th line is not JSON: a reject between records, often across a chunk's end.
                lines.append(i % 13 == 5 ? "{broken" : "{\"page\":%d,\"i\":%d}".formatted(p, i)).append('\n');
            }
            pages.add(page("p%d.jsonl".formatted(p), lines.toString()));
        }
        // A document page broken half-way, and an empty one.
        pages.add(page("doc.json", "[{\"id\":1},{\"id\":2},{\"id\":"));
        pages.add(page("empty.json", "[]"));

        List<String> expected = sequential(store, pages);
        assertThat(expected).hasSizeGreaterThan(4000).anyMatch(item -> item.startsWith("reject(MALFORMED_JSON, false"));
        assertThat(readAhead(pages, 1)).isEqualTo(expected);
        assertThat(readAhead(pages, 10_000)).isEqualTo(expected);
    }

    @Test
    void aPageTheStoreCannotGiveFailsAfterTheRecordsReadBeforeIt() {
        List<ObjectKey> pages = List.of(page("a.jsonl", "{\"id\":1}\n{\"id\":2}\n"), ObjectKey.of("missing.jsonl"));
        List<String> seen = new ArrayList<>();
        try (ReadAhead records = ReadAhead.start(store, BUCKET, pages, ENDPOINT, "load-1", 10, (reject, record) -> seen.add("reject"))) {
            seen.add(records.next().node().toString());
            seen.add(records.next().node().toString());
            assertThatThrownBy(records::next).isInstanceOf(LagoaException.class).hasMessageContaining("missing.jsonl");
        }
        assertThat(seen).containsExactly("{\"id\":1}", "{\"id\":2}");
    }

    @Test
    void closingHalfWayStopsTheReadingThread() {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            lines.append("{\"i\":%d}\n".formatted(i));
        }
        List<ObjectKey> pages = List.of(page("big.jsonl", lines.toString()));
        Thread reader;
        try (ReadAhead records = ReadAhead.start(store, BUCKET, pages, ENDPOINT, "load-1", 512, (reject, record) -> { })) {
            assertThat(records.next().node().toString()).isEqualTo("{\"i\":0}");
            reader = Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals("lagoa-apiload-read-pages")).findFirst()
                    .orElseThrow();
        }
        // close() joins the reading thread.
        assertThat(reader.isAlive()).isFalse();
    }
}
