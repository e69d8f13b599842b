package dev.lagoa.ingest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.PutOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Where an ingest puts what it collected: the lake (through the {@link ObjectStore} port) and, when running with a
 * workspace, a local copy under {@code data/} in the lake's own layout (the folder data engineers look at first).
 */
final class Landing {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectStore lake;
    private final BucketName bucket;
    private final Optional<Path> localData;

    Landing(ObjectStore lake, BucketName bucket, Optional<Path> localData) {
        this.lake = requireNonNull(lake, "lake is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
        this.localData = requireNonNull(localData, "localData is null");
    }

    BucketName bucket() {
        return bucket;
    }

    ObjectStore lake() {
        return lake;
    }

    /** Writes {@code content} to the local copy (when there is one) and to the lake; returns the object's URI. */
    String put(String key, byte[] content, String contentType, java.util.Map<String, String> metadata) {
        localCopy(key).ifPresent(path -> write(path, content));
        lake.createBucket(bucket);
        lake.put(bucket, ObjectKey.of(key), content, new PutOptions(contentType, metadata));
        return "s3://" + bucket + "/" + key;
    }

    /** Puts a file written elsewhere (a Parquet file) in the local copy and the lake; returns the object's URI. */
    String putFile(String key, Path file, java.util.Map<String, String> metadata) {
        localCopy(key).ifPresent(path -> {
            try {
                Files.createDirectories(path.getParent());
                Files.copy(file, path, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot write %s: %s".formatted(path, e.getMessage()), e);
            }
        });
        lake.createBucket(bucket);
        lake.putFile(bucket, ObjectKey.of(key), file, new PutOptions("application/vnd.apache.parquet", metadata));
        return "s3://" + bucket + "/" + key;
    }

    /** The local copy of a key, under {@code data/}; keys are validated object keys, so they stay under it. */
    Optional<Path> localCopy(String key) {
        return localData.map(root -> {
            Path path = root.resolve(ObjectKey.of(key).value()).normalize();
            if (!path.startsWith(root)) {
                throw LagoaException.userError("Key %s would leave %s", key, root);
            }
            return path;
        });
    }

    private static void write(Path path, byte[] content) {
        try {
            Files.createDirectories(path.getParent());
            Path temporary = path.resolveSibling("." + path.getFileName() + ".tmp");
            Files.write(temporary, content);
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot write %s: %s".formatted(path, e.getMessage()), e);
        }
    }

    /** A temporary file for a Parquet copy, removed by the caller. */
    static Path temporaryParquet() {
        try {
            return Files.createTempFile("lagoa-ingest-", ".parquet");
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot create a temporary file: " + e.getMessage(), e);
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left in the system's temporary folder
        }
    }

    /** A column of a file the ingest writes; files carry no descriptions. */
    static TableColumn column(String name, String type) {
        return new TableColumn(name, type, "");
    }

    static byte[] json(Object document) {
        try {
            return JSON.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot write JSON: " + e.getMessage(), e);
        }
    }
}
