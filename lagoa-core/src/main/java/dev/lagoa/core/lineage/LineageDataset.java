package dev.lagoa.core.lineage;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A node of the lineage graph: a dataset of the lake, or a source outside it (an HTTP API). {@code key} identifies it:
 * the pipeline's dataset id when a pipeline declares it ({@code ibov-bronze}), otherwise its location ({@code s3://...}
 * or an API's URL). {@code location} is where it lives ({@code s3://lagoa-b3/raw/{date}/dados_originais.parquet} for a
 * declared dataset, placeholders resolved except the run's own); {@code table} is its catalog table, if it has one.
 */
public record LineageDataset(String key, Kind kind, String location, Optional<String> table, Optional<String> pipeline, String description) {
    /** Where a node comes from. */
    public enum Kind {
        /** A dataset a pipeline declares. */
        DECLARED,
        /** A dataset of the lake that only run events name. */
        OBSERVED,
        /** A source or sink outside the lake (an HTTP API). */
        EXTERNAL
    }

    public LineageDataset {
        requireNonNull(key, "key is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(location, "location is null");
        requireNonNull(table, "table is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(description, "description is null");
        if (key.isBlank()) {
            throw new IllegalArgumentException("key is blank");
        }
    }
}
