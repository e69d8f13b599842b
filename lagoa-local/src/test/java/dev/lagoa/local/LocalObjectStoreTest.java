package dev.lagoa.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.ObjectStoreContractTest;
import dev.lagoa.core.lake.PutOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalObjectStoreTest extends ObjectStoreContractTest {
    private Workspace workspace;

    @Override
    protected ObjectStore createStore() {
        workspace = Workspace.open(temp.resolve("home"));
        return new LocalObjectStore(workspace);
    }

    @Test
    void objectsAreFilesOfTheLake() throws IOException {
        store.put(BUCKET, ObjectKey.of("2026-11-21/part-00000.json"), "{}".getBytes(UTF_8), PutOptions.DEFAULT);

        Path file = workspace.lake().resolve("lagoa-contract/2026-11-21/part-00000.json");
        assertThat(file).hasContent("{}");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file is left").hasSize(1);
        }
    }

    @Test
    void filesCopiedInByHandAreObjectsWithComputedMetadata() throws IOException {
        Path file = workspace.lake().resolve("lagoa-contract/hoje/produtos.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "[]");

        var metadata = store.metadata(BUCKET, ObjectKey.of("hoje/produtos.json")).orElseThrow();
        assertThat(metadata.eTag()).isEqualTo("d751713988987e9331980363e24189ce");
        assertThat(metadata.contentType()).isEqualTo("application/json");
        assertThat(store.list(BUCKET, "hoje/", null, 10).objects()).hasSize(1);
    }

    @Test
    void aSymbolicLinkCannotLeadOutOfTheBucket() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(workspace.lake().resolve("lagoa-contract/link"), outside);

        assertThatThrownBy(() -> store.get(BUCKET, ObjectKey.of("link/secret.txt")))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_OBJECT_KEY))
                .hasMessageContaining("outside the bucket through a symbolic link");
        assertThatThrownBy(() -> store.put(BUCKET, ObjectKey.of("link/new.txt"), new byte[1], PutOptions.DEFAULT))
                .hasMessageContaining("outside the bucket");
        assertThat(outside.resolve("new.txt")).doesNotExist();
    }

    @Test
    void keysThatWouldEscapeNeverReachTheFileSystem() {
        assertThatThrownBy(() -> store.put(BUCKET, ObjectKey.of("../../escape"), new byte[1], PutOptions.DEFAULT))
                .hasMessageContaining("'.' and '..' segments are not allowed");
        assertThatThrownBy(() -> workspace.pathOf(BucketName.of("lagoa-contract"), "a/../../../etc/passwd"))
                .isInstanceOf(LagoaException.class);
    }

    @Test
    void aKeyCannotBeBothAnObjectAndAFolder() {
        store.put(BUCKET, ObjectKey.of("a"), new byte[1], PutOptions.DEFAULT);

        assertThatThrownBy(() -> store.put(BUCKET, ObjectKey.of("a/b"), new byte[1], PutOptions.DEFAULT))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.STORAGE_ERROR))
                .hasMessageContaining("Cannot write s3://lagoa-contract/a/b");
    }

    @Test
    void readersNeverSeeAHalfWrittenObject() throws Exception {
        ObjectKey key = ObjectKey.of("atomic.bin");
        byte[] first = new byte[4 << 20];
        byte[] second = new byte[4 << 20];
        Arrays.fill(first, (byte) 1);
        Arrays.fill(second, (byte) 2);
        store.put(BUCKET, key, first, PutOptions.DEFAULT);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger torn = new AtomicInteger();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                store.put(BUCKET, key, i % 2 == 0 ? second : first, PutOptions.DEFAULT);
            }
            writing.set(false);
        });
        writer.start();
        int reads = 0;
        while (writing.get() || reads == 0) {
            byte[] read = store.getBytes(BUCKET, key);
            reads++;
            if (read.length != first.length || read[0] != read[read.length - 1]) {
                torn.incrementAndGet();
            }
        }
        writer.join();

        assertThat(torn).hasValue(0);
        assertThat(reads).isPositive();
    }

    @Test
    void deletingTheLastObjectOfAFolderRemovesTheFolder() {
        store.put(BUCKET, ObjectKey.of("x/y/z.json"), new byte[1], PutOptions.DEFAULT);

        store.delete(BUCKET, ObjectKey.of("x/y/z.json"));

        assertThat(workspace.lake().resolve("lagoa-contract/x")).doesNotExist();
        assertThat(workspace.lake().resolve("lagoa-contract")).exists();
    }

    @Test
    void s3UrisMapToTheLake() {
        assertThat(workspace.localUri("s3://lagoa-diffs/2026-11-21/"))
                .isEqualTo(workspace.lake().resolve("lagoa-diffs/2026-11-21").toUri() + "/");
        assertThatThrownBy(() -> workspace.localUri("s3://bucket_diffs/x")).hasMessageContaining("underscores are not allowed");
    }
}
