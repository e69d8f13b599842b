package dev.lagoa.jobs;

import dev.lagoa.contracts.TableCommitManifest;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
     * Writes the manifest as {@code <commits>/<table>/<prefix>-<runId>.json}, whole or not at all ({@link
     * LakeFiles#writeWhole}).
     *
     * @return the manifest's path
     * @throws JobFailure when the prefix or run id cannot be part of a file name
     * @throws IOException when storage fails
     */
    public Path write(LakeFiles files, Path commits, String prefix) throws IOException {
        TableCommitManifest manifest = manifest();
        String name;
        try {
            name = manifest.fileName(prefix);
        } catch (IllegalArgumentException e) {
            throw new JobFailure(e.getMessage());
        }
        Path target = new Path(new Path(commits, table.name()), name);
        files.writeWhole(target, manifest.toJson()); // in place of this run's own, when an attempt is retried
        return target;
    }

    /**
     * Writes every manifest under {@code commits}, as {@link #write} does, and returns where each went, as people
     * name it. Storage failures become {@link UncheckedIOException}s naming the table.
     */
    public static List<String> writeAll(List<TableCommit> commits, LakeFiles files, Path root, String prefix) {
        List<String> written = new ArrayList<>();
        for (TableCommit commit : commits) {
            try {
                written.add(files.show(commit.write(files, root, prefix)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the commit manifest of " + commit.table().name() + " under "
                        + files.showFolder(root) + ": " + e.getMessage(), e);
            }
        }
        return written;
    }
}
