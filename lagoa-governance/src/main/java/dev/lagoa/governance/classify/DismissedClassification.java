package dev.lagoa.governance.classify;

import static java.util.Objects.requireNonNull;

/** A tag the values of a column pass, which a person dismissed as a false positive. */
public record DismissedClassification(Classification classification, Dismissal dismissal) {
    public DismissedClassification {
        requireNonNull(classification, "classification is null");
        requireNonNull(dismissal, "dismissal is null");
        if (classification.tag() != dismissal.tag()) {
            throw new IllegalArgumentException("Dismissal of " + dismissal.tag() + " does not match the classification " + classification.tag());
        }
    }
}
