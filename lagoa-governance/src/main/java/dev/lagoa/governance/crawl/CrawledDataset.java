package dev.lagoa.governance.crawl;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.pipeline.DataFormat;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A dataset as a crawl found it: the table it is catalogued as, where and in which format, its schema and partitions,
 * how much data (files, rows, bytes, last write), what a pipeline declares about it (pipeline and dataset id, empty for
 * a dataset no pipeline declares) and how its schema changed since the last crawl.
 */
public record CrawledDataset(
        TableName table,
        String location,
        DataFormat format,
        Optional<String> pipeline,
        Optional<String> dataset,
        Optional<String> layer,
        List<TableColumn> columns,
        List<TableColumn> partitionKeys,
        int partitions,
        int files,
        long rows,
        long bytes,
        Instant lastModified,
        int filesRead,
        List<String> schemaChanges,
        List<String> classifications) {
    public CrawledDataset {
        requireNonNull(table, "table is null");
        requireNonNull(location, "location is null");
        requireNonNull(format, "format is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(layer, "layer is null");
        columns = List.copyOf(columns);
        partitionKeys = List.copyOf(partitionKeys);
        requireNonNull(lastModified, "lastModified is null");
        schemaChanges = List.copyOf(schemaChanges);
        classifications = List.copyOf(classifications);
    }
}
