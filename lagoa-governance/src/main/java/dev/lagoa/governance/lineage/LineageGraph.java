package dev.lagoa.governance.lineage;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lineage.ColumnEdge;
import dev.lagoa.core.lineage.DatasetEdge;
import dev.lagoa.core.lineage.LineageDataset;
import dev.lagoa.core.lineage.LineageStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The lineage graph, queried end to end: from a dataset (or one of its columns) upstream to what it comes from, or
 * downstream to what is made from it, to a depth. Dataset-level edges merge what the pipelines declare with what run
 * events observed; column-level edges come from the events' {@code columnLineage} facets. A dataset already on the
 * path is shown once more, marked as a cycle, and not followed again; a dataset's edge to itself (a job that reads the
 * table it writes, as the IBOV refine job reads earlier days and the quality jobs read what they check) is left out.
 */
public final class LineageGraph {
    /** Which way to follow the edges. */
    public enum Direction {
        UPSTREAM,
        DOWNSTREAM
    }

    /**
     * A node of an answer: a dataset (and a column, for column lineage), the jobs on the edge from its parent, whether
     * it closes a cycle (and is not followed), whether the depth limit stopped before its own edges, and its children.
     */
    public record Node(LineageDataset dataset, Optional<String> column, Set<String> jobs, Set<String> transformations, boolean cycle,
            boolean truncated, List<Node> children) {
        public Node {
            requireNonNull(dataset, "dataset is null");
            requireNonNull(column, "column is null");
            jobs = Set.copyOf(new TreeSet<>(requireNonNull(jobs, "jobs is null")));
            transformations = Set.copyOf(requireNonNull(transformations, "transformations is null"));
            children = List.copyOf(requireNonNull(children, "children is null"));
        }
    }

    /** An edge between two nodes of the graph: datasets, or columns ({@code dataset} + {@code column}). */
    private record Vertex(String dataset, String column) {}

    private record Link(Set<String> jobs, Set<String> transformations) {}

    private final Map<String, LineageDataset> datasets = new TreeMap<>();
    private final Map<Vertex, Map<Vertex, Link>> upstream = new LinkedHashMap<>();
    private final Map<Vertex, Map<Vertex, Link>> downstream = new LinkedHashMap<>();

    private LineageGraph(List<LineageDataset> datasets, List<DatasetEdge> edges, List<ColumnEdge> columns) {
        datasets.forEach(dataset -> this.datasets.put(dataset.key(), dataset));
        for (DatasetEdge edge : edges) {
            link(new Vertex(edge.source(), ""), new Vertex(edge.target(), ""), edge.job(), "");
        }
        for (ColumnEdge edge : columns) {
            link(new Vertex(edge.source(), edge.sourceColumn()), new Vertex(edge.target(), edge.targetColumn()), edge.job(), edge.transformation());
        }
    }

    public static LineageGraph of(List<LineageDataset> datasets, List<DatasetEdge> edges, List<ColumnEdge> columns) {
        return new LineageGraph(requireNonNull(datasets, "datasets is null"), requireNonNull(edges, "edges is null"),
                requireNonNull(columns, "columns is null"));
    }

    public static LineageGraph of(LineageStore store) {
        return of(store.datasets(), store.edges(), store.columnEdges());
    }

    private void link(Vertex source, Vertex target, String job, String transformation) {
        Link down = downstream.computeIfAbsent(source, key -> new TreeMap<>(VERTEX_ORDER)).computeIfAbsent(target, key -> newLink());
        down.jobs().add(job);
        Link up = upstream.computeIfAbsent(target, key -> new TreeMap<>(VERTEX_ORDER)).computeIfAbsent(source, key -> newLink());
        up.jobs().add(job);
        if (!transformation.isEmpty()) {
            down.transformations().add(transformation);
            up.transformations().add(transformation);
        }
    }

    private static final java.util.Comparator<Vertex> VERTEX_ORDER = java.util.Comparator.comparing(Vertex::dataset).thenComparing(Vertex::column);

    private static Link newLink() {
        return new Link(new TreeSet<>(), new TreeSet<>());
    }

    public List<LineageDataset> datasets() {
        return List.copyOf(datasets.values());
    }

    /**
     * The dataset a person names: a dataset id ({@code ibov-ativos}), a catalog table ({@code ibov_ativos}, any case),
     * or a location ({@code s3://lagoa-b3/refined/ativos/}, with or without the trailing slash). Throws
     * {@code OBJECT_NOT_FOUND} naming what was asked when none matches.
     */
    public LineageDataset resolve(String name) {
        requireNonNull(name, "name is null");
        String trimmed = name.strip();
        LineageDataset byKey = datasets.get(trimmed);
        if (byKey != null) {
            return byKey;
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        String location = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
        for (LineageDataset dataset : datasets.values()) {
            if (dataset.table().map(table -> table.toLowerCase(Locale.ROOT).equals(lower)).orElse(false)
                    || dataset.key().toLowerCase(Locale.ROOT).equals(lower)) {
                return dataset;
            }
        }
        for (LineageDataset dataset : datasets.values()) {
            String own = dataset.location().endsWith("/") ? dataset.location().substring(0, dataset.location().length() - 1) : dataset.location();
            if (own.equals(location)) {
                return dataset;
            }
        }
        throw new LagoaException(ErrorCode.OBJECT_NOT_FOUND,
                "No dataset '%s' in the lineage graph: give a dataset id, a catalog table or an s3:// location (%d datasets known; lagoa pipelines lists the declared ones)"
                        .formatted(trimmed, datasets.size()));
    }

    /** The datasets upstream or downstream of {@code dataset} (a key), to {@code depth} edges (at least 1). */
    public Node datasetLineage(String dataset, Direction direction, int depth) {
        return walk(new Vertex(resolve(dataset).key(), ""), direction, depth);
    }

    /**
     * The columns upstream or downstream of {@code column} of {@code dataset}, to {@code depth} edges. Throws
     * {@code OBJECT_NOT_FOUND} when no column edge names that column of the dataset.
     */
    public Node columnLineage(String dataset, String column, Direction direction, int depth) {
        LineageDataset resolved = resolve(dataset);
        Vertex start = new Vertex(resolved.key(), column);
        if (!upstream.containsKey(start) && !downstream.containsKey(start)) {
            TreeSet<String> known = new TreeSet<>();
            upstream.keySet().stream().filter(vertex -> vertex.dataset().equals(resolved.key()) && !vertex.column().isEmpty())
                    .forEach(vertex -> known.add(vertex.column()));
            downstream.keySet().stream().filter(vertex -> vertex.dataset().equals(resolved.key()) && !vertex.column().isEmpty())
                    .forEach(vertex -> known.add(vertex.column()));
            throw new LagoaException(ErrorCode.OBJECT_NOT_FOUND, "No column lineage of %s.%s: %s".formatted(resolved.key(), column,
                    known.isEmpty() ? "no run event has column lineage of this dataset yet (run its job, then lagoa lineage reads the events)"
                            : "the columns with lineage are " + String.join(", ", known)));
        }
        return walk(start, direction, depth);
    }

    private Node walk(Vertex start, Direction direction, int depth) {
        if (depth < 1) {
            throw LagoaException.userError("Invalid depth %d: at least 1", depth);
        }
        Set<Vertex> path = new HashSet<>();
        return node(start, Set.of(), Set.of(), direction, depth, path);
    }

    private Node node(Vertex vertex, Set<String> jobs, Set<String> transformations, Direction direction, int remaining, Set<Vertex> path) {
        LineageDataset dataset = datasets.getOrDefault(vertex.dataset(),
                new LineageDataset(vertex.dataset(), LineageDataset.Kind.OBSERVED, vertex.dataset(), Optional.empty(), Optional.empty(), ""));
        Optional<String> column = vertex.column().isEmpty() ? Optional.empty() : Optional.of(vertex.column());
        if (path.contains(vertex)) {
            return new Node(dataset, column, jobs, transformations, true, false, List.of());
        }
        Map<Vertex, Link> next = (direction == Direction.UPSTREAM ? upstream : downstream).getOrDefault(vertex, Map.of());
        if (remaining == 0) {
            return new Node(dataset, column, jobs, transformations, false, !next.isEmpty(), List.of());
        }
        path.add(vertex);
        List<Node> children = new ArrayList<>();
        next.forEach((other, link) -> {
            // a job that reads what it writes (a quality check, a refine reading earlier days) adds no ancestor
            if (!other.equals(vertex)) {
                children.add(node(other, link.jobs(), link.transformations(), direction, remaining - 1, path));
            }
        });
        path.remove(vertex);
        return new Node(dataset, column, jobs, transformations, false, false, children);
    }
}
