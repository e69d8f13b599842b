package dev.lagoa.governance.crawl;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.FileSchemaReader;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectLocation;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.core.pipeline.DataFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The lake's objects as the crawler reads them: which buckets exist, what they hold, and a data file's schema or a
 * sample of its values. A file on this machine's disk (the local lake) is read where it is; any other is downloaded
 * to a temporary file that is deleted once read.
 *
 * <p>No argument may be null ({@link NullPointerException}). Reads throw {@link LagoaException} with
 * {@link ErrorCode#STORAGE_ERROR} when an object cannot be downloaded.
 */
final class LakeFiles {
    private final ObjectStore store;
    private final FileSchemaReader reader;
    private final Function<ObjectLocation, Optional<Path>> localFiles;

    /**
     * @param localFiles where an object is on this machine's disk, when it is (the local lake); others are downloaded
     *     to a temporary file to be read
     */
    LakeFiles(ObjectStore store, FileSchemaReader reader, Function<ObjectLocation, Optional<Path>> localFiles) {
        this.store = requireNonNull(store, "store is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.localFiles = requireNonNull(localFiles, "localFiles is null");
    }

    boolean bucketExists(BucketName bucket) {
        return store.bucketExists(bucket);
    }

    /** Every object of the bucket, hidden ones included. */
    Iterable<ObjectSummary> list(BucketName bucket) {
        return store.listAll(bucket, "");
    }

    /**
     * The file's columns and row count, read as {@code format}.
     *
     * @throws LagoaException when the file cannot be downloaded or read as its format
     */
    FileSchemaReader.FileSchema schema(BucketName bucket, ObjectKey key, DataFormat format) {
        return readLocally(bucket, key, path -> reader.read(path, format));
    }

    /**
     * Up to {@code rows} values of each of {@code columns} as text, read as {@code format}; empty when the file cannot
     * be read as its format.
     *
     * @throws LagoaException when the file cannot be downloaded
     */
    Optional<Map<String, List<String>>> sample(BucketName bucket, ObjectKey key, DataFormat format, List<String> columns, int rows) {
        return readLocally(bucket, key, path -> {
            try {
                return Optional.of(reader.sample(path, format, columns, rows));
            } catch (LagoaException e) {
                return Optional.empty();
            }
        });
    }

    private <T> T readLocally(BucketName bucket, ObjectKey key, Function<Path, T> reading) {
        Optional<Path> local = localFiles.apply(ObjectLocation.of(bucket.value(), key.value()));
        Path path = local.orElseGet(() -> download(bucket, key));
        try {
            return reading.apply(path);
        } finally {
            if (local.isEmpty()) {
                deleteQuietly(path);
            }
        }
    }

    private Path download(BucketName bucket, ObjectKey key) {
        try (InputStream in = store.get(bucket, key)) {
            String name = key.value().substring(key.value().lastIndexOf('/') + 1);
            Path file = Files.createTempFile("lagoa-crawl-", "-" + name.replaceAll("[^A-Za-z0-9._-]", "_"));
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot read s3://%s/%s: %s".formatted(bucket, key, e.getMessage()), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary copy left behind
        }
    }
}
