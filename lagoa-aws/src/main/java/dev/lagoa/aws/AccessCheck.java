package dev.lagoa.aws;

import static java.util.Objects.requireNonNull;

import dev.lagoa.aws.access.OperatorAccess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Whether the caller may do what an operator needs ({@link OperatorAccess}): IAM's policy simulator
 * ({@code iam:SimulatePrincipalPolicy}) for the caller's principal, or, when the simulator itself is denied, one harmless
 * call per service (Glue GetDatabase, Athena GetWorkGroup, S3 HeadBucket, Step Functions ListStateMachines) and
 * {@link Decision#UNKNOWN} for the rest.
 */
public final class AccessCheck {
    /** What IAM decided ({@code DENIED}: a probe was refused, whether by no policy or by a deny), or that it could not be told. */
    public enum Decision {
        ALLOWED, IMPLICIT_DENY, EXPLICIT_DENY, DENIED, UNKNOWN
    }

    /** One action on one resource, its decision, and how it was found ("simulated", "probe: ..."). */
    public record Result(OperatorAccess.Task task, String action, String resource, Decision decision, String how) {}

    private final AwsConfig aws;

    public AccessCheck(AwsConfig aws) {
        this.aws = requireNonNull(aws, "aws is null");
    }

    /**
     * Checks {@code actions} for {@code principalArn}; {@code database}, {@code workgroup} and {@code bucket} are what the
     * probes touch when the simulator is denied.
     */
    public List<Result> check(String principalArn, List<OperatorAccess.Action> actions, String database, String workgroup, String bucket) {
        try (IamClient iam = aws.applyTo(IamClient.builder()).region(aws.region().startsWith("cn-") || aws.region().startsWith("us-gov-")
                ? Region.of(aws.region()) : Region.AWS_GLOBAL).httpClientBuilder(ApacheHttpClient.builder()).build()) {
            return simulate(iam, principalArn, actions);
        } catch (SdkException e) {
            if (!AwsErrors.isAccessError(e)) {
                throw new dev.lagoa.core.LagoaException(dev.lagoa.core.ErrorCode.AWS_ERROR,
                        "Cannot simulate the policies of " + principalArn + ": " + AwsErrors.describe("IAM", e), e);
            }
            return probe(actions, database, workgroup, bucket);
        }
    }

    private static List<Result> simulate(IamClient iam, String principalArn, List<OperatorAccess.Action> actions) {
        Map<String, List<OperatorAccess.Action>> byResource = new LinkedHashMap<>();
        actions.forEach(action -> byResource.computeIfAbsent(action.resource(), resource -> new ArrayList<>()).add(action));
        Map<OperatorAccess.Action, Decision> decisions = new HashMap<>();
        for (Map.Entry<String, List<OperatorAccess.Action>> group : byResource.entrySet()) {
            List<String> names = group.getValue().stream().map(OperatorAccess.Action::action).distinct().toList();
            for (EvaluationResult result : iam.simulatePrincipalPolicyPaginator(request -> request.policySourceArn(principalArn)
                    .actionNames(names).resourceArns(group.getKey())).evaluationResults()) {
                for (OperatorAccess.Action action : group.getValue()) {
                    if (action.action().equals(result.evalActionName())) {
                        decisions.put(action, decision(result.evalDecisionAsString()));
                    }
                }
            }
        }
        return actions.stream().map(action -> new Result(action.task(), action.action(), action.resource(),
                decisions.getOrDefault(action, Decision.UNKNOWN), "simulated")).toList();
    }

    private static Decision decision(String evalDecision) {
        return switch (evalDecision == null ? "" : evalDecision) {
            case "allowed" -> Decision.ALLOWED;
            case "explicitDeny" -> Decision.EXPLICIT_DENY;
            case "implicitDeny" -> Decision.IMPLICIT_DENY;
            default -> Decision.UNKNOWN;
        };
    }

    private List<Result> probe(List<OperatorAccess.Action> actions, String database, String workgroup, String bucket) {
        Map<String, Decision> probed = new LinkedHashMap<>();
        probed.put("glue:GetDatabase", probe(() -> {
            try (GlueClient glue = aws.glueClient()) {
                glue.getDatabase(request -> request.name(database));
            }
        }));
        probed.put("athena:GetWorkGroup", probe(() -> {
            try (AthenaClient athena = aws.applyTo(AthenaClient.builder()).httpClientBuilder(ApacheHttpClient.builder()).build()) {
                athena.getWorkGroup(request -> request.workGroup(workgroup));
            }
        }));
        probed.put("s3:ListBucket", probe(() -> {
            try (S3Client s3 = aws.s3Client()) {
                s3.headBucket(request -> request.bucket(bucket));
            }
        }));
        probed.put("states:ListStateMachines", probe(() -> {
            try (SfnClient sfn = aws.applyTo(SfnClient.builder()).httpClientBuilder(ApacheHttpClient.builder()).build()) {
                sfn.listStateMachines(request -> request.maxResults(1));
            }
        }));
        Map<String, String> subjects = Map.of("glue:GetDatabase", "database " + database, "athena:GetWorkGroup", "workgroup " + workgroup,
                "s3:ListBucket", "bucket " + bucket, "states:ListStateMachines", "*");
        List<Result> results = new ArrayList<>();
        for (OperatorAccess.Action action : actions) {
            Decision decision = probed.getOrDefault(action.action(), Decision.UNKNOWN);
            results.add(new Result(action.task(), action.action(), action.resource(), decision,
                    probed.containsKey(action.action()) ? "probe" : "not checked: iam:SimulatePrincipalPolicy is denied"));
        }
        probed.forEach((action, decision) -> {
            if (actions.stream().noneMatch(known -> known.action().equals(action))) {
                results.add(new Result(OperatorAccess.Task.QUERY, action, subjects.get(action), decision, "probe"));
            }
        });
        return results;
    }

    /** Allowed when the call succeeds or fails for another reason than access (a missing database was still allowed to be asked for). */
    private static Decision probe(Runnable call) {
        try {
            call.run();
            return Decision.ALLOWED;
        } catch (SdkException e) {
            if (AwsErrors.isAccessError(e)) {
                return Decision.DENIED;
            }
            return e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException ? Decision.ALLOWED : Decision.UNKNOWN;
        }
    }
}
