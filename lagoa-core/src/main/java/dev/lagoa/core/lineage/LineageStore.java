package dev.lagoa.core.lineage;

import java.io.Closeable;
import java.util.List;
import java.util.Map;

/**
 * The lineage graph as the metadata store keeps it: datasets, dataset-level and column-level edges, and how far each
 * file of run events has been read, so that ingestion reads each event once. Implementations: {@code SqliteLineageStore}
 * (the workspace's metadata store). Arguments are never null; failures are {@code LagoaException}s
 * ({@code METADATA_STORE_ERROR}).
 */
public interface LineageStore extends Closeable {
    /**
     * Replaces what the pipelines declare: the {@link LineageDataset.Kind#DECLARED} datasets and the
     * {@link DatasetEdge.Origin#DECLARED} edges. Observed datasets and edges are kept.
     */
    void replaceDeclared(List<LineageDataset> datasets, List<DatasetEdge> edges);

    /**
     * Adds what a batch of run events tells, and records the read offsets of their files, in one transaction: a crash
     * never leaves edges recorded and their events unread, or the reverse. A dataset already known keeps its kind
     * and description; an edge already known is not added twice.
     *
     * @param offsets the event files read, by name, with the byte offset read up to
     */
    void addObserved(List<LineageDataset> datasets, List<DatasetEdge> edges, List<ColumnEdge> columns, Map<String, Long> offsets);

    /** How far each event file has been read, by name; a file never read is absent. */
    Map<String, Long> readOffsets();

    List<LineageDataset> datasets();

    List<DatasetEdge> edges();

    List<ColumnEdge> columnEdges();

    @Override
    void close();
}
