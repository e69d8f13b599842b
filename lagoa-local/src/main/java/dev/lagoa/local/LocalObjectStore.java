package dev.lagoa.local;

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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The lake as folders of the workspace: bucket {@code b} is {@code lake/b/}, object {@code k} the file
 * {@code lake/b/k}. Writes go to a hidden temporary file in the target folder and are renamed into place, so a
 * reader sees the old content or the new, never a part. Content type, user metadata and the MD5 entity tag are kept
 * in the file's extended attributes when the file system has them; files copied in by hand get them computed.
 */
public final class LocalObjectStore implements ObjectStore {
    static final String TEMPORARY_PREFIX = ".lagoa-tmp-";
    private static final String ATTRIBUTE_ETAG = "lagoa.etag";
    private static final String ATTRIBUTE_CONTENT_TYPE = "lagoa.content-type";
    private static final String ATTRIBUTE_METADATA = "lagoa.meta.";

    private final Workspace workspace;

    public LocalObjectStore(Workspace workspace) {
        this.workspace = requireNonNull(workspace, "workspace is null");
    }

    @Override
    public ObjectMetadata put(BucketName bucket, ObjectKey key, byte[] content, PutOptions options) {
        return write(bucket, key, options, out -> out.write(content));
    }

    @Override
    public ObjectMetadata putFile(BucketName bucket, ObjectKey key, Path file, PutOptions options) {
        return write(bucket, key, options, out -> Files.copy(file, out));
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private ObjectMetadata write(BucketName bucket, ObjectKey key, PutOptions options, Content content) {
        Path target = objectPath(bucket, key);
        Path temporary = target.resolveSibling(TEMPORARY_PREFIX + UUID.randomUUID());
        try {
            requireBucket(bucket);
            Files.createDirectories(target.getParent());
            MessageDigest md5 = md5();
            try (OutputStream out = new java.security.DigestOutputStream(Files.newOutputStream(temporary), md5)) {
                content.writeTo(out);
            }
            String eTag = HexFormat.of().formatHex(md5.digest());
            Map<String, String> attributes = new HashMap<>();
            attributes.put(ATTRIBUTE_CONTENT_TYPE, options.contentType());
            options.userMetadata().forEach((name, value) -> attributes.put(ATTRIBUTE_METADATA + name.toLowerCase(java.util.Locale.ROOT), value));
            BasicFileAttributes basic = Files.readAttributes(temporary, BasicFileAttributes.class);
            attributes.put(ATTRIBUTE_ETAG, stamp(basic) + eTag);
            writeAttributes(temporary, attributes);
            if (Files.isDirectory(target)) {
                throw new LagoaException(ErrorCode.STORAGE_ERROR,
                        "Cannot write s3://%s/%s: keys already exist under '%s/', and the local lake cannot hold both".formatted(bucket, key, key));
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return metadata(bucket, key).orElseThrow();
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR,
                    "Cannot write s3://%s/%s: a part of the key is an object, and the local lake cannot also hold keys under it".formatted(bucket, key), e);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot write s3://%s/%s: %s".formatted(bucket, key, e.getMessage()), e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // a leftover temporary file is hidden from listings
            }
        }
    }

    @Override
    public InputStream get(BucketName bucket, ObjectKey key) {
        Path path = objectPath(bucket, key);
        try {
            if (Files.isDirectory(path)) {
                throw new NoSuchFileException(path.toString());
            }
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw notFound(bucket, key);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot read s3://%s/%s: %s".formatted(bucket, key, e.getMessage()), e);
        }
    }

    private static LagoaException notFound(BucketName bucket, ObjectKey key) {
        return new LagoaException(ErrorCode.OBJECT_NOT_FOUND, "Cannot read s3://%s/%s: no such object".formatted(bucket, key));
    }

    @Override
    public Optional<ObjectMetadata> metadata(BucketName bucket, ObjectKey key) {
        Path path = objectPath(bucket, key);
        try {
            BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class);
            if (!basic.isRegularFile()) {
                return Optional.empty();
            }
            Map<String, String> attributes = readAttributes(path);
            Map<String, String> userMetadata = new HashMap<>();
            attributes.forEach((name, value) -> {
                if (name.startsWith(ATTRIBUTE_METADATA)) {
                    userMetadata.put(name.substring(ATTRIBUTE_METADATA.length()), value);
                }
            });
            String contentType = attributes.getOrDefault(ATTRIBUTE_CONTENT_TYPE, guessContentType(key.value()));
            return Optional.of(new ObjectMetadata(bucket, key, basic.size(), eTag(path, basic, attributes),
                    basic.lastModifiedTime().toInstant(), contentType, userMetadata));
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot read s3://%s/%s: %s".formatted(bucket, key, e.getMessage()), e);
        }
    }

    @Override
    public ObjectListing list(BucketName bucket, String prefix, String continuationToken, int maxKeys) {
        requireNonNull(prefix, "prefix is null");
        if (maxKeys < 1) {
            throw LagoaException.userError("maxKeys must be at least 1, not %d", maxKeys);
        }
        String after = continuationToken == null ? null : decodeToken(continuationToken);
        Path bucketFolder = workspace.bucketFolder(bucket);
        if (!Files.isDirectory(bucketFolder)) {
            throw new LagoaException(ErrorCode.OBJECT_NOT_FOUND, "Cannot list s3://%s/%s: no such bucket".formatted(bucket, prefix));
        }
        // walk only the deepest folder that holds every key with this prefix
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? bucketFolder : workspace.pathOf(bucket, prefix.substring(0, slash + 1));
        List<String> keys = new ArrayList<>();
        if (Files.isDirectory(start)) {
            try (Stream<Path> files = Files.walk(start)) {
                files.filter(Files::isRegularFile)
                        .filter(path -> !path.getFileName().toString().startsWith(TEMPORARY_PREFIX))
                        .map(path -> toKey(bucketFolder, path))
                        .filter(key -> key != null && key.startsWith(prefix) && (after == null || key.compareTo(after) > 0))
                        .forEach(keys::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot list s3://%s/%s: %s".formatted(bucket, prefix, e.getMessage()), e);
            }
        }
        keys.sort(null);
        List<ObjectSummary> page = new ArrayList<>();
        for (String key : keys.subList(0, Math.min(maxKeys, keys.size()))) {
            metadata(bucket, ObjectKey.of(key)).ifPresent(metadata ->
                    page.add(new ObjectSummary(metadata.key(), metadata.size(), metadata.eTag(), metadata.lastModified())));
        }
        Optional<String> next = keys.size() > maxKeys ? Optional.of(encodeToken(keys.get(maxKeys - 1))) : Optional.empty();
        return new ObjectListing(page, next);
    }

    private static String toKey(Path bucketFolder, Path file) {
        StringBuilder key = new StringBuilder();
        for (Path segment : bucketFolder.relativize(file)) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(segment);
        }
        return ObjectKey.problem(key.toString()) == null ? key.toString() : null;
    }

    @Override
    public void delete(BucketName bucket, ObjectKey key) {
        Path path = objectPath(bucket, key);
        try {
            if (Files.isRegularFile(path)) {
                Files.delete(path);
                pruneEmptyFolders(workspace.bucketFolder(bucket), path.getParent());
            }
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot delete s3://%s/%s: %s".formatted(bucket, key, e.getMessage()), e);
        }
    }

    /** S3 has no folders: a folder left empty by a delete goes too. */
    private static void pruneEmptyFolders(Path bucketFolder, Path folder) {
        Path current = folder;
        while (current != null && current.startsWith(bucketFolder) && !current.equals(bucketFolder)) {
            try (Stream<Path> children = Files.list(current)) {
                if (children.findAny().isPresent()) {
                    return;
                }
            } catch (IOException e) {
                return;
            }
            try {
                Files.delete(current);
            } catch (IOException e) {
                return;
            }
            current = current.getParent();
        }
    }

    @Override
    public void createBucket(BucketName bucket) {
        try {
            Files.createDirectories(workspace.bucketFolder(bucket));
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot create bucket %s: %s".formatted(bucket, e.getMessage()), e);
        }
    }

    @Override
    public boolean bucketExists(BucketName bucket) {
        return Files.isDirectory(workspace.bucketFolder(bucket));
    }

    @Override
    public void close() {
        // nothing is held open
    }

    private void requireBucket(BucketName bucket) {
        if (!bucketExists(bucket)) {
            createBucket(bucket);
        }
    }

    /** The object's file, refusing keys that would leave the bucket, also through symbolic links. */
    private Path objectPath(BucketName bucket, ObjectKey key) {
        if (key.value().endsWith("/")) {
            throw new LagoaException(ErrorCode.INVALID_OBJECT_KEY,
                    "Invalid object key '%s': the local lake keeps no folder markers (keys ending in '/')".formatted(key));
        }
        Path path = workspace.pathOf(bucket, key.value());
        Path bucketFolder = workspace.bucketFolder(bucket);
        try {
            Path existing = path.getParent();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing != null && existing.startsWith(bucketFolder) && Files.exists(bucketFolder)
                    && !existing.toRealPath().startsWith(bucketFolder.toRealPath())) {
                throw new LagoaException(ErrorCode.INVALID_OBJECT_KEY,
                        "Invalid object key '%s': it leads outside the bucket through a symbolic link".formatted(key));
            }
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot resolve s3://%s/%s: %s".formatted(bucket, key, e.getMessage()), e);
        }
        return path;
    }

    private static String stamp(BasicFileAttributes attributes) {
        return attributes.size() + ":" + attributes.lastModifiedTime().toMillis() + ":";
    }

    /** The stored MD5 when the file has not changed since it was written; otherwise computed from the content. */
    private static String eTag(Path path, BasicFileAttributes basic, Map<String, String> attributes) throws IOException {
        String stored = attributes.get(ATTRIBUTE_ETAG);
        String stamp = stamp(basic);
        if (stored != null && stored.startsWith(stamp)) {
            return stored.substring(stamp.length());
        }
        MessageDigest md5 = md5();
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), md5)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeAttributes(Path path, Map<String, String> attributes) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
        if (view == null) {
            return;
        }
        try {
            for (var entry : attributes.entrySet()) {
                view.write(entry.getKey(), StandardCharsets.UTF_8.encode(entry.getValue()));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // the file system keeps no extended attributes: metadata is computed or guessed on read
        }
    }

    private static Map<String, String> readAttributes(Path path) {
        Map<String, String> attributes = new HashMap<>();
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
        if (view == null) {
            return attributes;
        }
        try {
            for (String name : view.list()) {
                if (name.startsWith("lagoa.")) {
                    ByteBuffer buffer = ByteBuffer.allocate(view.size(name));
                    view.read(name, buffer);
                    buffer.flip();
                    attributes.put(name, StandardCharsets.UTF_8.decode(buffer).toString());
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // as if there were none
        }
        return attributes;
    }

    static String guessContentType(String key) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".json") || lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return "application/json";
        }
        if (lower.endsWith(".parquet")) {
            return "application/vnd.apache.parquet";
        }
        if (lower.endsWith(".csv")) {
            return "text/csv";
        }
        if (lower.endsWith(".gz")) {
            return "application/gzip";
        }
        return "application/octet-stream";
    }

    private static String encodeToken(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw LagoaException.userError("Invalid continuation token '%s'", token);
        }
    }
}
