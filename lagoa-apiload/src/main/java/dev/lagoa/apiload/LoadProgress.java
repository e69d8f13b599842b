package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import dev.lagoa.apiload.schema.SchemaChange;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one load of one endpoint has done so far, in memory: its counters, the seconds of each phase, the rejects not
 * yet written to the lake, the schema changes and renames, and the events of its run log. At the end it becomes the
 * load's {@link LoadResult}. Not thread-safe: a load runs on one thread.
 *
 * <p>No argument may be null; a null one throws {@link NullPointerException}.
 */
final class LoadProgress {
    // The events keep the logger category they always had, the one operators filter a load's lines on.
    private static final Logger LOG = LoggerFactory.getLogger(ApiLoader.class);

    private final String endpoint;
    private final Clock clock;
    private final List<Map<String, Object>> events = new ArrayList<>();
    private final List<Reject> unwrittenRejects = new ArrayList<>();
    private final Map<String, Long> rejectsByReason = new TreeMap<>();
    private final List<SchemaChange> changes = new ArrayList<>();
    private final List<Rename> renames = new ArrayList<>();
    private double extractSeconds;
    private double normalizeSeconds;
    private double writeSeconds;
    private long rowsRead;
    private long rowsLoaded;
    private long childRowsLoaded;
    private long rowsRejected;
    private long valuesRejected;
    private long deduplicated;
    private int pagesRejected;
    private final Set<String> pageRejectReasons = new TreeSet<>();

    /** @param clock gives the time of each event */
    LoadProgress(String endpoint, Clock clock) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Adds an event to the run log, and logs it. */
    void event(String kind, String message) {
        requireNonNull(kind, "kind is null");
        requireNonNull(message, "message is null");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("time", Instant.now(clock).toString());
        event.put("event", kind);
        event.put("message", message);
        events.add(event);
        LOG.info("{} {}: {}", endpoint, kind, message);
    }

    /** The events so far, oldest first (time, event, message), as the run log holds them. */
    List<Map<String, Object>> events() {
        return List.copyOf(events);
    }

    /** Counts a reject, and keeps it until {@link #takeRejects()}. */
    void reject(Reject reject) {
        reject(reject, true);
    }

    /**
     * Counts a reject, and keeps it until {@link #takeRejects()}.
     *
     * @param ofARecord false for a part of a record that loads without it (an element of one of its arrays): it is
     *        counted with the values rejected, so that records read = loaded + rejected + deduplicated
     */
    void reject(Reject reject, boolean ofARecord) {
        requireNonNull(reject, "reject is null");
        unwrittenRejects.add(reject);
        rejectsByReason.merge(reject.reason().label(), 1L, Long::sum);
        if (ofARecord && reject.isRow()) {
            rowsRejected++;
        } else {
            valuesRejected++;
        }
    }

    /**
     * Counts a page that could not be read to its end (not JSON, broken half-way, no records at the records path), apart
     * from the records: the records read before the break were counted as read, the rest were never read. Keeps its
     * reject until {@link #takeRejects()}.
     */
    void pageRejected(Reject reject) {
        requireNonNull(reject, "reject is null");
        unwrittenRejects.add(reject);
        rejectsByReason.merge(reject.reason().label(), 1L, Long::sum);
        pageRejectReasons.add(reject.reason().label());
        pagesRejected++;
    }

    int pagesRejected() {
        return pagesRejected;
    }

    /** The reasons of the rejected pages, in alphabetical order. */
    List<String> pageRejectReasons() {
        return List.copyOf(pageRejectReasons);
    }

    /** The rejects since the last call, in order; empty when there are none. */
    List<Reject> takeRejects() {
        List<Reject> taken = List.copyOf(unwrittenRejects);
        unwrittenRejects.clear();
        return taken;
    }

    /** Counts one record read from the pages, and returns the count so far. */
    long recordRead() {
        return ++rowsRead;
    }

    /** The records read so far. */
    long recordsRead() {
        return rowsRead;
    }

    /** Counts a record of a merge superseded by a later one with the same primary key. */
    void recordDeduplicated() {
        deduplicated++;
    }

    void rowsLoaded(int rows) {
        rowsLoaded += rows;
    }

    void childRowsLoaded(int rows) {
        childRowsLoaded += rows;
    }

    void schemaChanged(SchemaChange change) {
        changes.add(requireNonNull(change, "change is null"));
    }

    void renameDetected(Rename rename) {
        renames.add(requireNonNull(rename, "rename is null"));
    }

    /** Adds the time since {@code startNanos} (a {@link System#nanoTime()}) to the extract phase. */
    void extractedSince(long startNanos) {
        extractSeconds += secondsSince(startNanos);
    }

    /** Adds the time since {@code startNanos} (a {@link System#nanoTime()}) to the normalize phase. */
    void normalizedSince(long startNanos) {
        normalizeSeconds += secondsSince(startNanos);
    }

    /** Adds the time since {@code startNanos} (a {@link System#nanoTime()}) to the write phase. */
    void wroteSince(long startNanos) {
        writeSeconds += secondsSince(startNanos);
    }

    /** The message of a completed load: the records read are the sum of those loaded, rejected and deduplicated. */
    String summary(int pages) {
        StringBuilder summary = new StringBuilder("%s read, %d loaded, %d rejected".formatted(dev.lagoa.core.Counts.of(rowsRead, "record").replace(",", ""), rowsLoaded,
                rowsRejected));
        if (deduplicated > 0) {
            summary.append(", %d deduplicated".formatted(deduplicated));
        }
        if (pagesRejected > 0) {
            summary.append("; %d of %d page%s rejected".formatted(pagesRejected, pages, pages == 1 ? "" : "s"));
        }
        return summary.toString();
    }

    /**
     * The load's result as of now.
     *
     * @param errorType empty unless the load failed
     */
    LoadResult result(String loadId, String status, String message, int pages, List<String> rejectFiles, String logFile, String errorType) {
        double total = extractSeconds + normalizeSeconds + writeSeconds;
        Map<String, Double> phases = new LinkedHashMap<>();
        phases.put("extract", round(extractSeconds));
        phases.put("normalize", round(normalizeSeconds));
        phases.put("write", round(writeSeconds));
        return new LoadResult(endpoint, loadId, status, message, pages, pagesRejected, rowsRead, rowsLoaded, childRowsLoaded, rowsRejected, valuesRejected,
                deduplicated, rejectsByReason, changes, renames, phases, total > 0 ? round(rowsRead / total) : 0,
                requireNonNull(rejectFiles, "rejectFiles is null"), logFile, errorType);
    }

    private static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
