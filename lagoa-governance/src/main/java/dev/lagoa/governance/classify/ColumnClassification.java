package dev.lagoa.governance.classify;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of classifying one column of a dataset: the tags it carries, and the tags its values would carry but a
 * person dismissed.
 */
public record ColumnClassification(String dataset, String column, List<Classification> classifications, List<DismissedClassification> dismissed) {
    public ColumnClassification {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(column, "column is null");
        classifications = List.copyOf(requireNonNull(classifications, "classifications is null"));
        dismissed = List.copyOf(requireNonNull(dismissed, "dismissed is null"));
    }

    /** Whether the column carries a PII tag that nobody dismissed. */
    public boolean isPii() {
        return !classifications.isEmpty();
    }

    /** The tags it carries, as the catalog stores them ({@code PII.CPF}). */
    public List<String> tags() {
        return classifications.stream().map(Classification::tagValue).toList();
    }
}
