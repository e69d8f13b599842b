package dev.lagoa.ingest;

import dev.lagoa.market.MarketErrorCode;

import dev.lagoa.duckdb.DuckDbParquetWriter;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.Workspace;
import dev.lagoa.market.b3.B3ClientSettings;
import dev.lagoa.market.b3.B3PortfolioClient;
import dev.lagoa.market.b3.PortfolioValidator;
import dev.lagoa.market.brapi.BrapiClientSettings;
import dev.lagoa.market.brapi.BrapiQuoteClient;
import dev.lagoa.market.brapi.QuoteValidator;
import dev.lagoa.market.http.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingests against the recorded B3 and BRAPI responses served by a stub, landing in a workspace lake. */
class MarketIngestIT {
    private static final BucketName B3 = BucketName.of("lagoa-b3");
    private static final BucketName BRAPI = BucketName.of("lagoa-brapi");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-07-21T22:00:00Z"), ZoneOffset.UTC);
    private static WireMockServer stub;

    @TempDir
    Path home;
    private LocalObjectStore lake;

    @BeforeAll
    static void startStub() {
        stub = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        stub.start();
    }

    @AfterAll
    static void stopStub() {
        stub.stop();
    }

    @BeforeEach
    void openLake() {
        stub.resetAll();
        lake = new LocalObjectStore(Workspace.open(home));
    }

    private static byte[] fixture(String name) {
        try (InputStream in = MarketIngestIT.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private B3Ingest b3Ingest() {
        B3PortfolioClient client = new B3PortfolioClient(B3ClientSettings.defaults().withBaseUrl(URI.create(stub.baseUrl())), CLOCK, Sleeper.SYSTEM);
        return new B3Ingest(client, new PortfolioValidator(), lake, new DuckDbParquetWriter(), B3, Optional.of(home.resolve("data")), CLOCK);
    }

    private final List<dev.lagoa.core.lineage.LineageRun> lineage = new ArrayList<>();

    private QuotesIngest quotesIngest() {
        BrapiQuoteClient client = new BrapiQuoteClient(BrapiClientSettings.defaults().withBaseUrl(URI.create(stub.baseUrl())), CLOCK, Sleeper.SYSTEM);
        return new QuotesIngest(client, new QuoteValidator(CLOCK), lake, new DuckDbParquetWriter(), BRAPI, Optional.of(home.resolve("data")), CLOCK, lineage::add);
    }

    private List<String> keys(BucketName bucket) {
        if (!lake.bucketExists(bucket)) {
            return List.of();
        }
        return StreamSupport.stream(lake.listAll(bucket, "").spliterator(), false).map(ObjectSummary::key).map(Object::toString).sorted().toList();
    }

    @Test
    void theB3PortfolioLandsAsRawJsonAndAFaithfulParquetCopy() throws Exception {
        stub.stubFor(get(urlPathMatching("/indexProxy/indexCall/GetPortfolioDay/.*")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(fixture("b3/GetPortfolioDay_2022-12-08_pt-br_segment2.json"))));

        java.util.List<String> heard = new java.util.ArrayList<>();
        B3Ingest.Result result = b3Ingest().withListener((stage, done) -> heard.add(stage + " " + done)).run("IBOV", LocalDate.parse("2022-12-08"));

        assertThat(heard).as("a progress display hears each page, then the stages").containsExactly("fetching 0", "fetching 1", "validating -1", "landing -1");
        assertThat(result.rows()).isEqualTo(92);
        assertThat(result.textDamaged()).isTrue();
        assertThat(keys(B3)).containsExactly("raw/2022-12-08/dados_originais.parquet", "raw/2022-12-08/resposta_b3.json");
        assertThat(home.resolve("data/raw/2022-12-08/dados_originais.parquet")).exists();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement();
                ResultSet row = statement.executeQuery("select count(*), max(case when cod = 'PETR4' then part end), max(header_date), "
                        + "bool_and(text_damaged), max(header_theorical_qty) from read_parquet('"
                        + home.resolve("lake/lagoa-b3/raw/2022-12-08/dados_originais.parquet") + "')")) {
            row.next();
            // every value is the text B3 sent: the refine job types it
            assertThat(row.getLong(1)).isEqualTo(92);
            assertThat(row.getString(2)).isEqualTo("5,720");
            assertThat(row.getString(3)).isEqualTo("08/12/22");
            assertThat(row.getBoolean(4)).isTrue();
            assertThat(row.getString(5)).isEqualTo("101.053.551.382");
        }
        String raw = new String(lake.getBytes(B3, dev.lagoa.core.lake.ObjectKey.of("raw/2022-12-08/resposta_b3.json")), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(raw).contains("\"request_url\"", "\"content-type\" : \"application/json; charset=utf-8\"", "\"theoricalQty\" : \"101.053.551.382\"");
    }

    @Test
    void anotherIndexLandsInItsOwnFolderAndNeverReplacesIbovsDayNorIbovItsDay() throws Exception {
        String path = "/indexProxy/indexCall/GetPortfolioDay/";
        URI base = URI.create(stub.baseUrl());
        stub.stubFor(get(urlPathEqualTo(B3PortfolioClient.pageUri(base, "SMLL", 1).getPath())).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(fixture("b3/GetPortfolioDay_2022-12-08_pt-br_segment2_SMLL-adapted.json"))));
        stub.stubFor(get(urlPathEqualTo(B3PortfolioClient.pageUri(base, "IBOV", 1).getPath())).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(fixture("b3/GetPortfolioDay_2022-12-08_pt-br_segment2.json"))));
        assertThat(B3PortfolioClient.pageUri(base, "SMLL", 1).getPath()).startsWith(path);

        B3Ingest.Result smll = b3Ingest().run("SMLL", LocalDate.parse("2022-12-08"));
        B3Ingest.Result ibov = b3Ingest().run("IBOV", LocalDate.parse("2022-12-08"));

        assertThat(smll.rows()).isEqualTo(15);
        assertThat(ibov.rows()).isEqualTo(92);
        assertThat(keys(B3)).containsExactly("raw/2022-12-08/dados_originais.parquet", "raw/2022-12-08/resposta_b3.json",
                "raw/indice=SMLL/2022-12-08/dados_originais.parquet", "raw/indice=SMLL/2022-12-08/resposta_b3.json");
        assertThat(smll.landed()).containsExactly("s3://lagoa-b3/raw/indice=SMLL/2022-12-08/resposta_b3.json",
                "s3://lagoa-b3/raw/indice=SMLL/2022-12-08/dados_originais.parquet");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement();
                ResultSet rows = statement.executeQuery("select index_code, count(*) from read_parquet(['"
                        + home.resolve("lake/lagoa-b3/raw/indice=SMLL/2022-12-08/dados_originais.parquet") + "', '"
                        + home.resolve("lake/lagoa-b3/raw/2022-12-08/dados_originais.parquet") + "']) group by index_code order by index_code")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("IBOV");
            assertThat(rows.getLong(2)).isEqualTo(92);
            rows.next();
            assertThat(rows.getString(1)).as("SMLL's day is still there after IBOV's of the same date").isEqualTo("SMLL");
            assertThat(rows.getLong(2)).isEqualTo(15);
        }
    }

    @Test
    void anEnUsResponseIsQuarantinedAndNothingLands() {
        stub.stubFor(get(urlPathMatching("/indexProxy/indexCall/GetPortfolioDay/.*")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(fixture("b3/GetPortfolioDay_2025-04-07_en-us_segment2.json"))));

        assertThatThrownBy(() -> b3Ingest().run("IBOV", LocalDate.parse("2025-04-07")))
                .isInstanceOf(LagoaException.class)
                .hasMessageContaining("en-us")
                .hasMessageContaining("nothing landed, the response is kept at s3://lagoa-b3/_quarantine/2025-04-07/")
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(MarketErrorCode.SOURCE_RESPONSE_INVALID);
        // the clock says 22:00 UTC: 19:00 in São Paulo, the time the BRAPI ingest names its quarantined responses with too
        assertThat(keys(B3)).singleElement().asString().isEqualTo("_quarantine/2025-04-07/190000-ibov.json");
    }

    @Test
    void anHtmlErrorPageLandsNothing() {
        stub.stubFor(get(urlPathMatching("/indexProxy/indexCall/GetPortfolioDay/.*")).willReturn(aResponse()
                .withHeader("Content-Type", "text/html").withBody("<html><body>Manutenção programada</body></html>")));

        assertThatThrownBy(() -> b3Ingest().run("IBOV", LocalDate.parse("2022-12-08")))
                .isInstanceOf(LagoaException.class)
                .hasMessageContaining("text/html");
        assertThat(keys(B3)).noneMatch(key -> key.startsWith("raw/"));
    }

    @Test
    void eachTradingDayLandsOnceAndAnUnchangedDayIsNotLandedAgain() throws Exception {
        stub.stubFor(get(urlPathEqualTo("/api/quote/PETR4")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(petr4Only(fixture("brapi/quote_PETR4_VALE3_range-1mo_interval-1d_2025-07-21.json")))));

        QuotesIngest.Result first = quotesIngest().run("petr4", "1mo");
        QuotesIngest.Result second = quotesIngest().run("PETR4", "1mo");

        assertThat(first.landed()).hasSize(21).startsWith(LocalDate.parse("2025-06-23")).endsWith(LocalDate.parse("2025-07-21"));
        // each run reported to lineage: BRAPI in, the response and the days it landed out
        assertThat(lineage).hasSize(2).allMatch(dev.lagoa.core.lineage.LineageRun::succeeded);
        assertThat(lineage.get(0).inputs()).containsExactly(stub.baseUrl() + "/api/quote/PETR4");
        assertThat(lineage.get(0).outputs()).hasSize(22).contains("s3://lagoa-brapi/raw/dataset=petr4/ticker=petr4/year=2025/month=07/day=21/data.parquet");
        assertThat(lineage.get(1).outputs()).hasSize(1);
        assertThat(second.landed()).isEmpty();
        assertThat(second.unchanged()).hasSize(21);
        List<String> days = keys(BRAPI).stream().filter(key -> key.startsWith("raw/")).toList();
        assertThat(days).hasSize(21).contains("raw/dataset=petr4/ticker=petr4/year=2025/month=07/day=21/data.parquet");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement();
                ResultSet row = statement.executeQuery("select symbol, trade_date, close, volume from read_parquet('"
                        + home.resolve("lake/lagoa-brapi/raw/dataset=petr4/ticker=petr4/year=2025/month=06/day=23/data.parquet") + "')")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo("PETR4");
            assertThat(row.getObject(2, LocalDate.class)).isEqualTo(LocalDate.parse("2025-06-23"));
            assertThat(row.getBigDecimal(3)).isEqualByComparingTo(new BigDecimal("32"));
            assertThat(row.getLong(4)).isEqualTo(54_592_400L);
        }
        // each response is kept, named by the time it was collected (the test's clock stands still: one name)
        assertThat(keys(BRAPI).stream().filter(key -> key.startsWith("responses/"))).containsExactly("responses/ticker=petr4/date=2025-07-21/190000.json");
    }

    @Test
    void aTruncatedQuoteBodyLandsNothingButTheQuarantineCopy() {
        byte[] body = fixture("brapi/quote_PETR4_2026-04-25.json");
        stub.stubFor(get(urlPathEqualTo("/api/quote/PETR4")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(java.util.Arrays.copyOf(body, body.length / 2))));

        assertThatThrownBy(() -> quotesIngest().run("PETR4", "1mo"))
                .isInstanceOf(LagoaException.class)
                .hasMessageContaining("nothing landed, the response is kept at s3://lagoa-brapi/_quarantine/ticker=petr4/");
        assertThat(keys(BRAPI)).singleElement().asString().isEqualTo("_quarantine/ticker=petr4/date=2025-07-21/190000.json");
    }

    @Test
    void aTickerWithSpacesIsRefusedByNameBeforeBrapiIsCalledAndNothingLands() {
        stub.stubFor(get(urlPathMatching("/api/quote/.*")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(fixture("brapi/quote_PETR4_VALE3_range-1mo_interval-1d_2025-07-21.json"))));

        for (String ticker : List.of("PETR4 ", "PETR 4", " petr4")) {
            assertThatThrownBy(() -> quotesIngest().run(ticker, "1mo"))
                    .isInstanceOf(LagoaException.class)
                    .hasMessage("Invalid ticker '%s': it must be 4 to 6 letters and digits, without spaces (PETR4, TAEE11)", ticker)
                    .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(dev.lagoa.core.ErrorCode.INVALID_ARGUMENT);
        }
        assertThat(stub.getAllServeEvents()).as("nothing asked of BRAPI").isEmpty();
        assertThat(keys(BRAPI)).isEmpty();
    }

    /** The recorded response holds PETR4 and VALE3; BRAPI answers only what is asked. */
    private static byte[] petr4Only(byte[] json) throws IOException {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(json);
        List<com.fasterxml.jackson.databind.JsonNode> kept = new ArrayList<>();
        root.path("results").forEach(result -> {
            if ("PETR4".equals(result.path("symbol").asText())) {
                kept.add(result);
            }
        });
        root.putArray("results").addAll(kept);
        return mapper.writeValueAsBytes(root);
    }
}
