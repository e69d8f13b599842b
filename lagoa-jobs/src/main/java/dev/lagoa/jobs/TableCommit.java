package dev.lagoa.jobs;

import dev.lagoa.contracts.TableCommitManifest;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What one job run changed in one table, written as the {@link TableCommitManifest} the catalog applies, after the
 * run's data is in place, as {@code <commits>/<table>/<prefix>-<runId>.json}.
 *
 * @param location the table's root, as people name it ({@link LakeLocations#display})
 */
public record TableCommit(TableDefinition table, String location, List<Partition> partitions, List<List<String>> replaces,
        long rows, String runId, Instant committedAt) {
    /** One partition written by the run: its values, in partition key order, and its folder. */
    public record Partition(List<String> values, String location) {
        public Partition {
            values = List.copyOf(requireNonNull(values, "values is null"));
            requireNonNull(location, "location is null");
        }
    }

    public TableCommit {
        requireNonNull(table, "table is null");
        requireNonNull(location, "location is null");
        partitions = List.copyOf(requireNonNull(partitions, "partitions is null"));
        replaces = requireNonNull(replaces, "replaces is null").stream().map(List::copyOf).toList();
        requireNonNull(runId, "runId is null");
        requireNonNull(committedAt, "committedAt is null");
        manifest(table, location, partitions, replaces, rows, runId, committedAt); // checks the partitions fit the keys
    }

    /** The manifest, as the catalog reads it. */
    public TableCommitManifest manifest() {
        return manifest(table, location, partitions, replaces, rows, runId, committedAt);
    }

    private static TableCommitManifest manifest(TableDefinition table, String location, List<Partition> partitions,
            List<List<String>> replaces, long rows, String runId, Instant committedAt) {
        return new TableCommitManifest(table.name(), location, "parquet", describe(table.columns()), describe(table.partitionKeys()),
                partitions.stream().map(partition -> new TableCommitManifest.Partition(partition.values(), partition.location())).toList(),
                replaces, rows, runId, committedAt.toString());
    }

    private static List<TableCommitManifest.Column> describe(List<TableColumn> columns) {
        return columns.stream().map(column -> new TableCommitManifest.Column(column.name(), column.typeName(), column.comment())).toList();
    }

    /**
     * Writes the manifest as {@code <commits>/<table>/<prefix>-<runId>.json}: to a hidden temporary file first, then
     * renamed, so a reader of the folder sees the whole manifest or none.
     *
     * @return the manifest's path
     * @throws JobFailure when the prefix or run id cannot be part of a file name
     * @throws IOException when storage fails
     */
    public Path write(FileSystem fileSystem, Path commits, String prefix) throws IOException {
        TableCommitManifest manifest = manifest();
        String name;
        try {
            name = manifest.fileName(prefix);
        } catch (IllegalArgumentException e) {
            throw new JobFailure(e.getMessage());
        }
        Path folder = new Path(commits, table.name());
        Path target = new Path(folder, name);
        Path temporary = new Path(folder, "." + name + ".tmp");
        fileSystem.mkdirs(folder);
        try (OutputStream out = fileSystem.create(temporary, true)) {
            out.write(manifest.toJson());
        }
        if (fileSystem.exists(target)) {
            fileSystem.delete(target, false); // the same run committed this table before (a retried attempt)
        }
        if (!fileSystem.rename(temporary, target)) {
            throw new IOException("cannot rename " + temporary + " to " + target);
        }
        return target;
    }

    /**
     * Writes every manifest under {@code commits}, as {@link #write} does, and returns where each went, shown as
     * {@code locations} shows lake files. Storage failures become {@link UncheckedIOException}s naming the table.
     */
    public static List<String> writeAll(List<TableCommit> commits, FileSystem fileSystem, Path root, String prefix, LakeLocations locations) {
        List<String> written = new ArrayList<>();
        for (TableCommit commit : commits) {
            try {
                written.add(locations.display(fileSystem.makeQualified(commit.write(fileSystem, root, prefix)).toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the commit manifest of " + commit.table().name() + " under "
                        + locations.display(fileSystem.makeQualified(root) + "/") + ": " + e.getMessage(), e);
            }
        }
        return written;
    }
}
