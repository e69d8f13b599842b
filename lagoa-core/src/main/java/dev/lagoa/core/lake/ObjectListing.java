package dev.lagoa.core.lake;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing, in lexicographic key order (as S3 lists). {@link #nextContinuationToken()} is present
 * when more keys follow; pass it back to {@link ObjectStore#list} for the next page.
 */
public record ObjectListing(List<ObjectSummary> objects, Optional<String> nextContinuationToken) {
    public ObjectListing {
        objects = List.copyOf(requireNonNull(objects, "objects is null"));
        requireNonNull(nextContinuationToken, "nextContinuationToken is null");
    }

    public boolean isTruncated() {
        return nextContinuationToken.isPresent();
    }
}
