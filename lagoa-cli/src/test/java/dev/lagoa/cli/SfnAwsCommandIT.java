package dev.lagoa.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.PrintWriter;
import java.io.StringWriter;
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

/** {@code lagoa sfn run|executions|describe --profile aws} against a stub of Step Functions and STS, as a user runs them. */
class SfnAwsCommandIT {
    private static final Map<String, String> CREDENTIALS = Map.of("LAGOA_AWS_ACCESS_KEY_ID", "lagoa-access", "LAGOA_AWS_SECRET_ACCESS_KEY", "lagoa-secret");
    private static final String ACCOUNT = "123456789012";
    private static final String MACHINE_ARN = "arn:aws:states:sa-east-1:" + ACCOUNT + ":stateMachine:importau";
    private static final String EXECUTION_ARN = "arn:aws:states:sa-east-1:" + ACCOUNT + ":execution:importau:importau-20261122T023000-0a1b2c3d";
    @TempDir
    Path temp;
    private WireMockServer aws;

    record Run(int status, String out, String err) {}

    @BeforeEach
    void start() {
        aws = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        aws.start();
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity")).willReturn(aResponse()
                .withHeader("Content-Type", "text/xml").withBody("""
                        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                          <GetCallerIdentityResult><Arn>arn:aws:iam::%s:user/ana</Arn><UserId>AIDAEXAMPLE</UserId><Account>%s</Account></GetCallerIdentityResult>
                          <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
                        </GetCallerIdentityResponse>""".formatted(ACCOUNT, ACCOUNT))));
    }

    @AfterEach
    void stop() {
        aws.stop();
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--home", temp.resolve("home").toString(), "--profile", "aws",
                "-c", "aws.endpoint-override=" + aws.baseUrl(), "-c", "aws.sfn.poll-interval=1ms"));
        all.addAll(List.of(args));
        int status = LagoaCli.execute(CREDENTIALS, Clock.fixed(Instant.parse("2026-11-22T02:30:00Z"), ZoneOffset.UTC),
                new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }

    private static MappingBuilder sfn(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions." + operation));
    }

    private MappingBuilder answer(MappingBuilder request, String body) {
        MappingBuilder stub = request.willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.0").withBody(body));
        aws.stubFor(stub);
        return stub;
    }

    private static String execution(String status, String more) {
        return """
                {"executionArn":"%s","stateMachineArn":"%s","name":"importau-20261122T023000-0a1b2c3d","status":"%s",
                 "startDate":1764900000,"input":"{\\"escala\\": 0.01}"%s}""".formatted(EXECUTION_ARN, MACHINE_ARN, status, more);
    }

    private void started() {
        answer(sfn("StartExecution"), "{\"executionArn\":\"%s\",\"startDate\":1764900000}".formatted(EXECUTION_ARN));
    }

    @Test
    void aSucceedingExecutionPrintsEachTransitionOfEveryHistoryPageAndExitsZero() {
        started();
        // running at the first two reads, then done: the command keeps polling until the execution ends
        String scenario = "execution";
        aws.stubFor(sfn("DescribeExecution").inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("read once")
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.0").withBody(execution("RUNNING", ""))));
        aws.stubFor(sfn("DescribeExecution").inScenario(scenario).whenScenarioStateIs("read once").willSetStateTo("read twice")
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.0").withBody(execution("RUNNING", ""))));
        aws.stubFor(sfn("DescribeExecution").inScenario(scenario).whenScenarioStateIs("read twice")
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody(execution("SUCCEEDED", ",\"stopDate\":1764900042,\"output\":\"{\\\"linhas\\\": 1200}\""))));
        answer(sfn("GetExecutionHistory").withRequestBody(notContaining("nextToken")).atPriority(2), """
                {"events":[
                 {"id":1,"type":"ExecutionStarted","timestamp":1764900000},
                 {"id":2,"type":"TaskStateEntered","timestamp":1764900001,"stateEnteredEventDetails":{"name":"GerarBronze","input":"{}"}},
                 {"id":3,"type":"TaskScheduled","timestamp":1764900001,"taskScheduledEventDetails":{"resourceType":"glue","resource":"startJobRun.sync",
                   "region":"sa-east-1","parameters":"{}"}},
                 {"id":4,"type":"TaskStateExited","timestamp":1764900031,"stateExitedEventDetails":{"name":"GerarBronze","output":"{}"}}],
                 "nextToken":"page-2"}""");
        answer(sfn("GetExecutionHistory").withRequestBody(containing("\"page-2\"")).atPriority(1), """
                {"events":[
                 {"id":5,"type":"SucceedStateEntered","timestamp":1764900041,"stateEnteredEventDetails":{"name":"Pronto","input":"{}"}},
                 {"id":6,"type":"SucceedStateExited","timestamp":1764900042,"stateExitedEventDetails":{"name":"Pronto","output":"{}"}},
                 {"id":7,"type":"ExecutionSucceeded","timestamp":1764900042}]}""");

        Run run = run("sfn", "run", "importau", "--input", "{\"escala\": 0.01}");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Running importau on Step Functions (input {\"escala\": 0.01})\nStarted " + EXECUTION_ARN + "\n")
                .containsPattern("  importau +GerarBronze +SUCCEEDED +30.0s  glue:startJobRun.sync\n")
                .containsPattern("  importau +Pronto +SUCCEEDED +1.0s\n")
                .endsWith(EXECUTION_ARN + " SUCCEEDED in 42.0s\n");
        // each transition once, though the history was read at every poll
        assertThat(run.out().split("GerarBronze", -1)).hasSize(2);
        aws.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions.StartExecution"))
                .withRequestBody(matchingJsonPath("$.stateMachineArn", equalTo(MACHINE_ARN)))
                .withRequestBody(matchingJsonPath("$.input", equalToJson("{\"escala\": 0.01}")))
                .withRequestBody(matchingJsonPath("$.name", com.github.tomakehurst.wiremock.client.WireMock.matching(
                        "importau-20261122T023000-[0-9a-f]{8}"))));
        aws.verify(3, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions.DescribeExecution")));
    }

    @Test
    void jsonPrintsTheExecutionWithItsHistoryAtTheEnd() throws Exception {
        started();
        answer(sfn("DescribeExecution"), execution("SUCCEEDED", ",\"stopDate\":1764900042,\"output\":\"{}\""));
        answer(sfn("GetExecutionHistory"), """
                {"events":[
                 {"id":1,"type":"PassStateEntered","timestamp":1764900001,"stateEnteredEventDetails":{"name":"Preparar","input":"{}"}},
                 {"id":2,"type":"PassStateExited","timestamp":1764900002,"stateExitedEventDetails":{"name":"Preparar","output":"{\\"dia\\":1}"}}]}""");

        Run run = run("sfn", "run", "importau", "--json");

        assertThat(run.status()).as(run.err()).isZero();
        JsonNode document = new ObjectMapper().readTree(run.out());
        assertThat(document.get("id").asText()).isEqualTo(EXECUTION_ARN);
        assertThat(document.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(document.get("input").get("escala").asDouble()).isEqualTo(0.01);
        assertThat(document.get("history").get(0).get("state").asText()).isEqualTo("Preparar");
        assertThat(document.get("history").get(0).get("output").get("dia").asInt()).isEqualTo(1);
    }

    @Test
    void aFailingExecutionPrintsTheFailedStateAndExitsTwoWithTheErrorAndCause() {
        started();
        answer(sfn("DescribeExecution"), execution("FAILED",
                ",\"stopDate\":1764900050,\"error\":\"States.TaskFailed\",\"cause\":\"No B3 portfolio under s3://acme-b3/raw/2022-12-09/\""));
        answer(sfn("GetExecutionHistory"), """
                {"events":[
                 {"id":1,"type":"TaskStateEntered","timestamp":1764900001,"stateEnteredEventDetails":{"name":"GerarBronze","input":"{}"}},
                 {"id":2,"type":"TaskScheduled","timestamp":1764900001,"taskScheduledEventDetails":{"resourceType":"glue","resource":"startJobRun.sync",
                   "region":"sa-east-1","parameters":"{}"}},
                 {"id":3,"type":"TaskFailed","timestamp":1764900011,"taskFailedEventDetails":{"resourceType":"glue","resource":"startJobRun.sync",
                   "error":"States.TaskFailed","cause":"No B3 portfolio under s3://acme-b3/raw/2022-12-09/"}},
                 {"id":4,"type":"TaskScheduled","timestamp":1764900021,"taskScheduledEventDetails":{"resourceType":"glue","resource":"startJobRun.sync",
                   "region":"sa-east-1","parameters":"{}"}},
                 {"id":5,"type":"TaskFailed","timestamp":1764900049,"taskFailedEventDetails":{"resourceType":"glue","resource":"startJobRun.sync",
                   "error":"States.TaskFailed","cause":"No B3 portfolio under s3://acme-b3/raw/2022-12-09/"}},
                 {"id":6,"type":"ExecutionFailed","timestamp":1764900050,"executionFailedEventDetails":{"error":"States.TaskFailed",
                   "cause":"No B3 portfolio under s3://acme-b3/raw/2022-12-09/"}}]}""");

        Run run = run("sfn", "run", "importau");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).containsPattern("  importau +GerarBronze +RETRIED +20.0s  glue:startJobRun.sync  States.TaskFailed: No B3 portfolio")
                .containsPattern("  importau +GerarBronze +FAILED +29.0s  glue:startJobRun.sync  States.TaskFailed: No B3 portfolio")
                .contains(EXECUTION_ARN + " FAILED in 50.0s");
        assertThat(run.err()).contains("Execution " + EXECUTION_ARN + " of importau ended FAILED: States.TaskFailed: "
                + "No B3 portfolio under s3://acme-b3/raw/2022-12-09/ (lagoa sfn describe " + EXECUTION_ARN + " --profile aws)");
    }

    @Test
    void anAbortedExecutionExitsThree() {
        started();
        answer(sfn("DescribeExecution"), execution("ABORTED", ",\"stopDate\":1764900050"));
        answer(sfn("GetExecutionHistory"), "{\"events\":[]}");

        Run run = run("sfn", "run", "importau");

        assertThat(run.status()).isEqualTo(3);
        assertThat(run.err()).contains("of importau ended ABORTED");
    }

    @Test
    void aMachineThatIsNotDeployedSaysSoAndHowToDeployIt() {
        aws.stubFor(sfn("StartExecution").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.0")
                .withBody("{\"__type\":\"com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist\","
                        + "\"message\":\"State Machine Does Not Exist: 'arn:aws:states:sa-east-1:123456789012:stateMachine:importau-gold'\"}")));

        Run run = run("sfn", "run", "importau-gold");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("Cannot start state machine importau-gold: State machine importau-gold is not deployed in this account and region",
                "State Machine Does Not Exist", "deploy it with lagoa deploy importau").doesNotContain("Exception");
    }

    @Test
    void executionsListsTheDeployedMachinesExecutionsNewestFirst() {
        answer(sfn("ListExecutions"), """
                {"executions":[
                 {"executionArn":"%s-2","stateMachineArn":"%s","name":"b","status":"RUNNING","startDate":1764900100},
                 {"executionArn":"%s","stateMachineArn":"%s","name":"a","status":"FAILED","startDate":1764900000,"stopDate":1764900050}]}"""
                .formatted(EXECUTION_ARN, MACHINE_ARN, EXECUTION_ARN, MACHINE_ARN));

        Run run = run("sfn", "executions", "importau");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).containsSubsequence(EXECUTION_ARN + "-2 RUNNING", EXECUTION_ARN + " FAILED");
        aws.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions.ListExecutions"))
                .withRequestBody(matchingJsonPath("$.stateMachineArn", equalTo(MACHINE_ARN))));
    }
}
