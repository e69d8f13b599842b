package dev.lagoa.aws;

import static java.util.Objects.requireNonNull;

import dev.lagoa.aws.access.OperatorAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Whether a principal may do what an operator needs ({@link OperatorAccess}). First IAM's policy simulator
 * ({@code iam:SimulatePrincipalPolicy}) for the principal, one call per resource. When the simulator cannot answer
 * (it is denied, or it does not know the principal), harmless calls stand in for the actions they are: Glue
 * {@code GetDatabase} for {@code glue:GetDatabase}, Glue {@code GetJobRuns} for {@code glue:GetJobRuns}, S3
 * {@code HeadBucket} for {@code s3:ListBucket}; every other action is then not checked, its decision unknown.
 * Nothing is created, changed or started.
 */
public final class AccessCheck {
    /** What was found: allowed, denied (by no policy or by a deny), or not known. */
    public enum Decision {
        ALLOWED, DENIED, UNKNOWN;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a decision was found. */
    public enum Method {
        SIMULATED("simulated"), PROBE("probe"), NOT_CHECKED("not checked");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One action on one resource, its decision, how it was found, and a detail for people ("implicit deny", the probe's call). */
    public record Result(OperatorAccess.Action action, Decision decision, Method method, String detail) {
        public Result {
            requireNonNull(action, "action is null");
            requireNonNull(decision, "decision is null");
            requireNonNull(method, "method is null");
            requireNonNull(detail, "detail is null");
        }
    }

    /** The results in the order of the actions, and why the simulator could not answer when it could not. */
    public record Report(Optional<String> simulationProblem, List<Result> results) {
        public Report {
            requireNonNull(simulationProblem, "simulationProblem is null");
            results = List.copyOf(requireNonNull(results, "results is null"));
        }

        public boolean anyDenied() {
            return results.stream().anyMatch(result -> result.decision() == Decision.DENIED);
        }

        public boolean anyUnknown() {
            return results.stream().anyMatch(result -> result.decision() == Decision.UNKNOWN);
        }
    }

    /** A harmless call's outcome: the decision it shows and what was called. */
    record ProbeOutcome(Decision decision, String detail) {}

    private final AwsConfig aws;

    public AccessCheck(AwsConfig aws) {
        this.aws = requireNonNull(aws, "aws is null");
    }

    /**
     * Checks {@code actions} for {@code principalArn} (an IAM user's or role's ARN). {@code principalNote} is added to
     * the simulator's problem when it cannot answer (for an assumed role: that the role's path is not known).
     */
    public Report check(String principalArn, String principalNote, List<OperatorAccess.Action> actions) {
        requireNonNull(principalArn, "principalArn is null");
        requireNonNull(principalNote, "principalNote is null");
        requireNonNull(actions, "actions is null");
        try (IamClient iam = aws.applyTo(IamClient.builder()).region(iamRegion(aws.region())).httpClientBuilder(ApacheHttpClient.builder()).build()) {
            return new Report(Optional.empty(), simulated(actions, simulate(iam, principalArn, actions)));
        } catch (SdkException e) {
            String problem = (AwsErrors.isAccessError(e) ? "iam:SimulatePrincipalPolicy is denied: " : "IAM cannot simulate the policies of " + principalArn + ": ")
                    + AwsErrors.describe("IAM", e) + (AwsErrors.isAccessError(e) || principalNote.isEmpty() ? "" : "; " + principalNote);
            return new Report(Optional.of(problem), probed(actions, probe(actions)));
        }
    }

    /** The IAM endpoint's region: the global endpoint, except in the China and GovCloud partitions. */
    static Region iamRegion(String region) {
        return region.startsWith("cn-") || region.startsWith("us-gov-") ? Region.of(region) : Region.AWS_GLOBAL;
    }

    private static List<EvaluationResult> simulate(IamClient iam, String principalArn, List<OperatorAccess.Action> actions) {
        Map<String, List<String>> byResource = new LinkedHashMap<>();
        for (OperatorAccess.Action action : actions) {
            List<String> names = byResource.computeIfAbsent(action.resource(), resource -> new ArrayList<>());
            if (!names.contains(action.action())) {
                names.add(action.action());
            }
        }
        List<EvaluationResult> results = new ArrayList<>();
        byResource.forEach((resource, names) -> iam.simulatePrincipalPolicyPaginator(request -> request.policySourceArn(principalArn)
                .actionNames(names).resourceArns(resource)).evaluationResults().forEach(results::add));
        return results;
    }

    /** Each action's decision from the simulator's answers, matched by action name and resource. */
    static List<Result> simulated(List<OperatorAccess.Action> actions, List<EvaluationResult> evaluations) {
        List<Result> results = new ArrayList<>();
        for (OperatorAccess.Action action : actions) {
            Optional<EvaluationResult> found = evaluations.stream()
                    .filter(evaluation -> action.action().equalsIgnoreCase(evaluation.evalActionName()))
                    .filter(evaluation -> evaluation.evalResourceName() == null || action.resource().equals(evaluation.evalResourceName()))
                    .findFirst();
            results.add(found.map(evaluation -> simulated(action, evaluation.evalDecisionAsString()))
                    .orElseGet(() -> new Result(action, Decision.UNKNOWN, Method.SIMULATED, "not in the simulator's answer")));
        }
        return results;
    }

    static Result simulated(OperatorAccess.Action action, String evalDecision) {
        return switch (evalDecision == null ? "" : evalDecision) {
            case "allowed" -> new Result(action, Decision.ALLOWED, Method.SIMULATED, "");
            case "explicitDeny" -> new Result(action, Decision.DENIED, Method.SIMULATED, "explicit deny");
            case "implicitDeny" -> new Result(action, Decision.DENIED, Method.SIMULATED, "implicit deny (no policy allows it)");
            default -> new Result(action, Decision.UNKNOWN, Method.SIMULATED, "the simulator answered '" + evalDecision + "'");
        };
    }

    /** Each action's decision from the probes' outcomes (keyed by action and resource); the others are not checked. */
    static List<Result> probed(List<OperatorAccess.Action> actions, Map<OperatorAccess.Action, ProbeOutcome> outcomes) {
        List<Result> results = new ArrayList<>();
        for (OperatorAccess.Action action : actions) {
            ProbeOutcome outcome = outcomes.entrySet().stream()
                    .filter(entry -> entry.getKey().action().equals(action.action()) && entry.getKey().resource().equals(action.resource()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            results.add(outcome == null ? new Result(action, Decision.UNKNOWN, Method.NOT_CHECKED, "")
                    : new Result(action, outcome.decision(), Method.PROBE, outcome.detail()));
        }
        return results;
    }

    /**
     * What a probe's failure shows. Access denied: denied. Glue's {@code EntityNotFoundException}: allowed (on the
     * assumption, not yet verified on a real account, that Glue checks the permission on the ARN it builds from the
     * name before it looks the entity up). S3's 404 for a bucket:
     * unknown, as the bucket does not exist (S3 answers 404 whatever the permissions). Anything else (a server error,
     * throttling, an unreachable endpoint): unknown.
     */
    static ProbeOutcome outcome(String call, SdkException e) {
        if (AwsErrors.isAccessError(e)) {
            return new ProbeOutcome(Decision.DENIED, call + ": access denied");
        }
        String code = AwsErrors.errorCode(e);
        if (code.equals("EntityNotFoundException")) {
            return new ProbeOutcome(Decision.ALLOWED, call + ": allowed (it does not exist yet)");
        }
        if (call.startsWith("S3 ") && e instanceof AwsServiceException service && service.statusCode() == 404) {
            return new ProbeOutcome(Decision.UNKNOWN, call + ": the bucket does not exist");
        }
        String service = call.substring(0, call.indexOf(' '));
        return new ProbeOutcome(Decision.UNKNOWN, call + ": " + AwsErrors.describe(service, e));
    }

    private Map<OperatorAccess.Action, ProbeOutcome> probe(List<OperatorAccess.Action> actions) {
        Map<OperatorAccess.Action, ProbeOutcome> outcomes = new LinkedHashMap<>();
        try (GlueClient glue = aws.glueClient(); S3Client s3 = aws.s3Client()) {
            for (OperatorAccess.Action action : actions) {
                if (outcomes.keySet().stream().anyMatch(done -> done.action().equals(action.action()) && done.resource().equals(action.resource()))) {
                    continue;
                }
                String name = action.resource().substring(action.resource().lastIndexOf(action.resource().contains(":::") ? ':' : '/') + 1);
                switch (action.action()) {
                    case "glue:GetDatabase" -> outcomes.put(action, probe("Glue GetDatabase " + name, () -> glue.getDatabase(request -> request.name(name))));
                    case "glue:GetJobRuns" -> outcomes.put(action, probe("Glue GetJobRuns " + name,
                            () -> glue.getJobRuns(request -> request.jobName(name).maxResults(1))));
                    case "s3:ListBucket" -> outcomes.put(action, probe("S3 HeadBucket " + name, () -> s3.headBucket(request -> request.bucket(name))));
                    default -> {
                        // no harmless call stands for this action
                    }
                }
            }
        }
        return outcomes;
    }

    private static ProbeOutcome probe(String call, Runnable run) {
        try {
            run.run();
            return new ProbeOutcome(Decision.ALLOWED, call);
        } catch (SdkException e) {
            return outcome(call, e);
        }
    }
}
