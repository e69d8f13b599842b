package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.PutOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one load writes to the lake, in the API load's bucket: each response raw
 * ({@code raw/api/<endpoint>/date=YYYY-MM-DD/<time>-<page>.json}), its rejects as JSON Lines files
 * ({@code errors/<endpoint>/date=YYYY-MM-DD/<load-id>-rejects-<n>.jsonl}) and its run log
 * ({@code errors/<endpoint>/date=YYYY-MM-DD/<load-id>-log.json}). The bucket is created when missing.
 *
 * <p>No argument may be null; a null one throws {@link NullPointerException}. A failure of the object store
 * propagates as the store reports it.
 */
final class LakeArchive {
    private static final DateTimeFormatter PAGE_TIME = DateTimeFormatter.ofPattern("HHmmssSSS");

    private final ObjectStore store;
    private final BucketName bucket;
    private final String endpoint;
    private final String loadId;
    private final LocalDate date;
    private final Clock clock;
    private final List<String> rejectFiles = new ArrayList<>();

    /**
     * @param date the date partition of every object of the load (the day it started)
     * @param clock gives the time in the name of each raw page
     */
    LakeArchive(ObjectStore store, BucketName bucket, String endpoint, String loadId, LocalDate date, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.loadId = requireNonNull(loadId, "loadId is null");
        this.date = requireNonNull(date, "date is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Archives one response as received, before anything parses it; returns its key. */
    ObjectKey archivePage(byte[] body, int page) {
        requireNonNull(body, "body is null");
        ObjectKey key = pageKey(page);
        store.createBucket(bucket);
        store.put(bucket, key, body, PutOptions.contentType("application/json"));
        return key;
    }

    /** Archives one response whose body is in a local file, streamed as received; returns its key. */
    ObjectKey archivePage(Path body, int page) {
        requireNonNull(body, "body is null");
        ObjectKey key = pageKey(page);
        store.createBucket(bucket);
        store.putFile(bucket, key, body, PutOptions.contentType("application/json"));
        return key;
    }

    private ObjectKey pageKey(int page) {
        String time = PAGE_TIME.format(ZonedDateTime.now(clock));
        return ObjectKey.of("raw/api/%s/date=%s/%s-%05d.json".formatted(endpoint, date, time, page));
    }

    /**
     * Writes the rejects as the load's next JSON Lines file; nothing when there are none.
     *
     * @throws LagoaException {@code INTERNAL_ERROR} when a reject cannot be serialized
     */
    void writeRejects(List<Reject> rejects) {
        requireNonNull(rejects, "rejects is null");
        if (rejects.isEmpty()) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (Reject reject : rejects) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("endpoint", reject.endpoint());
                line.put("load_id", reject.loadId());
                line.put("table", reject.table());
                line.put("field", reject.field());
                line.put("reason", reject.reason().label());
                line.put("detail", reject.detail());
                line.put("raw_value", reject.rawValue());
                line.put("source", reject.source());
                out.write(ApiLoader.JSON.writeValueAsBytes(line));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot write the rejects of load " + loadId, e);
        }
        ObjectKey key = ObjectKey.of("errors/%s/date=%s/%s-rejects-%05d.jsonl".formatted(endpoint, date, loadId, rejectFiles.size() + 1));
        store.createBucket(bucket);
        store.put(bucket, key, out.toByteArray(), PutOptions.contentType("application/x-ndjson"));
        rejectFiles.add(location(key));
    }

    /** The rejects files written so far ({@code s3://<bucket>/<key>}), in order. */
    List<String> rejectFiles() {
        return List.copyOf(rejectFiles);
    }

    /** Where {@link #writeLog} writes the run log ({@code s3://<bucket>/<key>}); known before the log is written. */
    String logFile() {
        return location(logKey());
    }

    /**
     * Writes the run log: the load's result and its events.
     *
     * @throws LagoaException {@code INTERNAL_ERROR} when the log cannot be serialized
     */
    void writeLog(LoadResult result, List<Map<String, Object>> events) {
        requireNonNull(result, "result is null");
        requireNonNull(events, "events is null");
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("load", result);
        log.put("events", events);
        byte[] json;
        try {
            json = ApiLoader.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(log);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot write the log of load " + loadId, e);
        }
        store.createBucket(bucket);
        store.put(bucket, logKey(), json, PutOptions.contentType("application/json"));
    }

    private ObjectKey logKey() {
        return ObjectKey.of("errors/%s/date=%s/%s-log.json".formatted(endpoint, date, loadId));
    }

    private String location(ObjectKey key) {
        return "s3://" + bucket + "/" + key;
    }
}
