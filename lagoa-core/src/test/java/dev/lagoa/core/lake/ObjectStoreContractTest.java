package dev.lagoa.core.lake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link ObjectStore} shares, whatever it stores to. Each adapter extends this class and
 * provides a fresh store; the bucket {@link #BUCKET} is created before each test.
 */
public abstract class ObjectStoreContractTest {
    protected static final BucketName BUCKET = BucketName.of("lagoa-contract");

    protected ObjectStore store;

    @TempDir
    protected Path temp;

    /** A store over an empty, isolated namespace. */
    protected abstract ObjectStore createStore() throws Exception;

    @BeforeEach
    void setUpStore() throws Exception {
        store = createStore();
        store.createBucket(BUCKET);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void putThenGetReturnsTheSameBytes() throws IOException {
        byte[] content = "{\"id\":1,\"nome\":\"Ação\"}\n".getBytes(UTF_8);
        store.put(BUCKET, ObjectKey.of("produtos/2026-11-21/part-0.json"), content, PutOptions.contentType("application/json"));

        try (InputStream in = store.get(BUCKET, ObjectKey.of("produtos/2026-11-21/part-0.json"))) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void metadataHasSizeMd5EtagContentTypeAndUserMetadata() throws Exception {
        byte[] content = "hello lake".getBytes(UTF_8);
        ObjectMetadata written = store.put(BUCKET, ObjectKey.of("a/b.txt"), content,
                new PutOptions("text/plain", Map.of("pipeline", "diff")));

        ObjectMetadata read = store.metadata(BUCKET, ObjectKey.of("a/b.txt")).orElseThrow();
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        assertThat(read.size()).isEqualTo(content.length);
        assertThat(read.eTag()).isEqualTo(md5);
        assertThat(written.eTag()).isEqualTo(md5);
        assertThat(read.contentType()).startsWith("text/plain");
        assertThat(read.userMetadata()).containsEntry("pipeline", "diff");
    }

    @Test
    void putReplacesExistingContent() {
        ObjectKey key = ObjectKey.of("replace.json");
        store.put(BUCKET, key, "old".getBytes(UTF_8), PutOptions.DEFAULT);
        store.put(BUCKET, key, "new content".getBytes(UTF_8), PutOptions.DEFAULT);

        assertThat(new String(store.getBytes(BUCKET, key), UTF_8)).isEqualTo("new content");
        assertThat(store.metadata(BUCKET, key).orElseThrow().size()).isEqualTo(11);
    }

    @Test
    void putFileStreamsALocalFile() throws IOException {
        Path file = temp.resolve("snapshot.jsonl");
        Files.writeString(file, "{\"id\":1}\n{\"id\":2}\n");

        store.putFile(BUCKET, ObjectKey.of("hoje/snapshot.jsonl"), file, PutOptions.DEFAULT);

        assertThat(store.getBytes(BUCKET, ObjectKey.of("hoje/snapshot.jsonl"))).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void emptyObjectsAreObjects() {
        store.put(BUCKET, ObjectKey.of("empty"), new byte[0], PutOptions.DEFAULT);

        assertThat(store.exists(BUCKET, ObjectKey.of("empty"))).isTrue();
        assertThat(store.getBytes(BUCKET, ObjectKey.of("empty"))).isEmpty();
    }

    @Test
    void getOfAMissingObjectIsObjectNotFound() {
        assertThatThrownBy(() -> store.get(BUCKET, ObjectKey.of("missing/key.json")))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND))
                .hasMessageContaining("s3://lagoa-contract/missing/key.json");
    }

    @Test
    void metadataOfAMissingObjectIsEmpty() {
        assertThat(store.metadata(BUCKET, ObjectKey.of("nothing-here"))).isEmpty();
        assertThat(store.exists(BUCKET, ObjectKey.of("nothing-here"))).isFalse();
    }

    @Test
    void deleteRemovesAndDeletingAnAbsentObjectIsFine() {
        store.put(BUCKET, ObjectKey.of("to-delete"), "x".getBytes(UTF_8), PutOptions.DEFAULT);

        store.delete(BUCKET, ObjectKey.of("to-delete"));
        store.delete(BUCKET, ObjectKey.of("never-existed"));

        assertThat(store.exists(BUCKET, ObjectKey.of("to-delete"))).isFalse();
    }

    @Test
    void listFiltersByPrefixInKeyOrder() {
        for (String key : List.of("2026-11-21/b.json", "2026-11-21/a.json", "2026-11-22/a.json", "2026-11-2", "other/x")) {
            store.put(BUCKET, ObjectKey.of(key), key.getBytes(UTF_8), PutOptions.DEFAULT);
        }

        ObjectListing listing = store.list(BUCKET, "2026-11-21/", null, 1000);

        assertThat(listing.objects()).extracting(summary -> summary.key().value())
                .containsExactly("2026-11-21/a.json", "2026-11-21/b.json");
        assertThat(listing.isTruncated()).isFalse();
        assertThat(listing.objects().get(0).size()).isEqualTo("2026-11-21/a.json".length());
    }

    @Test
    void listPaginatesWithContinuationTokens() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String key = "page/%03d.json".formatted(i);
            keys.add(key);
            store.put(BUCKET, ObjectKey.of(key), new byte[] {(byte) i}, PutOptions.DEFAULT);
        }

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ObjectListing listing = store.list(BUCKET, "page/", token, 10);
            assertThat(listing.objects()).hasSizeLessThanOrEqualTo(10);
            listing.objects().forEach(summary -> seen.add(summary.key().value()));
            token = listing.nextContinuationToken().orElse(null);
            pages++;
        } while (token != null);

        assertThat(seen).containsExactlyElementsOf(keys);
        assertThat(pages).isEqualTo(3);
        assertThat(StreamSupport.stream(store.listAll(BUCKET, "page/").spliterator(), false).count()).isEqualTo(25);
    }

    @Test
    void keysWithSpacesAccentsAndSymbolsRoundTrip() {
        ObjectKey key = ObjectKey.of("relatórios/São Paulo/a+b=c&d.json");
        store.put(BUCKET, key, "ok".getBytes(UTF_8), PutOptions.DEFAULT);

        assertThat(store.getBytes(BUCKET, key)).isEqualTo("ok".getBytes(UTF_8));
        assertThat(store.list(BUCKET, "relatórios/", null, 10).objects()).extracting(ObjectSummary::key).containsExactly(key);
    }

    @Test
    void bucketsAreCreatedOnceAndReported() {
        BucketName other = BucketName.of("lagoa-contract-other");
        assertThat(store.bucketExists(other)).isFalse();

        store.createBucket(other);
        store.createBucket(other);

        assertThat(store.bucketExists(other)).isTrue();
        assertThat(store.list(other, "", null, 10).objects()).isEmpty();
    }
}
