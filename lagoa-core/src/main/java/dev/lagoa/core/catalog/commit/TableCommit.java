package dev.lagoa.core.catalog.commit;

import static java.util.Objects.requireNonNull;

import dev.lagoa.contracts.MalformedFileException;
import dev.lagoa.contracts.TableCommitManifest;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TablePartition;
import dev.lagoa.core.pipeline.DataFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * What a refine job committed to one table, as its commit manifest says ({@code catalog-commits/<table>/<date>-<run>.json},
 * written last, after the data), in the catalog's types: the table's location, format and schema, the partitions it
 * wrote, and the partition-value prefixes whose partitions it replaced entirely. Components are never null.
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
    TableCommit {
        requireNonNull(table, "table is null");
        requireNonNull(location, "location is null");
        requireNonNull(format, "format is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        partitionKeys = List.copyOf(requireNonNull(partitionKeys, "partitionKeys is null"));
        partitions = List.copyOf(requireNonNull(partitions, "partitions is null"));
        replaces = requireNonNull(replaces, "replaces is null").stream().map(List::copyOf).toList();
        requireNonNull(runId, "runId is null");
        requireNonNull(committedAt, "committedAt is null");
    }

    /**
     * Parses a manifest; {@code uri} names it in errors.
     *
     * @throws LagoaException {@code MALFORMED_TABLE_COMMIT} when it is not a table commit manifest, or names a format
     *     or column the catalog cannot take
     */
    static TableCommit parse(byte[] json, String uri) {
        try {
            TableCommitManifest manifest = TableCommitManifest.parse(json, uri);
            return new TableCommit(
                    manifest.table(),
                    manifest.location(),
                    DataFormat.valueOf(manifest.format().toUpperCase(Locale.ROOT)),
                    columns(manifest.columns()),
                    columns(manifest.partitionKeys()),
                    manifest.partitions().stream().map(partition -> new TablePartition(partition.values(), partition.location())).toList(),
                    manifest.replaces(),
                    manifest.rows(),
                    manifest.runId(),
                    manifest.committedAt());
        } catch (MalformedFileException e) {
            throw new LagoaException(ErrorCode.MALFORMED_TABLE_COMMIT, e.getMessage(), e);
        } catch (IllegalArgumentException | LagoaException e) {
            throw new LagoaException(ErrorCode.MALFORMED_TABLE_COMMIT, "Invalid table commit %s: %s".formatted(uri, e.getMessage()), e);
        }
    }

    private static List<TableColumn> columns(List<TableCommitManifest.Column> columns) {
        return columns.stream().map(column -> new TableColumn(column.name(), column.type(), catalogComment(column.comment()))).toList();
    }

    /** A comment as Glue takes it: one line, at most 255 bytes in UTF-8 (cut at a character, marked with an ellipsis). */
    static String catalogComment(String comment) {
        String line = comment.replaceAll("\\s+", " ").strip();
        if (line.getBytes(StandardCharsets.UTF_8).length <= 255) {
            return line;
        }
        StringBuilder cut = new StringBuilder();
        int bytes = 3; // the ellipsis
        for (int i = 0; i < line.length(); ) {
            int codePoint = line.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > 255) {
                break;
            }
            cut.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return cut.toString().stripTrailing() + "…";
    }
}
