package dev.lagoa.publisher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.contracts.DiffManifest;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.core.lake.PutOptions;
import dev.lagoa.core.publish.Event;
import dev.lagoa.core.publish.EventPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The diff pipeline's publisher (the 02:00 task): every change file of a day, {@code s3://<diffs-bucket>/<date>/*.json},
 * published to a topic through the {@link EventPublisher} port, each file as one batch, so each change record is
 * published exactly once across reruns and crashes (see {@link EventPublisher} for the guarantee).
 *
 * <p>Each change record becomes one event: the key is the record's {@code key} JSON, compact (so one key always lands
 * on one partition, in order); the value is the record's line as it is in the file; the headers are {@code op},
 * {@code date} and {@code source_file} (the file's {@code s3://} URI). With tombstones on, a delete is followed by
 * the same key with a null value.
 *
 * <p>A file with a line that is not a change record (not JSON, not an object, no {@code op} or {@code key}, an
 * {@code op} other than {@code c}, {@code u}, {@code d}) is not published at all: its batch is aborted, a copy goes to
 * {@code s3://<diffs-bucket>/_quarantine/<date>/<file>} with {@code <file>.reason.json} beside it, and the other files
 * are published. The file itself stays where the diff job wrote it (its manifest lists it), so a rerun reports it
 * again until it is replaced or removed.
 */
public final class DiffPublisher {
    public static final String HEADER_OP = "op";
    public static final String HEADER_DATE = "date";
    public static final String HEADER_SOURCE_FILE = "source_file";
    /** The diff run whose change file the record comes from (days with a manifest). */
    public static final String HEADER_RUN_ID = "lagoa-run-id";
    /** {@code true} when an earlier run of the same day had been published to the topic, else {@code false} (days with a manifest). */
    public static final String HEADER_REPUBLISH = "lagoa-republish";
    public static final String QUARANTINE_PREFIX = "_quarantine/";
    private static final String MANIFEST = "_manifest.json";

    private static final Logger LOG = LoggerFactory.getLogger(DiffPublisher.class);
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectStore store;
    private final EventPublisher publisher;
    private final BucketName diffsBucket;
    private final String topic;
    private final boolean tombstones;
    private final Clock clock;

    public DiffPublisher(ObjectStore store, EventPublisher publisher, BucketName diffsBucket, String topic, boolean tombstones, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.publisher = requireNonNull(publisher, "publisher is null");
        this.diffsBucket = requireNonNull(diffsBucket, "diffsBucket is null");
        this.topic = requireNonNull(topic, "topic is null");
        this.tombstones = tombstones;
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Where the change files of {@code date} are: {@code s3://<diffs-bucket>/<date>/}. */
    public String source(LocalDate date) {
        return "s3://%s/%s/".formatted(diffsBucket, date);
    }

    /**
     * Publishes the change files of {@code date} not yet published. A day without change files publishes nothing
     * (the result says so), or fails with {@code OBJECT_NOT_FOUND} when {@code requireFiles}. Malformed files are
     * quarantined and listed in the result (see {@link #failure}); they do not stop the others.
     *
     * @throws LagoaException from the event publisher ({@code KAFKA_ERROR}, {@code PUBLISHER_FENCED}, ...) or the
     *     object store; batches committed before the failure stay published, and a rerun skips them
     */
    public PublishResult publish(LocalDate date, boolean requireFiles, PublishListener listener) {
        requireNonNull(date, "date is null");
        requireNonNull(listener, "listener is null");
        long start = System.nanoTime();
        String scope = date.toString();
        List<ObjectSummary> files = changeFiles(date);
        if (files.isEmpty()) {
            if (requireFiles) {
                throw new LagoaException(ErrorCode.OBJECT_NOT_FOUND, "No change files to publish for %s: nothing under %s".formatted(date, source(date)));
            }
            return new PublishResult(date, topic, source(date), null, false, 0, List.of(), List.of(), List.of(), List.of(), List.of(), Duration.ofNanos(System.nanoTime() - start));
        }
        Optional<DiffManifest> manifest = manifest(date);
        String runId = manifest.map(DiffManifest::runId).orElse(null);
        List<String> notInManifest = new ArrayList<>();
        if (manifest.isPresent()) {
            // the manifest says which files make the run: a file it does not list belongs to another run (a day being
            // replaced object by object on S3) or was put there by hand
            Map<String, ObjectSummary> byName = new LinkedHashMap<>();
            files.forEach(file -> byName.put(fileName(file.key()), file));
            List<ObjectSummary> listed = new ArrayList<>();
            for (DiffManifest.ChangeFile changeFile : manifest.get().output().files()) {
                ObjectSummary file = byName.remove(changeFile.name());
                if (file == null) {
                    throw new LagoaException(ErrorCode.STORAGE_ERROR, ("Cannot publish %s: its manifest (run %s) lists %s, which is not under %s; the day is "
                            + "being replaced or was changed by hand. Run the publisher again").formatted(date, runId, changeFile.name(), source(date)));
                }
                listed.add(file);
            }
            byName.values().forEach(file -> notInManifest.add(uri(file.key())));
            if (!notInManifest.isEmpty()) {
                LOG.warn("Not published, not listed by the manifest of run {} of {}: {}", runId, date, notInManifest);
            }
            files = listed;
        }
        try {
            return publish(date, runId, files, notInManifest, listener, start);
        } finally {
            // the day is done: what the publisher holds for it (a transactional producer) is let go
            publisher.release(topic, scope);
        }
    }

    private PublishResult publish(LocalDate date, String runId, List<ObjectSummary> files, List<String> notInManifest, PublishListener listener, long start) {
        String scope = date.toString();
        publisher.ensureTopic(topic);
        Set<String> done = publisher.publishedBatches(topic, scope);
        long maxEventBytes = publisher.maxEventBytes(topic);
        String runPrefix = runId == null ? "" : runId + "/";
        // an earlier run of the day was published when a batch of the day belongs to another run
        boolean republish = runId != null && done.stream().anyMatch(batch -> !batch.startsWith(runPrefix));
        List<String> skipped = new ArrayList<>();
        List<ObjectSummary> toPublish = new ArrayList<>();
        for (ObjectSummary file : files) {
            if (done.contains(runPrefix + fileName(file.key()))) {
                skipped.add(uri(file.key()));
            } else {
                toPublish.add(file);
            }
        }
        listener.started(scope, files.size(), skipped.size());
        List<PublishResult.FileResult> published = new ArrayList<>();
        List<PublishResult.Quarantined> quarantined = new ArrayList<>();
        List<PublishResult.Quarantined> quarantinedRecords = new ArrayList<>();
        int index = 0;
        for (ObjectSummary file : toPublish) {
            index++;
            ChangeFile changes = new ChangeFile(file, date, runId, republish, maxEventBytes);
            try {
                publisher.publishBatch(topic, scope, runPrefix + fileName(file.key()), changes);
            } catch (LagoaException e) {
                if (e.errorCode() != PublisherErrorCode.MALFORMED_CHANGE_FILE || changes.badLine == 0) {
                    throw e;
                }
                PublishResult.Quarantined bad = quarantine(file, date, changes.badLine, changes.badReason);
                quarantined.add(bad);
                listener.quarantined(bad, index, toPublish.size());
                continue;
            } finally {
                changes.closeReader();
            }
            for (TooLarge record : changes.tooLarge) {
                quarantinedRecords.add(quarantineRecord(file, date, record));
            }
            PublishResult.FileResult result = new PublishResult.FileResult(uri(file.key()), changes.records, changes.tombstones, file.size(),
                    changes.c, changes.u, changes.d);
            published.add(result);
            LOG.info("Published {}: {} records to {}", result.file(), result.records(), topic);
            listener.published(result, index, toPublish.size());
        }
        return new PublishResult(date, topic, source(date), runId, republish, files.size() + notInManifest.size(), skipped, published, quarantined,
                quarantinedRecords, notInManifest, Duration.ofNanos(System.nanoTime() - start));
    }

    /** The day's manifest, when the diff job wrote one; a manifest that cannot be read fails the run. */
    private Optional<DiffManifest> manifest(LocalDate date) {
        ObjectKey key = ObjectKey.of(date + "/" + MANIFEST);
        if (!store.exists(diffsBucket, key)) {
            return Optional.empty();
        }
        try (InputStream in = store.get(diffsBucket, key)) {
            return Optional.of(DiffManifest.parse(in.readAllBytes(), uri(key)));
        } catch (IllegalArgumentException e) {
            throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "Cannot publish %s: its manifest %s cannot be read: %s".formatted(date, uri(key), e.getMessage()), e);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot read %s: %s".formatted(uri(key), e.getMessage()), e);
        }
    }

    /** The USER error a run with quarantined files ends with, naming each file and its first bad line; null when none. */
    public static LagoaException failure(PublishResult result) {
        if (result.quarantined().isEmpty() && result.quarantinedRecords().isEmpty()) {
            return null;
        }
        List<String> what = new ArrayList<>();
        if (!result.quarantined().isEmpty()) {
            what.add("%d of %d change file%s".formatted(result.quarantined().size(), result.filesFound(), result.filesFound() == 1 ? "" : "s"));
        }
        if (!result.quarantinedRecords().isEmpty()) {
            what.add("%d change record%s".formatted(result.quarantinedRecords().size(), result.quarantinedRecords().size() == 1 ? "" : "s"));
        }
        List<String> details = new ArrayList<>();
        result.quarantined().forEach(bad -> details.add("%s line %d: %s".formatted(bad.file(), bad.line(), bad.reason())));
        result.quarantinedRecords().forEach(bad -> details.add("%s line %d: %s".formatted(bad.file(), bad.line(), bad.reason())));
        return new LagoaException(PublisherErrorCode.MALFORMED_CHANGE_FILE, "%s of %s quarantined, not published (copies and reasons under %s): %s"
                .formatted(String.join(" and ", what), result.date(), "s3://" + quarantineFolder(result), String.join("; ", details)));
    }

    private static String quarantineFolder(PublishResult result) {
        String source = result.source().substring("s3://".length());
        String bucket = source.substring(0, source.indexOf('/'));
        return bucket + "/" + QUARANTINE_PREFIX + result.date() + "/";
    }

    /** The day's change files, in key order: {@code <date>/<name>.json}, without hidden ({@code _}, {@code .}) names or sub-folders. */
    List<ObjectSummary> changeFiles(LocalDate date) {
        String prefix = date + "/";
        List<ObjectSummary> files = new ArrayList<>();
        if (!store.bucketExists(diffsBucket)) {
            // a new workspace, before the first diff: no day has files yet
            return files;
        }
        for (ObjectSummary summary : store.listAll(diffsBucket, prefix)) {
            String name = summary.key().value().substring(prefix.length());
            if (name.contains("/") || name.startsWith("_") || name.startsWith(".") || !name.endsWith(".json")) {
                continue;
            }
            files.add(summary);
        }
        return files;
    }

    private PublishResult.Quarantined quarantine(ObjectSummary file, LocalDate date, long line, String reason) {
        PublishResult.Quarantined bad = quarantine(file, date, fileName(file.key()), line, 0, -1, reason);
        LOG.info("Quarantined {} (line {}: {}) to {}", bad.file(), line, reason, bad.quarantinedTo());
        return bad;
    }

    /** A change line that no event of the topic can carry, skipped from its file's batch: where it is and how long. */
    private record TooLarge(long line, long offset, long bytes, String reason) {}

    /** Copies one line of a published file, byte for byte, to {@code _quarantine/<date>/<file>.line-<n>.json}, with its reason beside it. */
    private PublishResult.Quarantined quarantineRecord(ObjectSummary file, LocalDate date, TooLarge record) {
        PublishResult.Quarantined bad = quarantine(file, date, fileName(file.key()) + ".line-" + record.line() + ".json", record.line(), record.offset(),
                record.bytes(), record.reason());
        LOG.warn("Quarantined line {} of {} ({}) to {}; the rest of the file was published", record.line(), bad.file(), record.reason(), bad.quarantinedTo());
        return bad;
    }

    /**
     * Copies {@code bytes} bytes of a file from {@code offset} (the whole file when {@code bytes} is negative) to
     * {@code _quarantine/<date>/<name>}, streamed, and writes its reason beside it as {@code <name>.reason.json}.
     */
    private PublishResult.Quarantined quarantine(ObjectSummary file, LocalDate date, String name, long line, long offset, long bytes, String reason) {
        ObjectKey copyKey = ObjectKey.of(QUARANTINE_PREFIX + date + "/" + name);
        ObjectKey reasonKey = ObjectKey.of(QUARANTINE_PREFIX + date + "/" + name + ".reason.json");
        Path temporary = null;
        try {
            temporary = Files.createTempFile("lagoa-quarantine-", ".json");
            try (InputStream in = store.get(diffsBucket, file.key()); var out = Files.newOutputStream(temporary)) {
                in.skipNBytes(offset);
                if (bytes < 0) {
                    in.transferTo(out);
                } else {
                    byte[] buffer = new byte[1 << 16];
                    for (long left = bytes; left > 0; ) {
                        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                        if (n < 0) {
                            throw new IOException("the file ends before the end of line " + line);
                        }
                        out.write(buffer, 0, n);
                        left -= n;
                    }
                }
            }
            store.putFile(diffsBucket, copyKey, temporary, PutOptions.contentType("application/json"));
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot quarantine line %d of %s: %s".formatted(line, uri(file.key()), e.getMessage()), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    LOG.debug("Cannot delete {}", temporary, e);
                }
            }
        }
        ObjectNode why = PRETTY.createObjectNode();
        why.put("file", uri(file.key()));
        why.put("date", date.toString());
        why.put("line", line);
        if (bytes >= 0) {
            why.put("offset", offset);
            why.put("bytes", bytes);
        }
        why.put("reason", reason);
        why.put("topic", topic);
        why.put("published", false);
        why.put("quarantined_at", clock.instant().toString());
        try {
            store.put(diffsBucket, reasonKey, PRETTY.writeValueAsBytes(why), PutOptions.contentType("application/json"));
        } catch (JsonProcessingException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot write the quarantine reason of " + uri(file.key()), e);
        }
        return new PublishResult.Quarantined(uri(file.key()), "s3://%s/%s".formatted(diffsBucket, copyKey), "s3://%s/%s".formatted(diffsBucket, reasonKey),
                line, reason);
    }

    private static String fileName(ObjectKey key) {
        String value = key.value();
        return value.substring(value.lastIndexOf('/') + 1);
    }

    private String uri(ObjectKey key) {
        return "s3://%s/%s".formatted(diffsBucket, key);
    }

    /**
     * The events of one change file, read anew at each {@link #iterator()} (an attempt of the batch), with the
     * counts of the last attempt. A malformed line stops the iteration with {@code MALFORMED_CHANGE_FILE}. Lines stay
     * bytes: each is found in the read buffer and checked there by a {@link ChangeLineScanner} (JSON, UTF-8), which
     * also finds {@code op} and {@code key}; the value (the line as it is in the file) and the key are the only
     * copies, and the headers are built once per file.
     */
    private final class ChangeFile implements Iterable<Event> {
        private final ObjectSummary file;
        private final String source;
        /** The headers of the file's events, one set per op, shared by its events. */
        private final Map<String, byte[]> createHeaders;
        private final Map<String, byte[]> updateHeaders;
        private final Map<String, byte[]> deleteHeaders;
        private final long maxEventBytes;
        /** The lines of the last attempt skipped because no event of the topic can carry them. */
        final List<TooLarge> tooLarge = new ArrayList<>();
        private InputStream input;
        long records;
        long tombstones;
        long c;
        long u;
        long d;
        long badLine;
        String badReason;

        ChangeFile(ObjectSummary file, LocalDate date, String runId, boolean republish, long maxEventBytes) {
            this.maxEventBytes = maxEventBytes;
            this.file = file;
            this.source = uri(file.key());
            this.createHeaders = headers("c", date, runId, republish);
            this.updateHeaders = headers("u", date, runId, republish);
            this.deleteHeaders = headers("d", date, runId, republish);
        }

        private Map<String, byte[]> headers(String op, LocalDate date, String runId, boolean republish) {
            Map<String, byte[]> headers = new LinkedHashMap<>();
            headers.put(HEADER_OP, op.getBytes(UTF_8));
            headers.put(HEADER_DATE, date.toString().getBytes(UTF_8));
            headers.put(HEADER_SOURCE_FILE, source.getBytes(UTF_8));
            if (runId != null) {
                headers.put(HEADER_RUN_ID, runId.getBytes(UTF_8));
                headers.put(HEADER_REPUBLISH, Boolean.toString(republish).getBytes(UTF_8));
            }
            return Event.headers(headers);
        }

        @Override
        public Iterator<Event> iterator() {
            closeReader();
            records = 0;
            tooLarge.clear();
            tombstones = 0;
            c = 0;
            u = 0;
            d = 0;
            input = store.get(diffsBucket, file.key());
            return new Iterator<>() {
                private final ChangeLineScanner scanner = new ChangeLineScanner();
                private long lineNumber;
                private Event pendingTombstone;
                private Event next;

                @Override
                public boolean hasNext() {
                    if (next == null) {
                        next = advance();
                    }
                    return next != null;
                }

                @Override
                public Event next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Event event = next;
                    next = null;
                    return event;
                }

                private Event advance() {
                    if (pendingTombstone != null) {
                        Event tombstone = pendingTombstone;
                        pendingTombstone = null;
                        ChangeFile.this.tombstones++;
                        return tombstone;
                    }
                    while (true) {
                        boolean more;
                        try {
                            more = readLine();
                        } catch (IOException | UncheckedIOException e) {
                            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot read %s: %s".formatted(source, e.getMessage()), e);
                        }
                        if (!more) {
                            closeReader();
                            return null;
                        }
                        lineNumber++;
                        if (lineFrom < 0 || lineLength > maxEventBytes) {
                            // no event can carry it: quarantined alone once the rest of the file is published
                            tooLarge.add(new TooLarge(lineNumber, lineStart, lineLength, tooLargeReason(lineLength)));
                            continue;
                        }
                        int from = lineFrom;
                        int to = lineTo;
                        while (from < to && isBlank(buffer[from])) {
                            from++;
                        }
                        while (to > from && isBlank(buffer[to - 1])) {
                            to--;
                        }
                        if (from == to) {
                            continue;
                        }
                        Event event = toEvent(from, to, lineNumber);
                        if (event == null) {
                            tooLarge.add(new TooLarge(lineNumber, lineStart, lineLength, tooLargeReason(lineLength)));
                            continue;
                        }
                        return event;
                    }
                }

                /** The file's bytes: lines are found, checked and copied out of it in place; it grows to hold a whole line. */
                private byte[] buffer = new byte[1 << 16];
                private int position;
                private int limit;
                private boolean endOfFile;

                /** The line found by {@link #readLine}: buffer[lineFrom, lineTo), or lineFrom -1 when too long to keep. */
                private int lineFrom;
                private int lineTo;
                /** The line's length in bytes (without its newline). */
                private long lineLength;
                /** The byte offset in the file where the line starts, and where the next one does. */
                private long lineStart;
                private long nextLineStart;

                /** Finds the next line; false at the end of the file. Keeps at most {@code maxEventBytes} bytes of a line: a longer one is only counted. */
                private boolean readLine() throws IOException {
                    lineStart = nextLineStart;
                    long dropped = 0;
                    int searchFrom = position;
                    while (true) {
                        int newline = ChangeLineScanner.indexOfNewline(buffer, searchFrom, limit);
                        if (newline < limit || endOfFile) {
                            if (newline == limit && position == limit && dropped == 0) {
                                return false;
                            }
                            lineLength = dropped + newline - position;
                            lineFrom = dropped > 0 ? -1 : position;
                            lineTo = newline;
                            position = newline < limit ? newline + 1 : limit;
                            nextLineStart = lineStart + lineLength + (newline < limit ? 1 : 0);
                            return true;
                        }
                        int pending = limit - position;
                        if (dropped > 0 || pending > maxEventBytes) {
                            dropped += pending;
                            position = 0;
                            limit = 0;
                        } else if (position > 0) {
                            System.arraycopy(buffer, position, buffer, 0, pending);
                            position = 0;
                            limit = pending;
                        } else if (limit == buffer.length) {
                            buffer = Arrays.copyOf(buffer, (int) Math.min(2L * buffer.length, maxEventBytes + 1));
                        }
                        searchFrom = limit;
                        int read = input.read(buffer, limit, buffer.length - limit);
                        if (read < 0) {
                            endOfFile = true;
                        } else {
                            limit += read;
                        }
                    }
                }

                private Event toEvent(int from, int to, long number) {
                    String reason = scanner.scan(buffer, from, to);
                    if (reason != null) {
                        throw malformed(number, reason);
                    }
                    int keyFrom = scanner.keyFrom();
                    int keyTo = scanner.keyTo();
                    if ((keyTo - keyFrom) + (to - from) + 512L > maxEventBytes) {
                        return null; // with its key and headers, more than an event of the topic may carry
                    }
                    // the key exactly as the change file has it (the diff writes it compact): one key, one partition
                    byte[] key = Arrays.copyOfRange(buffer, keyFrom, keyTo);
                    byte[] value = Arrays.copyOfRange(buffer, from, to);
                    records++;
                    switch (scanner.op()) {
                        case 'c' -> {
                            c++;
                            return new Event(key, value, createHeaders);
                        }
                        case 'u' -> {
                            u++;
                            return new Event(key, value, updateHeaders);
                        }
                        default -> {
                            d++;
                            if (DiffPublisher.this.tombstones) {
                                pendingTombstone = new Event(key, null, deleteHeaders);
                            }
                            return new Event(key, value, deleteHeaders);
                        }
                    }
                }

                private LagoaException malformed(long number, String reason) {
                    badLine = number;
                    badReason = reason;
                    closeReader();
                    return new LagoaException(PublisherErrorCode.MALFORMED_CHANGE_FILE, "Malformed change file %s, line %d: %s".formatted(source, number, reason));
                }
            };
        }

        private String tooLargeReason(long bytes) {
            return "a record of %d bytes, more than the %d topic %s accepts".formatted(bytes, maxEventBytes, topic);
        }

        void closeReader() {
            if (input != null) {
                try {
                    input.close();
                } catch (IOException e) {
                    LOG.debug("Cannot close {}", source, e);
                }
                input = null;
            }
        }
    }

    /** ASCII white space around a line, a CR before the newline included. */
    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t' || c == '\r';
    }
}
