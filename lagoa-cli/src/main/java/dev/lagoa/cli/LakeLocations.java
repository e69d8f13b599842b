package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.Profile;
import dev.lagoa.core.lake.ObjectLocation;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locations of the lake as people read them and as job runs receive them, and small text objects read whole: an
 * {@code s3://} URI through the object store, a local path or {@code file:} URI from disk. Arguments are never null
 * unless said otherwise.
 */
public final class LakeLocations {
    private final LagoaRuntime runtime;

    /** Throws {@code NullPointerException} for a null runtime. */
    public LakeLocations(LagoaRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    /** The folder of the local lake: {@code s3://bucket/key} is {@code <folder>/bucket/key}. Opens the workspace. */
    public Path lakeFolder() {
        return runtime.folders().lake();
    }

    /**
     * A location as the job run receives it: {@code s3://} URIs unchanged (the launcher maps them), local paths
     * absolute, so that a run started from any folder reads the same files. Throws {@code LagoaException} (a user
     * error) for an invalid {@code s3://} URI, and for a local path on the aws profile.
     */
    public String jobLocation(String location) {
        if (ObjectLocation.isS3Uri(location)) {
            ObjectLocation.parse(location);
            return location;
        }
        if (runtime.profile() == Profile.AWS) {
            throw LagoaException.userError("The aws profile reads and writes S3 only: '%s' is not an s3:// URI", location);
        }
        if (location.startsWith("file:")) {
            return location;
        }
        return Path.of(location).toAbsolutePath().normalize().toString();
    }

    /** A location for people: a file of the local lake is shown as the {@code s3://} URI it stands for; null stays null. */
    public String display(String location) {
        if (location == null || location.isEmpty() || runtime.profile() != Profile.LOCAL) {
            return location;
        }
        String prefix = lakeFolder().toUri().toString();
        String uri = location.startsWith("file:/") && !location.startsWith("file:///") ? "file://" + location.substring(5) : location;
        if (uri.startsWith(prefix)) {
            return "s3://" + uri.substring(prefix.length());
        }
        return location;
    }

    /**
     * Reads a small text object whole; empty when there is no such object or file. Throws {@code LagoaException}
     * ({@code STORAGE_ERROR}) when it cannot be read.
     */
    public Optional<String> readText(String location) {
        try {
            if (ObjectLocation.isS3Uri(location)) {
                ObjectLocation object = ObjectLocation.parse(location);
                if (!runtime.objectStore().exists(object.bucket(), object.objectKey())) {
                    return Optional.empty();
                }
                return Optional.of(new String(runtime.objectStore().getBytes(object.bucket(), object.objectKey()), StandardCharsets.UTF_8));
            }
            Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
            return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot read %s: %s".formatted(location, e.getMessage()), e);
        }
    }
}
