package dev.lagoa.jobs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A table commit manifest: what one job run changed in one table, for the catalog to apply. A job writes it after
 * its data is in place, as {@code <commits>/<table>/<name>.json}, where the catalog reads it:
 *
 * <pre>{@code
 * {"table": "ibov_ativos", "location": "s3://lagoa-b3/refined/ativos/", "format": "parquet",
 *  "columns": [{"name": "data_pregao", "type": "date", "comment": "..."}, ...],
 *  "partitionKeys": [{"name": "data", "type": "date", "comment": "..."}, ...],
 *  "partitions": [{"values": ["2022-12-08", "PETR4"], "location": "s3://lagoa-b3/refined/ativos/data=2022-12-08/acao=PETR4/"}, ...],
 *  "replaces": [["2022-12-08"]], "rows": 92, "runId": "jr_...", "committedAt": "2026-11-21T05:00:00Z"}
 * }</pre>
 *
 * <p>Types are Glue (Hive) type names. {@code partitions} lists every partition the run wrote; {@code replaces} lists
 * partition-value prefixes that the run replaced entirely, so the catalog drops any other partition under them (a
 * ticker that left the index). Partition values are the folder names' values as written ({@code "07"} for month 7).
 *
 * @param location the table's root, as people name it ({@link LakeLocations#display})
 */
public record TableCommit(TableDefinition table, String location, List<Partition> partitions, List<List<String>> replaces,
        long rows, String runId, Instant committedAt) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

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
        for (Partition partition : partitions) {
            if (partition.values().size() != table.partitionKeys().size()) {
                throw new IllegalArgumentException("Partition " + partition.values() + " of " + table.name() + " needs "
                        + table.partitionKeys().size() + " values");
            }
        }
        for (List<String> prefix : replaces) {
            if (prefix.isEmpty() || prefix.size() > table.partitionKeys().size()) {
                throw new IllegalArgumentException("Replaced prefix " + prefix + " of " + table.name() + " needs 1 to "
                        + table.partitionKeys().size() + " values");
            }
        }
    }

    /** The manifest, as written. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("table", table.name());
        json.put("location", location);
        json.put("format", "parquet");
        json.put("columns", describe(table.columns()));
        json.put("partitionKeys", describe(table.partitionKeys()));
        List<Map<String, Object>> written = new ArrayList<>();
        for (Partition partition : partitions) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("values", partition.values());
            entry.put("location", partition.location());
            written.add(entry);
        }
        json.put("partitions", written);
        json.put("replaces", replaces);
        json.put("rows", rows);
        json.put("runId", runId);
        json.put("committedAt", committedAt.toString());
        return json;
    }

    private static List<Map<String, Object>> describe(List<TableColumn> columns) {
        List<Map<String, Object>> described = new ArrayList<>();
        for (TableColumn column : columns) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", column.name());
            entry.put("type", column.typeName());
            entry.put("comment", column.comment());
            described.add(entry);
        }
        return described;
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
        String name = prefix + "-" + runId + ".json";
        if (!SAFE_NAME.matcher(prefix).matches() || !SAFE_NAME.matcher(runId).matches()) {
            throw new JobFailure("Cannot name a commit manifest '" + name + "': the run id and date may hold only letters, digits, '_', '.' and '-'");
        }
        Path folder = new Path(commits, table.name());
        Path target = new Path(folder, name);
        Path temporary = new Path(folder, "." + name + ".tmp");
        fileSystem.mkdirs(folder);
        try (OutputStream out = fileSystem.create(temporary, true)) {
            out.write(JSON.writeValueAsString(toJson()).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
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
