package dev.lagoa.core.lineage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One run of a control-plane step (an ingest, a catalog registration) as lineage sees it: the job
 * ({@code <pipeline>/<step>}), Lagoa's id of the run, when it started and ended, whether it succeeded, and the
 * locations it read and wrote ({@code s3://} URIs, or an API's URL).
 */
public record LineageRun(String job, String runId, Instant startedAt, Instant endedAt, boolean succeeded, List<String> inputs, List<String> outputs,
        Optional<String> error) {
    public LineageRun {
        requireNonNull(job, "job is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(endedAt, "endedAt is null");
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
        requireNonNull(error, "error is null");
    }
}
