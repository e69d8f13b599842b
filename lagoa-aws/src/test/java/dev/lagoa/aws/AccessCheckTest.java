package dev.lagoa.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.aws.AccessCheck.Decision;
import dev.lagoa.aws.AccessCheck.Method;
import dev.lagoa.aws.AccessCheck.ProbeOutcome;
import dev.lagoa.aws.AccessCheck.Result;
import dev.lagoa.aws.access.OperatorAccess.Action;
import dev.lagoa.aws.access.OperatorAccess.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.model.EvaluationResult;

/** The decisions of {@link AccessCheck}: from the simulator's answers and from the probes' outcomes. */
class AccessCheckTest {
    private static final Action GET_DATABASE = new Action(Task.QUERY, "glue:GetDatabase", "arn:aws:glue:sa-east-1:123456789012:database/lagoa");
    private static final Action LIST_B3 = new Action(Task.QUERY, "s3:ListBucket", "arn:aws:s3:::lagoa-b3");
    private static final Action LIST_DIFFS = new Action(Task.QUERY, "s3:ListBucket", "arn:aws:s3:::lagoa-diffs");
    private static final Action START_QUERY = new Action(Task.QUERY, "athena:StartQueryExecution", "arn:aws:athena:sa-east-1:123456789012:workgroup/lagoa");

    private static EvaluationResult evaluation(String action, String resource, String decision) {
        return EvaluationResult.builder().evalActionName(action).evalResourceName(resource).evalDecision(decision).build();
    }

    private static AwsServiceException serviceError(int status, String code) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("message of " + code).build()).build();
    }

    @Test
    void theSimulatorsDecisionsAreMatchedByActionAndResource() {
        List<Result> results = AccessCheck.simulated(List.of(LIST_B3, LIST_DIFFS, GET_DATABASE, START_QUERY), List.of(
                evaluation("s3:ListBucket", "arn:aws:s3:::lagoa-diffs", "explicitDeny"),
                evaluation("s3:ListBucket", "arn:aws:s3:::lagoa-b3", "allowed"),
                evaluation("glue:GetDatabase", "arn:aws:glue:sa-east-1:123456789012:database/lagoa", "implicitDeny")));

        assertThat(results).containsExactly(
                new Result(LIST_B3, Decision.ALLOWED, Method.SIMULATED, ""),
                new Result(LIST_DIFFS, Decision.DENIED, Method.SIMULATED, "explicit deny"),
                new Result(GET_DATABASE, Decision.DENIED, Method.SIMULATED, "implicit deny (no policy allows it)"),
                new Result(START_QUERY, Decision.UNKNOWN, Method.SIMULATED, "not in the simulator's answer"));
    }

    @Test
    void anUnexpectedSimulatorDecisionIsUnknown() {
        assertThat(AccessCheck.simulated(START_QUERY, "maybe").decision()).isEqualTo(Decision.UNKNOWN);
        assertThat(AccessCheck.simulated(START_QUERY, null).decision()).isEqualTo(Decision.UNKNOWN);
    }

    @Test
    void aProbeIsDeniedOnlyWhenTheServiceSaysSo() {
        assertThat(AccessCheck.outcome("Glue GetDatabase lagoa", serviceError(400, "AccessDeniedException")).decision()).isEqualTo(Decision.DENIED);
        assertThat(AccessCheck.outcome("S3 HeadBucket lagoa-b3", serviceError(403, null)).decision()).isEqualTo(Decision.DENIED);
    }

    @Test
    void aMissingGlueEntityWasStillAllowedToBeAskedFor() {
        ProbeOutcome outcome = AccessCheck.outcome("Glue GetDatabase lagoa", serviceError(400, "EntityNotFoundException"));

        assertThat(outcome).isEqualTo(new ProbeOutcome(Decision.ALLOWED, "Glue GetDatabase lagoa: allowed (it does not exist yet)"));
    }

    @Test
    void aMissingBucketServerErrorsAndUnreachableEndpointsAreUnknown() {
        assertThat(AccessCheck.outcome("S3 HeadBucket lagoa-b3", serviceError(404, "NoSuchBucket")))
                .isEqualTo(new ProbeOutcome(Decision.UNKNOWN, "S3 HeadBucket lagoa-b3: the bucket does not exist"));
        ProbeOutcome serverError = AccessCheck.outcome("Glue GetJobRuns lagoa-ibov-refine", serviceError(500, "InternalServiceException"));
        assertThat(serverError.decision()).isEqualTo(Decision.UNKNOWN);
        assertThat(serverError.detail()).startsWith("Glue GetJobRuns lagoa-ibov-refine: message of InternalServiceException (Glue InternalServiceException, HTTP 500");
        ProbeOutcome unreachable = AccessCheck.outcome("Glue GetDatabase lagoa", SdkClientException.create("Connection refused"));
        assertThat(unreachable).isEqualTo(new ProbeOutcome(Decision.UNKNOWN, "Glue GetDatabase lagoa: Connection refused (Glue not reached)"));
    }

    @Test
    void probesDecideTheirOwnActionOnTheirOwnResourceAndNothingElse() {
        List<Result> results = AccessCheck.probed(List.of(GET_DATABASE, LIST_B3, LIST_DIFFS, START_QUERY), Map.of(
                new Action(Task.CATALOG_SYNC, "glue:GetDatabase", GET_DATABASE.resource()), new ProbeOutcome(Decision.ALLOWED, "Glue GetDatabase lagoa"),
                LIST_B3, new ProbeOutcome(Decision.DENIED, "S3 HeadBucket lagoa-b3: access denied")));

        assertThat(results).containsExactly(
                new Result(GET_DATABASE, Decision.ALLOWED, Method.PROBE, "Glue GetDatabase lagoa"),
                new Result(LIST_B3, Decision.DENIED, Method.PROBE, "S3 HeadBucket lagoa-b3: access denied"),
                new Result(LIST_DIFFS, Decision.UNKNOWN, Method.NOT_CHECKED, ""),
                new Result(START_QUERY, Decision.UNKNOWN, Method.NOT_CHECKED, ""));
    }

    @Test
    void theReportSaysWhetherAnythingIsDeniedOrUnknown() {
        AccessCheck.Report allowed = new AccessCheck.Report(Optional.empty(), List.of(new Result(LIST_B3, Decision.ALLOWED, Method.SIMULATED, "")));
        AccessCheck.Report mixed = new AccessCheck.Report(Optional.empty(), List.of(new Result(LIST_B3, Decision.ALLOWED, Method.SIMULATED, ""),
                new Result(LIST_DIFFS, Decision.UNKNOWN, Method.NOT_CHECKED, "")));

        assertThat(allowed.anyDenied() || allowed.anyUnknown()).isFalse();
        assertThat(mixed.anyUnknown()).isTrue();
        assertThat(mixed.anyDenied()).isFalse();
    }

    @Test
    void iamIsGlobalExceptInTheChinaAndGovCloudPartitions() {
        assertThat(AccessCheck.iamRegion("sa-east-1")).isEqualTo(Region.AWS_GLOBAL);
        assertThat(AccessCheck.iamRegion("cn-north-1")).isEqualTo(Region.CN_NORTH_1);
        assertThat(AccessCheck.iamRegion("us-gov-west-1")).isEqualTo(Region.US_GOV_WEST_1);
    }
}
