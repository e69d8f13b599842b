package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.apiload.postgres.Catalog;
import dev.lagoa.apiload.postgres.TableWriter;
import dev.lagoa.apiload.schema.Contract;
import dev.lagoa.apiload.schema.FlatRow;
import dev.lagoa.apiload.schema.SchemaChange;
import dev.lagoa.apiload.schema.SchemaResolver;
import dev.lagoa.apiload.schema.TableSchema;
import dev.lagoa.core.LagoaException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the batches of one load into the endpoint's tables in PostgreSQL. For each table of a batch it detects
 * renames (an endpoint with a primary key), resolves the rows against the table's layout under the endpoint's
 * contract, rejects what the contract refuses, then writes the rows, creating and evolving the table, in one
 * transaction ({@link TableWriter}). The rows PostgreSQL refuses are rejected; a child table of a merge has the old
 * children of the records written replaced.
 *
 * <p>Counters, rejects, schema changes, renames and events go to the load's {@link LoadProgress}. No argument may be
 * null; a null one throws {@link NullPointerException}. Not thread-safe: a load runs on one thread.
 */
final class BatchWriter {
    private final EndpointDefinition endpoint;
    private final String loadId;
    private final Catalog catalog;
    private final TableWriter writer;
    private final Map<String, TableSchema> tables;
    private final LoadProgress progress;
    private final int maxColumns;
    private final Set<String> created = new HashSet<>();

    /**
     * @param tables the endpoint's tables as the catalog knows them; the tables the load creates and the columns it
     *        adds or widens are put in it
     * @param maxColumns the column budget of each table ({@link SchemaResolver})
     */
    BatchWriter(EndpointDefinition endpoint, String loadId, Catalog catalog, TableWriter writer, Map<String, TableSchema> tables,
            LoadProgress progress, int maxColumns) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.loadId = requireNonNull(loadId, "loadId is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.writer = requireNonNull(writer, "writer is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.maxColumns = maxColumns;
    }

    /**
     * One batch: its number in the load, the records it came from by position, its rows, and what its tables decided so
     * far (for a merge, the records written, whose old child rows are replaced).
     */
    private record Batch(int number, List<SourceRecord> records, List<FlatRow> rows, Set<Integer> rejectedRecords, Set<String> loadedRoots) {
        Batch {
            requireNonNull(records, "records is null");
            requireNonNull(rows, "rows is null");
            requireNonNull(rejectedRecords, "rejectedRecords is null");
            requireNonNull(loadedRoots, "loadedRoots is null");
        }

        /** The table of the row {@code id}: looked up once per child table, so not worth a map of every row. */
        String tableOf(String id) {
            for (FlatRow row : rows) {
                if (row.id().equals(id)) {
                    return row.table();
                }
            }
            throw new IllegalStateException("No row " + id + " in the batch");
        }
    }

    /** The aliases a batch applies to a table for the renames it detected, and their changes to record. */
    private record Aliases(Map<String, String> paths, List<SchemaChange> changes) {
        Aliases {
            requireNonNull(paths, "paths is null");
            requireNonNull(changes, "changes is null");
        }
    }

    /**
     * Writes one batch, table by table (the endpoint's table first); each table is committed on its own.
     *
     * @param number the batch's number in the load, from 1
     * @param rows the flattened rows of the batch's records, each record's own row before its children
     * @param records the batch's records, at the positions {@link FlatRow#record()} refers to
     * @throws LagoaException {@code CONTRACT_VIOLATION} when a frozen table would need a schema change; nothing of
     *         that table's batch is written
     * @throws SQLException when PostgreSQL fails other than on the data of a row
     */
    void write(Connection connection, int number, List<FlatRow> rows, List<SourceRecord> records) throws SQLException {
        requireNonNull(connection, "connection is null");
        requireNonNull(rows, "rows is null");
        requireNonNull(records, "records is null");
        long start = System.nanoTime();
        Map<String, List<FlatRow>> byTable = new LinkedHashMap<>();
        for (FlatRow row : rows) {
            byTable.computeIfAbsent(row.table(), table -> new ArrayList<>()).add(row);
        }
        byTable.putIfAbsent(endpoint.tableName(), List.of());
        if (endpoint.write() == WriteDisposition.MERGE) {
            // A record written again loses the children it no longer has, even when no record of the batch has any.
            tables.values().stream().filter(TableSchema::isChild).forEach(table -> byTable.putIfAbsent(table.name(), List.of()));
        }
        progress.normalizedSince(start);

        Batch batch = new Batch(number, records, rows, new HashSet<>(), new HashSet<>());
        for (Map.Entry<String, List<FlatRow>> entry : byTable.entrySet()) {
            String name = entry.getKey();
            List<FlatRow> tableRows = entry.getValue().stream().filter(row -> !batch.rejectedRecords().contains(row.record())).toList();
            if (tableRows.isEmpty() && !tables.containsKey(name)) {
                continue;
            }
            writeTable(connection, batch, name, tableRows);
        }
    }

    /** Removes the rows of every earlier load from the endpoint's tables, and commits (the end of a replace). */
    void replaceEarlierLoads(Connection connection) throws SQLException {
        requireNonNull(connection, "connection is null");
        long start = System.nanoTime();
        int deleted = writer.deleteLoads(connection, tables.keySet(), List.of(loadId), true);
        connection.commit();
        progress.wroteSince(start);
        progress.event("replaced", "%d rows of earlier loads removed".formatted(deleted));
    }

    private void writeTable(Connection connection, Batch batch, String name, List<FlatRow> tableRows) throws SQLException {
        long normalizeStart = System.nanoTime();
        Optional<String> parent = tableRows.isEmpty() ? Optional.empty() : tableRows.get(0).parentId().map(batch::tableOf);
        TableSchema table = tables.computeIfAbsent(name, key -> new TableSchema(key, endpoint.name(), parent, false));
        Aliases aliases = !table.isChild() && table.exists() && !endpoint.primaryKey().isEmpty()
                ? renames(connection, table, tableRows)
                : new Aliases(Map.of(), List.of());
        SchemaResolver.Resolution resolution = SchemaResolver.resolve(table, tableRows, endpoint.contract(), maxColumns);
        if (!aliases.paths().isEmpty()) {
            Map<String, String> paths = new LinkedHashMap<>(aliases.paths());
            paths.putAll(resolution.newPaths());
            resolution = new SchemaResolver.Resolution(resolution.rows(), resolution.violations(), resolution.added(), resolution.widened(), paths);
        }
        progress.normalizedSince(normalizeStart);
        rejectViolations(batch, table, resolution);
        if (endpoint.contract() == Contract.FREEZE && !resolution.violations().isEmpty()) {
            throw new LagoaException(ApiLoadErrorCode.CONTRACT_VIOLATION, ("Cannot load endpoint %s: table %s is frozen and %d value%s of batch %d "
                    + "need a schema change (first: %s); nothing of the batch was written, every violation is in the rejects").formatted(
                    endpoint.name(), table.name(), resolution.violations().size(), resolution.violations().size() == 1 ? "" : "s", batch.number(),
                    resolution.violations().get(0).detail()));
        }
        SchemaResolver.Resolution writable = resolution;
        if (!batch.rejectedRecords().isEmpty()) {
            writable = new SchemaResolver.Resolution(resolution.rows().stream().filter(row -> !batch.rejectedRecords().contains(row.row().record()))
                    .toList(), resolution.violations(), resolution.added(), resolution.widened(), resolution.newPaths());
        }
        long writeStart = System.nanoTime();
        boolean create = !table.exists() && !created.contains(table.name());
        TableWriter.Outcome outcome = writer.write(connection, table, writable, create, endpoint.write(), loadId,
                table.isChild() ? batch.loadedRoots() : List.of(), aliases.changes());
        progress.wroteSince(writeStart);
        created.add(table.name());
        for (SchemaChange change : outcome.changes()) {
            progress.schemaChanged(change);
            progress.event("schema_change", "%s %s.%s: %s".formatted(change.kind(), change.table(), change.column(), change.ddl()));
        }
        for (TableWriter.RowFailure failure : outcome.failures()) {
            FlatRow row = failure.row().row();
            JsonNode raw = row.isChild() ? ApiLoader.JSON.valueToTree(row.fields()) : batch.records().get(row.record()).node();
            progress.reject(new Reject(endpoint.name(), loadId, table.name(), "", Reject.Reason.DATABASE,
                    "PostgreSQL refused the row: %s (SQLSTATE %s)".formatted(failure.reason(), failure.sqlState()), raw,
                    batch.records().get(row.record()).source()), !row.isChild());
            if (!row.isChild()) {
                batch.rejectedRecords().add(row.record());
            }
        }
        if (table.isChild()) {
            progress.childRowsLoaded(outcome.loaded());
        } else {
            progress.rowsLoaded(outcome.loaded());
            // Only a merge replaces the old child rows of the records it writes.
            if (endpoint.write() == WriteDisposition.MERGE) {
                for (SchemaResolver.ResolvedRow row : writable.rows()) {
                    if (!batch.rejectedRecords().contains(row.row().record())) {
                        batch.loadedRoots().add(row.row().id());
                    }
                }
            }
        }
    }

    /** The renames detected in the table's rows, each reported; the confident ones become aliases when the endpoint applies them. */
    private Aliases renames(Connection connection, TableSchema table, List<FlatRow> tableRows) throws SQLException {
        Map<String, String> paths = new LinkedHashMap<>();
        List<SchemaChange> changes = new ArrayList<>();
        for (Rename rename : RenameDetector.detect(connection, catalog, table, tableRows)) {
            if (endpoint.applyRenames() && rename.confident()) {
                table.put(rename.toField(), table.column(rename.column()).orElseThrow());
                paths.put(rename.toField(), rename.column());
                changes.add(new SchemaChange(table.name(), rename.column(), SchemaChange.Kind.ALIAS, "",
                        "field '%s' renamed to '%s': %s".formatted(rename.fromField(), rename.toField(), rename.evidence())));
                rename = RenameDetector.applied(rename).orElseThrow();
            }
            progress.renameDetected(rename);
            progress.event("rename_detected", "%s.%s → %s (%s), %s".formatted(table.name(), rename.fromField(), rename.toField(), rename.evidence(),
                    rename.outcome()));
        }
        return new Aliases(paths, changes);
    }

    /** Rejects what the contract refuses; a whole record refused is left out of every table of the batch. */
    private void rejectViolations(Batch batch, TableSchema table, SchemaResolver.Resolution resolution) {
        for (SchemaResolver.Violation violation : resolution.violations()) {
            Reject.Reason reason = switch (endpoint.contract()) {
                case FREEZE -> Reject.Reason.CONTRACT_FREEZE;
                case DISCARD_ROW -> Reject.Reason.CONTRACT_DISCARD_ROW;
                case DISCARD_VALUE -> Reject.Reason.CONTRACT_DISCARD_VALUE;
                case EVOLVE -> throw new IllegalStateException("evolve never refuses a change");
            };
            boolean wholeRecord = violation.wholeRow() && !violation.row().isChild();
            JsonNode raw = wholeRecord ? batch.records().get(violation.row().record()).node() : violation.value();
            progress.reject(new Reject(endpoint.name(), loadId, table.name(), violation.field(), reason, violation.detail(), raw,
                    batch.records().get(violation.row().record()).source()), !violation.row().isChild());
            if (wholeRecord) {
                batch.rejectedRecords().add(violation.row().record());
            }
        }
    }
}
