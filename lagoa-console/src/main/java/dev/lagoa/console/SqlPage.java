package dev.lagoa.console;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.query.QueryEngine;
import dev.lagoa.core.query.QueryResult;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /sql}: the read-only SQL console, on the sandbox of {@code lagoa sql} (one read-only SELECT over the catalogued
 * tables, {@code sql.timeout}, DuckDB's memory limit) with a row limit. A query is a POST with the session's token,
 * although it changes nothing, so that another site cannot make the console run one; {@code POST /api/sql} takes
 * {@code {"sql": ..., "max_rows": ...}} and answers the columns and rows as JSON.
 */
final class SqlPage implements ConsoleServer.Page {
    static final int MOST_ROWS = 1_000;
    private static final int DEFAULT_ROWS = 100;
    private static final String EXAMPLE = "SELECT * FROM ibov_ativos LIMIT 10";

    private final ConsoleSources sources;
    private final Layout layout;

    SqlPage(ConsoleSources sources, Layout layout) {
        this.sources = requireNonNull(sources, "sources is null");
        this.layout = requireNonNull(layout, "layout is null");
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/sql", ctx -> page(ctx, EXAMPLE, DEFAULT_ROWS, Html.EMPTY));
        config.routes.post("/sql", this::run);
        config.routes.post("/api/sql", this::api);
    }

    private void run(Context ctx) {
        String sql = ctx.formParam("sql") == null ? "" : ctx.formParam("sql");
        int maxRows = maxRows(ctx.formParam("max_rows"));
        Html answer;
        try {
            QueryResult result = query(sql, maxRows);
            answer = Html.of("{}<p class=\"meta\" role=\"status\">{}</p>", table(result, Set.of(), layout.messages()),
                    result.truncated() ? layout.messages().get("sql.truncated", maxRows) : layout.messages().get("sql.rows", result.rows().size()));
        } catch (LagoaException e) {
            ctx.status(e.errorType() == dev.lagoa.core.ErrorType.USER ? 400 : 502);
            answer = Html.of("<p class=\"error\" role=\"alert\">{}</p>", e.getMessage());
        }
        page(ctx, sql, maxRows, answer);
    }

    private void api(Context ctx) throws java.io.IOException {
        Map<?, ?> request = ConsoleServer.JSON.readValue(ctx.body(), Map.class);
        Object sql = request.get("sql");
        if (!(sql instanceof String text)) {
            throw LagoaException.userError("Give the query as \"sql\"");
        }
        QueryResult result = query(text, maxRows(request.get("max_rows") == null ? null : request.get("max_rows").toString()));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("columns", result.columns().stream().map(column -> Map.of("name", column.name(), "type", column.type())).toList());
        document.put("rows", result.rows().stream().map(row -> row.stream().map(SqlPage::jsonValue).toList()).toList());
        document.put("truncated", result.truncated());
        ConsoleServer.json(ctx, document);
    }

    private QueryResult query(String sql, int maxRows) {
        if (sql.isBlank()) {
            throw LagoaException.userError("%s", layout.messages().get("sql.empty"));
        }
        try (QueryEngine engine = sources.queryEngine()) {
            return engine.query(sql, maxRows);
        }
    }

    private static int maxRows(String value) {
        try {
            return value == null || value.isBlank() ? DEFAULT_ROWS : Math.max(1, Math.min(MOST_ROWS, Integer.parseInt(value.strip())));
        } catch (NumberFormatException e) {
            return DEFAULT_ROWS;
        }
    }

    private void page(Context ctx, String sql, int maxRows, Html answer) {
        Messages text = layout.messages();
        List<String> tables = sources.catalog().tables(sources.catalogDatabase()).stream().map(table -> table.name().table()).toList();
        layout.render(ctx, text.get("sql.title"), Html.of("""
                <h1>{}</h1>
                <p>{}</p>
                <form method="post" action="/sql" class="sql">{}
                <label for="sql">{}</label>
                <textarea id="sql" name="sql" rows="6" spellcheck="false">{}</textarea>
                <label for="max_rows">{}</label><input id="max_rows" name="max_rows" type="number" min="1" max="{}" value="{}">
                <button type="submit">{}</button>
                </form>
                <details><summary>{}</summary><ul class="columns">{}</ul></details>
                <section aria-live="polite">{}</section>
                """, text.get("sql.title"), text.get("sql.rule"), Layout.tokenField(ctx), text.get("sql.query"), sql, text.get("sql.max-rows"), MOST_ROWS,
                maxRows, text.get("sql.run"), text.get("sql.tables"),
                Html.join(tables.stream().map(table -> Html.of("<li><a href=\"{}\"><code>{}</code></a></li>", Formats.link("/datasets/", table), table)).toList()),
                answer));
    }

    /** A result as an HTML table; the values of {@code masked} columns are masked. */
    static Html table(QueryResult result, Set<String> masked, Messages text) {
        List<Html> header = result.columns().stream().map(column -> Html.of("<th scope=\"col\">{}<br><span class=\"meta\">{}</span></th>",
                column.name(), column.type())).toList();
        List<Html> rows = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            List<Html> cells = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                Object value = row.get(i);
                boolean hidden = masked.contains(result.columns().get(i).name());
                cells.add(value == null ? Html.of("<td class=\"null\">NULL</td>")
                        : Html.of("<td{}>{}</td>", value instanceof Number ? Html.of(" class=\"num\"") : Html.EMPTY,
                                hidden ? mask(text(value)) : text(value)));
            }
            rows.add(Html.of("<tr>{}</tr>", Html.join(cells)));
        }
        if (rows.isEmpty()) {
            return Html.of("<p>{}</p>", text.get("sql.no-rows"));
        }
        return Html.of("<div class=\"scroll\"><table class=\"result\"><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>",
                Html.join(header), Html.join(rows));
    }

    /** Letters and digits hidden but the last two: {@code ***.***.*89-**}-like, enough to recognise a row, not to read it. */
    static String mask(String value) {
        StringBuilder out = new StringBuilder(value.length());
        int keepFrom = value.length() - 2;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(i < keepFrom && Character.isLetterOrDigit(c) ? '*' : c);
        }
        return out.toString();
    }

    private static String text(Object value) {
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }

    private static Object jsonValue(Object value) {
        return value == null || value instanceof Number || value instanceof Boolean ? value : text(value);
    }
}
