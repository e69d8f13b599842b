package dev.lagoa.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards over a small lake: two IBOV portfolios (2022-12-07 and 2022-12-08, PETR4 at 5.72% on the 8th, one stock
 * whose name and sector are markup), three PETR4 bars and two months, two months of the importer's cash flow; and a
 * second workspace where the pipelines have not run (ibov not catalogued, the cash flow catalogued without files).
 */
class DashboardPagesTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path home;
    @TempDir
    static Path emptyHome;
    private static ConsoleServer console;
    private static ConsoleServer emptyConsole;
    private static ConsoleServer portugueseConsole;

    @BeforeAll
    static void start() {
        DashboardTestSources sources = new DashboardTestSources(home, List.of(DashboardTestSources.IBOV_ATIVOS, DashboardTestSources.IBOV_HEADER,
                DashboardTestSources.PETR4_COTACOES, DashboardTestSources.PETR4_MENSAL, DashboardTestSources.FLUXO));
        ativo(sources, "2022-12-07", "PETR4", "PETROBRAS", "Petróleo", "5.600", "NULL", "NULL");
        ativo(sources, "2022-12-07", "VALE3", "VALE", "Mineração", "11.200", "NULL", "NULL");
        ativo(sources, "2022-12-08", "PETR4", "PETROBRAS", "Petróleo", "5.72", "5.600", "0.120");
        ativo(sources, "2022-12-08", "VALE3", "VALE", "Mineração", "11.110", "11.200", "-0.090");
        ativo(sources, "2022-12-08", "EVIL3", "<script>alert(1)</script>", "<b>Hostil</b>", "0.500", "NULL", "NULL");
        sources.write(DashboardTestSources.IBOV_HEADER, "data=2022-12-08", "SELECT DATE '2022-12-08' AS data_pregao, 'IBOV' AS indice, 3 AS qtde_acoes, "
                + "CAST(17.330 AS DECIMAL(12,3)) AS soma_participacao_pct, CAST(98765432100 AS BIGINT) AS qtde_teorica_total, "
                + "CAST(18553794.87445950 AS DECIMAL(24,8)) AS redutor");
        cotacao(sources, "2025-07-17", "30.10", 1_000_000, "30.00", "29.50");
        cotacao(sources, "2025-07-18", "30.40", 2_000_000, "30.20", "29.60");
        cotacao(sources, "2025-07-21", "29.90", 1_500_000, "30.10", "29.70");
        sources.write(DashboardTestSources.PETR4_MENSAL, "ticker=petr4/year=2025/month=6", "SELECT 'PETR4' AS codigo, DATE '2025-06-02' AS primeiro_pregao, "
                + "CAST(31.00 AS DECIMAL(18,6)) AS fechamento, 0.0125 AS retorno_mensal");
        sources.write(DashboardTestSources.PETR4_MENSAL, "ticker=petr4/year=2025/month=7", "SELECT 'PETR4' AS codigo, DATE '2025-07-01' AS primeiro_pregao, "
                + "CAST(29.90 AS DECIMAL(18,6)) AS fechamento, -0.0355 AS retorno_mensal");
        sources.write(DashboardTestSources.FLUXO, "", """
                SELECT * FROM (VALUES
                  (DATE '2024-01-01', '2024-01', 'BRL', 1000.00, 200.00, 800.00, 0.00, 0.00),
                  (DATE '2024-01-01', '2024-01', 'USD', 0.00, 500.00, -500.00, 100.00, 520.00),
                  (DATE '2024-02-01', '2024-02', 'BRL', 1500.00, 300.00, 1200.00, 0.00, 0.00),
                  (DATE '2024-02-01', '2024-02', 'USD', 0.00, 700.00, -700.00, 50.00, 255.00))
                AS t(mes, ano_mes, moeda, recebimentos_brl, pagamentos_brl, fluxo_liquido_brl, exposicao_cambial_moeda, exposicao_cambial_brl)
                """);
        console = ConsoleServer.start(sources, 0, false, Locale.ROOT);
        portugueseConsole = ConsoleServer.start(sources, 0, false, Locale.forLanguageTag("pt-BR"));
        emptyConsole = ConsoleServer.start(new DashboardTestSources(emptyHome, List.of(DashboardTestSources.FLUXO)), 0, false, Locale.ROOT);
    }

    private static void ativo(DashboardTestSources sources, String date, String acao, String empresa, String setor, String weight, String before,
            String change) {
        sources.write(DashboardTestSources.IBOV_ATIVOS, "data=" + date + "/acao=" + acao, ("SELECT DATE '%s' AS data_pregao, 'IBOV' AS indice, '%s' AS empresa, "
                + "'ON NM' AS tipo, '%s' AS setor, CAST(%s AS DECIMAL(9,3)) AS participacao_pct, CAST(%s AS DECIMAL(9,3)) AS participacao_anterior_pct, "
                + "CAST(%s AS DECIMAL(9,3)) AS variacao_participacao_pp").formatted(date, empresa, setor, weight, before, change));
    }

    private static void cotacao(DashboardTestSources sources, String date, String close, long volume, String average5, String average20) {
        String[] parts = date.split("-");
        sources.write(DashboardTestSources.PETR4_COTACOES, "ticker=petr4/year=%s/month=%s/day=%s".formatted(parts[0], parts[1], parts[2]),
                ("SELECT DATE '%s' AS data_pregao, 'PETR4' AS codigo, CAST(%s AS DECIMAL(18,6)) AS fechamento, CAST(%d AS BIGINT) AS volume, "
                        + "CAST(%s AS DECIMAL(18,6)) AS media_movel_5, CAST(%s AS DECIMAL(18,6)) AS media_movel_20")
                        .formatted(date, close, volume, average5, average20));
    }

    @AfterAll
    static void stop() {
        for (ConsoleServer server : new ConsoleServer[] {console, portugueseConsole, emptyConsole}) {
            if (server != null) {
                server.close();
            }
        }
    }

    private static HttpResponse<String> get(ConsoleServer server, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(server.uri().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(ConsoleServer server, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(server, path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private static JsonNode chart(JsonNode dashboard, String id) {
        for (JsonNode chart : dashboard.get("charts")) {
            if (chart.get("id").asText().equals(id)) {
                return chart;
            }
        }
        throw new AssertionError("no chart " + id + " in " + dashboard);
    }

    private static List<String> column(JsonNode chart, int index) {
        List<String> values = new ArrayList<>();
        chart.get("rows").forEach(row -> values.add(row.get(index).asText()));
        return values;
    }

    private static List<BigDecimal> numbers(JsonNode chart, int index) {
        List<BigDecimal> values = new ArrayList<>();
        chart.get("rows").forEach(row -> values.add(row.get(index).decimalValue()));
        return values;
    }

    @Test
    void ibovJsonGivesEachChartItsTableItsSqlAndItsRows() throws Exception {
        JsonNode dashboard = json(console, "/api/dashboards/ibov?date=2022-12-08");

        assertThat(dashboard.get("date").asText()).isEqualTo("2022-12-08");
        assertThat(dashboard.get("previous_date").asText()).isEqualTo("2022-12-07");
        assertThat(dashboard.get("dates")).extracting(JsonNode::asText).containsExactly("2022-12-08", "2022-12-07");
        assertThat(dashboard.get("charts")).extracting(chart -> chart.get("id").asText()).containsExactly("sectors", "weights", "changes", "header");
        for (JsonNode chart : dashboard.get("charts")) {
            assertThat(chart.get("table").asText()).isIn("ibov_ativos", "ibov_header");
            assertThat(chart.get("sql").asText()).startsWith("SELECT ").contains("FROM " + chart.get("table").asText()).contains("DATE '2022-12-08'");
            assertThat(chart.get("columns")).isNotEmpty();
            assertThat(chart.get("notice").isNull()).as(chart.toString()).isTrue();
        }
        JsonNode weights = chart(dashboard, "weights");
        assertThat(column(weights, 0)).containsExactly("VALE3", "PETR4", "EVIL3");
        assertThat(weights.get("rows").get(1).get(2).decimalValue()).isEqualByComparingTo("5.720");
        assertThat(weights.get("columns").get(2).get("format").get("decimals").asInt()).isEqualTo(3);
        // the changes against 2022-12-07, largest first; EVIL3 was not in the previous portfolio
        JsonNode changes = chart(dashboard, "changes");
        assertThat(column(changes, 0)).containsExactly("PETR4", "VALE3");
        assertThat(numbers(changes, 1)).usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal("0.12"), new BigDecimal("-0.09"));
        assertThat(column(chart(dashboard, "sectors"), 0)).containsExactlyInAnyOrder("<b>Hostil</b>", "Mineração", "Petróleo");
    }

    @Test
    void theLatestDayIsTheDefault() throws Exception {
        JsonNode dashboard = json(console, "/api/dashboards/ibov");

        assertThat(dashboard.get("date").asText()).isEqualTo("2022-12-08");
        assertThat(chart(dashboard, "weights").get("rows")).hasSize(3);
    }

    @Test
    void ibovPageShowsTheWeightAsB3PublishesItWithTheDaySelectorTheSourcesAndTheChartContainers() throws Exception {
        HttpResponse<String> response = get(console, "/dashboards/ibov?date=2022-12-08");

        assertThat(response.statusCode()).isEqualTo(200);
        String page = response.body();
        assertThat(page).contains("<th scope=\"row\">PETR4</th><td>PETROBRAS</td><td class=\"num\">5.720%</td>");
        assertThat(page).contains("<td class=\"num\">+0.120 p.p.</td>", "<td class=\"num\">-0.090 p.p.</td>");
        assertThat(page).contains("<option value=\"2022-12-08\" selected>2022-12-08</option>", "<option value=\"2022-12-07\">2022-12-07</option>");
        assertThat(page).contains("data-src=\"/api/dashboards/ibov?date=2022-12-08\"");
        for (String id : List.of("sectors", "weights", "changes")) {
            assertThat(page).contains("<div class=\"chart\" data-chart=\"" + id + "\" role=\"img\" aria-label=\"");
        }
        assertThat(page).doesNotContain("data-chart=\"header\"");
        assertThat(page).contains("<figcaption>Source table: <a href=\"/datasets/ibov_ativos\"><code>ibov_ativos</code></a><br>SQL query: <code>SELECT acao, "
                + "empresa, participacao_pct FROM ibov_ativos WHERE data = DATE &#39;2022-12-08&#39; ORDER BY participacao_pct DESC, acao LIMIT 10</code>");
        assertThat(page).contains("<code>ibov_header</code>", "18553794.87445950");
        assertThat(page).contains("<script src=\"/webjars/echarts/5.3.1/dist/echarts.min.js\"></script>", "<script src=\"/static/dashboards.js\"></script>");
    }

    @Test
    void portugueseWritesTheWeightWithAComma() throws Exception {
        String page = get(portugueseConsole, "/dashboards/ibov?date=2022-12-08").body();

        assertThat(page).contains("<html lang=\"pt-BR\">", "<td class=\"num\">5,720%</td>", "+0,120 p.p.", "Tabela de origem:", "Consulta SQL:");
    }

    @Test
    void formatsReadAsTheLanguageWrites() {
        Locale portuguese = Locale.forLanguageTag("pt-BR");

        assertThat(DashboardPages.Format.WEIGHT.format(new BigDecimal("5.72"), Locale.ENGLISH)).isEqualTo("5.720%");
        assertThat(DashboardPages.Format.WEIGHT.format(new BigDecimal("5.72"), portuguese)).isEqualTo("5,720%");
        assertThat(DashboardPages.Format.WEIGHT.format(5.72, portuguese)).isEqualTo("5,720%");
        assertThat(DashboardPages.Format.POINTS.format(new BigDecimal("-0.09"), portuguese)).isEqualTo("-0,090 p.p.");
        assertThat(DashboardPages.Format.RETURN.format(1.25, Locale.ENGLISH)).isEqualTo("+1.25%");
        assertThat(DashboardPages.Format.INTEGER.format(1_500_000L, portuguese)).isEqualTo("1.500.000");
        assertThat(DashboardPages.Format.MONEY.format(new BigDecimal("-700"), Locale.ENGLISH)).isEqualTo("-700.00");
    }

    @Test
    void valuesFromTheDataAreEscaped() throws Exception {
        String page = get(console, "/dashboards/ibov?date=2022-12-08").body();

        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;Hostil&lt;/b&gt;");
        assertThat(page).doesNotContain("<script>alert(1)", "<b>Hostil");
    }

    @Test
    void aDayWithoutAPortfolioSaysSoAndKeepsTheSelector() throws Exception {
        HttpResponse<String> response = get(console, "/dashboards/ibov?date=2022-12-09");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("No portfolio on 2022-12-09 in ibov_ativos", "<option value=\"2022-12-08\">").doesNotContain("data-chart=");
    }

    @Test
    void theFirstDayHasNoChangesToShow() throws Exception {
        JsonNode changes = chart(json(console, "/api/dashboards/ibov?date=2022-12-07"), "changes");

        assertThat(changes.get("rows")).isEmpty();
        assertThat(changes.get("notice").asText()).isEqualTo("No portfolio before 2022-12-07 in the table: nothing to compare with.");
    }

    @Test
    void aDateThatIsNotAnIsoDateIsRefused() throws Exception {
        for (String date : List.of("2022-13-45", "08/12/2022", "2022-12-08' OR 1=1 --", "<script>x</script>")) {
            String query = "?date=" + URLEncoder.encode(date, StandardCharsets.UTF_8);
            HttpResponse<String> page = get(console, "/dashboards/ibov" + query);
            HttpResponse<String> api = get(console, "/api/dashboards/ibov" + query);

            assertThat(page.statusCode()).as(date).isEqualTo(400);
            assertThat(page.body()).contains("Invalid date").doesNotContain("<script>x");
            assertThat(api.statusCode()).as(date).isEqualTo(400);
            assertThat(JSON.readTree(api.body()).get("error").asText()).isEqualTo("Invalid date '" + date + "': give it as YYYY-MM-DD (2022-12-08)");
        }
    }

    @Test
    void aTickerThatIsNotFourToSixLettersAndDigitsIsRefused() throws Exception {
        for (String ticker : List.of("PET", "PETR4X9", "PETR4'; --", "<b>x</b>", "PE TR4")) {
            String query = "?ticker=" + URLEncoder.encode(ticker, StandardCharsets.UTF_8);
            HttpResponse<String> page = get(console, "/dashboards/petr4" + query);

            assertThat(page.statusCode()).as(ticker).isEqualTo(400);
            assertThat(page.body()).contains("Invalid ticker").doesNotContain("<b>x");
            assertThat(get(console, "/api/dashboards/petr4" + query).statusCode()).as(ticker).isEqualTo(400);
        }
    }

    @Test
    void petr4HasTheCloseWithItsMovingAveragesTheVolumeAndTheMonthlyReturns() throws Exception {
        JsonNode dashboard = json(console, "/api/dashboards/petr4?ticker=petr4");

        assertThat(dashboard.get("ticker").asText()).isEqualTo("PETR4");
        JsonNode close = chart(dashboard, "close");
        assertThat(close.get("table").asText()).isEqualTo("petr4_cotacoes");
        assertThat(close.get("sql").asText()).contains("FROM petr4_cotacoes WHERE ticker = 'petr4'");
        assertThat(close.get("columns")).extracting(column -> column.get("name").asText())
                .containsExactly("data_pregao", "fechamento", "media_movel_5", "media_movel_20");
        assertThat(column(close, 0)).containsExactly("2025-07-17", "2025-07-18", "2025-07-21");
        assertThat(column(chart(dashboard, "volume"), 1)).containsExactly("1000000", "2000000", "1500000");
        JsonNode returns = chart(dashboard, "returns");
        assertThat(returns.get("table").asText()).isEqualTo("petr4_mensal");
        assertThat(column(returns, 0)).containsExactly("2025-06", "2025-07");
        assertThat(returns.get("rows").get(1).get(1).asDouble()).isEqualTo(-3.55);
        String page = get(console, "/dashboards/petr4").body();
        assertThat(page).contains("data-chart=\"close\"", "data-chart=\"volume\"", "data-chart=\"returns\"", "<td class=\"num\">-3.55%</td>",
                "value=\"PETR4\"");
    }

    @Test
    void aTickerWithoutQuotesSaysWhichCommandCollectsThem() throws Exception {
        HttpResponse<String> response = get(console, "/dashboards/petr4?ticker=VALE3");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("No quotes of VALE3 yet: run lagoa ingest brapi --ticker VALE3 to collect them.").doesNotContain("data-chart=");
    }

    @Test
    void importauHasTheCashFlowByCurrencyAndTheExchangeExposure() throws Exception {
        JsonNode dashboard = json(console, "/api/dashboards/importau");

        JsonNode flow = chart(dashboard, "cash-flow");
        assertThat(flow.get("table").asText()).isEqualTo("agregado_fluxo_de_caixa_mensal");
        assertThat(flow.get("series").asText()).isEqualTo("moeda");
        assertThat(column(flow, 1)).containsExactly("BRL", "USD", "BRL", "USD");
        JsonNode exposure = chart(dashboard, "exposure");
        assertThat(column(exposure, 1)).containsExactly("USD", "USD");
        assertThat(numbers(exposure, 2)).usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal("520"), new BigDecimal("255"));
        assertThat(get(console, "/dashboards/importau").body()).contains("data-chart=\"cash-flow\"", "data-chart=\"exposure\"", "<td class=\"num\">-700.00</td>");
    }

    @Test
    void whereThePipelinesHaveNotRunEachDashboardSaysWhatFillsIt() throws Exception {
        HttpResponse<String> ibov = get(emptyConsole, "/dashboards/ibov");
        HttpResponse<String> petr4 = get(emptyConsole, "/dashboards/petr4");
        HttpResponse<String> importau = get(emptyConsole, "/dashboards/importau");

        assertThat(ibov.statusCode()).isEqualTo(200);
        assertThat(ibov.body()).contains("The table ibov_ativos is not in the catalog yet: run ./lagoa demo or lagoa ingest b3 to fill it.").doesNotContain("data-chart=");
        assertThat(petr4.statusCode()).isEqualTo(200);
        assertThat(petr4.body()).contains("The table petr4_cotacoes is not in the catalog yet", "lagoa ingest brapi --ticker PETR4").doesNotContain("data-chart=");
        assertThat(importau.statusCode()).isEqualTo(200);
        assertThat(importau.body()).contains("The table agregado_fluxo_de_caixa_mensal has no rows yet: run ./lagoa demo or lagoa sfn run importau to fill it.")
                .doesNotContain("data-chart=");
        JsonNode api = json(emptyConsole, "/api/dashboards/ibov");
        assertThat(api.get("date").isNull()).isTrue();
        assertThat(chart(api, "weights").get("rows")).isEmpty();
        assertThat(chart(api, "weights").get("notice").asText()).contains("not in the catalog yet");
    }

    @Test
    void theScriptIsServedBesideThePage() throws Exception {
        HttpResponse<String> script = get(console, "/static/dashboards.js");

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("echarts.init(", "data-drawn", "Intl.NumberFormat", "resize");
    }
}
