package dev.lagoa.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.lagoa.aws.access.AccessPlan;
import dev.lagoa.aws.access.DeploymentSettings;
import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.statemachine.StateMachines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lagoa sql --profile aws} against a stub of Athena and STS, and {@code lagoa aws roles}, as a user runs them. */
class AwsCommandIT {
    private static final Map<String, String> CREDENTIALS = Map.of("LAGOA_AWS_ACCESS_KEY_ID", "lagoa-access", "LAGOA_AWS_SECRET_ACCESS_KEY", "lagoa-secret");
    @TempDir
    Path temp;
    private WireMockServer aws;

    record Run(int status, String out, String err) {}

    @BeforeEach
    void start() {
        aws = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        aws.start();
    }

    @AfterEach
    void stop() {
        aws.stop();
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--home", temp.resolve("home").toString()));
        all.addAll(List.of(args));
        int status = LagoaCli.execute(CREDENTIALS, Clock.fixed(Instant.parse("2026-11-22T02:30:00Z"), ZoneOffset.UTC),
                new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }

    private static MappingBuilder athena(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonAthena." + operation));
    }

    private void answer(MappingBuilder request, String body) {
        aws.stubFor(request.willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body)));
    }

    @Test
    void sqlOnTheAwsProfilePrintsEveryPageOfAthenasAnswer() {
        answer(athena("StartQueryExecution"), "{\"QueryExecutionId\":\"q-1\"}");
        answer(athena("GetQueryExecution"), "{\"QueryExecution\":{\"QueryExecutionId\":\"q-1\",\"Status\":{\"State\":\"SUCCEEDED\"}}}");
        String metadata = "\"ResultSetMetadata\":{\"ColumnInfo\":[{\"Name\":\"acao\",\"Type\":\"varchar\"},{\"Name\":\"qtd\",\"Type\":\"bigint\"}]}";
        answer(athena("GetQueryResults").withRequestBody(notContaining("NextToken")).atPriority(2),
                "{\"ResultSet\":{\"Rows\":[{\"Data\":[{\"VarCharValue\":\"acao\"},{\"VarCharValue\":\"qtd\"}]},"
                        + "{\"Data\":[{\"VarCharValue\":\"PETR4\"},{\"VarCharValue\":\"10\"}]}]," + metadata + "},\"NextToken\":\"p2\"}");
        answer(athena("GetQueryResults").withRequestBody(containing("\"p2\"")).atPriority(1),
                "{\"ResultSet\":{\"Rows\":[{\"Data\":[{\"VarCharValue\":\"VALE3\"},{\"VarCharValue\":\"2000\"}]}]," + metadata + "},\"NextToken\":\"p3\"}");
        answer(athena("GetQueryResults").withRequestBody(containing("\"p3\"")).atPriority(1),
                "{\"ResultSet\":{\"Rows\":[{\"Data\":[{\"VarCharValue\":\"ITUB4\"},{}]}]," + metadata + "}}");

        Run run = run("--profile", "aws", "-c", "aws.endpoint-override=" + aws.baseUrl(), "-c", "aws.athena.poll-interval=1ms",
                "-c", "aws.athena.workgroup=analistas", "sql", "select acao, qtd from ibov_ativos");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                acao  |  qtd
                ------+-----
                PETR4 |   10
                VALE3 | 2000
                ITUB4 | NULL
                (3 rows)
                """);
        aws.verify(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("\"WorkGroup\":\"analistas\"")));
    }

    private static MappingBuilder glue(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSGlue." + operation));
    }

    @Test
    void jobsRunStartsTheDeployedGlueJobWithItsArgumentsAndReportsHowItEnded() {
        answer(glue("StartJobRun"), "{\"JobRunId\":\"jr_0123abcd\"}");
        String failed = "{\"Id\":\"jr_0123abcd\",\"JobName\":\"acme-lagoa-ibov-refine\",\"JobRunState\":\"FAILED\","
                + "\"StartedOn\":1764900000,\"CompletedOn\":1764900042,\"ExecutionTime\":42,"
                + "\"ErrorMessage\":\"No B3 portfolio under s3://acme-b3/raw/2022-12-09/\"}";
        answer(glue("GetJobRun"), "{\"JobRun\":" + failed + "}");
        answer(glue("GetJobRuns"), "{\"JobRuns\":[" + failed + "]}"); // no retry followed it

        Run run = run("--profile", "aws", "-c", "aws.endpoint-override=" + aws.baseUrl(), "-c", "aws.glue.poll-interval=1ms",
                "-c", "aws.glue.job-prefix=acme-", "jobs", "run", "lagoa-ibov-refine", "-a", "date=2022-12-09");

        assertThat(run.status()).as(run.err()).isEqualTo(2);
        assertThat(run.out()).contains("Started lagoa-ibov-refine run jr_0123abcd");
        assertThat(run.err()).contains("Run jr_0123abcd of lagoa-ibov-refine FAILED", "No B3 portfolio under s3://acme-b3/raw/2022-12-09/");
        aws.verify(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSGlue.StartJobRun"))
                .withRequestBody(containing("\"JobName\":\"acme-lagoa-ibov-refine\""))
                .withRequestBody(containing("\"--date\":\"2022-12-09\"")));

        Run unknown = run("--profile", "aws", "-c", "aws.endpoint-override=" + aws.baseUrl(), "jobs", "run", "lagoa-ibov-refin");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown job 'lagoa-ibov-refin'", "lagoa-ibov-refine");
    }

    @Test
    void aWriteIsRefusedBeforeAnyCall() {
        Run run = run("--profile", "aws", "-c", "aws.endpoint-override=" + aws.baseUrl(), "sql", "drop table ibov_ativos");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("lagoa sql runs one read-only SELECT statement: it is a DROP statement, not a SELECT");
        assertThat(aws.getAllServeEvents()).isEmpty();
    }

    @Test
    void rolesListsEveryRoleOfThePlanAndItsJsonParses() throws Exception {
        AccessPlan plan = AccessPlan.derive(Pipelines.all(), StateMachines.all(), DeploymentSettings.of(new LakeConfig(
                dev.lagoa.core.lake.BucketName.of("lagoa-diffs"), dev.lagoa.core.lake.BucketName.of("lagoa-b3"), dev.lagoa.core.lake.BucketName.of("lagoa-brapi"),
                dev.lagoa.core.lake.BucketName.of("importau-lakehouse-ana"), dev.lagoa.core.lake.BucketName.of("lagoa-apiload"), "lagoa"), ""));

        Run text = run("-c", "importau.user=ana", "aws", "roles");
        Run json = run("-c", "importau.user=ana", "aws", "roles", "--json", "--account", "123456789012");

        assertThat(text.status()).as(text.err()).isZero();
        assertThat(text.out()).contains(plan.roles().size() + " roles, region sa-east-1, account <account>")
                .contains("arn:aws:glue:sa-east-1:<account>:job/lagoa-ibov-refine");
        for (String role : plan.roleNames()) {
            assertThat(text.out()).contains(role + "  (pipeline ");
        }
        JsonNode document = new ObjectMapper().readTree(json.out());
        assertThat(document.get("account").asText()).isEqualTo("123456789012");
        assertThat(document.get("roles")).hasSize(plan.roles().size());
        assertThat(json.out()).contains("arn:aws:glue:sa-east-1:123456789012:job/lagoa-ibov-refine").doesNotContain("${AWS::");
    }

    @Test
    void theTemplateIsAValidRoleArnsFileAndAMissingOrExtraNameListsTheExpectedOnes() throws Exception {
        Run template = run("aws", "roles", "ibov", "--template", "--account", "123456789012");
        assertThat(template.status()).as(template.err()).isZero();
        Path file = Files.writeString(temp.resolve("roles.json"), template.out());

        Run valid = run("aws", "roles", "ibov", "--role-arns", file.toString());
        assertThat(valid.status()).as(valid.err()).isZero();
        assertThat(valid.out()).contains("ARN:        arn:aws:iam::123456789012:role/lagoa-ibov-refine-job");

        ObjectMapper json = new ObjectMapper();
        var edited = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(template.out());
        edited.remove("lagoa-ibov-refine-job");
        edited.put("lagoa-ibov-extra", "arn:aws:iam::123456789012:role/x");
        Files.writeString(file, json.writeValueAsString(edited));

        Run invalid = run("aws", "roles", "ibov", "--role-arns", file.toString());
        assertThat(invalid.status()).isEqualTo(2);
        assertThat(invalid.err()).contains("missing [lagoa-ibov-refine-job]").contains("unknown [lagoa-ibov-extra]")
                .contains("Expected exactly these names: [").contains("lagoa-ibov-catalog-function");
    }
}
