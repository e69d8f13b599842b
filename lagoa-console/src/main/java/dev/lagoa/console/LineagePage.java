package dev.lagoa.console;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.lineage.LineageDataset;
import dev.lagoa.governance.lineage.LineageGraph;
import dev.lagoa.governance.lineage.LineageGraph.Direction;
import dev.lagoa.governance.lineage.LineageGraph.Node;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /lineage/<dataset>}: what a dataset comes from and what is made from it, as {@code lagoa lineage} answers, drawn
 * as a graph (Cytoscape.js, from {@code /api/lineage/<dataset>}) whose nodes lead to their own lineage, and beside it
 * the same nodes as nested lists of links. {@code ?column=} follows one column instead (the runs' column lineage).
 */
final class LineagePage implements ConsoleServer.Page {
    private static final int DEPTH = 10;

    private final ConsoleSources sources;
    private final Layout layout;

    LineagePage(ConsoleSources sources, Layout layout) {
        this.sources = requireNonNull(sources, "sources is null");
        this.layout = requireNonNull(layout, "layout is null");
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/lineage/{dataset}", ctx -> page(ctx, ctx.pathParam("dataset")));
        config.routes.get("/api/lineage/{dataset}", ctx -> ConsoleServer.json(ctx, document(answer(ctx, ctx.pathParam("dataset")))));
    }

    /** Both directions from one dataset (or column). */
    private record Answer(LineageDataset root, String column, Node upstream, Node downstream) {}

    /** The lineage graph, one request at a time: reading it first takes in the new run events, which writes the metadata store. */
    static LineageGraph graph(ConsoleSources sources) {
        synchronized (LineagePage.class) {
            return sources.lineageGraph();
        }
    }

    private Answer answer(Context ctx, String name) {
        LineageGraph graph = graph(sources);
        LineageDataset root = graph.resolve(name);
        String column = ctx.queryParam("column");
        if (column != null && !column.isBlank()) {
            return new Answer(root, column, graph.columnLineage(root.key(), column, Direction.UPSTREAM, DEPTH),
                    graph.columnLineage(root.key(), column, Direction.DOWNSTREAM, DEPTH));
        }
        return new Answer(root, "", graph.datasetLineage(root.key(), Direction.UPSTREAM, DEPTH), graph.datasetLineage(root.key(), Direction.DOWNSTREAM, DEPTH));
    }

    private void page(Context ctx, String name) {
        Messages text = layout.messages();
        Answer answer = answer(ctx, name);
        LineageDataset root = answer.root();
        String title = text.get("lineage.title", label(root) + (answer.column().isEmpty() ? "" : "." + answer.column()));
        Html columnForm = Html.of("""
                <form class="inline" action="{}" method="get"><label for="column">{}</label>
                <input id="column" name="column" value="{}"><button type="submit">{}</button>{}</form>
                """, Formats.link("/lineage/", name), text.get("lineage.column"), answer.column(), text.get("lineage.follow"),
                answer.column().isEmpty() ? Html.EMPTY : Html.of(" <a href=\"{}\">{}</a>", Formats.link("/lineage/", name), text.get("lineage.whole")));
        layout.render(ctx, title, Html.of("""
                <h1>{}</h1>
                <p>{}</p>
                <p class="meta">{}{}</p>
                {}
                <div class="lineage">
                <div id="graph" class="graph" role="img" aria-label="{}" data-src="{}"></div>
                <div class="lineage-lists">
                <h2>{}</h2>{}
                <h2>{}</h2>{}
                </div>
                </div>
                """, title, root.description(), root.location(),
                root.table().map(table -> Html.of(" · <a href=\"{}\">{}</a>", Formats.link("/datasets/", table), text.get("lineage.dataset-page")))
                        .orElse(Html.EMPTY),
                columnForm, text.get("lineage.graph"),
                Formats.link("/api/lineage/", name) + (answer.column().isEmpty() ? "" : "?column=" + Html.pathSegment(answer.column())),
                text.get("lineage.upstream"), list(answer.upstream().children(), text),
                text.get("lineage.downstream"), list(answer.downstream().children(), text)),
                "/webjars/cytoscape/3.33.1/dist/cytoscape.min.js", "lineage.js");
    }

    private static Html list(List<Node> nodes, Messages text) {
        if (nodes.isEmpty()) {
            return Html.of("<p>{}</p>", text.get("lineage.none"));
        }
        List<Html> items = new ArrayList<>();
        for (Node node : nodes) {
            items.add(Html.of("<li><a href=\"{}\">{}</a>{} <span class=\"meta\">{}</span>{}</li>", href(node.dataset(), node.column().orElse("")),
                    label(node.dataset()) + node.column().map(column -> "." + column).orElse(""),
                    node.dataset().pipeline().map(pipeline -> Html.of(" <span class=\"badge\">{}</span>", pipeline)).orElse(Html.EMPTY),
                    node.jobs().isEmpty() ? "" : text.get("lineage.by", String.join(", ", node.jobs())),
                    node.cycle() || node.children().isEmpty() ? Html.EMPTY : list(node.children(), text)));
        }
        return Html.of("<ul class=\"tree\">{}</ul>", Html.join(items));
    }

    /** The name people know a dataset by: its table, else its key. */
    static String label(LineageDataset dataset) {
        return dataset.table().orElse(dataset.key());
    }

    private static String href(LineageDataset dataset, String column) {
        return Formats.link("/lineage/", label(dataset)) + (column.isEmpty() ? "" : "?column=" + Html.pathSegment(column));
    }

    /** The graph for the drawing: nodes (with where each leads) and edges, upstream and downstream of the root. */
    private static Map<String, Object> document(Answer answer) {
        Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
        Set<Map<String, Object>> edges = new LinkedHashSet<>();
        String rootId = id(answer.root(), answer.column());
        nodes.put(rootId, node(answer.root(), answer.column(), "root"));
        walk(answer.upstream(), rootId, true, nodes, edges);
        walk(answer.downstream(), rootId, false, nodes, edges);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("root", rootId);
        document.put("nodes", List.copyOf(nodes.values()));
        document.put("edges", List.copyOf(edges));
        return document;
    }

    private static void walk(Node parent, String parentId, boolean upstream, Map<String, Map<String, Object>> nodes, Set<Map<String, Object>> edges) {
        for (Node child : parent.children()) {
            String childId = id(child.dataset(), child.column().orElse(""));
            nodes.putIfAbsent(childId, node(child.dataset(), child.column().orElse(""), upstream ? "upstream" : "downstream"));
            edges.add(Map.of("source", upstream ? childId : parentId, "target", upstream ? parentId : childId, "jobs", String.join(", ", child.jobs())));
            if (!child.cycle()) {
                walk(child, childId, upstream, nodes, edges);
            }
        }
    }

    private static String id(LineageDataset dataset, String column) {
        return column.isEmpty() ? dataset.key() : dataset.key() + "#" + column;
    }

    private static Map<String, Object> node(LineageDataset dataset, String column, String side) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", id(dataset, column));
        node.put("label", label(dataset) + (column.isEmpty() ? "" : "." + column));
        node.put("table", dataset.table().orElse(null));
        node.put("pipeline", dataset.pipeline().orElse(null));
        node.put("location", dataset.location());
        node.put("side", side);
        node.put("href", href(dataset, column));
        return node;
    }
}
