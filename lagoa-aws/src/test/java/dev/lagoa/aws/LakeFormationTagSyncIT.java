package dev.lagoa.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.lagoa.aws.LakeFormationStub.error;
import static dev.lagoa.aws.LakeFormationStub.operation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TagSync.TableTags;
import dev.lagoa.core.catalog.TagSync.TagChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the LF-Tag sync sends to Lake Formation, checked on the requests that {@link LakeFormationStub} (a stateful stub
 * on 127.0.0.1) receives: the REST paths and JSON bodies of the SDK, one value per key and resource, idempotent
 * second runs, dry runs that only read, throttling retried and denied access named with its permission.
 */
class LakeFormationTagSyncIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LakeFormationStub STUB = new LakeFormationStub();
    private static final TableName CLIENTES = TableName.of("lagoa_importau", "clientes");
    private static final Map<String, Set<String>> VOCABULARY = Map.of(
            "lagoa_pii", Set.of("none", "cpf", "email"),
            "lagoa_business", Set.of("core-domain", "bi"),
            "lagoa_layer", Set.of("bronze", "silver"));

    private static WireMockServer lakeFormation;
    private LakeFormationTagSync sync;

    @BeforeAll
    static void startStub() {
        lakeFormation = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(STUB));
        lakeFormation.start();
    }

    @AfterAll
    static void stopStub() {
        lakeFormation.stop();
    }

    @BeforeEach
    void createSync() {
        STUB.reset(lakeFormation);
        STUB.tables.add(CLIENTES.toString());
        sync = LakeFormationTagSync.create(config());
    }

    @AfterEach
    void closeSync() {
        sync.close();
    }

    private static AwsConfig config() {
        return AwsConfig.defaults("sa-east-1").withEndpointOverride(URI.create(lakeFormation.baseUrl())).withStaticCredentials("lagoa-access", "lagoa-secret");
    }

    /** clientes: a bronze Core Domain table without PII but for its cpf and email columns. */
    private static TableTags clientes() {
        return new TableTags(CLIENTES, Map.of("lagoa_layer", "bronze", "lagoa_business", "core-domain", "lagoa_pii", "none"),
                Map.of("cpf", Map.of("lagoa_pii", "cpf"), "email", Map.of("lagoa_pii", "email")));
    }

    @Test
    void aFirstSyncCreatesTheKeysAndAssignsTheTagsToTheTableAndItsColumns() {
        List<TagChange> changes = sync.sync(VOCABULARY, List.of(clientes()), false);

        assertThat(requests("CreateLFTag")).extracting(request -> body(request).path("TagKey").asText())
                .containsExactly("lagoa_business", "lagoa_layer", "lagoa_pii");
        assertThat(body(requests("CreateLFTag").get(2))).isEqualTo(json("{\"TagKey\":\"lagoa_pii\",\"TagValues\":[\"cpf\",\"email\",\"none\"]}"));
        List<JsonNode> added = requests("AddLFTagsToResource").stream().map(LakeFormationTagSyncIT::body).toList();
        assertThat(added).hasSize(3);
        assertThat(added.get(0)).isEqualTo(json("""
                {"Resource":{"Table":{"DatabaseName":"lagoa_importau","Name":"clientes"}},
                 "LFTags":[{"TagKey":"lagoa_business","TagValues":["core-domain"]},{"TagKey":"lagoa_layer","TagValues":["bronze"]},
                           {"TagKey":"lagoa_pii","TagValues":["none"]}]}"""));
        assertThat(added.get(1)).isEqualTo(json("""
                {"Resource":{"TableWithColumns":{"DatabaseName":"lagoa_importau","Name":"clientes","ColumnNames":["cpf"]}},
                 "LFTags":[{"TagKey":"lagoa_pii","TagValues":["cpf"]}]}"""));
        assertThat(requests("GetResourceLFTags")).singleElement().satisfies(request -> assertThat(body(request)).isEqualTo(json("""
                {"Resource":{"Table":{"DatabaseName":"lagoa_importau","Name":"clientes"}},"ShowAssignedLFTags":true}""")));
        assertThat(STUB.assigned).containsEntry("lagoa_importau.clientes.email", Map.of("lagoa_pii", "email"))
                .containsEntry("lagoa_importau.clientes", Map.of("lagoa_business", "core-domain", "lagoa_layer", "bronze", "lagoa_pii", "none"));
        assertThat(changes).map(TagChange::toString).contains("create LF-Tag lagoa_pii with values cpf,email,none",
                "assign lagoa_pii=cpf to lagoa_importau.clientes.cpf");
    }

    @Test
    void aSecondSyncOnlyReads() {
        sync.sync(VOCABULARY, List.of(clientes()), false);
        lakeFormation.resetRequests();

        List<TagChange> changes = sync.sync(VOCABULARY, List.of(clientes()), false);

        assertThat(changes).isEmpty();
        assertThat(lakeFormation.getAllServeEvents()).map(event -> event.getRequest().getUrl())
                .containsOnly("/GetLFTag", "/GetResourceLFTags");
    }

    @Test
    void tagsNoLongerWantedAreRemovedValuesReplacedAndOtherKeysLeftAlone() {
        sync.sync(VOCABULARY, List.of(clientes()), false);
        STUB.keys.put("team", new TreeSet<>(Set.of("vendas")));
        STUB.assigned.get("lagoa_importau.clientes").put("team", "vendas");
        lakeFormation.resetRequests();
        TableTags now = new TableTags(CLIENTES, Map.of("lagoa_layer", "silver", "lagoa_pii", "none"), Map.of("cpf", Map.of("lagoa_pii", "cpf")));

        List<TagChange> changes = sync.sync(VOCABULARY, List.of(now), false);

        assertThat(changes).map(TagChange::toString).containsExactly(
                "remove lagoa_business=core-domain from lagoa_importau.clientes",
                "assign lagoa_layer=silver to lagoa_importau.clientes",
                "remove lagoa_pii=email from lagoa_importau.clientes.email");
        assertThat(body(requests("RemoveLFTagsFromResource").get(1))).isEqualTo(json("""
                {"Resource":{"TableWithColumns":{"DatabaseName":"lagoa_importau","Name":"clientes","ColumnNames":["email"]}},
                 "LFTags":[{"TagKey":"lagoa_pii","TagValues":["email"]}]}"""));
        assertThat(STUB.assigned.get("lagoa_importau.clientes")).isEqualTo(Map.of("lagoa_layer", "silver", "lagoa_pii", "none", "team", "vendas"));
    }

    @Test
    void missingValuesAreAddedFiftyAtATime() {
        Set<String> many = IntStream.range(0, 120).mapToObj(i -> "termo-%03d".formatted(i)).collect(Collectors.toSet());
        STUB.keys.put("lagoa_business", new TreeSet<>(Set.of("bi")));

        List<TagChange> changes = sync.sync(Map.of("lagoa_business", many), List.of(), false);

        assertThat(requests("UpdateLFTag")).extracting(request -> body(request).path("TagValuesToAdd").size()).containsExactly(50, 50, 20);
        assertThat(STUB.keys.get("lagoa_business")).hasSize(121);
        assertThat(changes).singleElement().satisfies(change -> assertThat(change.kind()).isEqualTo(TagChange.Kind.ADD_VALUES));
    }

    @Test
    void aDryRunOnlyReadsAndSaysWhatItWouldChange() {
        List<TagChange> changes = sync.sync(VOCABULARY, List.of(clientes()), true);

        assertThat(changes).map(TagChange::toString).contains("create LF-Tag lagoa_layer with values bronze,silver",
                "assign lagoa_pii=email to lagoa_importau.clientes.email");
        assertThat(lakeFormation.getAllServeEvents()).map(event -> event.getRequest().getUrl()).containsOnly("/GetLFTag", "/GetResourceLFTags");
        assertThat(STUB.keys).isEmpty();
    }

    @Test
    void throttlingIsRetried() {
        lakeFormation.stubFor(operation("GetResourceLFTags").inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(429, "ThrottlingException", "Rate exceeded")).willSetStateTo("calm"));

        sync.sync(VOCABULARY, List.of(clientes()), false);

        lakeFormation.verify(2, postRequestedFor(urlEqualTo("/GetResourceLFTags")));
        assertThat(STUB.assigned).containsKey("lagoa_importau.clientes.cpf");
    }

    @Test
    void deniedAccessNamesTheMissingPermission() {
        lakeFormation.stubFor(operation("AddLFTagsToResource").willReturn(error(403, "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/lagoa is not authorized to perform: lakeformation:AddLFTagsToResource")));

        assertThatThrownBy(() -> sync.sync(VOCABULARY, List.of(clientes()), false))
                .isInstanceOfSatisfying(LagoaException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    assertThat(e.errorType().isRetriable()).isFalse();
                })
                .hasMessageStartingWith("Cannot add LF-Tags to lagoa_importau.clientes: User: arn:aws:iam::123456789012:user/lagoa is not authorized "
                        + "to perform: lakeformation:AddLFTagsToResource (Lake Formation AccessDeniedException, HTTP 403")
                .hasMessageContaining("the call needs the IAM action lakeformation:AddLFTagsToResource and the Lake Formation permission "
                        + "ASSOCIATE on the LF-Tags [lagoa_business, lagoa_layer, lagoa_pii]");
    }

    private static List<LoggedRequest> requests(String operation) {
        return lakeFormation.findAll(postRequestedFor(urlEqualTo("/" + operation)));
    }

    private static JsonNode body(LoggedRequest request) {
        return json(request.getBodyAsString());
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
