package dev.lagoa.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.ObjectStoreContractTest;
import dev.lagoa.core.lake.PutOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The object store contract against S3Proxy, an S3-compatible server, started in this JVM on a free port of
 * 127.0.0.1 over jclouds' in-memory ("transient") blob store, once for the class. Each test starts from an empty
 * server: the buckets the previous test left are removed. The client is in us-east-1: outside it the SDK sends
 * the region as the bucket's location constraint, which S3Proxy's in-memory store does not know.
 */
class S3ObjectStoreIT extends ObjectStoreContractTest {
    private static final String ACCESS_KEY = "lagoa-access";
    private static final String SECRET_KEY = "lagoa-secret-key";

    private static BlobStoreContext blobStoreContext;
    private static S3Proxy s3Proxy;
    private static AwsConfig config;

    @BeforeAll
    static void startS3Proxy() throws Exception {
        blobStoreContext = ContextBuilder.newBuilder("transient")
                .credentials(ACCESS_KEY, SECRET_KEY)
                .overrides(new Properties())
                .build(BlobStoreContext.class);
        s3Proxy = S3Proxy.builder()
                .blobStore(blobStoreContext.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        s3Proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"STARTED".equals(s3Proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + s3Proxy.getState());
            }
            Thread.sleep(10);
        }
        config = AwsConfig.defaults("us-east-1")
                .withEndpointOverride(URI.create("http://127.0.0.1:" + s3Proxy.getPort()))
                .withStaticCredentials(ACCESS_KEY, SECRET_KEY)
                .withPathStyleAccess(true);
    }

    @AfterAll
    static void stopS3Proxy() throws Exception {
        if (s3Proxy != null) {
            s3Proxy.stop();
        }
        if (blobStoreContext != null) {
            blobStoreContext.close();
        }
    }

    @Override
    protected ObjectStore createStore() {
        BlobStore blobStore = blobStoreContext.getBlobStore();
        blobStore.list().forEach(container -> blobStore.deleteContainer(container.getName()));
        return S3ObjectStore.create(config);
    }

    @Test
    void userMetadataKeysAreLowerCaseAsInS3() {
        store.put(BUCKET, ObjectKey.of("meta.txt"), "x".getBytes(StandardCharsets.UTF_8), new PutOptions("text/plain", Map.of("Pipeline-Step", "Diff")));

        assertThat(store.metadata(BUCKET, ObjectKey.of("meta.txt")).orElseThrow().userMetadata()).containsExactly(Map.entry("pipeline-step", "Diff"));
    }

    @Test
    void putFileSendsTheContentTypeAndUserMetadata() throws Exception {
        java.nio.file.Path file = temp.resolve("part-0.parquet");
        java.nio.file.Files.write(file, new byte[] {'P', 'A', 'R', '1'});

        store.putFile(BUCKET, ObjectKey.of("silver/part-0.parquet"), file, new PutOptions("application/vnd.apache.parquet", Map.of("run", "jr_1")));

        var metadata = store.metadata(BUCKET, ObjectKey.of("silver/part-0.parquet")).orElseThrow();
        assertThat(metadata.size()).isEqualTo(4);
        assertThat(metadata.contentType()).isEqualTo("application/vnd.apache.parquet");
        assertThat(metadata.userMetadata()).containsEntry("run", "jr_1");
    }

    @Test
    void aStoreLeavesTheClientItWasGivenOpen() {
        try (S3Client client = config.s3Client()) {
            new S3ObjectStore(client).close();

            assertThat(client.listBuckets().buckets()).isNotEmpty();
        }
    }

    @Test
    void aMissingBucketIsNotFoundWithItsUri() {
        BucketName missing = BucketName.of("lagoa-no-such-bucket");

        assertThatThrownBy(() -> store.get(missing, ObjectKey.of("a.json")))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND))
                .hasMessageStartingWith("Cannot read s3://lagoa-no-such-bucket/a.json: ");
    }

    @Test
    void wrongCredentialsAreAConfigurationProblem() {
        AwsConfig wrong = config.withStaticCredentials(ACCESS_KEY, "not-the-secret");
        try (ObjectStore other = S3ObjectStore.create(wrong)) {
            assertThatThrownBy(() -> other.put(BUCKET, ObjectKey.of("x"), new byte[] {1}, PutOptions.DEFAULT))
                    .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                    .hasMessageStartingWith("Cannot write s3://lagoa-contract/x: ")
                    .hasMessageNotContaining("not-the-secret");
        }
    }

    @Test
    void anUnreachableEndpointIsAStorageError() {
        AwsConfig unreachable = config.withEndpointOverride(URI.create("http://127.0.0.1:1"));
        try (S3Client client = unreachable.s3ClientBuilder()
                .overrideConfiguration(override -> override.retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()))
                .build();
                ObjectStore other = new S3ObjectStore(client)) {
            assertThatThrownBy(() -> other.metadata(BUCKET, ObjectKey.of("x")))
                    .isInstanceOfSatisfying(LagoaException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.STORAGE_ERROR);
                        assertThat(e.errorType().isRetriable()).isTrue();
                    })
                    .hasMessageStartingWith("Cannot read the metadata of s3://lagoa-contract/x: ");
        }
    }
}
