package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of {@code _lagoa_loads}: a load as {@code lagoa apiload runs} shows it.
 *
 * @param status {@code running}, {@code completed}, {@code skipped}, {@code failed} or {@code abandoned} (the process
 *        died half-way; the next load removed its partial rows)
 * @param finishedAt empty while the load runs, and for a load that never finished
 * @param metrics the whole result as the load stored it; empty for a load that never finished
 */
public record LoadRun(String loadId, String endpoint, String status, Instant startedAt, Optional<Instant> finishedAt, long rowsRead,
        long rowsLoaded, long rowsRejected, String message, Optional<LoadResult> metrics) {
    public LoadRun {
        requireNonNull(loadId, "loadId is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(status, "status is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(message, "message is null");
        requireNonNull(metrics, "metrics is null");
    }
}
