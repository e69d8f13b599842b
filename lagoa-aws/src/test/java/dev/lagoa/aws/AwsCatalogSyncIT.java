package dev.lagoa.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.lagoa.core.catalog.AssetTag;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TablePartition;
import dev.lagoa.core.pipeline.DataFormat;
import dev.lagoa.governance.sync.CatalogSync;
import dev.lagoa.governance.sync.SyncReport;
import dev.lagoa.local.SqliteCatalog;
import dev.lagoa.local.SqliteTagStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lagoa catalog sync --to aws} end to end below the command: a local catalog (SQLite) with a pipeline's table,
 * its classifications and a person's tags, pushed through {@link GlueCatalog} to the Glue stub and through
 * {@link LakeFormationTagSync} to the Lake Formation stub; the requests are checked, a second sync changes nothing and
 * a dry run changes nothing.
 */
class AwsCatalogSyncIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GlueCatalogStub GLUE_STUB = new GlueCatalogStub();
    private static final LakeFormationStub LF_STUB = new LakeFormationStub();
    private static final TableName CLIENTES = TableName.of("lagoa", "clientes");
    private static final TableName AVULSA = TableName.of("lagoa", "exports_avulsos");
    private static final Instant NOW = Instant.parse("2025-07-10T12:00:00Z");

    private static WireMockServer glue;
    private static WireMockServer lakeFormation;

    @TempDir
    Path workspace;

    private SqliteCatalog local;
    private SqliteTagStore tags;
    private GlueCatalog glueCatalog;
    private LakeFormationTagSync tagSync;

    @BeforeAll
    static void startStubs() {
        glue = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(GLUE_STUB));
        glue.start();
        lakeFormation = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(LF_STUB));
        lakeFormation.start();
        LF_STUB.tableExists = GLUE_STUB::hasTable;
    }

    @AfterAll
    static void stopStubs() {
        glue.stop();
        lakeFormation.stop();
    }

    @BeforeEach
    void createCatalogs() {
        GLUE_STUB.reset(glue);
        LF_STUB.reset(lakeFormation);
        LF_STUB.tableExists = GLUE_STUB::hasTable;
        Path database = workspace.resolve("lagoa.db");
        local = new SqliteCatalog(database, Clock.fixed(NOW, ZoneOffset.UTC));
        tags = new SqliteTagStore(database);
        glueCatalog = GlueCatalog.create(config(glue));
        tagSync = LakeFormationTagSync.create(config(lakeFormation));
        local.createOrUpdateTable(new TableDefinition(CLIENTES, "s3://lagoa-importau/bronze/clientes/", DataFormat.PARQUET,
                List.of(new TableColumn("id_cliente", "bigint", "Identificador"), new TableColumn("cpf", "string", "CPF do cliente"),
                        new TableColumn("email", "string", ""), new TableColumn("regiao", "string", "Região de vendas")),
                List.of(new TableColumn("dt", "string", "Dia da carga")), "Clientes da Importau", "time-dados@importau.com.br",
                Map.of("lagoa.pipeline", "importau", "lagoa.dataset", "clientes", "lagoa.layer", "bronze", "lagoa.tags", "core-domain")));
        local.addPartitions(CLIENTES, List.of(new TablePartition(List.of("2025-07-09"), "s3://lagoa-importau/bronze/clientes/dt=2025-07-09/"),
                new TablePartition(List.of("2025-07-10"), "s3://lagoa-importau/bronze/clientes/dt=2025-07-10/")));
        local.createOrUpdateTable(new TableDefinition(AVULSA, "s3://lagoa-importau/exports/", DataFormat.CSV,
                List.of(new TableColumn("linha", "string", "")), List.of(), "Found by the crawler", "", Map.of("lagoa.discovered", "crawler")));
        tags.replaceClassified(CLIENTES, List.of(
                new AssetTag(CLIENTES, Optional.of("cpf"), "PII.CPF", AssetTag.Source.CLASSIFIER, "1000 sampled, 998 valid", "crawler", NOW),
                new AssetTag(CLIENTES, Optional.of("email"), "PII.EMAIL", AssetTag.Source.CLASSIFIER, "1000 sampled", "crawler", NOW)));
        tags.add(new AssetTag(CLIENTES, Optional.empty(), "bi", AssetTag.Source.MANUAL, "", "ana", NOW));
        tags.add(new AssetTag(CLIENTES, Optional.of("regiao"), "risco-cambial", AssetTag.Source.MANUAL, "", "ana", NOW));
    }

    @AfterEach
    void closeCatalogs() {
        glueCatalog.close();
        tagSync.close();
        tags.close();
        local.close();
    }

    private static AwsConfig config(WireMockServer server) {
        return AwsConfig.defaults("sa-east-1").withEndpointOverride(URI.create(server.baseUrl())).withStaticCredentials("lagoa-access", "lagoa-secret");
    }

    private CatalogSync sync() {
        return new CatalogSync(local, tags, glueCatalog, Optional.of(tagSync), "lagoa", "lagoa_");
    }

    @Test
    void tablesGoToTheirPipelinesDatabaseWithCommentsOwnerTagsAndPiiAsParameters() {
        SyncReport report = sync().sync(false);

        assertThat(report.tables()).extracting(table -> table.target().toString(), SyncReport.TableSync::action, SyncReport.TableSync::partitionsAdded)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("lagoa_importau.clientes", SyncReport.Action.CREATE, 2),
                        org.assertj.core.groups.Tuple.tuple("lagoa.exports_avulsos", SyncReport.Action.CREATE, 0));
        JsonNode clientes = glueRequests("CreateTable").stream().map(AwsCatalogSyncIT::body)
                .filter(body -> body.path("TableInput").path("Name").asText().equals("clientes")).findFirst().orElseThrow();
        assertThat(clientes.path("DatabaseName").asText()).isEqualTo("lagoa_importau");
        JsonNode input = clientes.path("TableInput");
        assertThat(input.path("Owner").asText()).isEqualTo("time-dados@importau.com.br");
        assertThat(input.path("Description").asText()).isEqualTo("Clientes da Importau");
        assertThat(input.path("Parameters").path("lagoa.pii").asText()).isEqualTo("cpf:PII.CPF,email:PII.EMAIL");
        assertThat(input.path("Parameters").path("lagoa.tags").asText()).isEqualTo("bi,core-domain");
        assertThat(input.path("Parameters").path("lagoa.layer").asText()).isEqualTo("bronze");
        assertThat(input.path("Parameters").path("lagoa.owner").asText()).isEqualTo("time-dados@importau.com.br");
        assertThat(input.path("Parameters").path("lagoa.column-tags").asText()).isEqualTo("regiao:risco-cambial");
        JsonNode columns = input.path("StorageDescriptor").path("Columns");
        assertThat(columns.get(1)).isEqualTo(json("""
                {"Name":"cpf","Type":"string","Comment":"CPF do cliente","Parameters":{"lagoa.pii":"PII.CPF"}}"""));
        assertThat(columns.get(0).has("Parameters")).isFalse();
        assertThat(columns.get(3).path("Parameters")).isEqualTo(json("{\"lagoa.tags\":\"risco-cambial\"}"));
        glue.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSGlue.CreateDatabase")));
        assertThat(body(glueRequests("BatchCreatePartition").get(0)).path("PartitionInputList")).hasSize(2);

        assertThat(LF_STUB.assigned).containsEntry("lagoa_importau.clientes",
                        Map.of("lagoa_business", "core-domain", "lagoa_layer", "bronze", "lagoa_pii", "none"))
                .containsEntry("lagoa_importau.clientes.cpf", Map.of("lagoa_pii", "cpf"))
                .containsEntry("lagoa_importau.clientes.regiao", Map.of("lagoa_business", "risco-cambial"))
                .containsEntry("lagoa.exports_avulsos", Map.of("lagoa_pii", "none"));
        assertThat(LF_STUB.keys.get("lagoa_business")).contains("core-domain", "bi", "risco-cambial");
        assertThat(report.notes()).containsExactly("lagoa_importau.clientes: lagoa_business=core-domain; Lake Formation allows one value per key, "
                + "so bi is only in the Glue parameters");
    }

    @Test
    void aSecondSyncChangesNothing() {
        sync().sync(false);
        glue.resetRequests();
        lakeFormation.resetRequests();

        SyncReport again = sync().sync(false);

        assertThat(again.isUpToDate()).isTrue();
        assertThat(again.tables()).allSatisfy(table -> assertThat(table.action()).isEqualTo(SyncReport.Action.UNCHANGED));
        assertThat(glue.getAllServeEvents()).map(event -> event.getRequest().getHeader("X-Amz-Target"))
                .containsOnly("AWSGlue.GetTable", "AWSGlue.GetPartitions");
        assertThat(lakeFormation.getAllServeEvents()).map(event -> event.getRequest().getUrl()).containsOnly("/GetLFTag", "/GetResourceLFTags");
    }

    @Test
    void aDryRunSaysWhatWouldChangeAndChangesNothing() {
        sync().sync(false);
        tags.remove(CLIENTES, Optional.of("regiao"), "risco-cambial");
        local.addPartitions(CLIENTES, List.of(new TablePartition(List.of("2025-07-11"), "s3://lagoa-importau/bronze/clientes/dt=2025-07-11/")));
        glue.resetRequests();
        lakeFormation.resetRequests();

        SyncReport dryRun = sync().sync(true);

        assertThat(dryRun.dryRun()).isTrue();
        SyncReport.TableSync clientes = dryRun.tables().get(0);
        assertThat(clientes.action()).isEqualTo(SyncReport.Action.UPDATE);
        assertThat(clientes.changed()).containsExactly("parameter lagoa.column-tags");
        assertThat(clientes.partitionsAdded()).isEqualTo(1);
        assertThat(dryRun.tagChanges()).map(Object::toString).containsExactly("remove lagoa_business=risco-cambial from lagoa_importau.clientes.regiao");
        assertThat(glue.getAllServeEvents()).map(event -> event.getRequest().getHeader("X-Amz-Target"))
                .containsOnly("AWSGlue.GetTable", "AWSGlue.GetPartitions");
        assertThat(lakeFormation.getAllServeEvents()).map(event -> event.getRequest().getUrl()).containsOnly("/GetLFTag", "/GetResourceLFTags");

        SyncReport applied = sync().sync(false);
        assertThat(applied.tagChanges()).hasSize(1);
        assertThat(sync().sync(true).isUpToDate()).isTrue();
    }

    private static List<com.github.tomakehurst.wiremock.verification.LoggedRequest> glueRequests(String operation) {
        return glue.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSGlue." + operation)));
    }

    private static JsonNode body(com.github.tomakehurst.wiremock.verification.LoggedRequest request) {
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
