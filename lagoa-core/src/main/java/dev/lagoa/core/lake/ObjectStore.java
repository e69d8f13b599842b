package dev.lagoa.core.lake;

import java.io.Closeable;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The lake: buckets of objects addressed by key, as Amazon S3 offers them. Implementations are
 * {@code LocalObjectStore} (a folder per bucket in the workspace) and {@code S3ObjectStore} (AWS SDK v2); both pass
 * the same contract test.
 *
 * <p>Every write is atomic: a reader sees the previous content or the new one, never a part. Arguments are never
 * null. Failures are {@link dev.lagoa.core.LagoaException}s: {@code OBJECT_NOT_FOUND} for a missing object,
 * {@code STORAGE_ERROR} when the store itself fails.
 */
public interface ObjectStore extends Closeable {
    /** Writes {@code content} as the object, replacing it if it exists, and returns the new object's metadata. */
    ObjectMetadata put(BucketName bucket, ObjectKey key, byte[] content, PutOptions options);

    /** Writes the content of a local file as the object (streamed, never loaded in memory whole). */
    ObjectMetadata putFile(BucketName bucket, ObjectKey key, Path file, PutOptions options);

    /** Opens the object's content; the caller closes the stream. Throws {@code OBJECT_NOT_FOUND} when absent. */
    InputStream get(BucketName bucket, ObjectKey key);

    /** Reads the whole object; meant for small objects (manifests, configuration). */
    default byte[] getBytes(BucketName bucket, ObjectKey key) {
        try (InputStream in = get(bucket, key)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new dev.lagoa.core.LagoaException(dev.lagoa.core.ErrorCode.STORAGE_ERROR,
                    "Cannot read s3://%s/%s: %s".formatted(bucket, key, e.getMessage()), e);
        }
    }

    /** The object's metadata, or empty when it does not exist. */
    Optional<ObjectMetadata> metadata(BucketName bucket, ObjectKey key);

    default boolean exists(BucketName bucket, ObjectKey key) {
        return metadata(bucket, key).isPresent();
    }

    /**
     * Lists up to {@code maxKeys} objects whose key starts with {@code prefix} (empty for all), in key order,
     * starting after the position {@code continuationToken} names (null for the first page).
     */
    ObjectListing list(BucketName bucket, String prefix, String continuationToken, int maxKeys);

    /** Deletes the object; deleting an absent object is not an error (as in S3). */
    void delete(BucketName bucket, ObjectKey key);

    /** Creates the bucket if it does not exist. */
    void createBucket(BucketName bucket);

    boolean bucketExists(BucketName bucket);

    /** Every object under {@code prefix}, page after page. */
    default Iterable<ObjectSummary> listAll(BucketName bucket, String prefix) {
        return () -> new Iterator<>() {
            private Iterator<ObjectSummary> page = java.util.Collections.emptyIterator();
            private String token;
            private boolean last;

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && !last) {
                    ObjectListing listing = list(bucket, prefix, token, 1000);
                    page = listing.objects().iterator();
                    token = listing.nextContinuationToken().orElse(null);
                    last = token == null;
                }
                return page.hasNext();
            }

            @Override
            public ObjectSummary next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
    }

    @Override
    void close();
}
