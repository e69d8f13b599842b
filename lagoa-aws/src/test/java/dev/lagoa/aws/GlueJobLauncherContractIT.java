package dev.lagoa.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okForContentType;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.job.JobLauncherContractTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * The Glue launcher passes the JobLauncher contract against a stub of the Glue API that plays two jobs: runs of
 * {@code contract-ok} succeed, runs of {@code contract-fail} fail.
 */
class GlueJobLauncherContractIT extends JobLauncherContractTest {
    private static final String OK_RUN = "jr_" + "ab".repeat(32);
    private static final String FAILED_RUN = "jr_" + "cd".repeat(32);
    private static final String FAILURE = "AnalysisException: Path does not exist: s3://lagoa-hoje/produtos/2026-11-21/";
    private static final Instant STARTED = Instant.parse("2026-11-21T04:00:00Z");

    private static WireMockServer glue;
    private GlueClient client;
    private GlueJobLauncher launcher;

    @BeforeAll
    static void startStub() {
        glue = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        glue.start();
    }

    @AfterAll
    static void stopStub() {
        glue.stop();
    }

    @BeforeEach
    void createLauncher() {
        glue.resetAll();
        play("contract-ok", OK_RUN, "SUCCEEDED", null);
        play("contract-fail", FAILED_RUN, "FAILED", FAILURE);
        glue.stubFor(operation("ListJobs").willReturn(ok("{\"JobNames\":[\"contract-ok\",\"contract-fail\"]}")));
        glue.stubFor(operation("GetJobRun").atPriority(10).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"EntityNotFoundException\",\"Message\":\"Job run not found\"}")));
        AwsConfig config = AwsConfig.defaults("sa-east-1")
                .withEndpointOverride(URI.create(glue.baseUrl()))
                .withStaticCredentials("lagoa-access", "lagoa-secret")
                .withGluePollInterval(Duration.ofMillis(10));
        client = config.glueClientBuilder()
                .overrideConfiguration(override -> override.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
        launcher = new GlueJobLauncher(client, config);
    }

    /** StartJobRun of {@code job} returns {@code runId}; the run reads back as finished in {@code state}. */
    private static void play(String job, String runId, String state, String errorMessage) {
        String run = "{\"Id\":\"%s\",\"Attempt\":0,\"JobName\":\"%s\",\"StartedOn\":%d,\"CompletedOn\":%d,\"JobRunState\":\"%s\",\"Arguments\":{\"--date\":\"2026-11-21\"}%s}"
                .formatted(runId, job, STARTED.getEpochSecond(), STARTED.plusSeconds(150).getEpochSecond(), state,
                        errorMessage == null ? "" : ",\"ErrorMessage\":\"%s\"".formatted(errorMessage));
        glue.stubFor(operation("StartJobRun").withRequestBody(matchingJsonPath("$.JobName", equalTo(job)))
                .willReturn(ok("{\"JobRunId\":\"%s\"}".formatted(runId))));
        glue.stubFor(operation("GetJobRun").atPriority(1).withRequestBody(matchingJsonPath("$.RunId", equalTo(runId)))
                .willReturn(ok("{\"JobRun\":" + run + "}")));
        glue.stubFor(operation("GetJobRuns").withRequestBody(matchingJsonPath("$.JobName", equalTo(job)))
                .willReturn(ok("{\"JobRuns\":[" + run + "]}")));
    }

    private static MappingBuilder operation(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSGlue." + operation));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(String json) {
        return okForContentType("application/x-amz-json-1.1", json);
    }

    @AfterEach
    void closeLauncher() {
        launcher.close();
        client.close();
    }

    @Override
    protected JobLauncher launcher() {
        return launcher;
    }

    @Override
    protected String succeedingJob() {
        return "contract-ok";
    }

    @Override
    protected String failingJob() {
        return "contract-fail";
    }

    @Override
    protected String failureMessage() {
        return FAILURE;
    }
}
