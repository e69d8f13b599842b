package dev.lagoa.importau;

import static java.util.Objects.requireNonNull;

import dev.lagoa.contracts.TableCommitManifest;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.core.lake.PutOptions;
import dev.lagoa.core.pipeline.DatasetDefinition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the Bronze datasets from the generation's DuckDB tables to the lake, where {@link LakehouseLayout} says:
 * each dataset's Parquet file (ZSTD), its CSV copy when asked, and its table commit manifest, so that the catalog
 * registers the Bronze tables as it registers the jobs' tables. A folder holds one generation only. Arguments are
 * never null.
 */
final class BronzeLakeWriter {
    private final ObjectStore objectStore;
    private final LakehouseLayout layout;
    private final Clock clock;

    BronzeLakeWriter(ObjectStore objectStore, LakehouseLayout layout, Clock clock) {
        this.objectStore = requireNonNull(objectStore, "objectStore is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Writes one dataset's Parquet file (and CSV copy), made in {@code scratch}, and replaces the folder's previous
     * objects; returns the Parquet file's {@code s3://} URI.
     *
     * @throws SQLException when DuckDB cannot write the table to a file
     */
    String write(Connection connection, String folder, Path scratch, boolean csv) throws SQLException {
        Path parquet = scratch.resolve(folder + ".parquet");
        try (Statement statement = connection.createStatement()) {
            statement.execute("COPY " + folder + " TO '" + parquet.toAbsolutePath() + "' (FORMAT PARQUET, COMPRESSION ZSTD)");
        }
        ObjectKey key = layout.bronzeFile(folder);
        replace(layout.bronzePrefix(folder), key);
        objectStore.putFile(layout.bucket(), key, parquet, PutOptions.contentType("application/vnd.apache.parquet"));
        if (csv) {
            Path file = scratch.resolve(folder + ".csv");
            try (Statement statement = connection.createStatement()) {
                statement.execute("COPY " + folder + " TO '" + file.toAbsolutePath() + "' (FORMAT CSV, HEADER)");
            }
            ObjectKey csvKey = layout.csvExportFile(folder);
            replace(layout.csvExportPrefix(folder), csvKey);
            objectStore.putFile(layout.bucket(), csvKey, file, PutOptions.contentType("text/csv"));
        }
        return layout.uri(key);
    }

    /** Deletes the objects under {@code prefix} other than {@code keep}. */
    private void replace(String prefix, ObjectKey keep) {
        List<ObjectKey> stale = new ArrayList<>();
        for (ObjectSummary object : objectStore.listAll(layout.bucket(), prefix)) {
            if (!object.key().equals(keep)) {
                stale.add(object.key());
            }
        }
        stale.forEach(key -> objectStore.delete(layout.bucket(), key));
    }

    /** Writes the table commit manifest of a Bronze table, in the jobs' format, so that the catalog registers it. */
    void writeCommit(String folder, long rows, String runId) {
        DatasetDefinition dataset = LakehouseLayout.bronzeDataset(folder);
        List<TableCommitManifest.Column> columns = BronzeTables.COLUMNS.get(folder).stream()
                .map(column -> new TableCommitManifest.Column(column.name(), column.type(), column.comment()))
                .toList();
        TableCommitManifest commit = new TableCommitManifest(dataset.tableName(), layout.bronzeLocation(folder), "parquet", columns, List.of(),
                List.of(), List.of(), rows, runId, clock.instant().toString());
        objectStore.put(layout.bucket(), ObjectKey.of(layout.commitsPrefix() + commit.relativePath("bronze")), commit.toJson(),
                PutOptions.contentType("application/json"));
    }
}
