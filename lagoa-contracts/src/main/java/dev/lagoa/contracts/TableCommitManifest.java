package dev.lagoa.contracts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A table commit manifest: what one run changed in one table, for the catalog to apply. Writers (the Spark jobs, the
 * Bronze generator) put it as {@code <commits>/<table>/<prefix>-<runId>.json} after their data is in place; the
 * catalog's commit handler reads it:
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
 * {@code rows} is -1 when unknown.
 */
public record TableCommitManifest(
        String table,
        String location,
        String format,
        List<Column> columns,
        List<Column> partitionKeys,
        List<Partition> partitions,
        List<List<String>> replaces,
        long rows,
        String runId,
        String committedAt) {
    private static final String WHAT = "table commit";
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    /** A column or partition key: its name, Glue type and comment. */
    public record Column(String name, String type, String comment) {
        public Column {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            requireNonNull(comment, "comment is null");
        }
    }

    /** One partition written by the run: its values, in partition key order, and its folder. */
    public record Partition(List<String> values, String location) {
        public Partition {
            values = List.copyOf(requireNonNull(values, "values is null"));
            requireNonNull(location, "location is null");
        }
    }

    /** @throws IllegalArgumentException when a partition or replaced prefix does not fit the partition keys */
    public TableCommitManifest {
        requireNonNull(table, "table is null");
        requireNonNull(location, "location is null");
        requireNonNull(format, "format is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        partitionKeys = List.copyOf(requireNonNull(partitionKeys, "partitionKeys is null"));
        partitions = List.copyOf(requireNonNull(partitions, "partitions is null"));
        replaces = requireNonNull(replaces, "replaces is null").stream().map(List::copyOf).toList();
        requireNonNull(runId, "runId is null");
        requireNonNull(committedAt, "committedAt is null");
        for (Partition partition : partitions) {
            if (partition.values().size() != partitionKeys.size()) {
                throw new IllegalArgumentException("Partition " + partition.values() + " of " + table + " needs " + partitionKeys.size() + " values");
            }
        }
        for (List<String> prefix : replaces) {
            if (prefix.isEmpty() || prefix.size() > partitionKeys.size()) {
                throw new IllegalArgumentException("Replaced prefix " + prefix + " of " + table + " needs 1 to " + partitionKeys.size() + " values");
            }
        }
    }

    /**
     * The manifest's file name in its table's folder, {@code <prefix>-<runId>.json}.
     *
     * @throws IllegalArgumentException when the prefix or run id holds anything but letters, digits, '_', '.' and '-'
     */
    public String fileName(String prefix) {
        String name = prefix + "-" + runId + ".json";
        if (!SAFE_NAME.matcher(prefix).matches() || !SAFE_NAME.matcher(runId).matches()) {
            throw new IllegalArgumentException("Cannot name a commit manifest '" + name
                    + "': the run id and date may hold only letters, digits, '_', '.' and '-'");
        }
        return name;
    }

    /** The manifest's path under the commits location: {@code <table>/<prefix>-<runId>.json}. */
    public String relativePath(String prefix) {
        return table + "/" + fileName(prefix);
    }

    /** The manifest as written: indented UTF-8 JSON, ending with a new line. */
    public byte[] toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("table", table);
        json.put("location", location);
        json.put("format", format);
        json.put("columns", describe(columns));
        json.put("partitionKeys", describe(partitionKeys));
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
        json.put("committedAt", committedAt);
        return JsonFiles.write(json, "the commit manifest of " + table);
    }

    private static List<Map<String, Object>> describe(List<Column> columns) {
        List<Map<String, Object>> described = new ArrayList<>();
        for (Column column : columns) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", column.name());
            entry.put("type", column.type());
            entry.put("comment", column.comment());
            described.add(entry);
        }
        return described;
    }

    /**
     * Reads a manifest; {@code file} names it in errors.
     *
     * @throws MalformedFileException when it is not JSON, or a field is missing or of the wrong kind
     */
    public static TableCommitManifest parse(byte[] json, String file) {
        requireNonNull(json, "json is null");
        requireNonNull(file, "file is null");
        JsonNode root = JsonFiles.readObject(json, WHAT, file);
        try {
            List<Partition> partitions = new ArrayList<>();
            for (JsonNode partition : array(root, "partitions", file)) {
                partitions.add(new Partition(strings(partition.path("values"), file), text(partition, "location", file)));
            }
            List<List<String>> replaces = new ArrayList<>();
            for (JsonNode prefix : array(root, "replaces", file)) {
                replaces.add(strings(prefix, file));
            }
            return new TableCommitManifest(
                    text(root, "table", file),
                    text(root, "location", file),
                    text(root, "format", file),
                    columns(root, "columns", file),
                    columns(root, "partitionKeys", file),
                    partitions,
                    replaces,
                    root.path("rows").asLong(-1),
                    root.path("runId").asText(""),
                    root.path("committedAt").asText(""));
        } catch (MalformedFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw invalid(file, e.getMessage());
        }
    }

    private static List<Column> columns(JsonNode root, String field, String file) {
        List<Column> columns = new ArrayList<>();
        for (JsonNode column : array(root, field, file)) {
            columns.add(new Column(text(column, "name", file), text(column, "type", file), column.path("comment").asText("")));
        }
        return columns;
    }

    private static Iterable<JsonNode> array(JsonNode node, String field, String file) {
        JsonNode value = node.path(field);
        if (!value.isArray()) {
            throw invalid(file, "'" + field + "' is missing or not an array");
        }
        return value;
    }

    private static List<String> strings(JsonNode array, String file) {
        if (!array.isArray()) {
            throw invalid(file, "partition values are not an array");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : array) {
            if (!value.isValueNode() || value.isNull()) {
                throw invalid(file, "a partition value is not a string: " + value);
            }
            values.add(value.asText());
        }
        return values;
    }

    private static String text(JsonNode node, String field, String file) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw invalid(file, "'" + field + "' is missing or not a string");
        }
        return value.asText();
    }

    private static MalformedFileException invalid(String file, String why) {
        return new MalformedFileException(WHAT, file, why);
    }
}
