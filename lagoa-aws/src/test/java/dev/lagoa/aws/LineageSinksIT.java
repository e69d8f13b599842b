package dev.lagoa.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lineage sinks against WireMock stubs of Amazon DataZone and of an OpenLineage endpoint (Marquez's API). */
class LineageSinksIT {
    private static final String DOMAIN = "dzd_4p9n6sw4qt9xgn";
    private static final String DATAZONE_PATH = "/v2/domains/" + DOMAIN + "/lineage/events";
    private static final String START = """
            {"eventType":"START","eventTime":"2025-07-10T02:00:00Z","producer":"https://lagoa.dev","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent","run":{"runId":"01981f3c-0000-7000-8000-000000000001"},"job":{"namespace":"lagoa","name":"importau.silver"},"inputs":[],"outputs":[]}""";
    private static final String COMPLETE = START.replace("START", "COMPLETE").replace("02:00:00", "02:01:00");

    private static WireMockServer server;

    @BeforeAll
    static void startStub() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    @AfterAll
    static void stopStub() {
        server.stop();
    }

    @BeforeEach
    void resetStub() {
        server.resetAll();
        server.stubFor(post(urlEqualTo(DATAZONE_PATH)).atPriority(10).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"domainId\":\"" + DOMAIN + "\",\"id\":\"evt-1\"}")));
        server.stubFor(post(urlEqualTo("/api/v1/lineage")).atPriority(10).willReturn(aResponse().withStatus(201)));
    }

    private static AwsConfig config() {
        return AwsConfig.defaults("sa-east-1").withEndpointOverride(URI.create(server.baseUrl())).withStaticCredentials("lagoa-access", "lagoa-secret");
    }

    @Test
    void dataZoneGetsEachEventAsTheBodyOfPostLineageEventWithATokenFromItsContent() {
        try (DataZoneLineageSink sink = DataZoneLineageSink.create(config(), DOMAIN)) {
            sink.send(List.of(START, COMPLETE));
        }

        var requests = server.findAll(postRequestedFor(urlEqualTo(DATAZONE_PATH)));
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).getBodyAsString()).isEqualTo(START);
        assertThat(requests.get(1).getBodyAsString()).isEqualTo(COMPLETE);
        assertThat(requests.get(0).getHeader("Client-Token")).isEqualTo(DataZoneLineageSink.clientToken(START)).hasSize(64)
                .isNotEqualTo(requests.get(1).getHeader("Client-Token"));
        assertThat(requests.get(0).getHeader("Authorization")).contains("Credential=lagoa-access/").contains("/datazone/aws4_request");
    }

    @Test
    void dataZoneThrottlingIsRetried() {
        server.stubFor(post(urlEqualTo(DATAZONE_PATH)).atPriority(1).inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("x-amzn-ErrorType", "ThrottlingException").withBody("{\"message\":\"Rate exceeded\"}"))
                .willSetStateTo("calm"));

        try (DataZoneLineageSink sink = DataZoneLineageSink.create(config(), DOMAIN)) {
            sink.send(List.of(START));
        }

        server.verify(2, postRequestedFor(urlEqualTo(DATAZONE_PATH)).withRequestBody(equalTo(START)));
    }

    @Test
    void dataZoneDeniedAccessNamesTheMissingPermissionAndWhatWasSent() {
        server.stubFor(post(urlEqualTo(DATAZONE_PATH)).atPriority(1).withRequestBody(equalTo(COMPLETE)).willReturn(aResponse().withStatus(403)
                .withHeader("x-amzn-ErrorType", "AccessDeniedException").withHeader("x-amzn-RequestId", "req-denied")
                .withBody("{\"message\":\"User is not authorized to perform: datazone:PostLineageEvent\"}")));

        try (DataZoneLineageSink sink = DataZoneLineageSink.create(config(), DOMAIN)) {
            assertThatThrownBy(() -> sink.send(List.of(START, COMPLETE)))
                    .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                    .hasMessageStartingWith("Cannot send lineage event 2 of 2 to DataZone domain " + DOMAIN
                            + ": User is not authorized to perform: datazone:PostLineageEvent (DataZone AccessDeniedException, HTTP 403")
                    .hasMessageContaining("the call needs the IAM action datazone:PostLineageEvent")
                    .hasMessageEndingWith("(1 sent before)");
        }
    }

    @Test
    void aDomainThatIsNotADataZoneIdentifierIsRefused() {
        assertThatThrownBy(() -> DataZoneLineageSink.create(config(), "my domain"))
                .isInstanceOf(LagoaException.class)
                .hasMessage("Invalid DataZone domain identifier 'my domain': the domain's id, such as dzd_4p9n6sw4qt9xgn");
    }

    @Test
    void anOpenLineageEndpointGetsEachEventPostedToApiV1LineageWithTheApiKey() {
        try (OpenLineageHttpSink sink = new OpenLineageHttpSink(URI.create(server.baseUrl() + "/"), Optional.of("s3cr3t"), Duration.ofMillis(10))) {
            sink.send(List.of(START, COMPLETE));
        }

        server.verify(1, postRequestedFor(urlEqualTo("/api/v1/lineage")).withRequestBody(equalToJson(START))
                .withHeader("Authorization", equalTo("Bearer s3cr3t")).withHeader("Content-Type", equalTo("application/json")));
        server.verify(1, postRequestedFor(urlEqualTo("/api/v1/lineage")).withRequestBody(equalToJson(COMPLETE)));
    }

    @Test
    void anOpenLineageEndpointThatIsBusyIsTriedAgainAndOneThatRefusesTheKeyIsNamed() {
        server.stubFor(post(urlEqualTo("/api/v1/lineage")).atPriority(1).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ready"));
        try (OpenLineageHttpSink sink = new OpenLineageHttpSink(URI.create(server.baseUrl()), Optional.empty(), Duration.ofMillis(10))) {
            sink.send(List.of(START));
        }
        server.verify(2, postRequestedFor(urlEqualTo("/api/v1/lineage")));

        server.stubFor(post(urlEqualTo("/api/v1/lineage")).atPriority(1).willReturn(aResponse().withStatus(401).withBody("invalid api key")));
        try (OpenLineageHttpSink sink = new OpenLineageHttpSink(URI.create(server.baseUrl()), Optional.of("wrong"), Duration.ofMillis(10))) {
            assertThatThrownBy(() -> sink.send(List.of(START)))
                    .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                    .hasMessage("Cannot send lineage event 1 of 1 to %s/api/v1/lineage: HTTP 401 invalid api key; check the API key (0 sent before)"
                            .formatted(server.baseUrl()))
                    .hasMessageNotContaining("wrong");
        }
    }
}
