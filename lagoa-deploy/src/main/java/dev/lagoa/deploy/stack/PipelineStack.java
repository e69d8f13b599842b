package dev.lagoa.deploy.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.aws.AwsConfig;
import dev.lagoa.apiload.ApiLoadConfig;
import dev.lagoa.aws.access.AccessPlan;
import dev.lagoa.aws.access.DeployedNames;
import dev.lagoa.aws.access.DeploymentSettings;
import dev.lagoa.aws.access.Permission;
import dev.lagoa.aws.access.RoleSpec;
import dev.lagoa.contracts.FunctionHandler;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.KafkaConfig;
import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.core.config.PostgresConfig;
import dev.lagoa.core.config.LagoaConfig;
import dev.lagoa.core.event.Notification;
import dev.lagoa.core.pipeline.DatasetDefinition;
import dev.lagoa.core.pipeline.Layer;
import dev.lagoa.core.pipeline.LocationTemplate;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.Step;
import dev.lagoa.core.pipeline.Trigger;
import dev.lagoa.core.queue.QueueDefinition;
import dev.lagoa.core.statemachine.State;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.TaskTarget;
import dev.lagoa.deploy.construct.Acknowledgments;
import dev.lagoa.deploy.construct.FargateRunner;
import dev.lagoa.deploy.construct.GlueSparkJob;
import dev.lagoa.deploy.construct.JavaFunction;
import dev.lagoa.deploy.construct.LakeQueue;
import dev.lagoa.deploy.construct.LandingBucket;
import dev.lagoa.deploy.construct.PipelineSchedule;
import dev.lagoa.deploy.construct.Roles;
import dev.lagoa.deploy.construct.StateMachineFromAsl;
import dev.lagoa.deploy.glue.GlueScript;
import dev.lagoa.orchestrator.AslExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.athena.CfnNamedQuery;
import software.amazon.awscdk.services.ecs.CfnCluster;
import software.amazon.awscdk.services.glue.CfnSecurityConfiguration;
import software.amazon.awscdk.services.lakeformation.CfnTag;
import software.amazon.awscdk.services.lambda.CfnPermission;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.s3.assets.AssetProps;
import software.constructs.Construct;

/**
 * One pipeline's infrastructure, interpreted from its definition alone: Spark jobs become Glue jobs, task steps ECS
 * Fargate task definitions, functions (steps and notification targets) Lambda functions, queues SQS queues with their
 * dead-letter queues, notifications the bucket's own notification configuration, schedules EventBridge Scheduler
 * schedules, and the state machines that touch its datasets Step Functions state machines; its roles come from the
 * access plan. The few things a definition cannot say are in {@link PipelineExtras}. The Glue jobs run with the
 * pipeline's security configuration (logs and bookmarks encrypted with the lake's key, imported from the lake stack),
 * and the state machines log to the pipeline's log group.
 *
 * <p>The pipeline's landing buckets live here, not in the lake stack: S3 checks a notification's destinations when it
 * creates the bucket, so the queue policy and the Lambda permissions must exist first, in the same deployment; a bucket
 * in the shared stack would need the pipeline's queue before the pipeline stack exists. Bucket names come from the
 * configuration, so every ARN is known without a reference and nothing forms a cycle.
 */
public final class PipelineStack extends Stack {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAMETER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");
    static final int REJECTS_DAYS = 30;
    static final int RAW_TO_IA_DAYS = 30;
    static final int NONCURRENT_DAYS = 30;
    private static final Map<String, String> PARAMETER_DESCRIPTIONS = Map.of(
            "KafkaScramSecretArn", "ARN of the Secrets Manager secret with the Kafka SCRAM user and password (JSON: username, password; MSK: AmazonMSK_ prefix).",
            "DatabaseSecretArn", "ARN of the Secrets Manager secret with the target database's user and password (JSON: username, password).",
            "MskClusterArn", "ARN of the MSK cluster (MSK IAM access control).",
            "MskTopicArn", "ARN of the change records' topic on the MSK cluster (arn:aws:kafka:<region>:<account>:topic/<cluster>/<uuid>/<topic>).",
            "MskTransactionalIdArn", "ARN pattern of the publisher's transactional ids (arn:aws:kafka:<region>:<account>:transactional-id/<cluster>/<uuid>/*).");

    private final PipelineDefinition pipeline;
    private final DeploymentSettings settings;
    private final DeployedNames names;
    private final Roles roles;
    private final Map<String, CfnParameter> parameters = new LinkedHashMap<>();
    private final Map<String, LandingBucket> buckets = new LinkedHashMap<>();

    /** What a pipeline stack is built from. */
    public record Inputs(PipelineDefinition pipeline, List<StateMachineDefinition> machines, AccessPlan plan, Map<String, String> existingRoleArns,
            Path glueJar, Path lambdaJar, Path scripts) {}

    public PipelineStack(Construct scope, String id, StackProps props, Inputs inputs) {
        super(scope, id, props);
        this.pipeline = inputs.pipeline();
        this.settings = inputs.plan().settings();
        this.names = new DeployedNames(settings.glueJobPrefix());
        List<RoleSpec> specs = inputs.plan().rolesOf(pipeline.name());
        for (RoleSpec spec : specs) {
            for (Permission permission : spec.permissions()) {
                permission.resources().forEach(this::parametersOf);
            }
        }
        this.roles = new Roles(this, "Roles", specs, inputs.existingRoleArns(),
                Map.of(DeployedNames.LAKE_KEY_OUTPUT, Fn.importValue(LakeStack.KEY_EXPORT)));
        PipelineExtras extras = PipelineExtras.of(pipeline.name());
        extras.parameters(this);

        landingBuckets(extras);
        Map<String, LakeQueue> queues = new LinkedHashMap<>();
        for (QueueDefinition queue : pipeline.queues()) {
            queues.put(queue.name().value(), new LakeQueue(this, "Queue-" + queue.name().value(), queue));
        }
        Map<FunctionHandler, JavaFunction> functions = functions(inputs.lambdaJar());
        glueJobs(inputs.glueJar(), inputs.scripts());
        Map<String, FargateRunner> tasks = tasks(extras);
        notifications(queues, functions);
        schedules(tasks, extras);
        stateMachines(AccessPlan.machinesOf(pipeline, inputs.machines()), tasks);
        extras.add(this);
    }

    PipelineDefinition pipeline() {
        return pipeline;
    }

    DeploymentSettings settings() {
        return settings;
    }

    /** The stack parameter {@code name}, created on first use with its description. */
    CfnParameter parameter(String name, String description, String defaultValue) {
        return parameters.computeIfAbsent(name, key -> {
            if (key.endsWith("SecretArn")) {
                Acknowledgments.add(this, "CloudFormation-Validate::W2509", "The *SecretArn parameters hold the ARN of a Secrets Manager secret, "
                        + "not the secret: NoEcho would hide the ARN in the console and protect nothing");
            }
            CfnParameter.Builder builder = CfnParameter.Builder.create(this, key).type("String").description(description);
            if (defaultValue != null) {
                builder.defaultValue(defaultValue);
            }
            return builder.build();
        });
    }

    private void parametersOf(String resource) {
        Matcher matcher = PARAMETER.matcher(resource);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (name.equals(DeployedNames.LAKE_KEY_OUTPUT)) {
                continue;
            }
            parameter(name, PARAMETER_DESCRIPTIONS.getOrDefault(name, name), null);
        }
    }

    private Map<String, String> locationValues() {
        return settings.locationValues();
    }

    private Optional<String> bucketOf(DatasetDefinition dataset) {
        if (!dataset.location().startsWith("s3://")) {
            return Optional.empty();
        }
        String location = dataset.location();
        return Optional.of(LocationTemplate.resolve(location.substring(5, location.indexOf('/', 5)), locationValues()));
    }

    private void landingBuckets(PipelineExtras extras) {
        Map<String, Set<String>> expiring = new TreeMap<>();
        Map<String, Set<String>> raw = new TreeMap<>();
        for (DatasetDefinition dataset : pipeline.datasets()) {
            Optional<String> bucket = bucketOf(dataset);
            if (bucket.isEmpty()) {
                continue;
            }
            expiring.computeIfAbsent(bucket.get(), key -> new TreeSet<>());
            raw.computeIfAbsent(bucket.get(), key -> new TreeSet<>());
            String folder = LocationTemplate.keyFolder(dataset.location(), locationValues());
            if (dataset.layer() == Layer.QUARANTINE && !extras.retained().contains(dataset.id()) && !folder.isEmpty()) {
                expiring.get(bucket.get()).add(folder);
            }
            if (dataset.layer() == Layer.RAW && !folder.isEmpty()) {
                raw.get(bucket.get()).add(folder);
            }
        }
        String logBucket = Fn.sub(LakeStack.LOG_BUCKET);
        for (String bucket : expiring.keySet()) {
            buckets.put(bucket, new LandingBucket(this, "Bucket-" + bucket, bucket, LandingBucket.Encryption.S3_MANAGED, Optional.of(logBucket),
                    new LandingBucket.Lifecycle(covering(expiring.get(bucket)), REJECTS_DAYS, covering(raw.get(bucket)), RAW_TO_IA_DAYS, NONCURRENT_DAYS)));
        }
    }

    /** The prefixes without those a shorter one covers. */
    private static List<String> covering(Set<String> prefixes) {
        return prefixes.stream().filter(prefix -> prefixes.stream().noneMatch(other -> !other.equals(prefix) && prefix.startsWith(other))).toList();
    }

    /** The bucket names this stack creates. */
    public Set<String> bucketNames() {
        return buckets.keySet();
    }

    /** The {@code LAGOA_*} variables a function or task reads its configuration from (the lake, the region, the job prefix). */
    private Map<String, String> environment() {
        Map<String, String> environment = new TreeMap<>();
        environment.put(LagoaConfig.PROFILE.environmentVariable(), "aws");
        environment.put(AwsConfig.REGION.environmentVariable(), Fn.ref("AWS::Region"));
        environment.put(AwsConfig.GLUE_JOB_PREFIX.environmentVariable(), settings.glueJobPrefix());
        Map<String, String> values = locationValues();
        environment.put(LakeConfig.DIFFS_BUCKET.environmentVariable(), values.get("diffs-bucket"));
        environment.put(LakeConfig.B3_BUCKET.environmentVariable(), values.get("b3-bucket"));
        environment.put(LakeConfig.BRAPI_BUCKET.environmentVariable(), values.get("brapi-bucket"));
        environment.put(LakeConfig.IMPORTAU_BUCKET.environmentVariable(), values.get("importau-bucket"));
        environment.put(LakeConfig.APILOAD_BUCKET.environmentVariable(), values.get("apiload-bucket"));
        environment.put(LakeConfig.CATALOG_DATABASE.environmentVariable(), settings.catalogDatabase());
        environment.values().removeIf(value -> value == null || value.isEmpty());
        return environment;
    }

    private Map<FunctionHandler, JavaFunction> functions(Path lambdaJar) {
        Map<FunctionHandler, JavaFunction> out = new LinkedHashMap<>();
        Map<String, FunctionHandler> declared = DeployedNames.functions(pipeline);
        if (declared.isEmpty()) {
            return out;
        }
        Asset code = new Asset(this, "LambdaCode", AssetProps.builder().path(lambdaJar.toString()).build());
        for (Map.Entry<String, FunctionHandler> function : declared.entrySet()) {
            String role = "lagoa-" + pipeline.name() + "-" + function.getKey().replaceFirst("^lagoa-" + pipeline.name() + "-", "") + "-function";
            out.put(function.getValue(), new JavaFunction(this, "Function-" + function.getKey(), function.getKey(), function.getValue(), code,
                    roles.arn(role), environment()));
        }
        return out;
    }

    private void glueJobs(Path glueJar, Path scripts) {
        List<Step.SparkJob> jobs = pipeline.steps().stream().filter(Step.SparkJob.class::isInstance).map(Step.SparkJob.class::cast).toList();
        if (jobs.isEmpty()) {
            return;
        }
        Asset jar = new Asset(this, "GlueJar", AssetProps.builder().path(glueJar.toString()).build());
        CfnParameter workerType = CfnParameter.Builder.create(this, "GlueWorkerType").type("String").defaultValue("G.1X")
                .allowedValues(List.of("G.1X", "G.2X", "G.4X", "G.8X")).description("Glue worker type of the pipeline's Spark jobs").build();
        CfnParameter workers = CfnParameter.Builder.create(this, "GlueWorkers").type("Number").defaultValue(2).minValue(2)
                .description("Number of Glue workers of each Spark job").build();
        String key = Fn.importValue(LakeStack.KEY_EXPORT);
        CfnSecurityConfiguration security = CfnSecurityConfiguration.Builder.create(this, "JobSecurity")
                .name(DeployedNames.glueSecurityConfiguration(pipeline))
                .encryptionConfiguration(CfnSecurityConfiguration.EncryptionConfigurationProperty.builder()
                        .s3Encryptions(List.of(CfnSecurityConfiguration.S3EncryptionProperty.builder().s3EncryptionMode("SSE-S3").build()))
                        .cloudWatchEncryption(CfnSecurityConfiguration.CloudWatchEncryptionProperty.builder()
                                .cloudWatchEncryptionMode("SSE-KMS").kmsKeyArn(key).build())
                        .jobBookmarksEncryption(CfnSecurityConfiguration.JobBookmarksEncryptionProperty.builder()
                                .jobBookmarksEncryptionMode("CSE-KMS").kmsKeyArn(key).build())
                        .build())
                .build();
        for (Step.SparkJob step : jobs) {
            Path script = scripts.resolve(GlueScript.fileName(step.job()));
            try {
                Files.createDirectories(scripts);
                Files.writeString(script, GlueScript.source(step.job()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Asset scriptAsset = new Asset(this, "Script-" + step.id(), AssetProps.builder().path(script.toString()).build());
            new GlueSparkJob(this, "Job-" + step.id(), names.glueJob(step.job()), step.job(), scriptAsset, GlueScript.className(), jar,
                    roles.arn("lagoa-" + pipeline.name() + "-" + step.id() + "-job"), locationValues(), workerType.getValueAsString(),
                    workers.getValueAsNumber(), security.getRef());
        }
    }

    private String clusterArn;
    private List<String> subnets;

    /** The tasks' subnets, a parameter only where a schedule or a state machine starts a task (a stack parameter nothing uses is noise). */
    private List<String> subnets() {
        if (subnets == null) {
            subnets = CfnParameter.Builder.create(this, "SubnetIds").type("List<AWS::EC2::Subnet::Id>")
                    .description("Private subnets (with a route to ECR, S3 and the APIs) of the pipeline's tasks").build().getValueAsList();
        }
        return subnets;
    }

    private Map<String, FargateRunner> tasks(PipelineExtras extras) {
        Map<String, FargateRunner> out = new LinkedHashMap<>();
        List<Step.Task> tasks = pipeline.steps().stream().filter(Step.Task.class::isInstance).map(Step.Task.class::cast).toList();
        if (tasks.isEmpty()) {
            return out;
        }
        CfnParameter cluster = CfnParameter.Builder.create(this, "EcsClusterArn").type("String").defaultValue("")
                .description("ARN of an existing ECS cluster for the pipeline's tasks; empty: the stack creates one").build();
        CfnCondition create = CfnCondition.Builder.create(this, "CreateCluster").expression(Fn.conditionEquals(cluster.getValueAsString(), "")).build();
        CfnCluster newCluster = CfnCluster.Builder.create(this, "Cluster").clusterName("lagoa-" + pipeline.name())
                .clusterSettings(List.of(CfnCluster.ClusterSettingsProperty.builder().name("containerInsights").value("enabled").build())).build();
        newCluster.getCfnOptions().setCondition(create);
        clusterArn = Fn.conditionIf(create.getLogicalId(), newCluster.getAttrArn(), cluster.getValueAsString()).toString();
        CfnParameter tag = CfnParameter.Builder.create(this, "ImageTag").type("String").defaultValue("latest")
                .description("Tag of the lagoa image in the ECR repository " + settings.imageRepository() + " (jib:build pushes it)").build();
        String logGroup = DeployedNames.taskLogGroup(pipeline);
        CfnLogGroup group = CfnLogGroup.Builder.create(this, "TaskLogs").logGroupName(logGroup).retentionInDays(90).build();
        String image = Fn.join("", List.of(Fn.ref("AWS::AccountId"), ".dkr.ecr.", Fn.ref("AWS::Region"), ".", Fn.ref("AWS::URLSuffix"), "/",
                settings.imageRepository(), ":", tag.getValueAsString()));
        for (Step.Task task : tasks) {
            Map<String, String> environment = environment();
            environment.putAll(extras.taskEnvironment(this, task));
            requireSettings("Task " + task.id() + " of pipeline " + pipeline.name(), environment.keySet());
            FargateRunner runner = new FargateRunner(this, "Task-" + task.id(), DeployedNames.taskFamily(pipeline, task), image,
                    task.entryPoint().mainClass(), task.arguments(), roles.arn("lagoa-" + pipeline.name() + "-" + task.id() + "-task"),
                    roles.arn("lagoa-" + pipeline.name() + "-task-execution"), logGroup, environment, extras.taskSecrets(this, task));
            runner.taskDefinition().addResourceDependency(group);
            if (environment.values().stream().anyMatch(value -> value.contains("${env:"))) {
                Acknowledgments.add(runner.taskDefinition(), "CloudFormation-Validate::E1029", "The endpoints' ${env:NAME} are the loader's own "
                        + "references, resolved by the loader from the task's secrets; outside Fn::Sub, CloudFormation leaves them as they are");
            }
            out.put(task.id(), runner);
        }
        return out;
    }

    /**
     * A container's environment holds settings only: each variable is a configuration key that is not a secret
     * (secrets reach the container from Secrets Manager, through its {@code secrets}).
     */
    static void requireSettings(String container, Set<String> variables) {
        Map<String, ConfigField> fields = new TreeMap<>();
        Stream.of(LagoaConfig.fields(), AwsConfig.fields(), LakeConfig.fields(), KafkaConfig.fields(), PostgresConfig.fields(), ApiLoadConfig.fields())
                .flatMap(List::stream).forEach(field -> fields.put(field.environmentVariable(), field));
        for (String variable : variables) {
            ConfigField field = fields.get(variable);
            if (field == null || field.isSecret()) {
                throw new IllegalStateException(container + ": variable " + variable
                        + (field == null ? " is not a configuration key" : " is a secret: give it through the container's secrets"));
            }
        }
    }

    private void notifications(Map<String, LakeQueue> queues, Map<FunctionHandler, JavaFunction> functions) {
        Map<String, List<CfnBucket.QueueConfigurationProperty>> queueConfigurations = new LinkedHashMap<>();
        Map<String, List<CfnBucket.LambdaConfigurationProperty>> lambdaConfigurations = new LinkedHashMap<>();
        for (Notification notification : pipeline.notifications()) {
            DatasetDefinition dataset = pipeline.dataset(notification.datasetId());
            String bucket = bucketOf(dataset).orElseThrow(() -> LagoaException.userError(
                    "Notification %s of pipeline %s watches %s, which is not in S3", notification.id(), pipeline.name(), dataset.id()));
            LandingBucket landing = buckets.get(bucket);
            List<CfnBucket.FilterRuleProperty> rules = new ArrayList<>();
            String prefix = LocationTemplate.keyFolder(dataset.location(), locationValues());
            if (!prefix.isEmpty()) {
                rules.add(CfnBucket.FilterRuleProperty.builder().name("prefix").value(prefix).build());
            }
            if (!notification.suffix().isEmpty()) {
                rules.add(CfnBucket.FilterRuleProperty.builder().name("suffix").value(notification.suffix()).build());
            }
            CfnBucket.NotificationFilterProperty filter = CfnBucket.NotificationFilterProperty.builder()
                    .s3Key(CfnBucket.S3KeyFilterProperty.builder().rules(rules).build()).build();
            if (notification.target() instanceof Notification.Target.Queue target) {
                LakeQueue queue = queues.get(target.queue().value());
                queue.allowBucket(bucket);
                queueConfigurations.computeIfAbsent(bucket, key -> new ArrayList<>()).add(CfnBucket.QueueConfigurationProperty.builder()
                        .event("s3:ObjectCreated:*").queue(queue.queue().getQueueArn()).filter(filter).build());
                landing.getNode().addDependency(queue);
            } else if (notification.target() instanceof Notification.Target.Function target) {
                JavaFunction function = functions.get(target.handler());
                CfnPermission permission = CfnPermission.Builder.create(this, "Invoke-" + notification.id())
                        .action("lambda:InvokeFunction").principal("s3.amazonaws.com").functionName(function.function().getRef())
                        .sourceArn("arn:aws:s3:::" + bucket).sourceAccount(Fn.ref("AWS::AccountId")).build();
                lambdaConfigurations.computeIfAbsent(bucket, key -> new ArrayList<>()).add(CfnBucket.LambdaConfigurationProperty.builder()
                        .event("s3:ObjectCreated:*").function(function.function().getAttrArn()).filter(filter).build());
                landing.bucket().addResourceDependency(permission);
            }
        }
        for (Map.Entry<String, LandingBucket> bucket : buckets.entrySet()) {
            List<CfnBucket.QueueConfigurationProperty> toQueues = queueConfigurations.getOrDefault(bucket.getKey(), List.of());
            List<CfnBucket.LambdaConfigurationProperty> toFunctions = lambdaConfigurations.getOrDefault(bucket.getKey(), List.of());
            if (!toQueues.isEmpty() || !toFunctions.isEmpty()) {
                CfnBucket.NotificationConfigurationProperty.Builder configuration = CfnBucket.NotificationConfigurationProperty.builder();
                if (!toQueues.isEmpty()) {
                    configuration.queueConfigurations(toQueues);
                }
                if (!toFunctions.isEmpty()) {
                    configuration.lambdaConfigurations(toFunctions);
                }
                bucket.getValue().notifications(configuration.build());
            }
        }
    }

    private void schedules(Map<String, FargateRunner> tasks, PipelineExtras extras) {
        for (Trigger trigger : pipeline.triggers()) {
            if (!(trigger instanceof Trigger.Schedule schedule)) {
                continue;
            }
            String name = "lagoa-" + pipeline.name() + "-" + schedule.stepId();
            String role = roles.arn("lagoa-" + pipeline.name() + "-scheduler");
            Step step = pipeline.step(schedule.stepId());
            if (step instanceof Step.SparkJob job) {
                PipelineSchedule.glueJob(this, "Schedule-" + step.id(), name, schedule, names.glueJob(job.job()), extras.scheduledArguments(this, job), role);
            } else if (step instanceof Step.Task) {
                PipelineSchedule task = PipelineSchedule.ecsTask(this, "Schedule-" + step.id(), name, schedule, clusterArn, tasks.get(step.id()).arn(),
                        subnets(), role);
                Acknowledgments.add(task.schedule(), "CloudFormation-Validate::F3033", "The target is Fn::If(CreateCluster, the new cluster's ARN, "
                        + "EcsClusterArn): the empty default of EcsClusterArn selects the new cluster, so the target is never empty");
            } else {
                throw new IllegalStateException("A schedule starts function step " + step.id() + "; schedules start jobs and tasks");
            }
        }
        AccessPlan.apiLoader(pipeline).ifPresent(loader -> settings.apiLoad().schedules().forEach((endpoint, cron) -> {
            Trigger.Schedule schedule = new Trigger.Schedule(loader.id(), cron, AccessPlan.ENDPOINT_ZONE, "The API load of endpoint " + endpoint
                    + " (its \"schedule\" in the endpoints file)");
            PipelineSchedule task = PipelineSchedule.ecsRunTask(this, "Schedule-" + loader.id() + "-" + endpoint, "lagoa-" + pipeline.name() + "-" + endpoint,
                    schedule, clusterArn, tasks.get(loader.id()).arn(), subnets(), List.of("apiload", "run", endpoint),
                    roles.arn("lagoa-" + pipeline.name() + "-scheduler"));
            Acknowledgments.add(task.schedule(), "CloudFormation-Validate::F3033", "The target is Fn::If(CreateCluster, the new cluster's ARN, "
                    + "EcsClusterArn): the empty default of EcsClusterArn selects the new cluster, so the target is never empty");
        }));
    }

    private void stateMachines(List<StateMachineDefinition> machines, Map<String, FargateRunner> tasks) {
        if (machines.isEmpty()) {
            return;
        }
        AslExporter exporter = new AslExporter(locationValues());
        CfnLogGroup logs = CfnLogGroup.Builder.create(this, "MachineLogs").logGroupName(DeployedNames.stateMachineLogGroup(pipeline))
                .retentionInDays(90).build();
        String role = roles.arn("lagoa-" + pipeline.name() + "-state-machines");
        Optional<String> controlPlane = pipeline.steps().stream().filter(Step.Task.class::isInstance).map(Step.Task.class::cast)
                .filter(task -> task.arguments().size() >= 2 && task.arguments().get(0).equals("sfn") && task.arguments().get(1).equals("task"))
                .map(Step::id).findFirst();
        for (StateMachineDefinition machine : machines) {
            ObjectNode asl = exporter.export(machine);
            prefixJobNames(asl);
            Map<String, String> substitutions = new TreeMap<>();
            boolean runsTasks = false;
            for (State.Task task : machine.tasks()) {
                if (task.target() instanceof TaskTarget.StartExecution start) {
                    substitutions.put(AslExporter.arnParameter(start.stateMachine()), Fn.sub(DeployedNames.stateMachineArn(start.stateMachine())));
                } else if (task.target() instanceof TaskTarget.ControlPlane) {
                    runsTasks = true;
                }
            }
            if (runsTasks) {
                FargateRunner runner = tasks.get(controlPlane.orElseThrow(() -> new IllegalStateException(
                        "Pipeline " + pipeline.name() + " has control-plane tasks but no 'sfn task' step")));
                substitutions.put("EcsClusterArn", clusterArn);
                substitutions.put("LagoaTaskDefinitionArn", runner.arn());
                substitutions.put("SubnetId", Fn.select(0, subnets()));
            }
            new StateMachineFromAsl(this, "Machine-" + machine.name(), machine.name(), asl.toString(), role, substitutions, logs.getAttrArn());
        }
    }

    /** The ASL names jobs as the definitions do; deployed, they carry the configured prefix. */
    private void prefixJobNames(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("JobName") && object.get("JobName").isTextual()) {
                object.put("JobName", settings.glueJobPrefix() + object.get("JobName").asText());
            }
            object.forEach(this::prefixJobNames);
        } else if (node != null && node.isArray()) {
            node.forEach(this::prefixJobNames);
        }
    }

    void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    void namedQuery(String id, String name, String description, String sql) {
        CfnNamedQuery.Builder.create(this, id).name(name).description(description).database(settings.catalogDatabase()).workGroup(LakeStack.WORKGROUP)
                .queryString(sql).build();
    }

    void lfTag(String id, String key, Set<String> values) {
        CfnTag.Builder.create(this, id).tagKey(key).tagValues(List.copyOf(new TreeSet<>(values))).catalogId(Fn.ref("AWS::AccountId")).build();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
