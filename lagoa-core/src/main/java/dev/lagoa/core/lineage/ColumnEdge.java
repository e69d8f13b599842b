package dev.lagoa.core.lineage;

import static java.util.Objects.requireNonNull;

/**
 * A column-level edge: {@code job} computes column {@code targetColumn} of dataset {@code target} from column
 * {@code sourceColumn} of dataset {@code source}. {@code transformation} is how, when the run event says
 * ({@code IDENTITY}, {@code TRANSFORMATION}, {@code AGGREGATION}, {@code INDIRECT/FILTER}, ...), empty otherwise.
 */
public record ColumnEdge(String source, String sourceColumn, String target, String targetColumn, String job, String transformation) {
    public ColumnEdge {
        requireNonNull(source, "source is null");
        requireNonNull(sourceColumn, "sourceColumn is null");
        requireNonNull(target, "target is null");
        requireNonNull(targetColumn, "targetColumn is null");
        requireNonNull(job, "job is null");
        requireNonNull(transformation, "transformation is null");
    }
}
