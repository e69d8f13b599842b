package dev.lagoa.jobs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run's private folder, {@code <root>/_staging/<run id>/}, where it writes partitions before swapping them into
 * their tables. Readers (Spark, Athena, Glue, DuckDB's globs) skip folders whose names start with an underscore, so
 * nothing staged is ever visible. {@link #replace} puts a staged folder in the place of a partition; {@link #close}
 * deletes what is left.
 */
public final class StagingArea implements AutoCloseable {
    private final FileSystem fileSystem;
    private final Path parent;
    private final Path folder;
    private int replaced;

    /** Creates the run's staging folder under {@code root}, emptied of a previous attempt's files. */
    public StagingArea(FileSystem fileSystem, Path root, String runId) throws IOException {
        this(fileSystem, root, "_staging", runId);
    }

    /**
     * Creates the run's staging folder {@code <root>/<name>/<run id>/}, emptied of a previous attempt's files.
     *
     * @param name the staging folders' parent, starting with an underscore ({@code _lagoa_staging}, the diff's)
     */
    public StagingArea(FileSystem fileSystem, Path root, String name, String runId) throws IOException {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        if (!requireNonNull(name, "name is null").startsWith("_")) {
            throw new IllegalArgumentException("A staging folder's name starts with '_', so that readers skip it: " + name);
        }
        this.parent = new Path(requireNonNull(root, "root is null"), name);
        this.folder = new Path(parent, requireNonNull(runId, "runId is null"));
        fileSystem.delete(folder, true);
        fileSystem.mkdirs(folder);
    }

    /** The run's staging folder itself. */
    public Path folder() {
        return folder;
    }

    /** A folder inside the staging area. */
    public Path resolve(String relative) {
        return new Path(folder, relative);
    }

    /**
     * Puts the staged folder {@code staged} in the place of {@code target}: the old folder moves aside into the
     * staging area, the staged one takes its name, and the old one is deleted. A reader sees the old partition or
     * the new one, never a mix. On S3 a rename copies each object, so there the partition may be briefly absent
     * between the two renames; the catalog learns of the new partitions only from the commit manifest, written
     * after every swap.
     */
    public void replace(Path staged, Path target) throws IOException {
        if (!fileSystem.exists(target.getParent())) {
            fileSystem.mkdirs(target.getParent()); // only when missing: on S3 a folder is a marker object
        }
        Path aside = new Path(folder, "_replaced/" + (replaced++));
        boolean existed = fileSystem.exists(target);
        if (existed) {
            fileSystem.mkdirs(aside.getParent());
            rename(target, aside);
        }
        if (fileSystem.exists(target)) {
            // a rename onto an existing folder would nest the new partition inside it
            throw new IOException("cannot replace " + target + ": another run wrote it at the same time");
        }
        rename(staged, target);
        if (existed) {
            fileSystem.delete(aside, true);
        }
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fileSystem.rename(from, to)) {
            throw new IOException("cannot rename " + from + " to " + to);
        }
    }

    /** Deletes the run's staging folder, and its parent ({@code _staging/}) when no other run uses it. */
    @Override
    public void close() {
        try {
            fileSystem.delete(folder, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the staging folder " + folder + ": " + e.getMessage(), e);
        }
        try {
            if (fileSystem.exists(parent) && fileSystem.listStatus(parent).length == 0) {
                fileSystem.delete(parent, false);
            }
        } catch (IOException ignored) {
            // an empty staging folder left behind is harmless and hidden
        }
    }
}
