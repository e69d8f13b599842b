package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import dev.lagoa.aws.AthenaConfig;
import dev.lagoa.aws.AthenaQueryEngine;
import dev.lagoa.aws.AwsConfig;
import dev.lagoa.aws.CallerIdentity;
import dev.lagoa.aws.access.AccessPlan;
import dev.lagoa.aws.access.DeployConfig;
import dev.lagoa.aws.access.ExistingRoles;
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
import dev.lagoa.core.statemachine.StateMachines;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        AccessPlan plan = AccessPlan.derive(definitions, StateMachines.all(), DeployConfig.settings(runtime.configuration(), lake));
        Map<String, String> arns = roleArns.map(file -> ExistingRoles.read(file, plan.roleNames())).orElse(Map.of());
        AccessPlan resolved = plan.resolved(Optional.of(knownAccount.orElse(UNKNOWN_ACCOUNT)), aws.region(), arns);
        return new Roles(aws.region(), knownAccount, resolved.roles().stream().map(role -> role(role, Optional.ofNullable(arns.get(role.name())))).toList());
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
        java.util.stream.Stream.of(LakeConfig.fields(), AwsConfig.fields(), DeployConfig.fields()).flatMap(List::stream)
                .filter(field -> !field.isSecret() && configuration.get(field) != null)
                .forEach(field -> settings.put(field.name(), configuration.get(field)));
        Map<String, String> environment = runtime.environment;
        return new CdkApp(Optional.ofNullable(environment.get("LAGOA_DEPLOY_CLASSPATH")).filter(value -> !value.isBlank()),
                Optional.ofNullable(environment.get("LAGOA_ASSETS_DIR")).filter(value -> !value.isBlank()).map(Path::of), runtime.home(), settings,
                environment);
    }

    /** Who the AWS credentials are (STS GetCallerIdentity), asked once per process. */
    static CallerIdentity callerIdentity(LagoaRuntime runtime) {
        return runtime.shared(CallerIdentity.class, () -> CallerIdentity.fetch(AwsConfig.from(runtime.configuration())));
    }

    /** The configuration keys of lagoa sql on Athena and of the deployment. */
    static List<ConfigField> fields() {
        return java.util.stream.Stream.concat(AthenaConfig.fields().stream(), DeployConfig.fields().stream()).toList();
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
