package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import dev.lagoa.apiload.schema.SchemaChange;
import dev.lagoa.core.ErrorType;
import java.util.List;
import java.util.Map;

/**
 * What one run of an endpoint did: its metrics, stored in {@code _lagoa_loads.metrics} and in the run's log in the
 * lake, and printed by {@code lagoa apiload run}.
 *
 * @param status {@code completed}, {@code skipped} (the same source data was already loaded) or {@code failed}
 * @param pagesRejected pages that could not be read to their end (not JSON, broken half-way, no records at the records
 *        path): each is one reject, counted apart from the records; the records read before a break count as read
 * @param rowsRead records read from the pages: each is loaded, rejected or deduplicated ({@code rowsRead = rowsLoaded +
 *        rowsRejected + rowsDeduplicated})
 * @param rowsLoaded the endpoint table's rows written
 * @param childRowsLoaded rows written to child tables (elements of arrays)
 * @param rowsRejected records left out (each kept in the rejects file)
 * @param valuesRejected single values left out of a loaded record ({@code discard_value})
 * @param rowsDeduplicated records of a merge that a later record with the same primary key superseded in the load
 * @param phaseSeconds seconds spent per phase: {@code extract} (requests and raw archive), {@code normalize}
 *        (parsing, flattening, inference), {@code write} (PostgreSQL)
 * @param rowsPerSecond records read per second of the whole run
 * @param errorType for a failed load, who was at fault ({@code USER}, {@code EXTERNAL}, {@code INTERNAL}: an
 *        {@code EXTERNAL} failure is worth retrying); empty otherwise
 */
public record LoadResult(String endpoint, String loadId, String status, String message, int pages, int pagesRejected, long rowsRead, long rowsLoaded,
        long childRowsLoaded, long rowsRejected, long valuesRejected, long rowsDeduplicated, Map<String, Long> rejectsByReason,
        List<SchemaChange> schemaChanges, List<Rename> renames, Map<String, Double> phaseSeconds, double rowsPerSecond,
        List<String> rejectFiles, String logFile, String errorType) {
    public static final String COMPLETED = "completed";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";

    public LoadResult {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(loadId, "loadId is null");
        requireNonNull(status, "status is null");
        requireNonNull(message, "message is null");
        rejectsByReason = Map.copyOf(rejectsByReason);
        schemaChanges = List.copyOf(schemaChanges);
        renames = List.copyOf(renames);
        phaseSeconds = Map.copyOf(phaseSeconds);
        rejectFiles = List.copyOf(rejectFiles);
        requireNonNull(logFile, "logFile is null");
        requireNonNull(errorType, "errorType is null");
    }

    public boolean isFailed() {
        return FAILED.equals(status);
    }

    /** A failure that another attempt may not meet: the source or the database was unavailable or answered badly. */
    public boolean isRetriable() {
        return isFailed() && ErrorType.EXTERNAL.name().equals(errorType);
    }

    public boolean hasRejects() {
        return rowsRejected > 0 || valuesRejected > 0 || pagesRejected > 0;
    }
}
