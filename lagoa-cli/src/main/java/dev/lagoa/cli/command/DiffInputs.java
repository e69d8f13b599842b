package dev.lagoa.cli.command;

import dev.lagoa.cli.DiffWiring;
import dev.lagoa.contracts.DiffFields;
import dev.lagoa.contracts.LakePaths;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lake.ObjectLocation;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.ObjectSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The checks of {@code lagoa diff}'s arguments that need no job run, made before one starts (a run costs a JVM and
 * a Spark session): the key and ignored fields by the job's own rules ({@link DiffFields}), and that each snapshot
 * has a file the job would read, for a local folder or file and, in the {@code local} profile, for an {@code s3://}
 * location of the workspace lake. On the {@code aws} profile the job run checks S3 itself.
 */
final class DiffInputs {
    private static final String FIRST_DAY = " (on the first day, --allow-missing-yesterday treats it as empty: all inserts)";

    private DiffInputs() {}

    /** Throws {@code LagoaException} (a user error) naming the first problem found. */
    static void check(DiffWiring wiring, DiffRun.Request request) {
        try {
            DiffFields.check(DiffFields.parsePaths(request.key()), DiffFields.parsePaths(request.ignoreFields()));
        } catch (IllegalArgumentException e) {
            throw LagoaException.userError("%s", e.getMessage());
        }
        if (!request.allowMissingYesterday()) {
            snapshot(wiring, request.yesterday(), "--yesterday", FIRST_DAY);
        }
        snapshot(wiring, request.today(), "--today", "");
    }

    private static void snapshot(DiffWiring wiring, String location, String option, String hint) {
        wiring.jobLocation(location);
        if (ObjectLocation.isS3Uri(location)) {
            if (wiring.isLocalLake() && !hasObjects(wiring.objectStore(), ObjectLocation.parse(location))) {
                throw LagoaException.userError("No objects under %s (%s)%s", ObjectLocation.parse(location).asPrefix(), option, hint);
            }
            return;
        }
        Path path = localPath(location, option);
        if (Files.isRegularFile(path)) {
            return;
        }
        if (!Files.isDirectory(path)) {
            String kind = location.endsWith("/") || !path.getFileName().toString().contains(".") ? "folder" : "file or folder";
            throw LagoaException.userError("No %s %s (%s)%s", kind, location, option, hint);
        }
        if (!hasDataFiles(path)) {
            throw LagoaException.userError("No files to read in folder %s (%s): it is empty, or holds only files the diff skips "
                    + "(names starting with _ or .)%s", location, option, hint);
        }
    }

    private static Path localPath(String location, String option) {
        try {
            return (location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location)).toAbsolutePath().normalize();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw LagoaException.userError("Invalid %s '%s': use an s3:// URI, a folder or a file", option, location);
        }
    }

    /** As the job lists a snapshot: a file at any depth under the folder, none of its names below it hidden, links followed. */
    private static boolean hasDataFiles(Path folder) {
        try (Stream<Path> files = Files.walk(folder, FileVisitOption.FOLLOW_LINKS)) {
            return files.filter(Files::isRegularFile)
                    .anyMatch(file -> !LakePaths.isHidden(folder.relativize(file).toString().replace('\\', '/')));
        } catch (IOException | UncheckedIOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot list folder %s: %s".formatted(folder, e.getMessage()), e);
        }
    }

    /** As the job lists a snapshot: the object itself, or an object under it as a folder whose key below it is not hidden. */
    private static boolean hasObjects(ObjectStore store, ObjectLocation location) {
        if (!location.key().isEmpty() && !location.key().endsWith("/") && store.exists(location.bucket(), location.objectKey())) {
            return true;
        }
        if (!store.bucketExists(location.bucket())) {
            return false;
        }
        String prefix = location.asPrefix().key();
        for (ObjectSummary object : store.listAll(location.bucket(), prefix)) {
            if (!LakePaths.isHidden(object.key().value().substring(prefix.length()))) {
                return true;
            }
        }
        return false;
    }
}
