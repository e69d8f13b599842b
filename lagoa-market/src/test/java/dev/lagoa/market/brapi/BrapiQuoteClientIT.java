package dev.lagoa.market.brapi;

import dev.lagoa.market.MarketErrorCode;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.lagoa.market.Fixtures.BRAPI_1MO_2025;
import static dev.lagoa.market.Fixtures.BRAPI_2026;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.market.Fixtures;
import dev.lagoa.market.Problem;
import dev.lagoa.market.http.RawResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The BRAPI client against a WireMock stub that serves the recorded answers at the real API's paths. */
class BrapiQuoteClientIT {
    private static final String TOKEN = "lagoaTestToken123";
    private static final Instant NOW = Instant.parse("2025-07-22T12:00:00Z");
    private static final String BOTH = "/api/quote/PETR4,VALE3";

    private static WireMockServer brapi;

    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private BrapiClientSettings settings;

    @BeforeAll
    static void startStub() {
        brapi = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        brapi.start();
    }

    @AfterAll
    static void stopStub() {
        brapi.stop();
    }

    @BeforeEach
    void reset() {
        brapi.resetAll();
        slept.clear();
        settings = BrapiClientSettings.defaults()
                .withBaseUrl(URI.create(base()))
                .withToken(TOKEN)
                // generous, so that no test but the timeouts' depends on how busy the machine is
                .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60))
                .withRetries(3, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    private static String base() {
        return "http://127.0.0.1:" + brapi.port();
    }

    private BrapiQuoteClient client() {
        return new BrapiQuoteClient(settings, Clock.fixed(NOW, ZoneOffset.UTC), slept::add);
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    private static ResponseDefinitionBuilder json(byte[] body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    @Test
    void fetchesAMonthOfDailyBarsOfTheFreeTickersWithoutTheToken() {
        brapi.stubFor(get(urlPathEqualTo(BOTH)).withQueryParam("range", equalTo("1mo")).withQueryParam("interval", equalTo("1d"))
                .withQueryParam("token", absent()).willReturn(json(Fixtures.bytes(BRAPI_1MO_2025))));

        QuoteFetch fetch = client().fetch(List.of("petr4", "VALE3"));

        assertThat(fetch.tickers()).containsExactly("PETR4", "VALE3");
        assertThat(fetch.response().results()).extracting(quote -> quote.historicalDataPrice().size()).containsExactly(21, 21);
        assertThat(fetch.raw().url()).isEqualTo(base() + BOTH + "?range=1mo&interval=1d");
        assertThat(fetch.raw().body()).isEqualTo(Fixtures.bytes(BRAPI_1MO_2025));
        assertThat(fetch.collectedAt()).isEqualTo(NOW);
        assertThat(new QuoteValidator(Clock.fixed(NOW, ZoneOffset.UTC)).validate(fetch)).isEmpty();
    }

    @Test
    void readsTheCompleteAnswerWithTookAndNulls() {
        brapi.stubFor(get(urlPathEqualTo("/api/quote/PETR4")).willReturn(json(Fixtures.bytes(BRAPI_2026))));

        QuoteFetch fetch = client().fetch(List.of("PETR4"));

        assertThat(fetch.response().took()).isEqualTo(Duration.ofMillis(5));
        assertThat(fetch.response().results().get(0).marketCap()).isNull();
    }

    @Test
    void sendsTheTokenForOtherTickersAndNeverShowsIt() {
        brapi.stubFor(get(urlPathEqualTo("/api/quote/BBAS3")).withQueryParam("token", equalTo(TOKEN)).willReturn(json(Fixtures.bytes(BRAPI_2026))));

        QuoteFetch fetch = client().fetch(List.of("BBAS3"));

        assertThat(fetch.raw().url()).isEqualTo(base() + "/api/quote/BBAS3?range=1mo&interval=1d&token=******");
        assertThat(fetch.toString()).doesNotContain(TOKEN);
        assertThat(settings.toString()).doesNotContain(TOKEN).contains("token=******");
        brapi.verify(getRequestedFor(urlPathEqualTo("/api/quote/BBAS3")).withQueryParam("token", equalTo(TOKEN)));
    }

    @Test
    void mapsAnUnauthorizedAnswerWithoutShowingTheToken() {
        brapi.stubFor(get(urlPathEqualTo("/api/quote/BBAS3")).willReturn(json(401,
                "{\"error\":true,\"message\":\"O seu token é inválido: " + TOKEN + "\"}")));

        assertThatThrownBy(() -> client().fetch(List.of("BBAS3")))
                .isInstanceOf(LagoaException.class)
                .hasMessage("BRAPI refused the quotes of BBAS3 with HTTP 401 (unauthorized): O seu token é inválido: ******; check brapi.token "
                        + "(GET %s/api/quote/BBAS3?range=1mo&interval=1d&token=******)".formatted(base()))
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(MarketErrorCode.SOURCE_REQUEST_REJECTED);
    }

    @Test
    void saysThatATokenIsNeededWhenNoneIsSet() {
        settings = BrapiClientSettings.defaults().withBaseUrl(URI.create(base()));
        brapi.stubFor(get(urlPathEqualTo("/api/quote/BBAS3")).willReturn(json(401,
                "{\"error\":true,\"message\":\"Você precisa de um token para acessar este ativo\"}")));

        assertThatThrownBy(() -> client().fetch(List.of("BBAS3")))
                .hasMessage("BRAPI refused the quotes of BBAS3 with HTTP 401 (unauthorized): Você precisa de um token para acessar este ativo; "
                        + "tickers other than ITUB4, MGLU3, PETR4, VALE3 need a token: set brapi.token (GET %s/api/quote/BBAS3?range=1mo&interval=1d)".formatted(base()));
    }

    @Test
    void mapsBadRequestPlanLimitAndNotFound() {
        brapi.stubFor(get(urlPathEqualTo("/api/quote/PETR4")).willReturn(json(400, "{\"error\":true,\"message\":\"Parâmetro range inválido\"}")));
        brapi.stubFor(get(urlPathEqualTo("/api/quote/VALE3")).willReturn(json(402, "{\"error\":true,\"message\":\"Limite de requisições do plano atingido\"}")));
        brapi.stubFor(get(urlPathEqualTo("/api/quote/PETR9")).willReturn(json(404, "{\"error\":true,\"message\":\"Não encontramos a ação PETR9\"}")));

        assertThatThrownBy(() -> client().fetch(List.of("PETR4")))
                .hasMessageStartingWith("BRAPI refused the quotes of PETR4 with HTTP 400 (bad request): Parâmetro range inválido (GET ");
        assertThatThrownBy(() -> client().fetch(List.of("VALE3")))
                .hasMessageStartingWith("BRAPI refused the quotes of VALE3 with HTTP 402 (payment required: the plan's limit is reached): "
                        + "Limite de requisições do plano atingido (GET ");
        assertThatThrownBy(() -> client().fetch(List.of("PETR9")))
                .hasMessageStartingWith("BRAPI refused the quotes of PETR9 with HTTP 404 (not found: BRAPI knows no such ticker): Não encontramos a ação PETR9 (GET ")
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(MarketErrorCode.SOURCE_REQUEST_REJECTED);
        assertThat(slept).isEmpty();
    }

    @Test
    void waitsWhatRetryAfterAsksOnA429ThenSucceeds() {
        brapi.stubFor(get(urlPathEqualTo(BOTH)).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(429, "{\"error\":true,\"message\":\"Too many requests\"}").withHeader("Retry-After", "3")).willSetStateTo("served"));
        brapi.stubFor(get(urlPathEqualTo(BOTH)).inScenario("429").whenScenarioStateIs("served").willReturn(json(Fixtures.bytes(BRAPI_1MO_2025))));

        QuoteFetch fetch = client().fetch(List.of("PETR4", "VALE3"));

        assertThat(fetch.response().results()).hasSize(2);
        assertThat(fetch.raw().attempts()).isEqualTo(2);
        assertThat(slept).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void stopsWhenRetryAfterAsksForMoreThanTheMaxBackoff() {
        brapi.stubFor(get(urlPathEqualTo("/api/quote/BBAS3")).willReturn(json(429, "{\"message\":\"Too many requests\"}").withHeader("Retry-After", "3600")));

        assertThatThrownBy(() -> client().fetch(List.of("BBAS3")))
                .isInstanceOf(LagoaException.class)
                .hasMessage(("BRAPI answered GET %s/api/quote/BBAS3?range=1mo&interval=1d&token=****** with HTTP 429: {\"message\":\"Too many requests\"} "
                        + "and asks to wait PT1H (Retry-After), longer than the max backoff PT5S").formatted(base()))
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(MarketErrorCode.SOURCE_UNAVAILABLE);
        assertThat(slept).isEmpty();
    }

    @Test
    void failsAfterItsAttemptsWhen429sGoOnWithoutShowingTheToken() {
        brapi.stubFor(get(urlPathEqualTo("/api/quote/BBAS3")).willReturn(json(429, "{\"message\":\"Too many requests\"}")));

        assertThatThrownBy(() -> client().fetch(List.of("BBAS3")))
                .hasMessage("BRAPI did not answer GET %s/api/quote/BBAS3?range=1mo&interval=1d&token=****** after 3 attempts: HTTP 429: {\"message\":\"Too many requests\"}"
                        .formatted(base()));
        assertThat(slept).hasSize(2);
    }

    @Test
    void backsOffAfterA500ThenSucceeds() {
        brapi.stubFor(get(urlPathEqualTo(BOTH)).inScenario("500").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("served"));
        brapi.stubFor(get(urlPathEqualTo(BOTH)).inScenario("500").whenScenarioStateIs("served").willReturn(json(Fixtures.bytes(BRAPI_1MO_2025))));

        assertThat(client().fetch(List.of("PETR4", "VALE3")).response().results()).hasSize(2);
        assertThat(slept).singleElement().satisfies(wait -> assertThat(wait).isBetween(Duration.ofMillis(100), Duration.ofMillis(200)));
    }

    @Test
    void triesAgainAfterATimeoutThenSucceedsAndFailsWhenAllTimeOut() {
        brapi.stubFor(get(urlPathEqualTo(BOTH)).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(Fixtures.bytes(BRAPI_1MO_2025)).withFixedDelay(5000)).willSetStateTo("served"));
        brapi.stubFor(get(urlPathEqualTo(BOTH)).inScenario("slow").whenScenarioStateIs("served").willReturn(json(Fixtures.bytes(BRAPI_1MO_2025))));

        settings = settings.withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(1));
        assertThat(client().fetch(List.of("PETR4", "VALE3")).raw().attempts()).isEqualTo(2);

        brapi.stubFor(get(urlPathEqualTo("/api/quote/BBAS3")).willReturn(json(Fixtures.bytes(BRAPI_2026)).withFixedDelay(5000)));
        assertThatThrownBy(() -> client().fetch(List.of("BBAS3")))
                .hasMessage("BRAPI did not answer GET %s/api/quote/BBAS3?range=1mo&interval=1d&token=****** after 3 attempts: no answer within the request timeout PT1S (HttpTimeoutException)"
                        .formatted(base()))
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(MarketErrorCode.SOURCE_UNAVAILABLE);
    }

    @Test
    void refusesAnHtmlPageWith200ATruncatedBodyAndAnOversizedOne() {
        brapi.stubFor(get(urlPathEqualTo("/api/quote/PETR4")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>")));
        brapi.stubFor(get(urlPathEqualTo("/api/quote/VALE3")).willReturn(json(Arrays.copyOf(Fixtures.bytes(BRAPI_1MO_2025), 4000))));
        List<RawResponse> received = new ArrayList<>();

        assertThatThrownBy(() -> client().fetch(List.of("PETR4"), "1mo", "1d", received::add))
                .hasMessage("BRAPI answered 200 with text/html, not JSON: <!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html> "
                        + "(GET %s/api/quote/PETR4?range=1mo&interval=1d)".formatted(base()));
        assertThat(received).singleElement().extracting(RawResponse::statusCode).isEqualTo(200);
        assertThatThrownBy(() -> client().fetch(List.of("VALE3")))
                .hasMessageStartingWith("BRAPI answered truncated JSON: the body ends at character offset ")
                .hasMessageContaining("(4000 bytes received)");

        settings = settings.withMaxResponseBytes(1000);
        brapi.stubFor(get(urlPathEqualTo(BOTH)).willReturn(json(Fixtures.bytes(BRAPI_1MO_2025))));
        assertThatThrownBy(() -> client().fetch(List.of("PETR4", "VALE3")))
                .hasMessageStartingWith("BRAPI answered GET %s with a body larger than the maximum of 1000 bytes".formatted(base() + BOTH + "?range=1mo&interval=1d"));
    }

    @Test
    void emptyResultsAreAHardProblem() {
        brapi.stubFor(get(urlPathEqualTo("/api/quote/PETR4")).willReturn(json(200, "{\"results\":[],\"requestedAt\":\"2026-04-25T16:14:22.465Z\",\"took\":\"8ms\"}")));

        QuoteFetch fetch = client().fetch(List.of("PETR4"));

        assertThat(fetch.response().took()).isEqualTo(Duration.ofMillis(8));
        assertThat(new QuoteValidator(Clock.fixed(NOW, ZoneOffset.UTC)).validate(fetch)).extracting(Problem::toString)
                .containsExactly("HARD results: BRAPI answered no results for PETR4", "HARD results: BRAPI answered no result for the requested PETR4");
    }

    @Test
    void decodesAnIso88591BodyAsItsContentTypeDeclares() {
        String body = Fixtures.text(BRAPI_2026);
        brapi.stubFor(get(urlPathEqualTo("/api/quote/PETR4")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=ISO-8859-1").withBody(body.getBytes(StandardCharsets.ISO_8859_1))));

        QuoteFetch fetch = client().fetch(List.of("PETR4"));

        assertThat(fetch.response().results().get(0).longName()).isEqualTo("Petróleo Brasileiro S.A. - Petrobras");
        assertThat(fetch.raw().decode().malformed()).isFalse();
    }

    @Test
    void refusesATickerWithSpacesAndUnknownRangesWithoutCallingBrapi() {
        assertThatThrownBy(() -> client().fetch(List.of("PETR 4")))
                .isInstanceOf(LagoaException.class)
                .hasMessage("Invalid ticker 'PETR 4': it must be 4 to 6 letters and digits, without spaces (PETR4, TAEE11)")
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        for (String spaced : List.of("PETR4 ", " PETR4", "PETR4\t", "PETR4\u00a0")) {
            assertThatThrownBy(() -> client().fetch(List.of(spaced)))
                    .as("a ticker with a space around it (%s) is refused as one with a space inside", spaced)
                    .isInstanceOf(LagoaException.class)
                    .hasMessage("Invalid ticker '%s': it must be 4 to 6 letters and digits, without spaces (PETR4, TAEE11)", spaced);
        }
        assertThatThrownBy(() -> client().fetch(List.of("PETR4"), "2mo", "1d", response -> { }))
                .hasMessage("Invalid BRAPI range '2mo': use one of 10y, 1d, 1mo, 1y, 2y, 3mo, 5d, 5y, 6mo, max, ytd");
        assertThat(brapi.getAllServeEvents()).isEmpty();
    }
}
