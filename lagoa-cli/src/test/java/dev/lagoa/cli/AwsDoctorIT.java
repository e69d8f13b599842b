package dev.lagoa.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.lagoa.aws.access.DeploymentSettings;
import dev.lagoa.aws.access.OperatorAccess;
import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.pipeline.Pipelines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lagoa aws doctor} as a user runs it, against a stub of STS and IAM (query protocol: form-encoded POSTs, XML
 * answers), Glue (JSON) and S3.
 */
class AwsDoctorIT {
    private static final Map<String, String> CREDENTIALS = Map.of("LAGOA_AWS_ACCESS_KEY_ID", "lagoa-access", "LAGOA_AWS_SECRET_ACCESS_KEY", "lagoa-secret");
    private static final String ACCOUNT = "123456789012";
    private static final String JOB = "arn:aws:glue:sa-east-1:123456789012:job/lagoa-ibov-refine";
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

    private Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--home", temp.resolve("home").toString(), "-c", "aws.endpoint-override=" + aws.baseUrl(),
                "-c", "aws.s3.path-style-access=true"));
        all.addAll(List.of(args));
        int status = LagoaCli.execute(environment, Clock.fixed(Instant.parse("2026-11-22T02:30:00Z"), ZoneOffset.UTC),
                new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }

    private Run doctor(String... args) {
        List<String> all = new ArrayList<>(List.of("aws", "doctor"));
        all.addAll(List.of(args));
        return run(CREDENTIALS, all.toArray(String[]::new));
    }

    private void caller(String arn) {
        aws.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity")).willReturn(aResponse()
                .withHeader("Content-Type", "text/xml").withBody("""
                        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                          <GetCallerIdentityResult><Arn>%s</Arn><UserId>AIDAEXAMPLE</UserId><Account>%s</Account></GetCallerIdentityResult>
                          <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
                        </GetCallerIdentityResponse>""".formatted(arn, ACCOUNT))));
    }

    private static MappingBuilder simulation() {
        return post(urlEqualTo("/")).withRequestBody(containing("Action=SimulatePrincipalPolicy"));
    }

    /** The simulator answers every action of the ibov pipeline's operator with {@code decisions} (absent ones are left out of the answer). */
    private void simulator(Function<OperatorAccess.Action, String> decisions) {
        DeploymentSettings settings = DeploymentSettings.of(new LakeConfig(BucketName.of("lagoa-diffs"), BucketName.of("lagoa-b3"),
                BucketName.of("lagoa-brapi"), BucketName.of("importau-lakehouse-ana"), BucketName.of("lagoa-apiload"), "lagoa"), "");
        StringBuilder members = new StringBuilder();
        for (OperatorAccess.Action action : OperatorAccess.of(List.of(Pipelines.named("ibov")), settings,
                new OperatorAccess.Target("aws", "sa-east-1", ACCOUNT, "lagoa", "lagoa-athena-results-123456789012-sa-east-1"))) {
            String decision = decisions.apply(action);
            if (decision != null) {
                members.append("<member><EvalActionName>%s</EvalActionName><EvalResourceName>%s</EvalResourceName><EvalDecision>%s</EvalDecision></member>"
                        .formatted(action.action(), action.resource(), decision));
            }
        }
        aws.stubFor(simulation().willReturn(aResponse().withHeader("Content-Type", "text/xml").withBody("""
                <SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
                  <SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>%s</EvaluationResults></SimulatePrincipalPolicyResult>
                  <ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata>
                </SimulatePrincipalPolicyResponse>""".formatted(members))));
    }

    private void iamError(int status, String code, String message) {
        aws.stubFor(simulation().willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody("""
                <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
                  <Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>req-3</RequestId>
                </ErrorResponse>""".formatted(code, message))));
    }

    private void glue(String operation, int status, String body) {
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSGlue." + operation))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body)));
    }

    private static Map<String, JsonNode> checksByAction(JsonNode document) {
        Map<String, JsonNode> checks = new HashMap<>();
        document.get("checks").forEach(check -> checks.put(check.get("action").asText() + " " + check.get("resource").asText(), check));
        return checks;
    }

    @Test
    void simulatedAllowedDeniedAndUnknownActionsMakeATableAndAPolicyForTheDeniedOne() throws Exception {
        caller("arn:aws:iam::123456789012:user/team/ana");
        simulator(action -> action.action().equals("glue:StartJobRun") ? "implicitDeny"
                : action.action().equals("athena:StopQueryExecution") ? null : "allowed");

        Run run = doctor("ibov");

        assertThat(run.status()).as(run.err()).isEqualTo(2);
        assertThat(run.out()).contains("Caller:     arn:aws:iam::123456789012:user/team/ana", "Account:    123456789012", "User:       ana",
                "Simulated:  arn:aws:iam::123456789012:user/team/ana", "Region:     sa-east-1",
                "importau-lakehouse-ana  (importau-lakehouse-<user>, <user> the caller's name ana; not used by these pipelines)",
                "lagoa-b3  (lake.b3-bucket)");
        List<String> lines = run.out().lines().toList();
        assertThat(lines).anyMatch(line -> line.matches("task +\\| action +\\| resource +\\| decision \\| how"));
        assertThat(lines).anyMatch(line -> line.matches("run +\\| glue:StartJobRun +\\| " + JOB + " +\\| denied +\\| simulated: implicit deny \\(no policy allows it\\)"));
        assertThat(lines).anyMatch(line -> line.matches("run +\\| glue:GetJobRun +\\| " + JOB + " +\\| allowed +\\| simulated"));
        assertThat(lines).anyMatch(line -> line.matches("query +\\| athena:StopQueryExecution +\\| \\S+workgroup/lagoa +\\| unknown +\\| simulated: not in the simulator's answer"));
        assertThat(run.out()).contains("1 denied, 1 unknown");

        String policy = run.out().substring(run.out().indexOf("Ask an administrator for:\n") + "Ask an administrator for:\n".length(),
                run.out().lastIndexOf('}') + 1);
        JsonNode document = new ObjectMapper().readTree(policy);
        assertThat(document.get("Version").asText()).isEqualTo("2012-10-17");
        assertThat(document.get("Statement")).hasSize(1);
        JsonNode statement = document.get("Statement").get(0);
        assertThat(statement.get("Sid").asText()).isEqualTo("LagoaRun");
        assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.get("Action")).extracting(JsonNode::asText).containsExactly("glue:StartJobRun");
        assertThat(statement.get("Resource")).extracting(JsonNode::asText).containsExactly(JOB);
        aws.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("PolicySourceArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Auser%2Fteam%2Fana")));
    }

    @Test
    void everythingAllowedExitsZeroAndItsJsonHasNoPolicy() throws Exception {
        caller("arn:aws:iam::123456789012:user/ana");
        simulator(action -> "allowed");

        Run text = doctor("ibov");
        Run json = doctor("ibov", "--json");

        assertThat(text.status()).as(text.err()).isZero();
        assertThat(text.out()).contains("0 denied, 0 unknown", "Nothing denied: nothing to ask an administrator for.").doesNotContain("Ask an administrator for:");
        assertThat(json.status()).as(json.err()).isZero();
        JsonNode document = new ObjectMapper().readTree(json.out());
        assertThat(document.get("caller").get("userName").asText()).isEqualTo("ana");
        assertThat(document.get("region").asText()).isEqualTo("sa-east-1");
        assertThat(document.get("denied").asInt()).isZero();
        assertThat(document.get("allowed").asInt()).isEqualTo(document.get("checks").size()).isPositive();
        assertThat(document.get("policy").isNull()).isTrue();
        assertThat(checksByAction(document).get("glue:StartJobRun " + JOB).get("how").asText()).isEqualTo("simulated");
    }

    @Test
    void whenTheSimulatorIsDeniedHarmlessCallsDecideTheirOwnActions() throws Exception {
        caller("arn:aws:iam::123456789012:user/ana");
        iamError(403, "AccessDenied", "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: iam:SimulatePrincipalPolicy");
        glue("GetDatabase", 200, "{\"Database\":{\"Name\":\"lagoa\"}}");
        glue("GetJobRuns", 400, "{\"__type\":\"InvalidInputException\",\"Message\":\"something unexpected\"}");
        aws.stubFor(head(urlEqualTo("/lagoa-b3")).willReturn(aResponse().withStatus(403)));

        Run text = doctor("ibov");
        Run json = doctor("ibov", "--json");

        assertThat(text.status()).as(text.err()).isEqualTo(2);
        assertThat(text.out()).contains("Simulation: iam:SimulatePrincipalPolicy is denied: User: arn:aws:iam::123456789012:user/ana is not authorized");
        List<String> lines = text.out().lines().toList();
        assertThat(lines).anyMatch(line -> line.matches("query +\\| glue:GetDatabase +\\| \\S+:database/lagoa +\\| allowed +\\| probe: Glue GetDatabase lagoa"));
        assertThat(lines).anyMatch(line -> line.matches("query +\\| s3:ListBucket +\\| arn:aws:s3:::lagoa-b3 +\\| denied +\\| probe: S3 HeadBucket lagoa-b3: access denied"));
        assertThat(lines).anyMatch(line -> line.matches("run +\\| glue:GetJobRuns +\\| " + JOB + " +\\| unknown +\\| probe: Glue GetJobRuns lagoa-ibov-refine: "
                + "something unexpected \\(Glue InvalidInputException, HTTP 400.*\\)"));
        assertThat(lines).anyMatch(line -> line.matches("run +\\| glue:StartJobRun +\\| " + JOB + " +\\| unknown +\\| not checked"));
        assertThat(text.out()).contains("Ask an administrator for:").contains("\"s3:ListBucket\"").contains("\"arn:aws:s3:::lagoa-b3\"");

        JsonNode document = new ObjectMapper().readTree(json.out());
        assertThat(json.status()).isEqualTo(2);
        assertThat(document.get("denied").asInt()).isEqualTo(1);
        assertThat(document.get("allowed").asInt()).isEqualTo(1);
        assertThat(document.get("simulationProblem").asText()).startsWith("iam:SimulatePrincipalPolicy is denied");
        JsonNode statements = document.get("policy").get("Statement");
        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).get("Action")).extracting(JsonNode::asText).containsExactly("s3:ListBucket");
        assertThat(statements.get(0).get("Resource")).extracting(JsonNode::asText).containsExactly("arn:aws:s3:::lagoa-b3");
    }

    @Test
    void anAssumedRoleIsSimulatedAsItsRoleAndOnlyUnknownsExitThree() {
        caller("arn:aws:sts::123456789012:assumed-role/DataEngineer/ana");
        iamError(404, "NoSuchEntity", "The role with name DataEngineer cannot be found.");
        glue("GetDatabase", 400, "{\"__type\":\"InvalidInputException\",\"Message\":\"unexpected\"}");
        glue("GetJobRuns", 400, "{\"__type\":\"InvalidInputException\",\"Message\":\"unexpected\"}");
        aws.stubFor(head(urlEqualTo("/lagoa-b3")).willReturn(aResponse().withStatus(400)));

        Run run = doctor("ibov");

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(3);
        assertThat(run.out()).contains("Simulated:  arn:aws:iam::123456789012:role/DataEngineer (the session ARN does not give the role's path",
                        "Simulation: IAM cannot simulate the policies of arn:aws:iam::123456789012:role/DataEngineer: The role with name DataEngineer "
                                + "cannot be found. (IAM NoSuchEntity, HTTP 404",
                        "0 allowed, 0 denied, ", "Nothing denied", "could not be checked")
                .contains("importau-lakehouse-ana");
        aws.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("PolicySourceArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FDataEngineer")));
    }

    @Test
    void withoutAnyCredentialsTheErrorSaysHowToGiveThem() {
        for (String variable : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_WEB_IDENTITY_TOKEN_FILE",
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
            assumeTrue(System.getenv(variable) == null, variable + " is set: the default credentials chain would find credentials");
        }
        Map<String, String> properties = Map.of("aws.sharedCredentialsFile", temp.resolve("no-credentials").toString(),
                "aws.configFile", temp.resolve("no-config").toString(), "aws.disableEc2Metadata", "true");
        Map<String, String> previous = properties.keySet().stream().filter(key -> System.getProperty(key) != null)
                .collect(Collectors.toMap(key -> key, System::getProperty));
        assumeTrue(System.getProperty("aws.accessKeyId") == null, "aws.accessKeyId is set");
        properties.forEach(System::setProperty);
        Run run;
        try {
            run = run(Map.of(), "aws", "doctor");
        } finally {
            properties.keySet().forEach(System::clearProperty);
            previous.forEach(System::setProperty);
        }

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("Error: No usable AWS credentials found. Set aws.access-key-id and aws.secret-access-key")
                .contains("AWS_ACCESS_KEY_ID", "~/.aws/credentials").doesNotContain("software.amazon", "Exception", "Provider");
        assertThat(aws.getAllServeEvents()).isEmpty();
    }
}
