package dev.lagoa.apiload.source;

import dev.lagoa.apiload.ApiLoadErrorCode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.lagoa.apiload.ApiLoader;
import dev.lagoa.apiload.EndpointDefinition;
import dev.lagoa.apiload.Pagination;
import dev.lagoa.apiload.WriteDisposition;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpSourceIT {
    private static WireMockServer server;
    /** Another origin (another port of the same host): it must never see the endpoint's credentials. */
    private static WireMockServer other;
    private final HttpSource source = new HttpSource(Map.of("API_TOKEN", "s3cr3t"), 3, Duration.ofMillis(10), Duration.ofSeconds(10), 1024 * 1024);

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        other = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        other.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        other.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
        other.resetAll();
    }

    private EndpointDefinition withCredentials(EndpointDefinition endpoint) {
        return endpoint.withHeaders(Map.of("Authorization", "Bearer ${env:API_TOKEN}", "X-Api-Key", "${env:API_TOKEN}"));
    }

    private EndpointDefinition endpoint(String path) {
        return EndpointDefinition.of("things", server.baseUrl() + path, WriteDisposition.MERGE, List.of("id"));
    }

    private List<String> fetch(EndpointDefinition endpoint, Optional<String> cursor) {
        return fetch(source, endpoint, cursor, new ArrayList<>());
    }

    /** The pages the source hands over, as text, added to {@code pages}. */
    private static List<String> fetch(HttpSource from, EndpointDefinition endpoint, Optional<String> cursor, List<String> pages) {
        from.fetch(endpoint, cursor, new ApiLoader.PageSink() {
            @Override
            public void accept(byte[] body) {
                pages.add(new String(body, StandardCharsets.UTF_8));
            }

            @Override
            public void accept(Path body) {
                try {
                    pages.add(Files.readString(body));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        return pages;
    }

    @Test
    void pageNumberPaginationStopsAtTheEmptyPageAndSendsSecretHeaders() {
        server.stubFor(get(urlPathEqualTo("/things")).withQueryParam("page", equalTo("1")).willReturn(okJson("{\"data\":[{\"id\":1},{\"id\":2}]}")));
        server.stubFor(get(urlPathEqualTo("/things")).withQueryParam("page", equalTo("2")).willReturn(okJson("{\"data\":[{\"id\":3}]}")));
        server.stubFor(get(urlPathEqualTo("/things")).withQueryParam("page", equalTo("3")).willReturn(okJson("{\"data\":[]}")));
        EndpointDefinition endpoint = endpoint("/things").withRecordsPath("/data")
                .withPagination(new Pagination.PageNumber("page", "per_page", 2, 1))
                .withHeaders(Map.of("Authorization", "Bearer ${env:API_TOKEN}"));

        assertThat(fetch(endpoint, Optional.empty())).containsExactly("{\"data\":[{\"id\":1},{\"id\":2}]}", "{\"data\":[{\"id\":3}]}", "{\"data\":[]}");
        server.verify(3, getRequestedFor(urlPathEqualTo("/things")).withHeader("Authorization", equalTo("Bearer s3cr3t"))
                .withQueryParam("per_page", equalTo("2")));
    }

    @Test
    void offsetPaginationCountsTheRecordsReceived() {
        server.stubFor(get(urlPathEqualTo("/o")).withQueryParam("offset", equalTo("0")).willReturn(okJson("[{\"id\":1},{\"id\":2}]")));
        server.stubFor(get(urlPathEqualTo("/o")).withQueryParam("offset", equalTo("2")).willReturn(okJson("[]")));

        assertThat(fetch(endpoint("/o").withPagination(new Pagination.Offset("offset", "limit", 2)), Optional.empty())).hasSize(2);
    }

    @Test
    void cursorPaginationAndTheIncrementalCursor() {
        server.stubFor(get(urlPathEqualTo("/c")).withQueryParam("since", equalTo("2025-01-01")).withQueryParam("cursor", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .willReturn(okJson("{\"items\":[{\"id\":1}],\"next\":\"abc\"}")));
        server.stubFor(get(urlPathEqualTo("/c")).withQueryParam("cursor", equalTo("abc"))
                .willReturn(okJson("{\"items\":[{\"id\":2}],\"next\":null}")));
        EndpointDefinition endpoint = endpoint("/c").withRecordsPath("/items").withPagination(new Pagination.Cursor("cursor", "/next"))
                .withIncremental(new EndpointDefinition.Incremental("updated_at", "since", Optional.empty()));

        assertThat(fetch(endpoint, Optional.of("2025-01-01"))).containsExactly("{\"items\":[{\"id\":1}],\"next\":\"abc\"}",
                "{\"items\":[{\"id\":2}],\"next\":null}");
    }

    @Test
    void linkHeaderPagination() {
        server.stubFor(get(urlPathEqualTo("/l")).withQueryParam("p", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .willReturn(okJson("[{\"id\":1}]").withHeader("Link", "<" + server.baseUrl() + "/l?p=2>; rel=\"next\", <" + server.baseUrl()
                        + "/l?p=2>; rel=\"last\"")));
        server.stubFor(get(urlPathEqualTo("/l")).withQueryParam("p", equalTo("2")).willReturn(okJson("[{\"id\":2}]")));

        assertThat(fetch(endpoint("/l").withPagination(new Pagination.LinkHeader()), Optional.empty())).containsExactly("[{\"id\":1}]", "[{\"id\":2}]");
    }

    @Test
    void http500ThenSuccessIsRetried() {
        server.stubFor(get(urlPathEqualTo("/flaky")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("boom")).willSetStateTo("recovered"));
        server.stubFor(get(urlPathEqualTo("/flaky")).inScenario("flaky").whenScenarioStateIs("recovered").willReturn(okJson("[{\"id\":1}]")));

        assertThat(fetch(endpoint("/flaky"), Optional.empty())).containsExactly("[{\"id\":1}]");
        server.verify(2, getRequestedFor(urlPathEqualTo("/flaky")));
    }

    @Test
    void clientErrorsFailAtOnceAndPersistent5xxAfterTheRetries() {
        server.stubFor(get(urlPathEqualTo("/gone")).willReturn(aResponse().withStatus(404).withBody("{\"error\":\"not found\"}")));
        server.stubFor(get(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> fetch(endpoint("/gone"), Optional.empty()))
                .isInstanceOf(LagoaException.class)
                .hasMessage("Endpoint things: %s/gone answered HTTP 404: {\"error\":\"not found\"}", server.baseUrl());
        assertThatThrownBy(() -> fetch(endpoint("/down"), Optional.empty()))
                .isInstanceOf(LagoaException.class)
                .hasMessage("Endpoint things: %s/down failed 4 times, last: HTTP 503", server.baseUrl())
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(ApiLoadErrorCode.SOURCE_ERROR);
        server.verify(1, getRequestedFor(urlPathEqualTo("/gone")));
    }
    @Test
    void aLinkHeaderToAnotherOriginIsFollowedWithoutTheEndpointsHeaders() {
        server.stubFor(get(urlPathEqualTo("/l")).willReturn(okJson("[{\"id\":1}]").withHeader("Link", "<" + other.baseUrl() + "/l?p=2>; rel=\"next\"")));
        other.stubFor(get(urlPathEqualTo("/l")).withQueryParam("p", equalTo("2")).willReturn(okJson("[{\"id\":2}]")));

        assertThat(fetch(withCredentials(endpoint("/l").withPagination(new Pagination.LinkHeader())), Optional.empty()))
                .containsExactly("[{\"id\":1}]", "[{\"id\":2}]");
        server.verify(1, getRequestedFor(urlPathEqualTo("/l")).withHeader("Authorization", equalTo("Bearer s3cr3t"))
                .withHeader("X-Api-Key", equalTo("s3cr3t")));
        other.verify(1, getRequestedFor(urlPathEqualTo("/l")).withoutHeader("Authorization").withoutHeader("X-Api-Key"));
    }

    @Test
    void aRedirectToAnotherOriginIsFollowedWithoutTheEndpointsHeaders() {
        server.stubFor(get(urlPathEqualTo("/moved")).willReturn(aResponse().withStatus(302).withHeader("Location", other.baseUrl() + "/here")));
        other.stubFor(get(urlPathEqualTo("/here")).willReturn(okJson("[{\"id\":1}]")));

        assertThat(fetch(withCredentials(endpoint("/moved")), Optional.empty())).containsExactly("[{\"id\":1}]");
        server.verify(1, getRequestedFor(urlPathEqualTo("/moved")).withHeader("Authorization", equalTo("Bearer s3cr3t")));
        other.verify(1, getRequestedFor(urlPathEqualTo("/here")).withoutHeader("Authorization").withoutHeader("X-Api-Key"));
    }

    @Test
    void aRedirectWithinTheOriginKeepsTheEndpointsHeaders() {
        server.stubFor(get(urlPathEqualTo("/old")).willReturn(aResponse().withStatus(301).withHeader("Location", "/new")));
        server.stubFor(get(urlPathEqualTo("/new")).willReturn(okJson("[{\"id\":1}]")));

        assertThat(fetch(withCredentials(endpoint("/old")), Optional.empty())).containsExactly("[{\"id\":1}]");
        server.verify(1, getRequestedFor(urlPathEqualTo("/new")).withHeader("Authorization", equalTo("Bearer s3cr3t"))
                .withHeader("X-Api-Key", equalTo("s3cr3t")));
    }

    @Test
    void anApiThatIgnoresThePageParameterStopsAtTheRepeatedPage() {
        // Pages 1 and 2 answer the same body: the API ignores "page" (or clamps it); page 3 would end the pagination.
        server.stubFor(get(urlPathEqualTo("/same")).willReturn(okJson("{\"data\":[{\"id\":1},{\"id\":2}]}")));
        server.stubFor(get(urlPathEqualTo("/same")).withQueryParam("page", equalTo("3")).willReturn(okJson("{\"data\":[]}")));
        EndpointDefinition endpoint = endpoint("/same").withRecordsPath("/data").withPagination(new Pagination.PageNumber("page", "per_page", 2, 1));
        List<String> pages = new ArrayList<>();

        assertThatThrownBy(() -> fetch(source, endpoint, Optional.empty(), pages))
                .isInstanceOf(LagoaException.class)
                .hasMessage("Endpoint things: page 2 (%s/same) is the same as page 1 (same SHA-256): the API ignores the pagination "
                        + "parameter or repeats its last page, so the pages may not cover all records; check the endpoint's pagination",
                        server.baseUrl())
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(ApiLoadErrorCode.REPEATED_PAGE);
        assertThat(pages).hasSize(1);
        server.verify(2, getRequestedFor(urlPathEqualTo("/same")));
    }
    @Test
    void aResponseLargerThanTheCapFailsWithAClearErrorAndIsNotHandedOver() {
        HttpSource capped = new HttpSource(Map.of(), 0, Duration.ofMillis(10), Duration.ofSeconds(10), 1000);
        server.stubFor(get(urlPathEqualTo("/big")).willReturn(okJson("[" + "{\"id\":1},".repeat(200) + "{\"id\":2}]")));
        server.stubFor(get(urlPathEqualTo("/fits")).willReturn(okJson("[{\"id\":1}]")));
        List<String> pages = new ArrayList<>();

        assertThatThrownBy(() -> fetch(capped, endpoint("/big"), Optional.empty(), pages))
                .isInstanceOf(LagoaException.class)
                .hasMessage("Endpoint things: the response of %s/big has more than 1000 bytes, more than apiload.max-response-mb allows (1000 bytes); "
                        + "raise it, or ask for smaller pages", server.baseUrl())
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(ApiLoadErrorCode.RESPONSE_TOO_LARGE);
        assertThat(pages).isEmpty();
        assertThat(fetch(capped, endpoint("/fits"), Optional.empty(), pages)).containsExactly("[{\"id\":1}]");
    }

    @Test
    void aResponseThatDeclaresALengthOverTheCapIsRefusedBeforeItIsRead() {
        HttpSource capped = new HttpSource(Map.of(), 0, Duration.ofMillis(10), Duration.ofSeconds(10), 1000);
        server.stubFor(get(urlPathEqualTo("/declared")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("Content-Length", "1810").withBody("[" + "{\"id\":1},".repeat(200) + "{\"id\":2}]")));

        assertThatThrownBy(() -> fetch(capped, endpoint("/declared"), Optional.empty(), new ArrayList<>()))
                .isInstanceOf(LagoaException.class)
                .hasMessage("Endpoint things: the response of %s/declared declares 1810 bytes, more than apiload.max-response-mb allows "
                        + "(1000 bytes); raise it, or ask for smaller pages", server.baseUrl());
    }

    @Test
    void aMaintenancePageServedWith200FailsTheFetchEveryTimeAndIsNotHandedOver() {
        server.stubFor(get(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("\n<!DOCTYPE html>\n<html><head><title>Em manutenção</title></head><body>Voltamos em breve</body></html>")));
        List<String> pages = new ArrayList<>();

        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThatThrownBy(() -> fetch(source, endpoint("/down"), Optional.empty(), pages))
                    .isInstanceOf(LagoaException.class)
                    .hasMessage("Endpoint things: %s/down answered with text/html; charset=utf-8, not JSON: <!DOCTYPE html> <html><head><title>Em "
                            + "manutenção</title></head><body>Voltamos em...; nothing was loaded", server.baseUrl())
                    .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(ApiLoadErrorCode.SOURCE_ERROR);
        }
        assertThat(pages).isEmpty();
    }

    @Test
    void aRefusedConnectionIsDescribedWithoutJavaClassNames() throws IOException {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        HttpSource once = new HttpSource(Map.of(), 0, Duration.ofMillis(10), Duration.ofSeconds(10), 1024);
        EndpointDefinition closed = EndpointDefinition.of("things", "http://127.0.0.1:" + port + "/x", WriteDisposition.MERGE, List.of("id"));

        assertThatThrownBy(() -> fetch(once, closed, Optional.empty(), new ArrayList<>()))
                .hasMessage("Endpoint things: http://127.0.0.1:%d/x failed 1 time, last: connection refused", port)
                .hasMessageNotContaining("Exception");
    }
}
