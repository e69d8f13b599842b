package dev.lagoa.console;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.query.QueryEngine;
import dev.lagoa.core.query.QueryResult;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The pipelines' dashboards: {@code /dashboards/ibov} (the IBOV portfolio of a day), {@code /dashboards/petr4} (a
 * ticker's quotes) and {@code /dashboards/importau} (the importer's cash flow and exchange exposure). Each chart is one
 * read-only query on the sandbox of {@code lagoa sql}; the page states the table and the SQL under the chart and holds
 * the same numbers in a table, and {@code dashboards.js} draws the charts with ECharts from the page's JSON under
 * {@code /api/dashboards/}. Values from a request reach the SQL only after validation (an ISO date, a ticker of 4 to 6
 * letters and digits). A table that is missing or empty makes the chart say which command fills it.
 */
final class DashboardPages implements ConsoleServer.Page {
    static final Pattern TICKER = Pattern.compile("[A-Z0-9]{4,6}");
    static final String DEFAULT_TICKER = "PETR4";
    private static final int MOST_ROWS = 1_000;
    /** About a year of trading days. */
    private static final int QUOTE_DAYS = 260;
    private static final int TOP_WEIGHTS = 10;
    private static final int TOP_CHANGES = 20;
    private static final String DEMO = "./lagoa demo";

    private final ConsoleSources sources;
    private final Layout layout;

    DashboardPages(ConsoleSources sources, Layout layout) {
        this.sources = requireNonNull(sources, "sources is null");
        this.layout = requireNonNull(layout, "layout is null");
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/dashboards/ibov", ctx -> page(ctx, ibov(ctx)));
        config.routes.get("/dashboards/petr4", ctx -> page(ctx, petr4(ctx)));
        config.routes.get("/dashboards/importau", ctx -> page(ctx, importau()));
        config.routes.get("/api/dashboards/ibov", ctx -> ConsoleServer.json(ctx, ibov(ctx).document()));
        config.routes.get("/api/dashboards/petr4", ctx -> ConsoleServer.json(ctx, petr4(ctx).document()));
        config.routes.get("/api/dashboards/importau", ctx -> ConsoleServer.json(ctx, importau().document()));
    }

    /** How the numbers of a column read: decimals, a unit after them, and a sign before positive ones. */
    enum Format {
        INTEGER(0, "", false),
        MONEY(2, "", false),
        PRICE(2, "", false),
        /** A weight in the index, as B3 publishes it: {@code 5.720%}. */
        WEIGHT(3, "%", false),
        /** A change of weight in percentage points: {@code +0.120 p.p.}. */
        POINTS(3, " p.p.", true),
        /** A return already in percent: {@code -3.25%}. */
        RETURN(2, "%", true);

        private final int decimals;
        private final String suffix;
        private final boolean signed;

        Format(int decimals, String suffix, boolean signed) {
            this.decimals = decimals;
            this.suffix = suffix;
            this.signed = signed;
        }

        String format(Number value, Locale locale) {
            NumberFormat numbers = NumberFormat.getNumberInstance(locale);
            numbers.setMinimumFractionDigits(decimals);
            numbers.setMaximumFractionDigits(decimals);
            numbers.setRoundingMode(RoundingMode.HALF_UP);
            String text = numbers.format(value instanceof BigDecimal decimal ? decimal : value);
            boolean positive = value instanceof BigDecimal decimal ? decimal.signum() > 0 : value.doubleValue() > 0;
            return (signed && positive ? "+" : "") + text + suffix;
        }

        Map<String, Object> document() {
            return Map.of("decimals", decimals, "suffix", suffix, "signed", signed);
        }
    }

    enum Kind {
        /** Rectangles by weight: the category groups, the series names the leaves, the first value sizes them. */
        TREEMAP,
        /** Bars along the category; with a series column, one stacked series per value of it. */
        BAR,
        /** Lines along the category; with a series column, one line per value of it. */
        LINE,
        /** Only the table, nothing to draw. */
        TABLE
    }

    /**
     * One chart: the query it runs on {@code table}, how to draw it (the category column along the axis, the optional
     * column whose values are series, the value columns), how its numbers read, and what to say when the query has no rows.
     */
    record Spec(String id, String title, String table, String sql, Kind kind, String category, String series, List<String> values,
            Map<String, Format> formats, String emptyNotice, boolean tableOpen) {
        Spec {
            requireNonNull(id, "id is null");
            values = List.copyOf(values);
            formats = Map.copyOf(formats);
        }
    }

    /** A chart's answer: its rows, or a notice that says why there are none. */
    record Chart(Spec spec, Optional<QueryResult> result, Optional<String> notice) {}

    /** A whole dashboard: its title, what it was asked for, its API address, the form on top, and its charts. */
    record Dashboard(String name, String title, String intro, String api, Html form, Map<String, Object> parameters, List<Chart> charts) {
        Map<String, Object> document() {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("dashboard", name);
            document.put("title", title);
            document.putAll(parameters);
            document.put("charts", charts.stream().map(DashboardPages::chartDocument).toList());
            return document;
        }
    }

    private Dashboard ibov(Context ctx) {
        Messages text = layout.messages();
        Optional<LocalDate> asked = date(ctx.queryParam("date"));
        String fill = text.get("dashboards.or", DEMO, "lagoa ingest b3");
        String table = "ibov_ativos";
        try (QueryEngine engine = sources.queryEngine()) {
            Optional<String> missing = missing(table, fill);
            List<LocalDate> dates = new ArrayList<>();
            if (missing.isEmpty()) {
                for (List<Object> row : engine.query("SELECT DISTINCT data FROM ibov_ativos ORDER BY data DESC", MOST_ROWS).rows()) {
                    if (row.get(0) != null) {
                        dates.add(LocalDate.parse(row.get(0).toString()));
                    }
                }
            }
            Optional<LocalDate> date = asked.or(() -> dates.stream().findFirst());
            Optional<LocalDate> previous = date.flatMap(day -> dates.stream().filter(each -> each.isBefore(day)).findFirst());
            // with no day to show, no query runs: every chart says why
            Optional<String> notice = missing.isPresent() ? missing
                    : date.isEmpty() ? Optional.of(text.get("dashboards.empty", table, fill))
                    : dates.contains(date.get()) ? Optional.empty() : Optional.of(text.get("dashboards.ibov.no-date", date.get().toString(), table));
            String day = date.map(each -> "DATE '" + each + "'").orElse("DATE '0001-01-01'");
            String empty = text.get("dashboards.empty", table, fill);
            List<Spec> specs = List.of(
                    new Spec("sectors", text.get("dashboards.ibov.sectors"), table,
                            "SELECT coalesce(setor, '?') AS setor, acao, participacao_pct FROM ibov_ativos WHERE data = " + day
                                    + " ORDER BY setor, participacao_pct DESC, acao",
                            Kind.TREEMAP, "setor", "acao", List.of("participacao_pct"), Map.of("participacao_pct", Format.WEIGHT), empty, false),
                    new Spec("weights", text.get("dashboards.ibov.weights", TOP_WEIGHTS), table,
                            "SELECT acao, empresa, participacao_pct FROM ibov_ativos WHERE data = " + day
                                    + " ORDER BY participacao_pct DESC, acao LIMIT " + TOP_WEIGHTS,
                            Kind.BAR, "acao", null, List.of("participacao_pct"), Map.of("participacao_pct", Format.WEIGHT), empty, true),
                    new Spec("changes", previous.map(before -> text.get("dashboards.ibov.changes", before.toString()))
                            .orElse(text.get("dashboards.ibov.changes-none")), table,
                            "SELECT acao, variacao_participacao_pp, participacao_anterior_pct, participacao_pct FROM ibov_ativos WHERE data = " + day
                                    + " AND variacao_participacao_pp IS NOT NULL AND variacao_participacao_pp <> 0"
                                    + " ORDER BY abs(variacao_participacao_pp) DESC, acao LIMIT " + TOP_CHANGES,
                            Kind.BAR, "acao", null, List.of("variacao_participacao_pp"), Map.of("variacao_participacao_pp", Format.POINTS,
                                    "participacao_anterior_pct", Format.WEIGHT, "participacao_pct", Format.WEIGHT),
                            previous.isEmpty() ? text.get("dashboards.ibov.no-previous", date.map(LocalDate::toString).orElse(""))
                                    : text.get("dashboards.ibov.no-changes"), false),
                    new Spec("header", text.get("dashboards.ibov.header"), "ibov_header",
                            "SELECT data_pregao, indice, qtde_acoes, soma_participacao_pct, qtde_teorica_total, redutor FROM ibov_header WHERE data = " + day,
                            Kind.TABLE, null, null, List.of(), Map.of("qtde_acoes", Format.INTEGER, "soma_participacao_pct", Format.WEIGHT,
                                    "qtde_teorica_total", Format.INTEGER), text.get("dashboards.empty", "ibov_header", fill), true));
            List<Chart> charts = notice.isPresent()
                    ? specs.stream().map(spec -> new Chart(spec, Optional.empty(), notice)).toList()
                    : specs.stream().map(spec -> run(engine, spec, fill)).toList();
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("date", date.map(LocalDate::toString).orElse(null));
            parameters.put("previous_date", previous.map(LocalDate::toString).orElse(null));
            parameters.put("dates", dates.stream().map(LocalDate::toString).toList());
            Html options = Html.join(dates.stream().map(each -> Html.of("<option value=\"{}\"{}>{}</option>", each,
                    date.filter(each::equals).isPresent() ? Html.of(" selected") : Html.EMPTY, each)).toList());
            Html form = dates.isEmpty() ? Html.EMPTY : Html.of("""
                    <form class="inline" method="get" action="/dashboards/ibov"><label for="date">{}</label>
                    <select id="date" name="date">{}</select><button type="submit">{}</button></form>
                    """, text.get("dashboards.ibov.date"), options, text.get("dashboards.show"));
            String title = date.map(each -> text.get("dashboards.ibov.title", each.toString())).orElse(text.get("dashboards.ibov.title-none"));
            return new Dashboard("ibov", title, text.get("dashboards.ibov.intro"),
                    "/api/dashboards/ibov" + date.map(each -> "?date=" + each).orElse(""), form, parameters, charts);
        }
    }

    private Dashboard petr4(Context ctx) {
        Messages text = layout.messages();
        String ticker = ticker(ctx.queryParam("ticker"));
        String fill = "lagoa ingest brapi --ticker " + ticker;
        String folder = "'" + ticker.toLowerCase(Locale.ROOT) + "'";
        String empty = text.get("dashboards.petr4.empty", ticker, fill);
        String daily = "petr4_cotacoes";
        String recent = "SELECT * FROM (SELECT %s FROM petr4_cotacoes WHERE ticker = " + folder
                + " ORDER BY data_pregao DESC LIMIT " + QUOTE_DAYS + ") ORDER BY data_pregao";
        List<Spec> specs = List.of(
                new Spec("close", text.get("dashboards.petr4.close", ticker), daily,
                        recent.formatted("data_pregao, fechamento, media_movel_5, media_movel_20"),
                        Kind.LINE, "data_pregao", null, List.of("fechamento", "media_movel_5", "media_movel_20"),
                        Map.of("fechamento", Format.PRICE, "media_movel_5", Format.PRICE, "media_movel_20", Format.PRICE), empty, false),
                new Spec("volume", text.get("dashboards.petr4.volume", ticker), daily, recent.formatted("data_pregao, volume"),
                        Kind.BAR, "data_pregao", null, List.of("volume"), Map.of("volume", Format.INTEGER), empty, false),
                new Spec("returns", text.get("dashboards.petr4.returns", ticker), "petr4_mensal",
                        "SELECT strftime(primeiro_pregao, '%Y-%m') AS mes, round(retorno_mensal * 100, 2) AS retorno_mensal_pct, fechamento"
                                + " FROM petr4_mensal WHERE ticker = " + folder + " ORDER BY primeiro_pregao",
                        Kind.BAR, "mes", null, List.of("retorno_mensal_pct"), Map.of("retorno_mensal_pct", Format.RETURN, "fechamento", Format.PRICE),
                        empty, false));
        List<Chart> charts;
        try (QueryEngine engine = sources.queryEngine()) {
            charts = specs.stream().map(spec -> run(engine, spec, fill)).toList();
        }
        Html form = Html.of("""
                <form class="inline" method="get" action="/dashboards/petr4"><label for="ticker">{}</label>
                <input id="ticker" name="ticker" value="{}" pattern="[A-Za-z0-9]{4,6}" maxlength="6" size="8" required>
                <button type="submit">{}</button></form>
                """, text.get("dashboards.petr4.ticker"), ticker, text.get("dashboards.show"));
        return new Dashboard("petr4", text.get("dashboards.petr4.title", ticker), text.get("dashboards.petr4.intro"),
                "/api/dashboards/petr4?ticker=" + ticker, form, Map.of("ticker", ticker), charts);
    }

    private Dashboard importau() {
        Messages text = layout.messages();
        String table = "agregado_fluxo_de_caixa_mensal";
        String fill = text.get("dashboards.or", DEMO, "lagoa sfn run importau");
        String empty = text.get("dashboards.empty", table, fill);
        List<Spec> specs = List.of(
                new Spec("cash-flow", text.get("dashboards.importau.cash-flow"), table,
                        "SELECT ano_mes, moeda, fluxo_liquido_brl, recebimentos_brl, pagamentos_brl FROM agregado_fluxo_de_caixa_mensal"
                                + " ORDER BY mes, moeda",
                        Kind.BAR, "ano_mes", "moeda", List.of("fluxo_liquido_brl"), Map.of("fluxo_liquido_brl", Format.MONEY,
                                "recebimentos_brl", Format.MONEY, "pagamentos_brl", Format.MONEY), empty, false),
                new Spec("exposure", text.get("dashboards.importau.exposure"), table,
                        "SELECT ano_mes, moeda, exposicao_cambial_brl, exposicao_cambial_moeda FROM agregado_fluxo_de_caixa_mensal"
                                + " WHERE moeda <> 'BRL' ORDER BY mes, moeda",
                        Kind.LINE, "ano_mes", "moeda", List.of("exposicao_cambial_brl"), Map.of("exposicao_cambial_brl", Format.MONEY,
                                "exposicao_cambial_moeda", Format.MONEY), empty, false));
        List<Chart> charts;
        try (QueryEngine engine = sources.queryEngine()) {
            charts = specs.stream().map(spec -> run(engine, spec, fill)).toList();
        }
        return new Dashboard("importau", text.get("dashboards.importau.title"), text.get("dashboards.importau.intro"), "/api/dashboards/importau",
                Html.EMPTY, Map.of(), charts);
    }

    /** The chart's rows; a table that is not catalogued, has no rows, or does not answer gives a notice instead. */
    private Chart run(QueryEngine engine, Spec spec, String fill) {
        Optional<String> missing = missing(spec.table(), fill);
        if (missing.isPresent()) {
            return new Chart(spec, Optional.empty(), missing);
        }
        try {
            QueryResult result = engine.query(spec.sql(), MOST_ROWS);
            return result.rows().isEmpty() ? new Chart(spec, Optional.of(result), Optional.of(spec.emptyNotice()))
                    : new Chart(spec, Optional.of(result), Optional.empty());
        } catch (LagoaException e) {
            return new Chart(spec, Optional.empty(), Optional.of(layout.messages().get("dashboards.failed", spec.table(), e.getMessage(), fill)));
        }
    }

    private Optional<String> missing(String table, String fill) {
        return sources.catalog().table(TableName.of(sources.catalogDatabase(), table)).isPresent() ? Optional.empty()
                : Optional.of(layout.messages().get("dashboards.missing", table, fill));
    }

    /** {@code ?date=}: an ISO date, or none. */
    static Optional<LocalDate> date(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.strip()));
        } catch (DateTimeParseException e) {
            throw LagoaException.userError("Invalid date '%s': give it as YYYY-MM-DD (2022-12-08)", value);
        }
    }

    /** {@code ?ticker=}: 4 to 6 letters and digits, upper-cased ({@value DEFAULT_TICKER} when absent). */
    static String ticker(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_TICKER;
        }
        String ticker = value.strip().toUpperCase(Locale.ROOT);
        if (!TICKER.matcher(ticker).matches()) {
            throw LagoaException.userError("Invalid ticker '%s': 4 to 6 letters and digits (PETR4)", value);
        }
        return ticker;
    }

    private void page(Context ctx, Dashboard dashboard) {
        Messages text = layout.messages();
        Locale locale = Locale.forLanguageTag(text.languageTag());
        List<Html> sections = new ArrayList<>();
        for (Chart chart : dashboard.charts()) {
            Spec spec = chart.spec();
            Html drawing = chart.notice().isPresent()
                    ? Html.of("<p class=\"error\" role=\"status\">{}</p>", chart.notice().get())
                    : spec.kind() == Kind.TABLE ? Html.EMPTY
                    : Html.of("<div class=\"chart\" data-chart=\"{}\" role=\"img\" aria-label=\"{}\"></div>", spec.id(),
                            text.get("dashboards.chart-label", spec.title()));
            Html numbers = chart.result().filter(result -> !result.rows().isEmpty())
                    .map(result -> Html.of("<details{}><summary>{}</summary>{}{}</details>", spec.tableOpen() ? Html.of(" open") : Html.EMPTY,
                            text.get("dashboards.numbers"), table(result, spec, locale),
                            result.truncated() ? Html.of("<p class=\"meta\">{}</p>", text.get("dashboards.truncated", MOST_ROWS)) : Html.EMPTY))
                    .orElse(Html.EMPTY);
            sections.add(Html.of("""
                    <section class="card" id="{}">
                    <h2>{}</h2>
                    <figure>{}
                    <figcaption>{} <a href="{}"><code>{}</code></a><br>{} <code>{}</code></figcaption>
                    </figure>
                    {}
                    </section>
                    """, "chart-" + spec.id(), spec.title(), drawing, text.get("dashboards.source"), Formats.link("/datasets/", spec.table()),
                    spec.table(), text.get("dashboards.query"), spec.sql(), numbers));
        }
        layout.render(ctx, dashboard.title(), Html.of("""
                <h1>{}</h1>
                <p>{}</p>
                {}
                <div class="charts" data-dashboard="{}" data-src="{}" data-error="{}">
                {}
                </div>
                """, dashboard.title(), dashboard.intro(), dashboard.form(), dashboard.name(), dashboard.api(), text.get("dashboards.not-drawn"),
                Html.join(sections)), "/webjars/echarts/5.3.1/dist/echarts.min.js", "dashboards.js");
    }

    /** The chart's numbers as a table, formatted for the page's language. */
    private static Html table(QueryResult result, Spec spec, Locale locale) {
        List<Html> header = result.columns().stream().map(column -> Html.of("<th scope=\"col\"{}>{}</th>",
                spec.formats().containsKey(column.name()) ? Html.of(" class=\"num\"") : Html.EMPTY, column.name())).toList();
        List<Html> rows = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            List<Html> cells = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                cells.add(cell(row.get(i), spec.formats().get(result.columns().get(i).name()), locale, i == 0));
            }
            rows.add(Html.of("<tr>{}</tr>", Html.join(cells)));
        }
        return Html.of("<div class=\"scroll\"><table><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>", Html.join(header), Html.join(rows));
    }

    private static Html cell(Object value, Format format, Locale locale, boolean first) {
        if (value == null) {
            return first ? Html.of("<th scope=\"row\" class=\"null\">—</th>") : Html.of("<td class=\"null\">—</td>");
        }
        if (format != null && value instanceof Number number) {
            String text = format.format(number, locale);
            return first ? Html.of("<th scope=\"row\" class=\"num\">{}</th>", text) : Html.of("<td class=\"num\">{}</td>", text);
        }
        String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
        return first ? Html.of("<th scope=\"row\">{}</th>", text) : Html.of("<td>{}</td>", text);
    }

    private static Map<String, Object> chartDocument(Chart chart) {
        Spec spec = chart.spec();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", spec.id());
        document.put("title", spec.title());
        document.put("kind", spec.kind().name().toLowerCase(Locale.ROOT));
        document.put("table", spec.table());
        document.put("sql", spec.sql());
        document.put("category", spec.category());
        document.put("series", spec.series());
        document.put("values", spec.values());
        List<QueryResult.Column> columns = chart.result().map(QueryResult::columns).orElse(List.of());
        document.put("columns", columns.stream().map(column -> {
            Map<String, Object> each = new LinkedHashMap<>();
            each.put("name", column.name());
            each.put("type", column.type());
            each.put("format", Optional.ofNullable(spec.formats().get(column.name())).map(Format::document).orElse(null));
            return each;
        }).toList());
        document.put("rows", chart.result().map(result -> result.rows().stream().map(row -> row.stream().map(DashboardPages::jsonValue).toList()).toList())
                .orElse(List.of()));
        document.put("truncated", chart.result().map(QueryResult::truncated).orElse(false));
        document.put("notice", chart.notice().orElse(null));
        return document;
    }

    private static Object jsonValue(Object value) {
        return value == null || value instanceof Number || value instanceof Boolean ? value : value.toString();
    }
}
