package dev.lagoa.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okForContentType;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.ErrorType;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.job.JobRunRequest;
import dev.lagoa.core.job.JobRunState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * The Glue launcher against a WireMock stub of the Glue API (JSON 1.1: {@code POST /} with the operation in
 * {@code X-Amz-Target}), started once for the class on a free port of 127.0.0.1.
 */
class GlueJobLauncherIT {
    private static final String RUN_1 = "jr_" + "1a".repeat(32);
    private static final String RUN_2 = "jr_" + "2b".repeat(32);
    private static final String RUN_3 = "jr_" + "3c".repeat(32);
    private static final Instant STARTED = Instant.parse("2026-11-21T09:30:00Z");
    private static final Instant COMPLETED = Instant.parse("2026-11-21T09:32:30Z");

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
        AwsConfig config = AwsConfig.defaults("sa-east-1")
                .withEndpointOverride(URI.create(glue.baseUrl()))
                .withStaticCredentials("lagoa-access", "lagoa-secret")
                .withGlueJobPrefix("prod-")
                .withGluePollInterval(Duration.ofMillis(10));
        client = config.glueClientBuilder()
                .overrideConfiguration(override -> override.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
        launcher = new GlueJobLauncher(client, config);
    }

    @AfterEach
    void closeLauncher() {
        launcher.close();
        client.close();
    }

    @Test
    void startSendsTheJobNameAndArgumentsAndReadsTheRunBack() {
        stub("StartJobRun", ok("{\"JobRunId\":\"%s\"}".formatted(RUN_1)));
        stub("GetJobRun", ok(jobRun(RUN_1, "RUNNING", null, null)));

        JobRun run = launcher.start(new JobRunRequest("lagoa-diff", Map.of("--date", "2026-11-21")));

        assertThat(run.id()).isEqualTo(JobRunId.of(RUN_1));
        assertThat(run.jobName()).isEqualTo("lagoa-diff");
        assertThat(run.state()).isEqualTo(JobRunState.RUNNING);
        assertThat(run.arguments()).containsEntry("--date", "2026-11-21");
        assertThat(run.startedOn()).isEqualTo(STARTED);
        glue.verify(request("StartJobRun")
                .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
                .withRequestBody(equalToJson("{\"JobName\":\"prod-lagoa-diff\",\"Arguments\":{\"--date\":\"2026-11-21\"}}")));
        glue.verify(request("GetJobRun").withRequestBody(matchingJsonPath("$.JobName", equalTo("prod-lagoa-diff")))
                .withRequestBody(matchingJsonPath("$.RunId", equalTo(RUN_1))));
    }

    @Test
    void aTimeoutAndCapacityAreSentOnlyWhenGiven() {
        stub("StartJobRun", ok("{\"JobRunId\":\"%s\"}".formatted(RUN_1)));
        stub("GetJobRun", ok(jobRun(RUN_1, "STARTING", null, null)));

        launcher.start(new JobRunRequest("lagoa-diff", Map.of()), GlueRunOptions.timeout(Duration.ofSeconds(90)).withMaxCapacity(2));

        glue.verify(request("StartJobRun").withRequestBody(matchingJsonPath("$.Timeout", equalTo("2")))
                .withRequestBody(matchingJsonPath("$.MaxCapacity", equalTo("2.0"))));
        launcher.start(new JobRunRequest("lagoa-diff", Map.of()));
        assertThat(glue.findAll(request("StartJobRun")).get(1).getBodyAsString()).doesNotContain("Timeout").doesNotContain("MaxCapacity");
    }

    @Test
    void aRunThatCannotBeReadBackYetIsStarting() {
        stub("StartJobRun", ok("{\"JobRunId\":\"%s\"}".formatted(RUN_1)));
        stub("GetJobRun", error(400, "EntityNotFoundException", "Job run not found"));

        JobRun run = launcher.start(new JobRunRequest("lagoa-diff", Map.of("--date", "2026-11-21")));

        assertThat(run.state()).isEqualTo(JobRunState.STARTING);
        assertThat(run.id().value()).isEqualTo(RUN_1);
        assertThat(run.arguments()).containsEntry("--date", "2026-11-21");
        assertThat(run.logLocation()).contains("/aws-glue/jobs/output/" + RUN_1);
    }

    @Test
    void aSucceededRunHasItsTimesAndLogLocation() {
        stub("GetJobRun", ok(jobRun(RUN_1, "SUCCEEDED", null, null)));

        JobRun run = launcher.get("lagoa-diff", JobRunId.of(RUN_1));

        assertThat(run.state()).isEqualTo(JobRunState.SUCCEEDED);
        assertThat(run.completedOn()).contains(COMPLETED);
        assertThat(run.executionTime()).contains(Duration.ofSeconds(150));
        assertThat(run.errorMessage()).isEmpty();
        assertThat(run.attempt()).isZero();
        assertThat(run.previousRunId()).isEmpty();
        assertThat(run.logLocation()).contains("/aws-glue/jobs/output/" + RUN_1);
    }

    @Test
    void aFailedRunCarriesGluesErrorMessage() {
        stub("GetJobRun", ok(jobRun(RUN_2, "FAILED", "AnalysisException: Path does not exist: s3://lagoa-lake/bronze/x", RUN_1)));

        JobRun run = launcher.get("lagoa-diff", JobRunId.of(RUN_2));

        assertThat(run.state()).isEqualTo(JobRunState.FAILED);
        assertThat(run.errorMessage()).contains("AnalysisException: Path does not exist: s3://lagoa-lake/bronze/x");
        assertThat(run.attempt()).isEqualTo(1);
        assertThat(run.previousRunId()).contains(JobRunId.of(RUN_1));
    }

    @Test
    void timeoutErrorAndStoppingMapToCoreStates() {
        stub("GetJobRun", ok(jobRun(RUN_1, "TIMEOUT", "Job run timed out", null)));
        assertThat(launcher.get("lagoa-diff", JobRunId.of(RUN_1)).state()).isEqualTo(JobRunState.TIMEOUT);

        stub("GetJobRun", ok(jobRun(RUN_1, "ERROR", "Internal service error", null)));
        assertThat(launcher.get("lagoa-diff", JobRunId.of(RUN_1)).state()).isEqualTo(JobRunState.FAILED);

        stub("GetJobRun", ok(jobRun(RUN_1, "STOPPING", null, null).replace(",\"CompletedOn\":" + COMPLETED.getEpochSecond(), "")));
        JobRun stopping = launcher.get("lagoa-diff", JobRunId.of(RUN_1));
        assertThat(stopping.state()).isEqualTo(JobRunState.RUNNING);
        assertThat(stopping.completedOn()).isEmpty();
    }

    @Test
    void concurrentRunsExceededIsReadable() {
        stub("StartJobRun", error(400, "ConcurrentRunsExceededException", "Concurrent runs exceeded for prod-lagoa-diff"));

        assertThatThrownBy(() -> launcher.start(new JobRunRequest("lagoa-diff", Map.of("--date", "2026-11-21"))))
                .isInstanceOfSatisfying(LagoaException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.CONCURRENT_RUNS_EXCEEDED);
                    assertThat(e.errorType()).isEqualTo(ErrorType.USER);
                })
                .hasMessageStartingWith("Cannot start a run of Glue job prod-lagoa-diff: Concurrent runs exceeded for prod-lagoa-diff")
                .hasMessageContaining("ConcurrentRunsExceededException, HTTP 400");
    }

    @Test
    void unknownJobsAndRunsAreNotFound() {
        stub("StartJobRun", error(400, "EntityNotFoundException", "Failed to start job run due to missing metadata"));
        stub("GetJobRun", error(400, "EntityNotFoundException", "Job run not found"));

        assertThatThrownBy(() -> launcher.start(new JobRunRequest("lagoa-nothing", Map.of())))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.JOB_NOT_FOUND))
                .hasMessageContaining("prod-lagoa-nothing");
        assertThatThrownBy(() -> launcher.get("lagoa-diff", JobRunId.of(RUN_3)))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.JOB_RUN_NOT_FOUND))
                .hasMessageContaining(RUN_3);
    }

    @Test
    void throttlingIsARetriableAwsError() {
        stub("GetJobRun", error(400, "ThrottlingException", "Rate exceeded"));

        assertThatThrownBy(() -> launcher.get("lagoa-diff", JobRunId.of(RUN_1)))
                .isInstanceOfSatisfying(LagoaException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.AWS_ERROR);
                    assertThat(e.errorType().isRetriable()).isTrue();
                })
                .hasMessageStartingWith("Cannot read job run %s of Glue job prod-lagoa-diff: Rate exceeded".formatted(RUN_1));
    }

    @Test
    void awaitCompletionPollsUntilTheRunSucceeds() {
        String scenario = "polling";
        glue.stubFor(operation("GetJobRun").inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(ok(jobRun(RUN_1, "STARTING", null, null))).willSetStateTo("running"));
        glue.stubFor(operation("GetJobRun").inScenario(scenario).whenScenarioStateIs("running")
                .willReturn(ok(jobRun(RUN_1, "RUNNING", null, null))).willSetStateTo("still running"));
        glue.stubFor(operation("GetJobRun").inScenario(scenario).whenScenarioStateIs("still running")
                .willReturn(ok(jobRun(RUN_1, "RUNNING", null, null))).willSetStateTo("done"));
        glue.stubFor(operation("GetJobRun").inScenario(scenario).whenScenarioStateIs("done")
                .willReturn(ok(jobRun(RUN_1, "SUCCEEDED", null, null))));
        stub("StartJobRun", ok("{\"JobRunId\":\"%s\"}".formatted(RUN_1)));

        JobRun started = launcher.start(new JobRunRequest("lagoa-diff", Map.of("--date", "2026-11-21")));
        JobRun done = launcher.awaitCompletion(started.id(), Duration.ofSeconds(10));

        assertThat(started.state()).isEqualTo(JobRunState.STARTING);
        assertThat(done.state()).isEqualTo(JobRunState.SUCCEEDED);
        assertThat(glue.findAll(request("GetJobRun"))).hasSize(4);
    }

    @Test
    void awaitCompletionFollowsGluesRetryOfAFailedRun() {
        stub("GetJobRun", ok(jobRun(RUN_1, "FAILED", "OutOfMemoryError", null)), "$.RunId", RUN_1);
        stub("GetJobRun", ok(jobRun(RUN_2, "SUCCEEDED", null, RUN_1)), "$.RunId", RUN_2);
        stub("GetJobRuns", ok("{\"JobRuns\":[%s,%s]}".formatted(run(RUN_2, "SUCCEEDED", null, RUN_1), run(RUN_1, "FAILED", "OutOfMemoryError", null))));

        JobRun last = launcher.awaitCompletion(launcher.get("lagoa-diff", JobRunId.of(RUN_1)).id(), Duration.ofSeconds(5));

        assertThat(last.id()).isEqualTo(JobRunId.of(RUN_2));
        assertThat(last.state()).isEqualTo(JobRunState.SUCCEEDED);
        assertThat(last.attempt()).isEqualTo(1);
    }

    @Test
    void awaitCompletionGivesUpAfterMaxWait() {
        stub("GetJobRun", ok(jobRun(RUN_1, "RUNNING", null, null)));
        launcher.get("lagoa-diff", JobRunId.of(RUN_1));

        assertThatThrownBy(() -> launcher.awaitCompletion(JobRunId.of(RUN_1), Duration.ofMillis(50)))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.JOB_RUN_TIMEOUT))
                .hasMessageContaining("still RUNNING");
    }

    @Test
    void runsPagesUntilTheLimit() {
        glue.stubFor(operation("GetJobRuns").withRequestBody(matchingJsonPath("$.NextToken", equalTo("page-2")))
                .willReturn(ok("{\"JobRuns\":[%s,%s]}".formatted(run(RUN_2, "FAILED", "boom", null), run(RUN_1, "SUCCEEDED", null, null)))));
        glue.stubFor(operation("GetJobRuns").withRequestBody(equalToJson("{\"JobName\":\"prod-lagoa-diff\",\"MaxResults\":3}"))
                .willReturn(ok("{\"JobRuns\":[%s],\"NextToken\":\"page-2\"}".formatted(run(RUN_3, "RUNNING", null, null)))));

        List<JobRun> runs = launcher.runs(Optional.of("lagoa-diff"), 3);

        assertThat(runs).extracting(JobRun::id).containsExactly(JobRunId.of(RUN_3), JobRunId.of(RUN_2), JobRunId.of(RUN_1));
        assertThat(runs).extracting(JobRun::jobName).containsOnly("lagoa-diff");
        glue.verify(request("GetJobRuns").withRequestBody(matchingJsonPath("$.MaxResults", equalTo("2"))));
    }

    @Test
    void runsOfAllJobsAreThoseWithThePrefixNewestFirst() {
        stub("ListJobs", ok("{\"JobNames\":[\"prod-lagoa-diff\",\"prod-lagoa-load\",\"someone-elses-job\"]}"));
        stub("GetJobRuns", ok("{\"JobRuns\":[%s]}".formatted(run(RUN_1, "SUCCEEDED", null, null))), "$.JobName", "prod-lagoa-diff");
        stub("GetJobRuns", ok("{\"JobRuns\":[%s]}".formatted(run(RUN_2, "RUNNING", null, null)
                .replace("\"prod-lagoa-diff\"", "\"prod-lagoa-load\"")
                .replace("\"StartedOn\":" + STARTED.getEpochSecond(), "\"StartedOn\":" + (STARTED.getEpochSecond() + 60)))),
                "$.JobName", "prod-lagoa-load");

        List<JobRun> runs = launcher.runs(Optional.empty(), 10);

        assertThat(runs).extracting(JobRun::jobName).containsExactly("lagoa-load", "lagoa-diff");
        glue.verify(0, request("GetJobRuns").withRequestBody(matchingJsonPath("$.JobName", equalTo("someone-elses-job"))));
    }

    @Test
    void aRunOfAnUnknownJobIsLookedForAmongTheJobsWithThePrefix() {
        stub("ListJobs", ok("{\"JobNames\":[\"prod-lagoa-diff\",\"prod-lagoa-load\"]}"));
        stub("GetJobRun", error(400, "EntityNotFoundException", "Job run not found"), "$.JobName", "prod-lagoa-diff");
        stub("GetJobRun", ok(jobRun(RUN_1, "SUCCEEDED", null, null).replace("\"prod-lagoa-diff\"", "\"prod-lagoa-load\"")),
                "$.JobName", "prod-lagoa-load");

        JobRun run = launcher.get(JobRunId.of(RUN_1));

        assertThat(run.jobName()).isEqualTo("lagoa-load");
        launcher.get(JobRunId.of(RUN_1));
        glue.verify(1, request("ListJobs"));
    }

    @Test
    void aRunFoundInNoJobIsNotFound() {
        stub("ListJobs", ok("{\"JobNames\":[\"prod-lagoa-diff\"]}"));
        stub("GetJobRun", error(400, "EntityNotFoundException", "Job run not found"));

        assertThatThrownBy(() -> launcher.get(JobRunId.of(RUN_3)))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.JOB_RUN_NOT_FOUND))
                .hasMessageContaining(RUN_3).hasMessageContaining("prod-*");
    }

    @Test
    void stopAsksGlueToStopARunningRun() {
        stub("GetJobRun", ok(jobRun(RUN_1, "RUNNING", null, null)));
        stub("BatchStopJobRun", ok("{\"SuccessfulSubmissions\":[{\"JobName\":\"prod-lagoa-diff\",\"JobRunId\":\"%s\"}],\"Errors\":[]}".formatted(RUN_1)));
        launcher.get("lagoa-diff", JobRunId.of(RUN_1));

        launcher.stop(JobRunId.of(RUN_1));

        glue.verify(request("BatchStopJobRun")
                .withRequestBody(equalToJson("{\"JobName\":\"prod-lagoa-diff\",\"JobRunIds\":[\"%s\"]}".formatted(RUN_1))));
    }

    @Test
    void stoppingAFinishedRunLeavesItAsItIs() {
        stub("GetJobRun", ok(jobRun(RUN_1, "SUCCEEDED", null, null)));
        launcher.get("lagoa-diff", JobRunId.of(RUN_1));

        launcher.stop(JobRunId.of(RUN_1));

        glue.verify(0, request("BatchStopJobRun"));
    }

    private static MappingBuilder operation(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSGlue." + operation));
    }

    private static RequestPatternBuilder request(String operation) {
        return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSGlue." + operation));
    }

    private static void stub(String operation, ResponseDefinitionBuilder response) {
        glue.stubFor(operation(operation).willReturn(response));
    }

    private static void stub(String operation, ResponseDefinitionBuilder response, String jsonPath, String value) {
        glue.stubFor(operation(operation).withRequestBody(matchingJsonPath(jsonPath, equalTo(value))).willReturn(response));
    }

    private static ResponseDefinitionBuilder ok(String json) {
        return okForContentType("application/x-amz-json-1.1", json);
    }

    private static ResponseDefinitionBuilder error(int status, String type, String message) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-RequestId", "req-" + type)
                .withBody("{\"__type\":\"%s\",\"Message\":\"%s\"}".formatted(type, message));
    }

    private static String jobRun(String id, String state, String errorMessage, String previousRunId) {
        return "{\"JobRun\":" + run(id, state, errorMessage, previousRunId) + "}";
    }

    /** A Glue JobRun as GetJobRun and GetJobRuns return it (times in epoch seconds). */
    private static String run(String id, String state, String errorMessage, String previousRunId) {
        StringBuilder json = new StringBuilder()
                .append("{\"Id\":\"").append(id).append('"')
                .append(",\"Attempt\":").append(previousRunId == null ? 0 : 1)
                .append(",\"JobName\":\"prod-lagoa-diff\"")
                .append(",\"StartedOn\":").append(STARTED.getEpochSecond())
                .append(",\"LastModifiedOn\":").append(COMPLETED.getEpochSecond())
                .append(",\"JobRunState\":\"").append(state).append('"')
                .append(",\"Arguments\":{\"--date\":\"2026-11-21\"}");
        if (!state.equals("STARTING") && !state.equals("RUNNING")) {
            json.append(",\"CompletedOn\":").append(COMPLETED.getEpochSecond());
        }
        if (errorMessage != null) {
            json.append(",\"ErrorMessage\":\"").append(errorMessage).append('"');
        }
        if (previousRunId != null) {
            json.append(",\"PreviousRunId\":\"").append(previousRunId).append('"');
        }
        return json.append('}').toString();
    }
}
