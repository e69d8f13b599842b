package dev.lagoa.core.lineage;

import static java.util.Objects.requireNonNull;

/**
 * A dataset-level edge: {@code job} reads {@code source} and writes {@code target} (dataset keys). {@code origin} says
 * who tells: the pipeline's declaration, or run events.
 */
public record DatasetEdge(String source, String target, String job, Origin origin) {
    /** Who tells that an edge exists. */
    public enum Origin {
        /** The inputs and outputs a pipeline step declares. */
        DECLARED,
        /** An OpenLineage run event. */
        OBSERVED
    }

    public DatasetEdge {
        requireNonNull(source, "source is null");
        requireNonNull(target, "target is null");
        requireNonNull(job, "job is null");
        requireNonNull(origin, "origin is null");
    }
}
