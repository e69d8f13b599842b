package dev.lagoa.governance.lineage;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lineage.LineageDataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** How an answer of {@link LineageGraph} is written: a text tree, JSON, or a Mermaid or Graphviz DOT picture. */
public enum LineageFormat {
    TEXT,
    JSON,
    MERMAID,
    DOT;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static LineageFormat parse(String value) {
        requireNonNull(value, "value is null");
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw LagoaException.userError("Invalid format '%s': text, json, mermaid or dot", value);
        }
    }

    /** The answer, ending with a line break. */
    public String write(LineageGraph.Node root, LineageGraph.Direction direction) {
        requireNonNull(root, "root is null");
        requireNonNull(direction, "direction is null");
        return switch (this) {
            case TEXT -> text(root);
            case JSON -> json(root, direction);
            case MERMAID -> mermaid(root, direction);
            case DOT -> dot(root, direction);
        };
    }

    /** A dataset as a person reads it: its key, its table when it differs, its location when it differs. */
    static String label(LineageGraph.Node node) {
        LineageDataset dataset = node.dataset();
        StringBuilder label = new StringBuilder(dataset.key());
        node.column().ifPresent(column -> label.append('.').append(column));
        dataset.table().filter(table -> !table.equals(dataset.key())).ifPresent(table -> label.append(" (").append(table).append(')'));
        if (!dataset.location().equals(dataset.key())) {
            label.append("  ").append(dataset.location());
        }
        return label.toString();
    }

    private static String text(LineageGraph.Node root) {
        StringBuilder out = new StringBuilder(label(root)).append('\n');
        for (int i = 0; i < root.children().size(); i++) {
            text(root.children().get(i), "", i == root.children().size() - 1, out);
        }
        return out.toString();
    }

    private static void text(LineageGraph.Node node, String indent, boolean last, StringBuilder out) {
        out.append(indent).append(last ? "└── " : "├── ").append(label(node));
        List<String> notes = new ArrayList<>();
        if (!node.jobs().isEmpty()) {
            notes.add("via " + String.join(", ", new java.util.TreeSet<>(node.jobs())));
        }
        if (!node.transformations().isEmpty()) {
            notes.add(String.join(", ", node.transformations()));
        }
        if (node.cycle()) {
            notes.add("cycle: already on this path");
        }
        if (node.truncated()) {
            notes.add("more beyond --depth");
        }
        if (!notes.isEmpty()) {
            out.append("  [").append(String.join("; ", notes)).append(']');
        }
        out.append('\n');
        String childIndent = indent + (last ? "    " : "│   ");
        for (int i = 0; i < node.children().size(); i++) {
            text(node.children().get(i), childIndent, i == node.children().size() - 1, out);
        }
    }

    private static String json(LineageGraph.Node root, LineageGraph.Direction direction) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("direction", direction.name().toLowerCase(Locale.ROOT));
        document.putAll(tree(root));
        try {
            return MAPPER.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot write the lineage as JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> tree(LineageGraph.Node node) {
        Map<String, Object> out = new LinkedHashMap<>();
        LineageDataset dataset = node.dataset();
        out.put("dataset", dataset.key());
        node.column().ifPresent(column -> out.put("column", column));
        out.put("kind", dataset.kind().name().toLowerCase(Locale.ROOT));
        out.put("location", dataset.location());
        dataset.table().ifPresent(table -> out.put("table", table));
        dataset.pipeline().ifPresent(pipeline -> out.put("pipeline", pipeline));
        if (!node.jobs().isEmpty()) {
            out.put("jobs", List.copyOf(new java.util.TreeSet<>(node.jobs())));
        }
        if (!node.transformations().isEmpty()) {
            out.put("transformations", List.copyOf(new java.util.TreeSet<>(node.transformations())));
        }
        if (node.cycle()) {
            out.put("cycle", true);
        }
        if (node.truncated()) {
            out.put("truncated", true);
        }
        out.put("children", node.children().stream().map(LineageFormat::tree).toList());
        return out;
    }

    /** Every edge of the answer once, as (source, target, jobs), source first in the data's direction. */
    private record Edge(String source, String target, String jobs) {}

    private static Set<Edge> edges(LineageGraph.Node root, LineageGraph.Direction direction) {
        Set<Edge> edges = new LinkedHashSet<>();
        collect(root, direction, edges);
        return edges;
    }

    private static void collect(LineageGraph.Node node, LineageGraph.Direction direction, Set<Edge> edges) {
        for (LineageGraph.Node child : node.children()) {
            String jobs = String.join(", ", new java.util.TreeSet<>(child.jobs()));
            edges.add(direction == LineageGraph.Direction.UPSTREAM ? new Edge(id(child), id(node), jobs) : new Edge(id(node), id(child), jobs));
            collect(child, direction, edges);
        }
    }

    private static String id(LineageGraph.Node node) {
        return node.dataset().key() + node.column().map(column -> "." + column).orElse("");
    }

    private static String mermaid(LineageGraph.Node root, LineageGraph.Direction direction) {
        Map<String, String> ids = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder("flowchart LR\n");
        nodes(root, ids);
        ids.forEach((name, id) -> out.append("    ").append(id).append("[\"").append(name.replace("\"", "#quot;")).append("\"]\n"));
        for (Edge edge : edges(root, direction)) {
            out.append("    ").append(ids.get(edge.source()))
                    .append(edge.jobs().isEmpty() ? " --> " : " -- \"" + edge.jobs().replace("\"", "#quot;") + "\" --> ")
                    .append(ids.get(edge.target())).append('\n');
        }
        return out.toString();
    }

    private static String dot(LineageGraph.Node root, LineageGraph.Direction direction) {
        Map<String, String> ids = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder("digraph lineage {\n    rankdir=LR;\n    node [shape=box];\n");
        nodes(root, ids);
        ids.forEach((name, id) -> out.append("    ").append(id).append(" [label=").append(quoted(name)).append("];\n"));
        for (Edge edge : edges(root, direction)) {
            out.append("    ").append(ids.get(edge.source())).append(" -> ").append(ids.get(edge.target()));
            if (!edge.jobs().isEmpty()) {
                out.append(" [label=").append(quoted(edge.jobs())).append(']');
            }
            out.append(";\n");
        }
        return out.append("}\n").toString();
    }

    private static void nodes(LineageGraph.Node node, Map<String, String> ids) {
        ids.putIfAbsent(id(node), "n" + ids.size());
        node.children().forEach(child -> nodes(child, ids));
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
