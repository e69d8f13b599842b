package dev.lagoa.market.b3;

import dev.lagoa.market.MarketErrorCode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.lagoa.market.Fixtures.EN_US_2025;
import static dev.lagoa.market.Fixtures.PT_BR_2022;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.market.Fixtures;
import dev.lagoa.market.http.RawResponse;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The B3 client against a WireMock stub that serves the recorded answers at the real API's paths. */
class B3PortfolioClientIT {
    private static final LocalDate DAY = LocalDate.of(2022, 12, 8);
    private static final Instant NOW = Instant.parse("2022-12-08T21:00:00Z");
    /** {"language":"pt-br","pageNumber":1,"pageSize":120,"index":"IBOV","segment":"1"} in Base64, as B3's site sends it. */
    private static final String PAGE_1 = "/indexProxy/indexCall/GetPortfolioDay/"
            + "eyJsYW5ndWFnZSI6InB0LWJyIiwicGFnZU51bWJlciI6MSwicGFnZVNpemUiOjEyMCwiaW5kZXgiOiJJQk9WIiwic2VnbWVudCI6IjEifQ==";

    private static WireMockServer b3;

    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private B3ClientSettings settings;

    @BeforeAll
    static void startStub() {
        b3 = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        b3.start();
    }

    @AfterAll
    static void stopStub() {
        b3.stop();
    }

    @BeforeEach
    void reset() {
        b3.resetAll();
        slept.clear();
        settings = B3ClientSettings.defaults()
                .withBaseUrl(URI.create(base()))
                // generous, so that no test but the timeout's depends on how busy the machine is
                .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60))
                .withRetries(3, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    private static String base() {
        return "http://127.0.0.1:" + b3.port();
    }

    private B3PortfolioClient client() {
        return new B3PortfolioClient(settings, Clock.fixed(NOW, ZoneOffset.UTC), slept::add);
    }

    private static String pagePath(int page) {
        return B3PortfolioClient.pageUri(URI.create(""), "IBOV", page).toString();
    }

    private static ResponseDefinitionBuilder json(byte[] body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    private static ResponseDefinitionBuilder json(String body) {
        return json(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fetchesTheRecordedAnswerAtTheRealPathAndKeepsItAsReceived() {
        b3.stubFor(get(urlEqualTo(PAGE_1)).willReturn(json(Fixtures.bytes(PT_BR_2022))
                .withHeader("ETag", "\"b3-20221208\"")
                .withHeader("Last-Modified", "Thu, 08 Dec 2022 20:30:00 GMT")
                .withHeader("Date", "Thu, 08 Dec 2022 21:00:00 GMT")));

        PortfolioDay day = client().fetch(DAY);

        assertThat(pagePath(1)).isEqualTo(PAGE_1);
        assertThat(day.index()).isEqualTo("IBOV");
        assertThat(day.requestedDate()).isEqualTo(DAY);
        assertThat(day.results()).hasSize(92);
        assertThat(day.collectedAt()).isEqualTo(NOW);
        assertThat(day.requestUrls()).containsExactly(base() + PAGE_1);
        RawResponse response = day.responses().get(0);
        assertThat(response.body()).isEqualTo(Fixtures.bytes(PT_BR_2022));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.attempts()).isEqualTo(1);
        assertThat(response.headers()).containsEntry("content-type", "application/json; charset=utf-8")
                .containsEntry("etag", "\"b3-20221208\"")
                .containsEntry("last-modified", "Thu, 08 Dec 2022 20:30:00 GMT")
                .containsEntry("date", "Thu, 08 Dec 2022 21:00:00 GMT");
        assertThat(new PortfolioValidator().validate(day)).noneMatch(problem -> problem.isHard());
        b3.verify(getRequestedFor(urlEqualTo(PAGE_1)).withHeader("User-Agent", equalTo("Lagoa/0.1")));
        assertThat(slept).isEmpty();
    }

    @Test
    void followsTotalPages() {
        List<String> pages = Fixtures.pages(40);
        for (int page = 1; page <= 3; page++) {
            b3.stubFor(get(urlEqualTo(pagePath(page))).willReturn(json(pages.get(page - 1))));
        }

        PortfolioDay day = client().fetch("IBOV", DAY);

        assertThat(day.results()).hasSize(92);
        assertThat(day.responses()).hasSize(3);
        assertThat(day.requestUrls()).containsExactly(base() + pagePath(1), base() + pagePath(2), base() + pagePath(3));
        assertThat(new PortfolioValidator().validate(day)).noneMatch(problem -> problem.isHard());
    }

    @Test
    void stopsWhenTotalPagesLies() {
        List<String> pages = Fixtures.pages(40);
        ObjectNode empty = (ObjectNode) Fixtures.parse(pages.get(1));
        empty.putArray("results");
        b3.stubFor(get(urlEqualTo(pagePath(1))).willReturn(json(pages.get(0))));
        b3.stubFor(get(urlEqualTo(pagePath(2))).willReturn(json(Fixtures.write(empty))));
        b3.stubFor(get(urlEqualTo(pagePath(3))).willReturn(json(pages.get(2))));
        List<RawResponse> received = new ArrayList<>();

        assertThatThrownBy(() -> client().fetch("IBOV", DAY, received::add))
                .isInstanceOf(LagoaException.class)
                .hasMessage("B3's totals of IBOV are lying: page 2 of 3 has no rows (totalRecords 92, 40 rows on the pages before) (GET %s)"
                        .formatted(base() + pagePath(2)))
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(MarketErrorCode.SOURCE_RESPONSE_INVALID);
        assertThat(received).hasSize(2);
        b3.verify(0, getRequestedFor(urlEqualTo(pagePath(3))));
    }

    @Test
    void refusesAnHtmlErrorPageWith200AndHandsItOver() {
        b3.stubFor(get(urlEqualTo(PAGE_1)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html><head><title>Manuten\u00e7\u00e3o</title></head><body>Sistema em manuten\u00e7\u00e3o</body></html>")));
        List<RawResponse> received = new ArrayList<>();

        assertThatThrownBy(() -> client().fetch("IBOV", DAY, received::add))
                .hasMessage("B3 answered 200 with text/html, not JSON: <html><head><title>Manutenção</title></head><body>Sistema em manutenção</body></... (GET %s)"
                        .formatted(base() + PAGE_1));
        assertThat(received).singleElement().satisfies(response -> assertThat(response.mediaType()).hasValue("text/html"));
    }

    @Test
    void refusesTheRecordedEnUsAnswer() {
        b3.stubFor(get(urlEqualTo(PAGE_1)).willReturn(json(Fixtures.bytes(EN_US_2025))));

        assertThatThrownBy(() -> client().fetch(LocalDate.of(2025, 4, 7)))
                .hasMessageStartingWith("B3 answered GetPortfolioDay of IBOV in the en-us format, not pt-br: ")
                .hasMessageContaining("Lagoa requests language pt-br");
    }

    @Test
    void refusesATruncatedBody() {
        b3.stubFor(get(urlEqualTo(PAGE_1)).willReturn(json(Arrays.copyOf(Fixtures.bytes(PT_BR_2022), 8000))));

        assertThatThrownBy(() -> client().fetch(DAY))
                .hasMessageStartingWith("B3 answered truncated JSON: the body ends at character offset ")
                .hasMessageContaining("(8000 bytes received)");
    }

    @Test
    void decodesAnIso88591BodyAsItsContentTypeDeclares() {
        b3.stubFor(get(urlEqualTo(PAGE_1)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json;charset=ISO-8859-1")
                .withBody(Fixtures.restoredPtBr2022(StandardCharsets.ISO_8859_1))));

        PortfolioDay day = client().fetch(DAY);

        assertThat(day.header().text()).isEqualTo("Quantidade Teórica Total");
        assertThat(day.results().get(0).segment()).isEqualTo("Bens Indls / Máqs e Equips");
        assertThat(day.textDamaged()).isFalse();
        assertThat(new PortfolioValidator().validate(day)).isEmpty();
    }

    @Test
    void waitsWhatRetryAfterAsksOnA429ThenSucceeds() {
        b3.stubFor(get(urlEqualTo(PAGE_1)).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2").withBody("Too Many Requests"))
                .willSetStateTo("served"));
        b3.stubFor(get(urlEqualTo(PAGE_1)).inScenario("429").whenScenarioStateIs("served").willReturn(json(Fixtures.bytes(PT_BR_2022))));

        PortfolioDay day = client().fetch(DAY);

        assertThat(day.results()).hasSize(92);
        assertThat(day.responses().get(0).attempts()).isEqualTo(2);
        assertThat(slept).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void backsOffAfterA500ThenSucceeds() {
        b3.stubFor(get(urlEqualTo(PAGE_1)).inScenario("500").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("Internal Server Error")).willSetStateTo("served"));
        b3.stubFor(get(urlEqualTo(PAGE_1)).inScenario("500").whenScenarioStateIs("served").willReturn(json(Fixtures.bytes(PT_BR_2022))));

        PortfolioDay day = client().fetch(DAY);

        assertThat(day.results()).hasSize(92);
        // first retry: the initial backoff of 200 ms with equal jitter, so between 100 and 200 ms
        assertThat(slept).singleElement().satisfies(wait -> assertThat(wait).isBetween(Duration.ofMillis(100), Duration.ofMillis(200)));
    }

    @Test
    void triesAgainAfterATimeoutThenSucceeds() {
        b3.stubFor(get(urlEqualTo(PAGE_1)).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(Fixtures.bytes(PT_BR_2022)).withFixedDelay(5000)).willSetStateTo("served"));
        b3.stubFor(get(urlEqualTo(PAGE_1)).inScenario("slow").whenScenarioStateIs("served").willReturn(json(Fixtures.bytes(PT_BR_2022))));
        settings = settings.withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(1));

        PortfolioDay day = client().fetch(DAY);

        assertThat(day.results()).hasSize(92);
        assertThat(day.responses().get(0).attempts()).isEqualTo(2);
        assertThat(slept).hasSize(1);
    }

    @Test
    void failsWhenEveryAttemptTimesOut() {
        b3.stubFor(get(urlEqualTo(PAGE_1)).willReturn(json(Fixtures.bytes(PT_BR_2022)).withFixedDelay(5000)));
        settings = settings.withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(1));

        assertThatThrownBy(() -> client().fetch(DAY))
                .isInstanceOf(LagoaException.class)
                .hasMessage("B3 did not answer GET %s after 3 attempts: no answer within the request timeout PT1S (HttpTimeoutException)"
                        .formatted(base() + PAGE_1))
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(MarketErrorCode.SOURCE_UNAVAILABLE);
        // 200 ms then 400 ms, each with equal jitter
        assertThat(slept).hasSize(2);
        assertThat(slept.get(1)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void failsWhenEvery500IsRepeated() {
        b3.stubFor(get(urlEqualTo(PAGE_1)).willReturn(aResponse().withStatus(503).withBody("<html><body>Service Unavailable</body></html>")));

        assertThatThrownBy(() -> client().fetch(DAY))
                .hasMessage("B3 did not answer GET %s after 3 attempts: HTTP 503: <html><body>Service Unavailable</body></html>".formatted(base() + PAGE_1));
        b3.verify(3, getRequestedFor(urlEqualTo(PAGE_1)));
    }

    @Test
    void doesNotRetryA404() {
        b3.stubFor(get(urlPathMatching("/indexProxy/.*")).willReturn(aResponse().withStatus(404).withBody("Not Found")));

        assertThatThrownBy(() -> client().fetch("IBXX", DAY))
                .isInstanceOf(LagoaException.class)
                .hasMessage("B3 refused the portfolio of IBXX with HTTP 404: Not Found (GET %s)".formatted(
                        base() + B3PortfolioClient.pageUri(URI.create(""), "IBXX", 1)))
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(MarketErrorCode.SOURCE_REQUEST_REJECTED);
        b3.verify(1, getRequestedFor(urlPathMatching("/indexProxy/.*")));
        assertThat(slept).isEmpty();
    }

    @Test
    void refusesABodyLargerThanTheMaximum() {
        settings = settings.withMaxResponseBytes(10_000);
        b3.stubFor(get(urlEqualTo(PAGE_1)).willReturn(json(Fixtures.bytes(PT_BR_2022))));

        assertThatThrownBy(() -> client().fetch(DAY))
                .isInstanceOf(LagoaException.class)
                .hasMessage("B3 answered GET %s with a body larger than the maximum of 10000 bytes (it sent more); raise the max response bytes if this is expected"
                        .formatted(base() + PAGE_1))
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(MarketErrorCode.SOURCE_RESPONSE_INVALID);
        b3.verify(1, getRequestedFor(urlEqualTo(PAGE_1)));
    }

    @Test
    void refusesABodyThatDeclaresMoreThanTheMaximumBeforeReadingIt() {
        settings = settings.withMaxResponseBytes(10_000);
        b3.stubFor(get(urlEqualTo(PAGE_1)).willReturn(json(Fixtures.bytes(PT_BR_2022)).withHeader("Content-Length", "15276")));

        assertThatThrownBy(() -> client().fetch(DAY))
                .hasMessage("B3 answered GET %s with a body larger than the maximum of 10000 bytes (it declares 15276 bytes); raise the max response bytes if this is expected"
                        .formatted(base() + PAGE_1));
    }

    @Test
    void refusesAnInvalidIndexWithoutCallingB3() {
        assertThatThrownBy(() -> client().fetch("IB OV", DAY))
                .isInstanceOf(LagoaException.class)
                .hasMessage("Invalid B3 index code 'IB OV': it must be 2 to 12 upper-case letters or digits (IBOV, IBXX, SMLL)")
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(b3.getAllServeEvents()).isEmpty();
    }

    @Test
    void failsAfterItsAttemptsWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        settings = settings.withBaseUrl(URI.create("http://127.0.0.1:" + port));

        assertThatThrownBy(() -> client().fetch(DAY))
                .isInstanceOf(LagoaException.class)
                .hasMessageStartingWith("B3 did not answer GET http://127.0.0.1:%d%s after 3 attempts: connection refused".formatted(port, PAGE_1))
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(MarketErrorCode.SOURCE_UNAVAILABLE);
        assertThat(slept).hasSize(2);
    }
}
