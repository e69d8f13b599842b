package dev.lagoa.console;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.AssetTag;
import dev.lagoa.core.catalog.Glossary;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TablePartition;
import dev.lagoa.core.catalog.TagStore;
import dev.lagoa.core.query.QueryEngine;
import dev.lagoa.core.query.QueryResult;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.governance.lineage.LineageGraph;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The catalog: {@code /catalog} (the tables by layer and pipeline, with owner, tags, PII flags, rows and freshness),
 * {@code /datasets/<table>} (schema, business terms, PII tags with their masked evidence, partitions, sample rows with
 * the PII columns masked, upstream and downstream), {@code /catalog/state-machines/<name>}, and the POSTs that tag,
 * untag and dismiss a classification. The JSON is under {@code /api/catalog} and {@code /api/datasets/<table>}.
 */
final class CatalogPages implements ConsoleServer.Page {
    private static final int SAMPLE_ROWS = 10;
    private static final int PARTITIONS_SHOWN = 20;

    private final ConsoleSources sources;
    private final Layout layout;

    CatalogPages(ConsoleSources sources, Layout layout) {
        this.sources = requireNonNull(sources, "sources is null");
        this.layout = requireNonNull(layout, "layout is null");
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/catalog", this::catalog);
        config.routes.get("/api/catalog", ctx -> ConsoleServer.json(ctx, summaries(ctx).stream().map(Summary::document).toList()));
        config.routes.get("/datasets/{table}", this::dataset);
        config.routes.get("/api/datasets/{table}", ctx -> ConsoleServer.json(ctx, datasetDocument(table(ctx.pathParam("table")))));
        config.routes.get("/catalog/state-machines/{name}", this::stateMachine);
        config.routes.post("/datasets/{table}/tags", ctx -> changeTag(ctx, true));
        config.routes.post("/datasets/{table}/tags/remove", ctx -> changeTag(ctx, false));
        config.routes.post("/datasets/{table}/dismiss", this::dismiss);
    }

    /** A table of the catalog list with what the list shows of it. */
    private record Summary(TableDefinition table, String layer, String pipeline, Set<String> tags, Set<String> pii, Optional<Long> rows,
            Optional<Instant> lastModified, int partitions) {
        Map<String, Object> document() {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("table", table.name().table());
            document.put("layer", layer);
            document.put("pipeline", pipeline);
            document.put("owner", table.owner());
            document.put("description", table.description());
            document.put("tags", tags);
            document.put("pii", pii);
            document.put("rows", rows.orElse(null));
            document.put("last_modified", lastModified.map(Instant::toString).orElse(null));
            document.put("partitions", partitions);
            return document;
        }
    }

    private List<Summary> summaries(Context ctx) {
        String layerFilter = ctx.queryParam("layer");
        String pipelineFilter = ctx.queryParam("pipeline");
        List<AssetTag> allTags = sources.tagStore().all(sources.catalogDatabase());
        List<Summary> summaries = new ArrayList<>();
        try (QueryEngine engine = sources.queryEngine()) {
            for (TableDefinition table : sources.catalog().tables(sources.catalogDatabase())) {
                String layer = table.parameters().getOrDefault("lagoa.layer", "");
                String pipeline = table.parameters().getOrDefault("lagoa.pipeline", "");
                if ((layerFilter != null && !layerFilter.isBlank() && !layerFilter.equalsIgnoreCase(layer))
                        || (pipelineFilter != null && !pipelineFilter.isBlank() && !pipelineFilter.equals(pipeline))) {
                    continue;
                }
                List<AssetTag> tags = allTags.stream().filter(tag -> tag.table().equals(table.name())).toList();
                Set<String> tableTags = new TreeSet<>(declaredTags(table));
                tags.stream().filter(tag -> tag.column().isEmpty()).forEach(tag -> tableTags.add(tag.tag()));
                Set<String> pii = new TreeSet<>();
                tags.stream().filter(tag -> tag.tag().startsWith("PII.")).forEach(tag -> pii.add(tag.tag()));
                summaries.add(new Summary(table, layer, pipeline, tableTags, pii, rows(engine, table.name()), sources.lastModified(table.location()),
                        sources.catalog().partitions(table.name()).size()));
            }
        }
        summaries.sort(Comparator.comparing((Summary summary) -> layerOrder(summary.layer())).thenComparing(Summary::pipeline)
                .thenComparing(summary -> summary.table().name().table()));
        return summaries;
    }

    private static int layerOrder(String layer) {
        List<String> order = List.of("raw", "bronze", "silver", "gold", "refined", "changes", "quarantine");
        int at = order.indexOf(layer.toLowerCase(Locale.ROOT));
        return at < 0 ? order.size() : at;
    }

    /** The table's row count, through the SQL sandbox; empty when the table cannot be read (no file yet). */
    private static Optional<Long> rows(QueryEngine engine, TableName table) {
        try {
            QueryResult result = engine.query("SELECT count(*) FROM " + quoted(table.table()), 1);
            Object value = result.rows().get(0).get(0);
            return value instanceof Number number ? Optional.of(number.longValue()) : Optional.empty();
        } catch (LagoaException e) {
            return Optional.empty();
        }
    }

    static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static Set<String> declaredTags(TableDefinition table) {
        String tags = table.parameters().getOrDefault("lagoa.tags", "");
        Set<String> declared = new TreeSet<>();
        for (String tag : tags.split(",")) {
            if (!tag.isBlank()) {
                declared.add(tag.strip());
            }
        }
        return declared;
    }

    private void catalog(Context ctx) {
        Messages text = layout.messages();
        ZoneId zone = sources.clock().getZone();
        List<Summary> summaries = summaries(ctx);
        List<Html> sections = new ArrayList<>();
        String currentLayer = null;
        List<Html> rows = new ArrayList<>();
        for (Summary summary : summaries) {
            if (!summary.layer().equals(currentLayer)) {
                if (currentLayer != null) {
                    sections.add(section(currentLayer, rows, text));
                }
                currentLayer = summary.layer();
                rows = new ArrayList<>();
            }
            rows.add(Html.of("""
                    <tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td><td>{}</td></tr>
                    """, Formats.link("/datasets/", summary.table().name().table()), summary.table().name().table(), summary.pipeline(),
                    summary.table().owner(), String.join(", ", summary.tags()),
                    summary.pii().isEmpty() ? Html.EMPTY : Html.of("<span class=\"pii\" title=\"{}\">{}</span>", String.join(", ", summary.pii()),
                            text.get("catalog.pii-count", summary.pii().size())),
                    summary.rows().map(count -> String.format(layout.messages().languageTag().equals("pt-BR") ? Locale.forLanguageTag("pt-BR") : Locale.ROOT,
                            "%,d", count)).orElse("—"),
                    Formats.time(summary.lastModified(), zone)));
        }
        if (currentLayer != null) {
            sections.add(section(currentLayer, rows, text));
        }
        Html body = summaries.isEmpty() ? Html.of("<p>{}</p>", text.get("catalog.empty")) : Html.join(sections);
        layout.render(ctx, text.get("catalog.title"), Html.of("<h1>{}</h1><p class=\"meta\">{} <code>{}</code></p>{}", text.get("catalog.title"),
                text.get("catalog.database"), sources.catalogDatabase(), body));
    }

    private static Html section(String layer, List<Html> rows, Messages text) {
        String name = layer.isEmpty() ? text.get("catalog.no-layer") : layer;
        return Html.of("""
                <section aria-labelledby="layer-{}"><h2 id="layer-{}">{}</h2>
                <div class="scroll"><table><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>
                <th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table></div></section>
                """, name, name, name, text.get("catalog.table"), text.get("catalog.pipeline"), text.get("catalog.owner"), text.get("catalog.tags"),
                text.get("catalog.pii"), text.get("catalog.rows"), text.get("catalog.fresh"), Html.join(rows));
    }

    private TableDefinition table(String name) {
        String table = name.strip().replace('-', '_').toLowerCase(Locale.ROOT);
        return sources.catalog().table(TableName.of(sources.catalogDatabase(), table)).orElseThrow(() -> new LagoaException(ErrorCode.OBJECT_NOT_FOUND,
                layout.messages().get("catalog.no-table", name)));
    }

    private void dataset(Context ctx) {
        Messages text = layout.messages();
        TableDefinition table = table(ctx.pathParam("table"));
        List<AssetTag> tags = sources.tagStore().tags(table.name());
        Set<String> tableTags = new TreeSet<>(declaredTags(table));
        tags.stream().filter(tag -> tag.column().isEmpty()).forEach(tag -> tableTags.add(tag.tag()));
        List<Html> terms = tableTags.stream().map(tag -> Html.of("<li><span class=\"badge\">{}</span>{}</li>", tag,
                Glossary.term(tag).map(term -> Html.of(" {}: {}", term.name(), term.definition())).orElse(Html.EMPTY))).toList();
        List<Html> columns = new ArrayList<>();
        List<TableColumn> all = new ArrayList<>(table.columns());
        all.addAll(table.partitionKeys());
        for (TableColumn column : all) {
            List<Html> columnTags = tags.stream().filter(tag -> tag.column().equals(Optional.of(column.name()))).map(tag -> tagItem(ctx, table, tag, text)).toList();
            columns.add(Html.of("<tr id=\"col-{}\"><th scope=\"row\"><code>{}</code>{}</th><td><code>{}</code></td><td>{}</td><td>{}</td></tr>", column.name(),
                    column.name(), table.partitionKeys().contains(column) ? Html.of(" <span class=\"badge\">{}</span>", text.get("dataset.partition-key")) : Html.EMPTY,
                    column.type(), column.comment(), columnTags.isEmpty() ? Html.EMPTY : Html.of("<ul class=\"tags\">{}</ul>", Html.join(columnTags))));
        }
        List<TablePartition> partitions = sources.catalog().partitions(table.name());
        List<Html> partitionItems = partitions.subList(Math.max(0, partitions.size() - PARTITIONS_SHOWN), partitions.size()).stream()
                .map(partition -> Html.of("<li><code>{}</code></li>", String.join("/", partition.values()))).toList();
        Html sample = sample(table, tags, text);
        Html lineage = neighbours(table, text);
        layout.render(ctx, table.name().table(), Html.of("""
                <h1>{}</h1>
                <p>{}</p>
                <p class="meta">{} {} · {} · <code>{}</code> · <a href="{}">{}</a></p>
                <h2>{}</h2><ul class="terms">{}</ul>
                {}
                <h2>{}</h2>
                <div class="scroll"><table><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead>
                <tbody>{}</tbody></table></div>
                <h2>{}</h2><p>{}</p><ul class="partitions">{}</ul>
                <h2>{}</h2>{}
                <h2>{}</h2>{}
                """, table.name().table(), table.description(), text.get("catalog.owner"), table.owner(), table.format(), table.location(),
                Formats.link("/lineage/", table.name().table()), text.get("dataset.lineage"), text.get("dataset.terms"),
                terms.isEmpty() ? Html.of("<li>{}</li>", text.get("dataset.no-terms")) : Html.join(terms), tagForm(ctx, table, text),
                text.get("dataset.schema"), text.get("dataset.column"), text.get("dataset.type"), text.get("dataset.description"), text.get("dataset.pii-tags"),
                Html.join(columns), text.get("dataset.partitions"), text.get("dataset.partition-count", partitions.size())
                        + (partitions.size() > PARTITIONS_SHOWN ? text.get("dataset.partitions-listed", PARTITIONS_SHOWN) : ""), Html.join(partitionItems),
                text.get("dataset.sample"), sample, text.get("dataset.neighbours"), lineage));
    }

    private static Html tagItem(Context ctx, TableDefinition table, AssetTag tag, Messages text) {
        Html action = tag.source() == AssetTag.Source.CLASSIFIER
                ? Html.of("""
                        <form class="inline" method="post" action="{}">{}<input type="hidden" name="column" value="{}"><input type="hidden" name="tag" value="{}">
                        <label class="visually-hidden" for="reason-{}-{}">{}</label><input id="reason-{}-{}" name="reason" required placeholder="{}">
                        <button type="submit">{}</button></form>""", Formats.link("/datasets/", table.name().table()) + "/dismiss", Layout.tokenField(ctx),
                        tag.column().orElse(""), tag.tag(), tag.column().orElse(""), tag.tag(), text.get("dataset.dismiss-reason"), tag.column().orElse(""),
                        tag.tag(), text.get("dataset.dismiss-reason"), text.get("dataset.dismiss"))
                : Html.of("""
                        <form class="inline" method="post" action="{}">{}<input type="hidden" name="column" value="{}"><input type="hidden" name="tag" value="{}">
                        <button type="submit">{}</button></form>""", Formats.link("/datasets/", table.name().table()) + "/tags/remove", Layout.tokenField(ctx),
                        tag.column().orElse(""), tag.tag(), text.get("dataset.untag"));
        return Html.of("<li><span class=\"badge {}\">{}</span> <span class=\"meta\">{}{}</span> {}</li>", tag.tag().startsWith("PII.") ? "pii" : "",
                tag.tag(), tag.source().name().toLowerCase(Locale.ROOT), tag.note().isEmpty() ? "" : ": " + tag.note(), action);
    }

    private static Html tagForm(Context ctx, TableDefinition table, Messages text) {
        List<Html> options = Glossary.terms().stream().map(term -> Html.of("<option value=\"{}\">{}</option>", term.tag(), term.name())).toList();
        return Html.of("""
                <form class="inline" method="post" action="{}">{}
                <label for="tag">{}</label><input id="tag" name="tag" list="glossary" required>
                <datalist id="glossary">{}</datalist>
                <label for="tag-column">{}</label><input id="tag-column" name="column" placeholder="{}">
                <button type="submit">{}</button></form>
                """, Formats.link("/datasets/", table.name().table()) + "/tags", Layout.tokenField(ctx), text.get("dataset.tag"), Html.join(options),
                text.get("dataset.column"), text.get("dataset.whole-table"), text.get("dataset.add-tag"));
    }

    /**
     * The first rows through the SQL sandbox, with the values of personal columns masked: those tagged {@code PII.*}, and
     * those whose declared description says PII (a name is personal data that no classifier rule proves).
     */
    private Html sample(TableDefinition table, List<AssetTag> tags, Messages text) {
        Set<String> piiColumns = new TreeSet<>();
        tags.stream().filter(tag -> tag.tag().startsWith("PII.")).forEach(tag -> tag.column().ifPresent(piiColumns::add));
        table.columns().stream().filter(column -> column.comment().matches("(?s).*\\bPII\\b.*")).forEach(column -> piiColumns.add(column.name()));
        QueryResult result;
        try (QueryEngine engine = sources.queryEngine()) {
            result = engine.query("SELECT * FROM " + quoted(table.name().table()) + " LIMIT " + SAMPLE_ROWS, SAMPLE_ROWS);
        } catch (LagoaException e) {
            return Html.of("<p class=\"error\">{}</p>", e.getMessage());
        }
        return SqlPage.table(result, piiColumns, text);
    }

    private Html neighbours(TableDefinition table, Messages text) {
        LineageGraph graph;
        LineageGraph.Node upstream;
        LineageGraph.Node downstream;
        try {
            graph = LineagePage.graph(sources);
            upstream = graph.datasetLineage(table.name().table(), LineageGraph.Direction.UPSTREAM, 1);
            downstream = graph.datasetLineage(table.name().table(), LineageGraph.Direction.DOWNSTREAM, 1);
        } catch (LagoaException e) {
            return Html.of("<p>{}</p>", e.getMessage());
        }
        return Html.of("<h3>{}</h3>{}<h3>{}</h3>{}", text.get("lineage.upstream"), links(upstream, text), text.get("lineage.downstream"),
                links(downstream, text));
    }

    private static Html links(LineageGraph.Node node, Messages text) {
        if (node.children().isEmpty()) {
            return Html.of("<p>{}</p>", text.get("lineage.none"));
        }
        return Html.of("<ul>{}</ul>", Html.join(node.children().stream().map(child -> Html.of("<li><a href=\"{}\">{}</a></li>",
                Formats.link("/lineage/", LineagePage.label(child.dataset())), LineagePage.label(child.dataset()))).toList()));
    }

    private Map<String, Object> datasetDocument(TableDefinition table) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("table", table.name().table());
        document.put("description", table.description());
        document.put("owner", table.owner());
        document.put("format", table.format().name().toLowerCase(Locale.ROOT));
        document.put("location", table.location());
        document.put("columns", table.columns().stream().map(column -> Map.of("name", column.name(), "type", column.type(), "comment", column.comment())).toList());
        document.put("partition_keys", table.partitionKeys().stream().map(column -> Map.of("name", column.name(), "type", column.type())).toList());
        document.put("partitions", sources.catalog().partitions(table.name()).stream().map(partition -> String.join("/", partition.values())).toList());
        document.put("tags", sources.tagStore().tags(table.name()).stream().map(tag -> {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("column", tag.column().orElse(null));
            value.put("tag", tag.tag());
            value.put("source", tag.source().name().toLowerCase(Locale.ROOT));
            value.put("evidence", tag.note());
            value.put("by", tag.by());
            return value;
        }).toList());
        return document;
    }

    private void changeTag(Context ctx, boolean add) {
        TableDefinition table = table(ctx.pathParam("table"));
        String tag = required(ctx, "tag");
        Optional<String> column = column(ctx, table);
        TagStore store = sources.tagStore();
        if (add) {
            store.add(new AssetTag(table.name(), column, tag, AssetTag.Source.MANUAL, "", sources.user(), sources.clock().instant()));
        } else if (!store.remove(table.name(), column, tag)) {
            throw new LagoaException(ErrorCode.OBJECT_NOT_FOUND, layout.messages().get("dataset.no-such-tag", tag));
        }
        ctx.redirect(Formats.link("/datasets/", table.name().table()), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void dismiss(Context ctx) {
        TableDefinition table = table(ctx.pathParam("table"));
        String tag = required(ctx, "tag");
        String column = column(ctx, table).orElseThrow(() -> LagoaException.userError("%s", layout.messages().get("dataset.column-required")));
        String reason = required(ctx, "reason");
        sources.tagStore().dismiss(new TagStore.Dismissal(table.name(), column, tag, reason, sources.user(), sources.clock().instant()));
        sources.tagStore().remove(table.name(), Optional.of(column), tag);
        ctx.redirect(Formats.link("/datasets/", table.name().table()), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private String required(Context ctx, String field) {
        String value = ctx.formParam(field);
        if (value == null || value.isBlank()) {
            throw LagoaException.userError("%s", layout.messages().get("form.required", field));
        }
        if (value.length() > 200) {
            throw LagoaException.userError("%s", layout.messages().get("form.too-long", field));
        }
        return value.strip();
    }

    private Optional<String> column(Context ctx, TableDefinition table) {
        String column = ctx.formParam("column");
        if (column == null || column.isBlank()) {
            return Optional.empty();
        }
        String name = column.strip();
        boolean known = table.columns().stream().anyMatch(candidate -> candidate.name().equals(name))
                || table.partitionKeys().stream().anyMatch(candidate -> candidate.name().equals(name));
        if (!known) {
            throw new LagoaException(ErrorCode.OBJECT_NOT_FOUND, layout.messages().get("dataset.no-column", table.name().table(), name));
        }
        return Optional.of(name);
    }

    private void stateMachine(Context ctx) {
        Messages text = layout.messages();
        String name = ctx.pathParam("name");
        StateMachineDefinition machine = sources.stateMachines().stream().filter(candidate -> candidate.name().equals(name)).findFirst()
                .orElseThrow(() -> new LagoaException(ErrorCode.OBJECT_NOT_FOUND, text.get("machine.unknown", name)));
        List<Html> tasks = machine.tasks().stream().map(task -> Html.of("""
                <tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>
                """, task.name(), task.description(), task.owner(), String.join(", ", task.tags()), datasets(task.inputs()), datasets(task.outputs()))).toList();
        layout.render(ctx, machine.name(), Html.of("""
                <h1>{}</h1><p>{}</p><p class="meta">{} {} · {} · <a href="{}">{}</a></p>
                <h2>{}</h2>
                <div class="scroll"><table><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>
                <th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table></div>
                """, machine.name(), machine.description(), text.get("catalog.owner"), machine.owner(), String.join(", ", machine.tags()),
                "/runs?machine=" + Html.pathSegment(machine.name()), text.get("machine.executions"), text.get("machine.tasks"),
                text.get("machine.task"), text.get("dataset.description"), text.get("catalog.owner"), text.get("catalog.tags"), text.get("machine.reads"),
                text.get("machine.writes"), Html.join(tasks)));
    }

    private static Html datasets(List<String> names) {
        return Html.join(names.stream().map(name -> Html.of("<a href=\"{}\">{}</a> ", Formats.link("/lineage/", name), name)).toList());
    }
}
