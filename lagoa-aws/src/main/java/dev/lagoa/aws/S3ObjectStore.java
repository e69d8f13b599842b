package dev.lagoa.aws;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectListing;
import dev.lagoa.core.lake.ObjectMetadata;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.core.lake.PutOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The lake on Amazon S3 (or an S3-compatible server), through the AWS SDK v2 {@link S3Client}. A PUT to S3 is
 * atomic by nature: readers see the old object or the new one. Entity tags are returned without their quotes and
 * user metadata keys in lower case, as S3 stores them.
 */
public final class S3ObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);
    /** The most keys S3 returns in one ListObjectsV2 page. */
    private static final int MAX_KEYS_PER_PAGE = 1000;

    private final S3Client client;
    private final boolean ownsClient;
    private final Region region;

    /** A store over {@code client}, which the caller keeps and closes. */
    public S3ObjectStore(S3Client client) {
        this(client, false);
    }

    private S3ObjectStore(S3Client client, boolean ownsClient) {
        this.client = requireNonNull(client, "client is null");
        this.ownsClient = ownsClient;
        Region configured = client.serviceClientConfiguration().region();
        this.region = configured == null ? Region.US_EAST_1 : configured;
    }

    /** A store with its own client, built from {@code config} and closed with the store. */
    public static S3ObjectStore create(AwsConfig config) {
        requireNonNull(config, "config is null");
        return new S3ObjectStore(config.s3Client(), true);
    }

    /** A store that closes {@code client} when it is closed. */
    public static S3ObjectStore owning(S3Client client) {
        return new S3ObjectStore(client, true);
    }

    @Override
    public ObjectMetadata put(BucketName bucket, ObjectKey key, byte[] content, PutOptions options) {
        requireNonNull(content, "content is null");
        return write(bucket, key, RequestBody.fromBytes(content), content.length, options);
    }

    @Override
    public ObjectMetadata putFile(BucketName bucket, ObjectKey key, Path file, PutOptions options) {
        requireNonNull(file, "file is null");
        long size;
        try {
            size = Files.size(file);
        } catch (java.io.IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot write %s: cannot read local file %s: %s".formatted(uri(bucket, key), file, e), e);
        }
        return write(bucket, key, RequestBody.fromFile(file), size, options);
    }

    private ObjectMetadata write(BucketName bucket, ObjectKey key, RequestBody body, long size, PutOptions options) {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        requireNonNull(options, "options is null");
        Map<String, String> userMetadata = lowerCaseKeys(options.userMetadata());
        PutObjectRequest request = PutObjectRequest.builder()
                .bucket(bucket.value())
                .key(key.value())
                .contentType(options.contentType())
                .contentLength(size)
                .metadata(userMetadata)
                .build();
        PutObjectResponse response;
        try {
            response = client.putObject(request, body);
        } catch (SdkException e) {
            throw AwsErrors.s3("write", uri(bucket, key), e);
        }
        LOG.debug("Wrote {} ({} bytes)", uri(bucket, key), size);
        if (response.eTag() == null) {
            // Some S3-compatible servers leave the entity tag out of the PUT response: ask for it.
            return metadata(bucket, key).orElseThrow(() -> new LagoaException(ErrorCode.STORAGE_ERROR,
                    "Cannot write %s: the object is missing right after it was written".formatted(uri(bucket, key))));
        }
        // The PUT response carries no modification time: the local clock stands in for the server's.
        return new ObjectMetadata(bucket, key, size, unquote(response.eTag()), Instant.now(), options.contentType(), userMetadata);
    }

    @Override
    public InputStream get(BucketName bucket, ObjectKey key) {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        try {
            return client.getObject(request -> request.bucket(bucket.value()).key(key.value()));
        } catch (SdkException e) {
            throw AwsErrors.s3("read", uri(bucket, key), e);
        }
    }

    @Override
    public Optional<ObjectMetadata> metadata(BucketName bucket, ObjectKey key) {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        HeadObjectResponse head;
        try {
            head = client.headObject(request -> request.bucket(bucket.value()).key(key.value()));
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw AwsErrors.s3("read the metadata of", uri(bucket, key), e);
        }
        return Optional.of(new ObjectMetadata(
                bucket,
                key,
                head.contentLength() == null ? 0 : head.contentLength(),
                unquote(head.eTag()),
                head.lastModified() == null ? Instant.EPOCH : head.lastModified(),
                head.contentType() == null ? "application/octet-stream" : head.contentType(),
                lowerCaseKeys(head.metadata())));
    }

    @Override
    public ObjectListing list(BucketName bucket, String prefix, String continuationToken, int maxKeys) {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(prefix, "prefix is null");
        if (maxKeys < 1) {
            throw LagoaException.userError("maxKeys must be at least 1, not %d", maxKeys);
        }
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
                .bucket(bucket.value())
                .maxKeys(Math.min(maxKeys, MAX_KEYS_PER_PAGE));
        if (!prefix.isEmpty()) {
            request.prefix(prefix);
        }
        if (continuationToken != null && !continuationToken.isEmpty()) {
            request.continuationToken(continuationToken);
        }
        ListObjectsV2Response response;
        try {
            response = client.listObjectsV2(request.build());
        } catch (SdkException e) {
            throw AwsErrors.s3("list", uri(bucket, prefix), e);
        }
        List<ObjectSummary> objects = new ArrayList<>(response.contents().size());
        for (S3Object object : response.contents()) {
            objects.add(new ObjectSummary(
                    ObjectKey.of(object.key()),
                    object.size() == null ? 0 : object.size(),
                    unquote(object.eTag()),
                    object.lastModified() == null ? Instant.EPOCH : object.lastModified()));
        }
        String next = Boolean.TRUE.equals(response.isTruncated()) ? response.nextContinuationToken() : null;
        return new ObjectListing(objects, Optional.ofNullable(next).filter(token -> !token.isEmpty()));
    }

    @Override
    public void delete(BucketName bucket, ObjectKey key) {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(key, "key is null");
        try {
            client.deleteObject(request -> request.bucket(bucket.value()).key(key.value()));
        } catch (SdkException e) {
            if (e instanceof software.amazon.awssdk.services.s3.model.NoSuchKeyException) {
                return; // S3 answers 204 for an absent key; a server that says 404 means the same
            }
            throw AwsErrors.s3("delete", uri(bucket, key), e);
        }
        LOG.debug("Deleted {}", uri(bucket, key));
    }

    @Override
    public void createBucket(BucketName bucket) {
        requireNonNull(bucket, "bucket is null");
        // Outside us-east-1 the SDK names the client's region as the bucket's location constraint.
        CreateBucketRequest request = CreateBucketRequest.builder().bucket(bucket.value()).build();
        try {
            client.createBucket(request);
            LOG.info("Created bucket {}", bucket);
        } catch (BucketAlreadyOwnedByYouException e) {
            LOG.debug("Bucket {} already exists", bucket);
        } catch (BucketAlreadyExistsException e) {
            // S3 answers so when another account owns the name; some S3-compatible servers also for our own bucket
            if (!bucketExists(bucket)) {
                throw AwsErrors.s3("create the bucket", "s3://" + bucket, e);
            }
        } catch (SdkException e) {
            throw AwsErrors.s3("create the bucket", "s3://" + bucket, e);
        }
    }

    @Override
    public boolean bucketExists(BucketName bucket) {
        requireNonNull(bucket, "bucket is null");
        try {
            client.headBucket(request -> request.bucket(bucket.value()));
            return true;
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                return false;
            }
            throw AwsErrors.s3("check the bucket", "s3://" + bucket, e);
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "S3ObjectStore[region=" + region + "]";
    }

    private static String uri(BucketName bucket, Object key) {
        return "s3://" + bucket.value() + "/" + key;
    }

    static String unquote(String eTag) {
        if (eTag == null) {
            return "";
        }
        String value = eTag.startsWith("W/") ? eTag.substring(2) : eTag;
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return Map.of();
        }
        Map<String, String> lower = new TreeMap<>();
        metadata.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        return lower;
    }
}
