package dev.lagoa.apiload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectListing;
import dev.lagoa.core.lake.ObjectMetadata;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.PutOptions;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.Workspace;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
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

    @Test
    void closingStopsTheReadingThreadEvenWhenTheStoresStreamSwallowsTheInterrupt() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            lines.append("{\"i\":%d}\n".formatted(i));
        }
        List<ObjectKey> pages = List.of(page("big.jsonl", lines.toString()));
        CountDownLatch inThirdRead = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interruptSwallowed = new AtomicBoolean();
        ObjectStore swallowing = new DelegatingStore(store) {
            @Override
            public InputStream get(BucketName bucket, ObjectKey key) {
                return new FilterInputStream(super.get(bucket, key)) {
                    private int reads;

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        if (++reads == 3) {
                            inThirdRead.countDown();
                            // Held until released; an interrupt meanwhile is forgotten, as by a client that retries on one.
                            while (true) {
                                try {
                                    release.await();
                                    break;
                                } catch (InterruptedException e) {
                                    interruptSwallowed.set(true);
                                }
                            }
                        }
                        // A few bytes at a time: the reading thread is still inside its first chunk.
                        return super.read(buffer, offset, Math.min(length, 16));
                    }
                };
            }
        };
        ReadAhead records = ReadAhead.start(swallowing, BUCKET, pages, ENDPOINT, "load-1", 512, (reject, record) -> { });
        inThirdRead.await();
        Thread reader = Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals("lagoa-apiload-read-pages")).findFirst()
                .orElseThrow();
        Thread closer = new Thread(records::close);
        closer.start();
        while (closer.getState() != Thread.State.WAITING) {
            Thread.onSpinWait(); // close() has interrupted the reading thread, held inside the read, and waits for it to end
        }
        release.countDown();

        // A bound on a close that hangs, not a synchronisation: it returns as soon as the reading thread sees it is closed.
        closer.join(Duration.ofMinutes(1).toMillis());
        assertThat(closer.isAlive()).as("close() returned").isFalse();
        assertThat(reader.isAlive()).isFalse();
        assertThat(interruptSwallowed).isTrue();
    }

    /** An object store that passes every call to another. */
    private static class DelegatingStore implements ObjectStore {
        private final ObjectStore delegate;

        DelegatingStore(ObjectStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public ObjectMetadata put(BucketName bucket, ObjectKey key, byte[] content, PutOptions options) {
            return delegate.put(bucket, key, content, options);
        }

        @Override
        public ObjectMetadata putFile(BucketName bucket, ObjectKey key, Path file, PutOptions options) {
            return delegate.putFile(bucket, key, file, options);
        }

        @Override
        public InputStream get(BucketName bucket, ObjectKey key) {
            return delegate.get(bucket, key);
        }

        @Override
        public Optional<ObjectMetadata> metadata(BucketName bucket, ObjectKey key) {
            return delegate.metadata(bucket, key);
        }

        @Override
        public ObjectListing list(BucketName bucket, String prefix, String continuationToken, int maxKeys) {
            return delegate.list(bucket, prefix, continuationToken, maxKeys);
        }

        @Override
        public void delete(BucketName bucket, ObjectKey key) {
            delegate.delete(bucket, key);
        }

        @Override
        public void createBucket(BucketName bucket) {
            delegate.createBucket(bucket);
        }

        @Override
        public boolean bucketExists(BucketName bucket) {
            return delegate.bucketExists(bucket);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
