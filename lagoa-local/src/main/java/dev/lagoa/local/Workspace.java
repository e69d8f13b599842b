package dev.lagoa.local;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local workspace ({@code LAGOA_HOME}): the lake ({@code s3://bucket/key} is {@code lake/bucket/key}), the
 * metadata store, job run folders, the embedded services' data and logs. Every path it hands out stays inside it.
 */
public final class Workspace {
    private final Path home;

    private Workspace(Path home) {
        this.home = home;
    }

    /** Opens (creating its folders) the workspace at {@code home}. */
    public static Workspace open(Path home) {
        requireNonNull(home, "home is null");
        Path absolute = home.toAbsolutePath().normalize();
        Workspace workspace = new Workspace(absolute);
        try {
            Files.createDirectories(workspace.lake());
            Files.createDirectories(workspace.metadata());
            Files.createDirectories(workspace.jobLogs());
            Files.createDirectories(workspace.runs());
            Files.createDirectories(workspace.lineageEvents());
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Cannot create the workspace at %s: %s".formatted(absolute, e.getMessage()), e);
        }
        return workspace;
    }

    public Path home() {
        return home;
    }

    public Path lake() {
        return home.resolve("lake");
    }

    public Path metadata() {
        return home.resolve("metadata");
    }

    public Path metadataDatabase() {
        return metadata().resolve("lagoa.db");
    }

    public Path jobLogs() {
        return home.resolve("logs").resolve("jobs");
    }

    /** The embedded services' pid files ({@code <name>.pid}) and data folders ({@code <name>/}). */
    public Path services() {
        return home.resolve("services");
    }

    public Path serviceLogs() {
        return home.resolve("logs").resolve("services");
    }

    /**
     * The OpenLineage run events of the workspace, one JSON object a line: {@code <job run id>.jsonl} from the Spark
     * listener of each job run, {@code <step>-<run id>.jsonl} from control-plane steps. Ingestion reads them into the
     * lineage graph.
     */
    public Path lineageEvents() {
        return home.resolve("lineage").resolve("events");
    }

    /** Scratch files of the workspace's processes ({@code duckdb/}: the spills of lagoa sql). */
    public Path temporary() {
        return home.resolve("tmp");
    }

    public Path runs() {
        return home.resolve("runs");
    }

    public Path configurationFile() {
        return home.resolve("lagoa.properties");
    }

    /** The folder of a bucket in the lake. */
    public Path bucketFolder(BucketName bucket) {
        return lake().resolve(bucket.value());
    }

    /** The file of an object (or the folder of a prefix) in the lake; never outside the bucket's folder. */
    public Path pathOf(BucketName bucket, String key) {
        Path bucketFolder = bucketFolder(bucket);
        if (key.isEmpty()) {
            return bucketFolder;
        }
        ObjectKey.of(key);
        Path path = bucketFolder.resolve(key).normalize();
        if (!path.startsWith(bucketFolder)) {
            throw new LagoaException(ErrorCode.INVALID_OBJECT_KEY, "Invalid object key '%s': it leaves the bucket".formatted(key));
        }
        return path;
    }

    public Path pathOf(ObjectLocation location) {
        return pathOf(location.bucket(), location.key());
    }

    /**
     * Where a job run reads or writes a URI locally: {@code s3://b/k} becomes the lake's {@code file:} URI, other
     * values (local paths, {@code file:} URIs) pass unchanged except that relative paths become absolute.
     */
    public String localUri(String uri) {
        if (ObjectLocation.isS3Uri(uri)) {
            ObjectLocation location = ObjectLocation.parse(uri);
            String local = pathOf(location).toUri().toString();
            return uri.endsWith("/") && !local.endsWith("/") ? local + "/" : local;
        }
        if (uri.contains("://") || uri.startsWith("file:")) {
            return uri;
        }
        return Path.of(uri).toAbsolutePath().normalize().toUri().toString();
    }

    @Override
    public String toString() {
        return home.toString();
    }
}
