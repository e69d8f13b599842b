package dev.lagoa.functions;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TablePartition;
import dev.lagoa.core.pipeline.DataFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a refine job committed to one table, as its commit manifest says ({@code catalog-commits/<table>/<date>-<run>.json},
 * written last, after the data): the table's location, format and schema, the partitions it wrote, and the
 * partition-value prefixes whose partitions it replaced entirely.
 */
record TableCommit(
        String table,
        String location,
        DataFormat format,
        List<TableColumn> columns,
        List<TableColumn> partitionKeys,
        List<TablePartition> partitions,
        List<List<String>> replaces,
        long rows,
        String runId,
        String committedAt) {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    TableCommit {
        requireNonNull(table, "table is null");
        requireNonNull(location, "location is null");
        requireNonNull(format, "format is null");
        columns = List.copyOf(columns);
        partitionKeys = List.copyOf(partitionKeys);
        partitions = List.copyOf(partitions);
        replaces = replaces.stream().map(List::copyOf).toList();
    }

    /** Parses a manifest; {@code uri} names it in errors. */
    static TableCommit parse(byte[] json, String uri) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw invalid(uri, "not a JSON object");
            }
            List<TablePartition> partitions = new ArrayList<>();
            for (JsonNode partition : array(root, "partitions", uri)) {
                partitions.add(new TablePartition(strings(partition.path("values"), uri), text(partition, "location", uri)));
            }
            List<List<String>> replaces = new ArrayList<>();
            for (JsonNode prefix : array(root, "replaces", uri)) {
                replaces.add(strings(prefix, uri));
            }
            return new TableCommit(
                    text(root, "table", uri),
                    text(root, "location", uri),
                    DataFormat.valueOf(text(root, "format", uri).toUpperCase(Locale.ROOT)),
                    columns(root, "columns", uri),
                    columns(root, "partitionKeys", uri),
                    partitions,
                    replaces,
                    root.path("rows").asLong(-1),
                    root.path("runId").asText(""),
                    root.path("committedAt").asText(""));
        } catch (IOException e) {
            throw invalid(uri, "not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        } catch (IllegalArgumentException e) {
            throw invalid(uri, e.getMessage());
        } catch (LagoaException e) {
            if (e.errorCode() == ErrorCode.MALFORMED_TABLE_COMMIT) {
                throw e;
            }
            throw invalid(uri, e.getMessage());
        }
    }

    private static List<TableColumn> columns(JsonNode root, String field, String uri) {
        List<TableColumn> columns = new ArrayList<>();
        for (JsonNode column : array(root, field, uri)) {
            columns.add(new TableColumn(text(column, "name", uri), text(column, "type", uri), catalogComment(column.path("comment").asText(""))));
        }
        return columns;
    }

    /** A comment as Glue takes it: one line, at most 255 bytes in UTF-8 (cut at a character, marked with an ellipsis). */
    static String catalogComment(String comment) {
        String line = comment.replaceAll("\\s+", " ").strip();
        if (line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 255) {
            return line;
        }
        StringBuilder cut = new StringBuilder();
        int bytes = 3; // the ellipsis
        for (int i = 0; i < line.length(); ) {
            int codePoint = line.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes + size > 255) {
                break;
            }
            cut.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return cut.toString().stripTrailing() + "…";
    }

    private static Iterable<JsonNode> array(JsonNode node, String field, String uri) {
        JsonNode value = node.path(field);
        if (!value.isArray()) {
            throw invalid(uri, "'" + field + "' is missing or not an array");
        }
        return value;
    }

    private static List<String> strings(JsonNode array, String uri) {
        if (!array.isArray()) {
            throw invalid(uri, "partition values are not an array");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : array) {
            if (!value.isValueNode() || value.isNull()) {
                throw invalid(uri, "a partition value is not a string: " + value);
            }
            values.add(value.asText());
        }
        return values;
    }

    private static String text(JsonNode node, String field, String uri) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw invalid(uri, "'" + field + "' is missing or not a string");
        }
        return value.asText();
    }

    private static LagoaException invalid(String uri, String why) {
        return new LagoaException(ErrorCode.MALFORMED_TABLE_COMMIT, "Invalid table commit %s: %s".formatted(uri, why));
    }
}
