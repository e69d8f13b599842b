package dev.lagoa.governance.classify;

import static java.util.Objects.requireNonNull;

/** A PII tag found on a column, how sure it is, and the evidence behind it. */
public record Classification(PiiTag tag, Confidence confidence, Evidence evidence) {
    public Classification {
        requireNonNull(tag, "tag is null");
        requireNonNull(confidence, "confidence is null");
        requireNonNull(evidence, "evidence is null");
    }

    /** The tag as the catalog stores it: {@code PII.CPF}. */
    public String tagValue() {
        return tag.value();
    }
}
