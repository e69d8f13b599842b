package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import dev.lagoa.aws.AccessCheck;
import dev.lagoa.apiload.ApiLoadConfig;
import dev.lagoa.aws.AthenaConfig;
import dev.lagoa.aws.AthenaQueryEngine;
import dev.lagoa.aws.AwsConfig;
import dev.lagoa.aws.CallerIdentity;
import dev.lagoa.aws.StepFunctionsExecutions;
import dev.lagoa.aws.access.AccessPlan;
import dev.lagoa.aws.access.ApiLoadEndpoints;
import dev.lagoa.aws.access.DeployConfig;
import dev.lagoa.aws.access.DeploymentSettings;
import dev.lagoa.aws.access.ExistingRoles;
import dev.lagoa.aws.access.OperatorAccess;
import dev.lagoa.aws.access.RoleSpec;
import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.Configuration;
import dev.lagoa.core.config.SqlConfig;
import dev.lagoa.core.query.QueryEngine;
import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.core.config.Profile;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.statemachine.Execution;
import dev.lagoa.core.statemachine.StateMachines;
import dev.lagoa.core.statemachine.StateTransition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The wiring of {@code lagoa aws}, and with {@link LagoaRuntime} and {@link LocalPlatform} a class that names adapters (the
 * access plan of the AWS deployment): the roles a deployment needs ({@code lagoa aws roles}), from the same access plan the
 * stacks are synthesized from, in the shape the commands print. Arguments are never null.
 */
public final class AwsWiring {
    /** What {@code ${AWS::AccountId}} reads as when the account is not known. */
    public static final String UNKNOWN_ACCOUNT = "<account>";
    private final LagoaRuntime runtime;

    /** Throws {@code NullPointerException} for a null runtime. */
    public AwsWiring(LagoaRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    /** A role: who assumes it, what runs with it, its ARN when an existing-roles file gives it, and its statements. */
    public record Role(String name, String pipeline, String assumedBy, String principal, String purpose, Optional<String> arn,
            List<Statement> statements) {}

    /** One statement of a role. */
    public record Statement(String sid, List<String> actions, List<String> resources, String reason) {}

    /** The roles of a deployment: the region, the account (when known), and each role. */
    public record Roles(String region, Optional<String> account, List<Role> roles) {}

    /**
     * The roles of {@code pipelines} (every pipeline when empty), in {@code aws.region}; {@code account} substitutes
     * {@code ${AWS::AccountId}}, else STS gives it when {@code resolve}, else it reads {@value #UNKNOWN_ACCOUNT}. With
     * {@code roleArns}, the existing-roles file is checked against the role names (a missing or extra name is a user
     * error listing the expected names) and its ARNs are shown. Throws {@code LagoaException} for an unknown pipeline.
     */
    public Roles roles(List<String> pipelines, Optional<String> account, boolean resolve, Optional<Path> roleArns) {
        AwsConfig aws = AwsConfig.from(runtime.configuration());
        Optional<String> knownAccount = account.isPresent() ? account : resolve ? Optional.of(callerIdentity(runtime).account()) : Optional.empty();
        LakeConfig lake = resolve ? runtime.lakeConfig() : LakeConfig.from(runtime.configuration());
        List<PipelineDefinition> definitions = pipelines.isEmpty() ? Pipelines.all() : pipelines.stream().map(Pipelines::named).toList();
        AccessPlan plan = AccessPlan.derive(definitions, StateMachines.all(), deploymentSettings(lake));
        Map<String, String> arns = roleArns.map(file -> ExistingRoles.read(file, plan.roleNames())).orElse(Map.of());
        AccessPlan resolved = plan.resolved(Optional.of(knownAccount.orElse(UNKNOWN_ACCOUNT)), aws.region(), arns);
        return new Roles(aws.region(), knownAccount, resolved.roles().stream().map(role -> role(role, Optional.ofNullable(arns.get(role.name())))).toList());
    }

    /** The bucket of the Athena results of the lake stack ({@code LakeStack.RESULTS_BUCKET} of lagoa-deploy). */
    static final String ATHENA_RESULTS_BUCKET = "lagoa-athena-results-%s-%s";

    /** Who the caller is, and the principal whose policies are simulated ({@code note}: what is not known about it). */
    public record Caller(String account, String arn, String userName, String simulatedArn, Optional<String> note) {}

    /** A bucket the pipelines use, and where its name comes from (a configuration key, the caller's name). */
    public record Bucket(String name, String source) {}

    /** One row of the doctor's table. */
    public record Check(String task, String action, String resource, String decision, String how) {}

    /**
     * What {@code lagoa aws doctor} found: the caller, the region, the buckets, the checks, how many are allowed,
     * denied and unknown, why the simulator could not answer (when it could not), and the policy that grants the
     * denied actions (empty when nothing is denied).
     */
    public record Doctor(Caller caller, String region, List<Bucket> buckets, Optional<String> simulationProblem, List<Check> checks, int allowed,
            int denied, int unknown, Optional<Map<String, Object>> policy) {}

    /**
     * Checks what an operator of {@code pipelines} (every pipeline when empty) needs, for the caller STS names: IAM's
     * policy simulator for the caller's user or role, else harmless probes ({@link AccessCheck}). The lake's buckets are
     * named as on the aws profile (the importau bucket after the caller's name unless configured). Throws
     * {@code LagoaException} when there are no credentials or STS refuses them, and for an unknown pipeline.
     */
    public Doctor doctor(List<String> pipelines) {
        List<PipelineDefinition> definitions = pipelines.isEmpty() ? Pipelines.all() : pipelines.stream().map(Pipelines::named).toList();
        Configuration configuration = runtime.configuration();
        AwsConfig aws = AwsConfig.from(configuration);
        CallerIdentity identity = callerIdentity(runtime);
        LakeConfig lake = lakeConfig(configuration, Profile.AWS, identity::userName);
        AthenaConfig athena = AthenaConfig.from(configuration);
        String partition = identity.arn().split(":").length > 1 ? identity.arn().split(":")[1] : "aws";
        String resultsBucket = athena.outputLocation().filter(location -> location.startsWith("s3://"))
                .map(location -> location.substring(5).split("/")[0]).orElse(ATHENA_RESULTS_BUCKET.formatted(identity.account(), aws.region()));
        DeploymentSettings settings = deploymentSettings(lake);
        List<OperatorAccess.Action> actions = OperatorAccess.of(definitions, settings,
                new OperatorAccess.Target(partition, aws.region(), identity.account(), athena.workgroup(), resultsBucket));
        Optional<String> note = identity.isAssumedRole()
                ? Optional.of("the session ARN does not give the role's path: a role created under a path cannot be simulated by this ARN")
                : Optional.empty();
        AccessCheck.Report report = new AccessCheck(aws).check(identity.principalArn(), note.orElse(""), actions);
        List<Check> checks = report.results().stream().map(result -> new Check(result.action().task().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                result.action().action(), result.action().resource(), result.decision().label(),
                result.detail().isEmpty() ? result.method().label() : result.method().label() + ": " + result.detail())).toList();
        Map<AccessCheck.Decision, Long> counts = new java.util.EnumMap<>(AccessCheck.Decision.class);
        report.results().forEach(result -> counts.merge(result.decision(), 1L, Long::sum));
        List<OperatorAccess.Action> denied = report.results().stream().filter(result -> result.decision() == AccessCheck.Decision.DENIED)
                .map(AccessCheck.Result::action).toList();
        return new Doctor(new Caller(identity.account(), identity.arn(), identity.userName(), identity.principalArn(), note), aws.region(),
                buckets(configuration, lake, identity, OperatorAccess.buckets(definitions, settings), resultsBucket, athena), report.simulationProblem(),
                checks, counts.getOrDefault(AccessCheck.Decision.ALLOWED, 0L).intValue(), counts.getOrDefault(AccessCheck.Decision.DENIED, 0L).intValue(),
                counts.getOrDefault(AccessCheck.Decision.UNKNOWN, 0L).intValue(), denied.isEmpty() ? Optional.empty() : Optional.of(policy(denied)));
    }

    /**
     * An IAM policy document that allows {@code actions}: per task, one statement per set of actions that share their
     * resources, in the order of the tasks.
     */
    static Map<String, Object> policy(List<OperatorAccess.Action> actions) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (OperatorAccess.Task task : OperatorAccess.Task.values()) {
            Map<String, Set<String>> byResource = new TreeMap<>();
            actions.stream().filter(action -> action.task() == task)
                    .forEach(action -> byResource.computeIfAbsent(action.resource(), resource -> new TreeSet<>()).add(action.action()));
            Map<Set<String>, List<String>> byActions = new LinkedHashMap<>();
            byResource.forEach((resource, names) -> byActions.computeIfAbsent(names, key -> new ArrayList<>()).add(resource));
            StringBuilder sid = new StringBuilder();
            for (String word : task.name().toLowerCase(Locale.ROOT).split("_")) {
                sid.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
            int index = 0;
            for (Map.Entry<Set<String>, List<String>> statement : byActions.entrySet()) {
                index++;
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("Sid", "Lagoa" + sid + (byActions.size() > 1 ? String.valueOf(index) : ""));
                json.put("Effect", "Allow");
                json.put("Action", List.copyOf(statement.getKey()));
                json.put("Resource", statement.getValue());
                statements.add(json);
            }
        }
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        policy.put("Statement", statements);
        return policy;
    }

    private static List<Bucket> buckets(Configuration configuration, LakeConfig lake, CallerIdentity identity, Set<String> used, String resultsBucket,
            AthenaConfig athena) {
        String importau = configuration.get(LakeConfig.IMPORTAU_BUCKET) != null ? LakeConfig.IMPORTAU_BUCKET.name()
                : configuration.get(LakeConfig.IMPORTAU_USER) != null ? LakeConfig.IMPORTAU_USER.name()
                : "importau-lakehouse-<user>, <user> the caller's name " + identity.userName();
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put(lake.diffsBucket().value(), LakeConfig.DIFFS_BUCKET.name());
        sources.put(lake.b3Bucket().value(), LakeConfig.B3_BUCKET.name());
        sources.put(lake.brapiBucket().value(), LakeConfig.BRAPI_BUCKET.name());
        sources.put(lake.importauBucket().value(), importau);
        sources.put(lake.apiloadBucket().value(), LakeConfig.APILOAD_BUCKET.name());
        List<Bucket> buckets = new ArrayList<>();
        sources.forEach((bucket, source) -> buckets.add(new Bucket(bucket, used.contains(bucket) ? source : source + "; not used by these pipelines")));
        buckets.add(new Bucket(resultsBucket, athena.outputLocation().isPresent() ? AthenaConfig.OUTPUT_LOCATION.name()
                : "the Athena results of the lake stack (lagoa-athena-results-<account>-<region>)"));
        return buckets;
    }

    /**
     * The lake's buckets and catalog database. On the aws profile, when neither {@code lake.importau-bucket} nor
     * {@code importau.user} is set, the importau bucket's {@code <user>} is the caller's name as STS gives it (the IAM
     * user, or the role session), asked only then.
     */
    static LakeConfig lakeConfig(Configuration configuration, Profile profile, Supplier<String> callerName) {
        LakeConfig lake = LakeConfig.from(configuration);
        if (profile == Profile.AWS && configuration.get(LakeConfig.IMPORTAU_BUCKET) == null && configuration.get(LakeConfig.IMPORTAU_USER) == null) {
            return new LakeConfig(lake.diffsBucket(), lake.b3Bucket(), lake.brapiBucket(), BucketName.of(LakeConfig.importauBucketOf(callerName.get())),
                    lake.apiloadBucket(), lake.catalogDatabase());
        }
        return lake;
    }

    /**
     * What the CDK app's JVM needs: its classpath ({@code LAGOA_DEPLOY_CLASSPATH}) and the folder of the packages it
     * uploads ({@code LAGOA_ASSETS_DIR}), both set by the {@code lagoa} launcher; the workspace, whose
     * {@code lagoa.properties} it reads; and every non-secret lake, AWS and deployment key as this command resolved
     * it, so that the app sees what {@code lagoa aws roles} sees (secrets stay in the environment it inherits).
     */
    public record CdkApp(Optional<String> classpath, Optional<Path> assets, Path home, Map<String, String> settings, Map<String, String> environment) {}

    public CdkApp cdkApp() {
        Map<String, String> settings = new java.util.TreeMap<>();
        Configuration configuration = runtime.configuration();
        java.util.stream.Stream.of(LakeConfig.fields(), AwsConfig.fields(), DeployConfig.fields(), List.of(ApiLoadConfig.ENDPOINTS_FILE)).flatMap(List::stream)
                .filter(field -> !field.isSecret() && configuration.get(field) != null)
                .forEach(field -> settings.put(field.name(), configuration.get(field)));
        Map<String, String> environment = runtime.environment;
        return new CdkApp(Optional.ofNullable(environment.get("LAGOA_DEPLOY_CLASSPATH")).filter(value -> !value.isBlank()),
                Optional.ofNullable(environment.get("LAGOA_ASSETS_DIR")).filter(value -> !value.isBlank()).map(Path::of), runtime.home(), settings,
                environment);
    }

    /** The deployment's settings, as {@code lagoa aws synth} derives them: the keys, and the workspace's endpoints file. */
    private DeploymentSettings deploymentSettings(LakeConfig lake) {
        Configuration configuration = runtime.configuration();
        return DeployConfig.settings(configuration, lake)
                .withApiLoad(ApiLoadEndpoints.read(runtime.home().resolve(configuration.require(ApiLoadConfig.ENDPOINTS_FILE))));
    }

    /** Who the AWS credentials are (STS GetCallerIdentity), asked once per process. */
    static CallerIdentity callerIdentity(LagoaRuntime runtime) {
        return runtime.shared(CallerIdentity.class, () -> CallerIdentity.fetch(AwsConfig.from(runtime.configuration())));
    }

    /** The configuration keys of lagoa sql on Athena, of lagoa sfn on Step Functions and of the deployment. */
    static List<ConfigField> fields() {
        return java.util.stream.Stream.of(AthenaConfig.fields(), List.of(StepFunctionsExecutions.POLL_INTERVAL), DeployConfig.fields())
                .flatMap(List::stream).toList();
    }

    /** An execution of a deployed state machine (its id is its ARN) and its transitions. */
    public record DeployedExecution(Execution execution, List<StateTransition> history) {
        public DeployedExecution {
            requireNonNull(execution, "execution is null");
            history = List.copyOf(history);
        }
    }

    /**
     * lagoa sfn run on the aws profile: starts the state machine {@code machine} deployed to Step Functions in the caller's
     * account and {@code aws.region} with {@code input}, gives {@code started} the new execution and {@code listener} each
     * transition, reading them every {@code aws.sfn.poll-interval}, and returns the execution as it ended with its history.
     * Throws {@code LagoaException} when the machine is not deployed, the input is refused, or AWS cannot be reached.
     */
    public DeployedExecution runStateMachine(String machine, String input, Consumer<Execution> started, Consumer<StateTransition> listener) {
        try (StepFunctionsExecutions executions = stepFunctions()) {
            Execution execution = executions.run(machine, input, started, listener);
            return new DeployedExecution(execution, executions.history(execution.id()));
        }
    }

    /** lagoa sfn executions on the aws profile: the newest {@code limit} executions of the deployed {@code machine}, newest first. */
    public List<Execution> stateMachineExecutions(String machine, int limit) {
        try (StepFunctionsExecutions executions = stepFunctions()) {
            return executions.executions(machine, limit);
        }
    }

    /** lagoa sfn describe on the aws profile: the execution whose ARN is {@code executionArn}, with its history. */
    public DeployedExecution stateMachineExecution(String executionArn) {
        try (StepFunctionsExecutions executions = stepFunctions()) {
            return new DeployedExecution(executions.execution(executionArn), executions.history(executionArn));
        }
    }

    private StepFunctionsExecutions stepFunctions() {
        CallerIdentity identity = callerIdentity(runtime);
        String partition = identity.arn().split(":").length > 1 ? identity.arn().split(":")[1] : "aws";
        Configuration configuration = runtime.configuration();
        return StepFunctionsExecutions.create(AwsConfig.from(configuration), partition, identity.account(),
                configuration.getDuration(StepFunctionsExecutions.POLL_INTERVAL), runtime.clock());
    }

    /** lagoa sql on the aws profile: Athena over {@code lake.catalog-database}, stopped after {@code sql.timeout}. */
    static QueryEngine athena(Configuration configuration) {
        return AthenaQueryEngine.create(AwsConfig.from(configuration), AthenaConfig.from(configuration), LakeConfig.from(configuration).catalogDatabase(),
                SqlConfig.from(configuration).timeout());
    }

    private static Role role(RoleSpec role, Optional<String> arn) {
        return new Role(role.name(), role.pipeline(), role.assumedBy().label(), role.assumedBy().principal(), role.purpose(), arn,
                role.permissions().stream().map(permission -> new Statement(permission.sid(), permission.actions(), permission.resources(),
                        permission.reason())).toList());
    }
}
