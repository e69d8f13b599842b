package dev.lagoa.core.lake;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;

/**
 * A bucket and a key prefix or key: {@code s3://bucket/key}. The key may be empty (the whole bucket) or end with a
 * slash (a prefix).
 */
public record ObjectLocation(BucketName bucket, String key) {
    public ObjectLocation {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        if (!key.isEmpty()) {
            ObjectKey.of(key);
        }
    }

    public static ObjectLocation of(String bucket, String key) {
        return new ObjectLocation(BucketName.of(bucket), key);
    }

    /** Parses {@code s3://bucket/key} (also {@code s3a://} and {@code s3n://}). */
    public static ObjectLocation parse(String uri) {
        requireNonNull(uri, "uri is null");
        String rest;
        if (uri.startsWith("s3://")) {
            rest = uri.substring(5);
        } else if (uri.startsWith("s3a://") || uri.startsWith("s3n://")) {
            rest = uri.substring(6);
        } else {
            throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "Invalid S3 URI '%s': it must start with s3://".formatted(BucketName.printable(uri)));
        }
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        return new ObjectLocation(BucketName.of(bucket), key);
    }

    public static boolean isS3Uri(String uri) {
        return uri.startsWith("s3://") || uri.startsWith("s3a://") || uri.startsWith("s3n://");
    }

    public ObjectKey objectKey() {
        return ObjectKey.of(key);
    }

    /** This location as a folder: the key ends with a slash (or is empty). */
    public ObjectLocation asPrefix() {
        return key.isEmpty() || key.endsWith("/") ? this : new ObjectLocation(bucket, key + "/");
    }

    public ObjectLocation resolve(String child) {
        return new ObjectLocation(bucket, asPrefix().key() + child);
    }

    public String uri() {
        return "s3://" + bucket.value() + "/" + key;
    }

    @Override
    public String toString() {
        return uri();
    }
}
