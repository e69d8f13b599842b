package dev.lagoa.core.lake;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * What the store knows of one object: its size, its entity tag (the hex MD5 of the content for single-part
 * writes, as S3 computes it), its last modification time, content type and user metadata.
 */
public record ObjectMetadata(
        BucketName bucket,
        ObjectKey key,
        long size,
        String eTag,
        Instant lastModified,
        String contentType,
        Map<String, String> userMetadata) {
    public ObjectMetadata {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        requireNonNull(eTag, "eTag is null");
        requireNonNull(lastModified, "lastModified is null");
        requireNonNull(contentType, "contentType is null");
        userMetadata = Map.copyOf(requireNonNull(userMetadata, "userMetadata is null"));
        if (size < 0) {
            throw new IllegalArgumentException("size is negative");
        }
    }
}
