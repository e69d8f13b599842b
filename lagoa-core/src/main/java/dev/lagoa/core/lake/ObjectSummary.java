package dev.lagoa.core.lake;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One entry of a listing. */
public record ObjectSummary(ObjectKey key, long size, String eTag, Instant lastModified) {
    public ObjectSummary {
        requireNonNull(key, "key is null");
        requireNonNull(eTag, "eTag is null");
        requireNonNull(lastModified, "lastModified is null");
    }
}
