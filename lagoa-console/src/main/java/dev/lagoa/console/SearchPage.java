package dev.lagoa.console;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.pipeline.Layer;
import dev.lagoa.governance.discovery.Asset;
import dev.lagoa.governance.discovery.AssetType;
import dev.lagoa.governance.discovery.DiscoveryIndex;
import dev.lagoa.governance.discovery.SearchHit;
import dev.lagoa.governance.discovery.SearchRequest;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /search?q=}: the discovery index of {@code lagoa search} (Portuguese analysis, the same ranking), each hit a
 * link to its page with the matched words marked. {@code /api/search?q=} is the same as JSON.
 */
final class SearchPage implements ConsoleServer.Page {
    private static final int MOST_HITS = 50;

    private final ConsoleSources sources;
    private final Layout layout;

    SearchPage(ConsoleSources sources, Layout layout) {
        this.sources = requireNonNull(sources, "sources is null");
        this.layout = requireNonNull(layout, "layout is null");
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/search", this::page);
        config.routes.get("/api/search", ctx -> {
            Set<String> tables = tables();
            ConsoleServer.json(ctx, hits(ctx).stream().map(hit -> document(hit, tables)).toList());
        });
    }

    private List<SearchHit> hits(Context ctx) {
        String query = ctx.queryParam("q");
        if (query == null || query.isBlank()) {
            return List.of();
        }
        SearchRequest request = SearchRequest.of(query).withLimit(limit(ctx));
        String type = ctx.queryParam("type");
        if (type != null && !type.isBlank()) {
            request = request.withTypes(AssetType.selectedBy(type));
        }
        String layer = ctx.queryParam("layer");
        if (layer != null && !layer.isBlank()) {
            try {
                request = request.withLayer(Layer.valueOf(layer.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw dev.lagoa.core.LagoaException.userError("No layer '%s'", layer);
            }
        }
        // one request at a time brings the index up to date: it has one writer
        synchronized (SearchPage.class) {
            try (DiscoveryIndex index = sources.discoveryIndex()) {
                return index.search(request);
            }
        }
    }

    private static int limit(Context ctx) {
        String limit = ctx.queryParam("limit");
        try {
            return limit == null ? 20 : Math.max(1, Math.min(MOST_HITS, Integer.parseInt(limit)));
        } catch (NumberFormatException e) {
            return 20;
        }
    }

    private void page(Context ctx) {
        Messages text = layout.messages();
        String query = ctx.queryParam("q") == null ? "" : ctx.queryParam("q");
        List<SearchHit> hits = hits(ctx);
        Set<String> tables = tables();
        List<Html> items = new ArrayList<>();
        for (SearchHit hit : hits) {
            Asset asset = hit.asset();
            items.add(Html.of("""
                    <li class="hit"><a href="{}">{}</a> <span class="badge">{}</span>{}{}
                    <p>{}</p><p class="meta">{} {}{}</p></li>
                    """, href(asset, tables), marked(hit.highlightedName()), asset.type().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    asset.layer().map(layer -> Html.of(" <span class=\"badge\">{}</span>", layer.name().toLowerCase(Locale.ROOT))).orElse(Html.EMPTY),
                    asset.parent().map(parent -> Html.of(" <span class=\"meta\">{} {}</span>", text.get("search.in"), parent)).orElse(Html.EMPTY),
                    marked(hit.snippet()), text.get("catalog.owner"), asset.owner(),
                    asset.tags().isEmpty() ? Html.EMPTY : Html.of(" · {}", String.join(", ", asset.tags()))));
        }
        Html results = query.isBlank() ? Html.of("<p>{}</p>", text.get("search.hint"))
                : hits.isEmpty() ? Html.of("<p role=\"status\">{}</p>", text.get("search.nothing", query))
                : Html.of("<p role=\"status\">{}</p><ol class=\"hits\">{}</ol>", text.get("search.count", hits.size(), query), Html.join(items));
        layout.render(ctx, text.get("search.title"), Html.of("<h1>{}</h1>{}", text.get("search.title"), results));
    }

    /** The highlighted text of a hit, escaped, with the index's markers turned into {@code <mark>}. */
    static Html marked(String highlighted) {
        List<Html> parts = new ArrayList<>();
        int from = 0;
        while (true) {
            int start = highlighted.indexOf(SearchHit.HIGHLIGHT_START, from);
            int end = start < 0 ? -1 : highlighted.indexOf(SearchHit.HIGHLIGHT_END, start + SearchHit.HIGHLIGHT_START.length());
            if (start < 0 || end < 0) {
                parts.add(Html.of("{}", highlighted.substring(from)));
                return Html.join(parts);
            }
            parts.add(Html.of("{}<mark>{}</mark>", highlighted.substring(from, start),
                    highlighted.substring(start + SearchHit.HIGHLIGHT_START.length(), end)));
            from = end + SearchHit.HIGHLIGHT_END.length();
        }
    }

    private Set<String> tables() {
        Set<String> tables = new HashSet<>();
        sources.catalog().tables(sources.catalogDatabase()).forEach(table -> tables.add(table.name().table()));
        return tables;
    }

    /**
     * Where a hit leads: a table, or a dataset that has one, to its page; a column to its table's; a state machine or task
     * to the state machine's; a dataset not catalogued yet to its lineage.
     */
    static String href(Asset asset, Set<String> tables) {
        return switch (asset.type()) {
            case TABLE -> Formats.link("/datasets/", asset.name());
            case COLUMN -> Formats.link("/datasets/", asset.parent().orElse(asset.name()).replace('-', '_')) + "#col-" + Html.pathSegment(asset.name());
            case STATE_MACHINE -> Formats.link("/catalog/state-machines/", asset.name());
            case STEP -> asset.parent().map(machine -> Formats.link("/catalog/state-machines/", machine))
                    .orElse("/#p-" + Html.pathSegment(asset.pipeline().orElse("")));
            case DATASET -> tables.contains(asset.title()) ? Formats.link("/datasets/", asset.title()) : Formats.link("/lineage/", asset.name());
            case PIPELINE -> "/#p-" + Html.pathSegment(asset.name());
        };
    }

    private static Map<String, Object> document(SearchHit hit, Set<String> tables) {
        Map<String, Object> document = new LinkedHashMap<>(hit.document());
        document.put("highlighted_name", hit.highlightedName());
        document.put("href", href(hit.asset(), tables));
        return document;
    }
}
