package dev.lagoa.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.lagoa.aws.GlueCatalogStub.error;
import static dev.lagoa.aws.GlueCatalogStub.ok;
import static dev.lagoa.aws.GlueCatalogStub.operation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TablePartition;
import dev.lagoa.core.pipeline.DataFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * What the Glue catalog sends to Glue, checked on the requests that {@link GlueCatalogStub} (a stateful stub of the
 * Glue Data Catalog on 127.0.0.1) receives, and how it takes Glue's errors, played by stubs that take precedence.
 */
class GlueCatalogIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GlueCatalogStub STUB = new GlueCatalogStub();
    private static final TableName ATIVOS = TableName.of("lagoa_refined", "ibov_ativos");

    private static WireMockServer glue;

    private GlueClient client;
    private GlueCatalog catalog;

    @BeforeAll
    static void startStub() {
        glue = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(STUB));
        glue.start();
    }

    @AfterAll
    static void stopStub() {
        glue.stop();
    }

    @BeforeEach
    void createCatalog() {
        STUB.reset(glue);
        client = config().glueClientBuilder()
                .overrideConfiguration(override -> override.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
        catalog = new GlueCatalog(client);
    }

    private static AwsConfig config() {
        return AwsConfig.defaults("sa-east-1").withEndpointOverride(URI.create(glue.baseUrl())).withStaticCredentials("lagoa-access", "lagoa-secret");
    }

    @AfterEach
    void closeCatalog() {
        catalog.close();
        client.close();
    }

    private static TableDefinition ativos(DataFormat format) {
        return new TableDefinition(ATIVOS, "s3://lagoa-lake/refined/ativos/", format,
                List.of(new TableColumn("codigo", "string", "Código de negociação"), new TableColumn("participacao", "decimal(9,3)", "")),
                List.of(new TableColumn("data", "date", "Dia da carteira"), new TableColumn("ticker", "string", "")),
                "Carteira do IBOV por ação", "equipe-dados@lagoa.dev", Map.of("pipeline", "ibov"));
    }

    private static TablePartition partition(int day, String ticker) {
        String date = "2025-07-%02d".formatted(day);
        return new TablePartition(List.of(date, ticker), "s3://lagoa-lake/refined/ativos/data=%s/ticker=%s/".formatted(date, ticker));
    }

    /** {@code count} partitions over days 1 to 28 and as many tickers as needed. */
    private static List<TablePartition> partitions(int count) {
        return IntStream.range(0, count).mapToObj(i -> partition(1 + i % 28, "T" + i / 28)).toList();
    }

    @Test
    void aParquetTableIsAnExternalTableWithTheParquetSerDeColumnsAndPartitionKeys() {
        catalog.createOrUpdateTable(ativos(DataFormat.PARQUET));

        glue.verify(request("GetDatabase").withRequestBody(matchingJsonPath("$.Name", equalTo("lagoa_refined"))));
        glue.verify(request("CreateDatabase").withRequestBody(matchingJsonPath("$.DatabaseInput.Name", equalTo("lagoa_refined"))));
        JsonNode input = body(single("CreateTable")).path("TableInput");
        assertThat(body(single("CreateTable")).path("DatabaseName").asText()).isEqualTo("lagoa_refined");
        assertThat(input.path("Name").asText()).isEqualTo("ibov_ativos");
        assertThat(input.path("TableType").asText()).isEqualTo("EXTERNAL_TABLE");
        assertThat(input.path("Description").asText()).isEqualTo("Carteira do IBOV por ação");
        assertThat(input.path("Owner").asText()).isEqualTo("equipe-dados@lagoa.dev");
        assertThat(input.path("Parameters"))
                .isEqualTo(json("{\"classification\":\"parquet\",\"EXTERNAL\":\"TRUE\",\"lagoa.format\":\"PARQUET\",\"pipeline\":\"ibov\"}"));
        assertThat(input.path("PartitionKeys"))
                .isEqualTo(json("[{\"Name\":\"data\",\"Type\":\"date\",\"Comment\":\"Dia da carteira\"},{\"Name\":\"ticker\",\"Type\":\"string\"}]"));
        JsonNode storage = input.path("StorageDescriptor");
        assertThat(storage.path("Columns"))
                .isEqualTo(json("[{\"Name\":\"codigo\",\"Type\":\"string\",\"Comment\":\"Código de negociação\"},{\"Name\":\"participacao\",\"Type\":\"decimal(9,3)\"}]"));
        assertThat(storage.path("Location").asText()).isEqualTo("s3://lagoa-lake/refined/ativos/");
        assertThat(storage.path("InputFormat").asText()).isEqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
        assertThat(storage.path("OutputFormat").asText()).isEqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
        assertThat(storage.path("SerdeInfo"))
                .isEqualTo(json("{\"SerializationLibrary\":\"org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe\",\"Parameters\":{\"serialization.format\":\"1\"}}"));
    }

    @Test
    void jsonAndCsvTablesAreTextFilesWithTheirSerDes() {
        catalog.createOrUpdateTable(ativos(DataFormat.JSON_LINES));
        catalog.createOrUpdateTable(new TableDefinition(TableName.of("lagoa_refined", "ibov_csv"), "s3://lagoa-lake/csv/", DataFormat.CSV,
                List.of(new TableColumn("codigo", "string", "")), List.of(), "", "", Map.of()));

        List<JsonNode> created = requests("CreateTable").stream().map(GlueCatalogIT::body).toList();
        JsonNode jsonLines = created.get(0).path("TableInput");
        assertThat(jsonLines.path("StorageDescriptor").path("SerdeInfo").path("SerializationLibrary").asText()).isEqualTo("org.openx.data.jsonserde.JsonSerDe");
        assertThat(jsonLines.path("StorageDescriptor").path("InputFormat").asText()).isEqualTo("org.apache.hadoop.mapred.TextInputFormat");
        assertThat(jsonLines.path("StorageDescriptor").path("OutputFormat").asText()).isEqualTo("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
        assertThat(jsonLines.path("Parameters").path("classification").asText()).isEqualTo("json");
        JsonNode csv = created.get(1).path("TableInput");
        assertThat(csv.path("StorageDescriptor").path("SerdeInfo")).isEqualTo(json("{\"SerializationLibrary\":"
                + "\"org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe\",\"Parameters\":{\"field.delim\":\",\",\"serialization.format\":\",\"}}"));
        assertThat(csv.path("Parameters").path("classification").asText()).isEqualTo("csv");
        assertThat(csv.has("Description")).as("an empty description is not sent").isFalse();
        assertThat(csv.has("Owner")).as("Glue wants an owner of one character at least").isFalse();
        assertThat(csv.path("PartitionKeys").size()).isZero();
        glue.verify(1, request("GetDatabase"));
        glue.verify(1, request("CreateDatabase"));
    }

    @Test
    void anExistingDatabaseIsNotCreatedAndOneCreatedMeanwhileIsFine() {
        glue.stubFor(operation("GetDatabase").willReturn(ok("{\"Database\":{\"Name\":\"lagoa_refined\"}}")));
        glue.stubFor(operation("CreateTable").willReturn(ok("{}")));
        glue.stubFor(operation("GetTable").willReturn(error(400, "EntityNotFoundException", "Table ibov_ativos not found.")));

        catalog.createOrUpdateTable(ativos(DataFormat.PARQUET));
        glue.verify(0, request("CreateDatabase"));

        glue.stubFor(operation("GetDatabase").willReturn(error(400, "EntityNotFoundException", "Database lagoa_other not found.")));
        glue.stubFor(operation("CreateDatabase").willReturn(error(400, "AlreadyExistsException", "Database already exists.")));
        catalog.createOrUpdateTable(new TableDefinition(TableName.of("lagoa_other", "t"), "s3://lagoa-lake/t/", DataFormat.PARQUET,
                List.of(new TableColumn("id", "bigint", "")), List.of(), "", "", Map.of()));
        glue.verify(1, request("CreateDatabase"));
        glue.verify(2, request("CreateTable"));
    }

    @Test
    void anUnchangedTableIsLeftAloneAndAChangedOneIsUpdated() {
        catalog.createOrUpdateTable(ativos(DataFormat.PARQUET));
        catalog.createOrUpdateTable(ativos(DataFormat.PARQUET));
        glue.verify(0, request("UpdateTable"));

        TableDefinition before = ativos(DataFormat.PARQUET);
        List<TableColumn> columns = new ArrayList<>(before.columns());
        columns.add(new TableColumn("setor", "string", "Setor"));
        catalog.createOrUpdateTable(new TableDefinition(ATIVOS, before.location(), before.format(), columns, before.partitionKeys(),
                before.description(), before.owner(), before.parameters()));

        glue.verify(1, request("CreateTable"));
        JsonNode update = body(single("UpdateTable"));
        assertThat(update.path("DatabaseName").asText()).isEqualTo("lagoa_refined");
        assertThat(update.path("TableInput").path("StorageDescriptor").path("Columns").get(2).path("Name").asText()).isEqualTo("setor");
        glue.verify(1, request("GetDatabase"));
    }

    @Test
    void partitionsAreCreatedAHundredAtATimeWithTheTablesStorage() {
        catalog.createOrUpdateTable(ativos(DataFormat.PARQUET));

        assertThat(catalog.addPartitions(ATIVOS, partitions(250))).isEqualTo(250);

        List<JsonNode> batches = requests("BatchCreatePartition").stream().map(GlueCatalogIT::body).toList();
        assertThat(batches).extracting(batch -> batch.path("PartitionInputList").size()).containsExactly(100, 100, 50);
        JsonNode first = batches.get(0);
        assertThat(first.path("DatabaseName").asText()).isEqualTo("lagoa_refined");
        assertThat(first.path("TableName").asText()).isEqualTo("ibov_ativos");
        JsonNode input = first.path("PartitionInputList").get(0);
        assertThat(input.path("Values")).isEqualTo(json("[\"2025-07-01\",\"T0\"]"));
        JsonNode storage = input.path("StorageDescriptor");
        assertThat(storage.path("Location").asText()).isEqualTo("s3://lagoa-lake/refined/ativos/data=2025-07-01/ticker=T0/");
        assertThat(storage.path("SerdeInfo").path("SerializationLibrary").asText()).isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
        assertThat(storage.path("InputFormat").asText()).isEqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
        assertThat(storage.path("Columns").size()).isEqualTo(2);
    }

    @Test
    void registeringTheSamePartitionsAgainReadsThemAndUpdatesOnlyTheMovedOnes() {
        catalog.createOrUpdateTable(ativos(DataFormat.PARQUET));
        catalog.addPartitions(ATIVOS, partitions(250));
        glue.resetRequests();

        assertThat(catalog.addPartitions(ATIVOS, partitions(250))).isZero();
        glue.verify(3, request("BatchCreatePartition"));
        assertThat(body(single("BatchGetPartition")).path("PartitionsToGet").size()).isEqualTo(250);
        glue.verify(0, request("BatchUpdatePartition"));

        List<TablePartition> moved = new ArrayList<>(partitions(250));
        moved.set(7, new TablePartition(moved.get(7).values(), "s3://lagoa-lake/refined/ativos-v2/p7/"));
        assertThat(catalog.addPartitions(ATIVOS, moved)).isZero();

        JsonNode update = body(single("BatchUpdatePartition"));
        assertThat(update.path("Entries")).hasSize(1);
        assertThat(update.path("Entries").get(0).path("PartitionValueList")).isEqualTo(json("[\"2025-07-08\",\"T0\"]"));
        assertThat(update.path("Entries").get(0).path("PartitionInput").path("StorageDescriptor").path("Location").asText())
                .isEqualTo("s3://lagoa-lake/refined/ativos-v2/p7/");
        assertThat(catalog.partitions(ATIVOS)).contains(moved.get(7));
    }

    @Test
    void partitionsLeftUnprocessedByBatchGetPartitionAreAskedForAgain() {
        catalog.createOrUpdateTable(ativos(DataFormat.PARQUET));
        catalog.addPartitions(ATIVOS, List.of(partition(1, "PETR4")));
        glue.stubFor(operation("BatchGetPartition").inScenario("unprocessed").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(ok("{\"Partitions\":[],\"UnprocessedKeys\":[{\"Values\":[\"2025-07-01\",\"PETR4\"]}]}")).willSetStateTo("answered"));

        TablePartition moved = new TablePartition(List.of("2025-07-01", "PETR4"), "s3://lagoa-lake/moved/");
        catalog.addPartitions(ATIVOS, List.of(moved));

        glue.verify(2, request("BatchGetPartition"));
        assertThat(catalog.partitions(ATIVOS)).containsExactly(moved);
    }

    @Test
    void partitionsThatGlueRefusesAreNamed() {
        catalog.createOrUpdateTable(ativos(DataFormat.PARQUET));
        glue.stubFor(operation("BatchCreatePartition").willReturn(ok("""
                {"Errors":[{"PartitionValues":["2025-07-02","VALE3"],
                  "ErrorDetail":{"ErrorCode":"ResourceNumberLimitExceededException","ErrorMessage":"Number of partitions exceeds the limit"}}]}""")));

        assertThatThrownBy(() -> catalog.addPartitions(ATIVOS, List.of(partition(1, "PETR4"), partition(2, "VALE3"))))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AWS_ERROR))
                .hasMessage("Cannot add 1 partition(s) to table lagoa_refined.ibov_ativos: [2025-07-02, VALE3]: "
                        + "Number of partitions exceeds the limit (Glue ResourceNumberLimitExceededException)");
    }

    @Test
    void partitionsAreDroppedTwentyFiveAtATime() {
        catalog.createOrUpdateTable(ativos(DataFormat.PARQUET));
        catalog.addPartitions(ATIVOS, partitions(60));

        assertThat(catalog.dropPartitions(ATIVOS, List.of(), List.of())).isEqualTo(60);

        assertThat(requests("BatchDeletePartition")).extracting(request -> body(request).path("PartitionsToDelete").size())
                .containsExactly(25, 25, 10);
        assertThat(body(requests("BatchDeletePartition").get(0)).path("PartitionsToDelete").get(0))
                .isEqualTo(json("{\"Values\":[\"2025-07-01\",\"T0\"]}"));
        glue.verify(request("GetPartitions").withRequestBody(matchingJsonPath("$.ExcludeColumnSchema", equalTo("true"))));
    }

    @Test
    void throttlingIsRetried() {
        glue.stubFor(operation("GetTable").inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(400, "ThrottlingException", "Rate exceeded")).willSetStateTo("calm"));
        try (GlueCatalog retrying = GlueCatalog.create(config())) {
            retrying.createOrUpdateTable(ativos(DataFormat.PARQUET));

            assertThat(retrying.table(ATIVOS)).contains(ativos(DataFormat.PARQUET));
        }
        glue.verify(3, request("GetTable"));
        glue.verify(1, request("CreateTable"));
    }

    @Test
    void accessDeniedSaysWhichCallAndWhatToCheck() {
        glue.stubFor(operation("GetDatabase").willReturn(error(400, "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/lagoa is not authorized to perform: glue:GetDatabase")));

        assertThatThrownBy(() -> catalog.createOrUpdateTable(ativos(DataFormat.PARQUET)))
                .isInstanceOfSatisfying(LagoaException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    assertThat(e.errorType().isRetriable()).isFalse();
                })
                .hasMessageStartingWith("Cannot read Glue database lagoa_refined: User: arn:aws:iam::123456789012:user/lagoa is not authorized "
                        + "to perform: glue:GetDatabase (Glue AccessDeniedException, HTTP 400, request id req-AccessDeniedException)")
                .hasMessageContaining("check the credentials");
    }

    @Test
    void otherServiceFailuresAreRetriableAwsErrorsNamingTheTable() {
        glue.stubFor(operation("GetPartitions").willReturn(error(500, "InternalServiceException", "Internal service error")));

        assertThatThrownBy(() -> catalog.partitions(ATIVOS))
                .isInstanceOfSatisfying(LagoaException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.AWS_ERROR);
                    assertThat(e.errorType().isRetriable()).isTrue();
                })
                .hasMessageStartingWith("Cannot list the partitions of Glue table lagoa_refined.ibov_ativos: Internal service error");
    }

    @Test
    void tablesGlueMadeAreReadByTheirClassificationAndThoseLagoaCannotReadAreSkipped() {
        glue.stubFor(operation("GetTables").willReturn(ok("""
                {"TableList":[
                  {"Name":"crawled","DatabaseName":"lagoa_refined","TableType":"EXTERNAL_TABLE",
                   "Parameters":{"classification":"parquet","compressionType":"none","CrawlerSchemaSerializerVersion":"1.0"},
                   "StorageDescriptor":{"Location":"s3://lagoa-lake/crawled","Columns":[{"Name":"Preco","Type":"DECIMAL(9, 3)"}],
                     "SerdeInfo":{"SerializationLibrary":"org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"}},
                   "PartitionKeys":[{"Name":"dt","Type":"string"}]},
                  {"Name":"a_view","DatabaseName":"lagoa_refined","TableType":"VIRTUAL_VIEW","StorageDescriptor":{"Columns":[{"Name":"x","Type":"int"}]}},
                  {"Name":"an_orc","DatabaseName":"lagoa_refined","TableType":"EXTERNAL_TABLE",
                   "StorageDescriptor":{"Location":"s3://lagoa-lake/orc/","Columns":[{"Name":"x","Type":"int"}],
                     "SerdeInfo":{"SerializationLibrary":"org.apache.hadoop.hive.ql.io.orc.OrcSerde"}}},
                  {"Name":"athena_json","DatabaseName":"lagoa_refined","TableType":"EXTERNAL_TABLE",
                   "StorageDescriptor":{"Location":"s3://lagoa-lake/json/","Columns":[{"Name":"x","Type":"int"}],
                     "SerdeInfo":{"SerializationLibrary":"org.openx.data.jsonserde.JsonSerDe"}}}
                ]}""")));

        List<TableDefinition> tables = catalog.tables("lagoa_refined");

        assertThat(tables).extracting(table -> table.name().table()).containsExactly("athena_json", "crawled");
        assertThat(tables.get(0).format()).isEqualTo(DataFormat.JSON_LINES);
        TableDefinition crawled = tables.get(1);
        assertThat(crawled.location()).isEqualTo("s3://lagoa-lake/crawled/");
        assertThat(crawled.format()).isEqualTo(DataFormat.PARQUET);
        assertThat(crawled.columns()).containsExactly(new TableColumn("preco", "decimal(9,3)", ""));
        assertThat(crawled.partitionKeys()).containsExactly(new TableColumn("dt", "string", ""));
        assertThat(crawled.parameters()).isEqualTo(Map.of("compressionType", "none", "CrawlerSchemaSerializerVersion", "1.0"));
        assertThat(crawled.description()).isEmpty();
        assertThat(crawled.owner()).isEmpty();
    }

    @Test
    void aTableLagoaCannotReadIsNamed() {
        glue.stubFor(operation("GetTable").willReturn(ok("""
                {"Table":{"Name":"an_orc","DatabaseName":"lagoa_refined","TableType":"EXTERNAL_TABLE",
                  "StorageDescriptor":{"Location":"s3://lagoa-lake/orc/","Columns":[{"Name":"x","Type":"int"}],
                    "SerdeInfo":{"SerializationLibrary":"org.apache.hadoop.hive.ql.io.orc.OrcSerde"}}}}""")));

        assertThatThrownBy(() -> catalog.table(TableName.of("lagoa_refined", "an_orc")))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("Glue table lagoa_refined.an_orc cannot be read as a Lagoa table: its format is not one Lagoa reads "
                        + "(classification '', SerDe 'org.apache.hadoop.hive.ql.io.orc.OrcSerde')");
    }

    private static RequestPatternBuilder request(String operation) {
        return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSGlue." + operation));
    }

    private static List<com.github.tomakehurst.wiremock.verification.LoggedRequest> requests(String operation) {
        return glue.findAll(request(operation));
    }

    private static com.github.tomakehurst.wiremock.verification.LoggedRequest single(String operation) {
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> found = requests(operation);
        assertThat(found).as(operation).hasSize(1);
        return found.get(0);
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
