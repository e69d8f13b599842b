package dev.lagoa.aws.access;

import static java.util.Objects.requireNonNull;

import dev.lagoa.contracts.FunctionHandler;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.event.Notification;
import dev.lagoa.core.pipeline.DatasetDefinition;
import dev.lagoa.core.pipeline.LocationTemplate;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.Step;
import dev.lagoa.core.pipeline.Trigger;
import dev.lagoa.core.statemachine.State;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.TaskTarget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every role a deployment of the pipelines needs, with every statement each one needs, derived from what the
 * definitions declare — the datasets each step reads and writes, the jobs a trigger or a schedule starts, the queues, the
 * state machines' tasks — and never written per stack. The CDK stacks create these roles in managed mode, import them by
 * ARN in existing-roles mode, and {@code lagoa aws roles} prints them: one source for all three.
 *
 * <p>Role names: {@code lagoa-<pipeline>-<step>-job} (Glue), {@code -task} (ECS), {@code -function} (Lambda),
 * {@code lagoa-<pipeline>-task-execution} (pulls the image, writes logs, reads the secrets given to the container),
 * {@code lagoa-<pipeline>-scheduler} (EventBridge Scheduler) and {@code lagoa-<pipeline>-state-machines}.
 */
public final class AccessPlan {
    /** The time zone of the endpoints' schedules on AWS: São Paulo's, {@code lagoa.time-zone}'s default. */
    public static final java.time.ZoneId ENDPOINT_ZONE = java.time.ZoneId.of("America/Sao_Paulo");
    static final List<String> S3_READ = List.of("s3:GetObject");
    static final List<String> S3_LIST = List.of("s3:ListBucket");
    static final List<String> S3_WRITE = List.of("s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload");
    static final List<String> CATALOG_WRITE = List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:CreateTable",
            "glue:UpdateTable", "glue:GetPartitions", "glue:BatchGetPartition", "glue:BatchCreatePartition", "glue:BatchUpdatePartition",
            "glue:BatchDeletePartition");
    /** What a Glue job's role does with the lake's key: client-side encryption of its job bookmarks. */
    static final List<String> LAKE_KEY_USE = List.of("kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey");
    static final List<String> GLUE_RUN = List.of("glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun");
    /** The tag of the datasets of table commit manifests: a step that reads them registers tables in the catalog. */
    static final String CATALOG_TAG = "catalog";

    private final DeploymentSettings settings;
    private final DeployedNames names;
    private final List<RoleSpec> roles;

    private AccessPlan(DeploymentSettings settings, List<RoleSpec> roles) {
        this.settings = settings;
        this.names = new DeployedNames(settings.glueJobPrefix());
        this.roles = List.copyOf(roles);
    }

    /** The roles of {@code pipelines}, run by {@code machines} where a machine's tasks touch a pipeline's datasets. */
    public static AccessPlan derive(List<PipelineDefinition> pipelines, List<StateMachineDefinition> machines, DeploymentSettings settings) {
        requireNonNull(pipelines, "pipelines is null");
        requireNonNull(machines, "machines is null");
        requireNonNull(settings, "settings is null");
        AccessPlan empty = new AccessPlan(settings, List.of());
        List<RoleSpec> roles = new ArrayList<>();
        for (PipelineDefinition pipeline : pipelines) {
            roles.addAll(empty.rolesOf(pipeline, machinesOf(pipeline, machines)));
        }
        return new AccessPlan(settings, roles);
    }

    /** The state machines whose tasks read or write a dataset of the pipeline. */
    public static List<StateMachineDefinition> machinesOf(PipelineDefinition pipeline, List<StateMachineDefinition> machines) {
        Set<String> datasets = new TreeSet<>(pipeline.datasets().stream().map(DatasetDefinition::id).toList());
        return machines.stream()
                .filter(machine -> machine.tasks().stream()
                        .anyMatch(task -> task.inputs().stream().anyMatch(datasets::contains) || task.outputs().stream().anyMatch(datasets::contains)))
                .toList();
    }

    public List<RoleSpec> roles() {
        return roles;
    }

    public List<String> roleNames() {
        return roles.stream().map(RoleSpec::name).toList();
    }

    public RoleSpec role(String name) {
        return roles.stream().filter(role -> role.name().equals(name)).findFirst()
                .orElseThrow(() -> LagoaException.userError("No role '%s'; the roles are %s", name, roleNames()));
    }

    /** The roles of one pipeline. */
    public List<RoleSpec> rolesOf(String pipeline) {
        return roles.stream().filter(role -> role.pipeline().equals(pipeline)).toList();
    }

    public DeploymentSettings settings() {
        return settings;
    }

    /**
     * The same plan for a known account and region, with the existing roles' ARNs where a statement names a role
     * ({@code iam:PassRole}): what the report prints once the account is known. Stack parameters (such as
     * {@code ${KafkaScramSecretArn}}) stay as they are.
     */
    public AccessPlan resolved(Optional<String> account, String region, Map<String, String> roleArns) {
        List<RoleSpec> resolved = roles.stream().map(role -> role.mapResources(resource -> {
            for (Map.Entry<String, String> arn : roleArns.entrySet()) {
                if (resource.equals(DeployedNames.roleArn(arn.getKey()))) {
                    return arn.getValue();
                }
            }
            String withRegion = resource.replace("${AWS::Region}", region);
            return account.map(value -> withRegion.replace("${AWS::AccountId}", value)).orElse(withRegion);
        })).toList();
        return new AccessPlan(settings, resolved);
    }

    private List<RoleSpec> rolesOf(PipelineDefinition pipeline, List<StateMachineDefinition> machines) {
        List<RoleSpec> out = new ArrayList<>();
        String prefix = "lagoa-" + pipeline.name() + "-";
        for (Step step : pipeline.steps()) {
            if (step instanceof Step.SparkJob job) {
                List<Permission> permissions = new ArrayList<>(datasetAccess(pipeline, job.inputs(), job.outputs()));
                permissions.add(new Permission("ReadJobAssets", S3_READ, List.of("arn:aws:s3:::" + settings.assetsBucket() + "/*"),
                        "the job's jar and script, deployed as assets whose keys are their content hashes, known only when the app is synthesized"));
                permissions.add(new Permission("WriteJobLogs", List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                        "logs:AssociateKmsKey"), List.of("arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws-glue/*"),
                        "Glue's driver and executor logs, in the log groups Glue creates under /aws-glue/ and names after the security "
                                + "configuration and the role; it associates the lake's key with them (AssociateKmsKey)"));
                permissions.add(new Permission("UseLakeKey", LAKE_KEY_USE, List.of(DeployedNames.LAKE_KEY_ARN),
                        "the job's security configuration encrypts its job bookmarks and its CloudWatch logs with the lake's KMS key "
                                + "(output " + DeployedNames.LAKE_KEY_OUTPUT + " of stack lagoa-lake)"));
                permissions.add(new Permission("PutJobMetrics", List.of("cloudwatch:PutMetricData"), List.of("*"),
                        "Glue job metrics; PutMetricData has no resource-level permission"));
                out.add(new RoleSpec(prefix + step.id() + "-job", pipeline.name(), AwsService.GLUE,
                        "Glue job " + names.glueJob(job.job()) + ": " + step.description(), permissions));
            }
        }
        Optional<Step.Task> machineTask = controlPlaneTask(pipeline, machines);
        for (Step step : pipeline.steps()) {
            if (step instanceof Step.Task task) {
                List<String> inputs = new ArrayList<>(task.inputs());
                List<String> outputs = new ArrayList<>(task.outputs());
                String purpose = "ECS task " + DeployedNames.taskFamily(pipeline, task) + ": " + step.description();
                if (machineTask.isPresent() && machineTask.get().equals(task)) {
                    for (StateMachineDefinition machine : machines) {
                        for (State.Task state : machine.tasks()) {
                            if (state.target() instanceof TaskTarget.ControlPlane) {
                                inputs.addAll(state.inputs());
                                outputs.addAll(state.outputs());
                            }
                        }
                    }
                    purpose += " It also runs the state machines' control-plane tasks (lagoa sfn task NAME).";
                }
                List<Permission> permissions = new ArrayList<>(datasetAccess(pipeline, inputs, outputs));
                permissions.addAll(kafkaAccess(pipeline, outputs));
                out.add(new RoleSpec(prefix + step.id() + "-task", pipeline.name(), AwsService.ECS_TASKS, purpose, permissions));
            }
        }
        for (Map.Entry<String, FunctionHandler> function : DeployedNames.functions(pipeline).entrySet()) {
            out.add(functionRole(pipeline, function.getKey(), function.getValue()));
        }
        List<Step.Task> tasks = pipeline.steps().stream().filter(Step.Task.class::isInstance).map(Step.Task.class::cast).toList();
        if (!tasks.isEmpty()) {
            out.add(executionRole(pipeline));
        }
        List<Trigger.Schedule> schedules = new ArrayList<>(pipeline.triggers().stream().filter(Trigger.Schedule.class::isInstance)
                .map(Trigger.Schedule.class::cast).toList());
        schedules.addAll(endpointSchedules(pipeline, settings));
        if (!schedules.isEmpty()) {
            out.add(schedulerRole(pipeline, schedules));
        }
        if (!machines.isEmpty()) {
            out.add(stateMachineRole(pipeline, machines, machineTask));
        }
        return out;
    }

    /** The task step whose container runs {@code lagoa sfn task ...}: the one the state machines' control-plane tasks use. */
    static Optional<Step.Task> controlPlaneTask(PipelineDefinition pipeline, List<StateMachineDefinition> machines) {
        boolean needed = machines.stream().flatMap(machine -> machine.tasks().stream())
                .anyMatch(task -> task.target() instanceof TaskTarget.ControlPlane);
        if (!needed) {
            return Optional.empty();
        }
        return pipeline.steps().stream().filter(Step.Task.class::isInstance).map(Step.Task.class::cast)
                .filter(task -> task.arguments().size() >= 2 && task.arguments().get(0).equals("sfn") && task.arguments().get(1).equals("task"))
                .findFirst();
    }

    private RoleSpec functionRole(PipelineDefinition pipeline, String function, FunctionHandler handler) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        for (Step step : pipeline.steps()) {
            if (step instanceof Step.Function declared && declared.handler() == handler) {
                inputs.addAll(step.inputs());
                outputs.addAll(step.outputs());
            }
        }
        List<String> jobs = new ArrayList<>();
        for (Notification notification : pipeline.notifications()) {
            if (notification.target() instanceof Notification.Target.Function target && target.handler() == handler) {
                inputs.add(notification.datasetId());
                for (Trigger trigger : pipeline.triggers()) {
                    if (trigger instanceof Trigger.ObjectCreated created && created.datasetId().equals(notification.datasetId())
                            && pipeline.step(created.stepId()) instanceof Step.SparkJob job) {
                        jobs.add(DeployedNames.glueJobArn(names.glueJob(job.job())));
                    }
                }
            }
        }
        List<Permission> permissions = new ArrayList<>(datasetAccess(pipeline, inputs, outputs));
        if (!jobs.isEmpty()) {
            permissions.add(new Permission("StartTriggeredJob", List.of("glue:StartJobRun", "glue:GetJobRuns"), distinct(jobs),
                    "starts the job a landed object triggers, and reads its runs to skip one already in flight"));
        }
        permissions.add(new Permission("WriteFunctionLogs", List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"),
                List.of("arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/" + function + ":*"),
                "the function's logs: its log group and the streams Lambda names in it at run time"));
        String name = function.replaceFirst("^lagoa-" + pipeline.name() + "-", "");
        return new RoleSpec("lagoa-" + pipeline.name() + "-" + name + "-function", pipeline.name(), AwsService.LAMBDA,
                "Lambda function " + function + " (" + handler.simpleName() + ")", permissions);
    }

    private RoleSpec executionRole(PipelineDefinition pipeline) {
        List<Permission> permissions = new ArrayList<>();
        permissions.add(new Permission("ReadRegistryToken", List.of("ecr:GetAuthorizationToken"), List.of("*"),
                "logs in to ECR; GetAuthorizationToken has no resource-level permission"));
        permissions.add(new Permission("PullImage", List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"),
                List.of("arn:aws:ecr:${AWS::Region}:${AWS::AccountId}:repository/" + settings.imageRepository()), "pulls the lagoa image"));
        permissions.add(new Permission("WriteTaskLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                List.of("arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:" + DeployedNames.taskLogGroup(pipeline) + ":*"),
                "the containers' logs: the pipeline's log group and the streams ECS names in it per task"));
        List<String> secrets = secretsOf(pipeline);
        if (!secrets.isEmpty()) {
            permissions.add(new Permission("ReadTaskSecrets", List.of("secretsmanager:GetSecretValue"), secrets,
                    "the secrets ECS gives the containers as environment variables; under lagoa/<pipeline>/ because Secrets Manager "
                            + "ends a secret's ARN with a random suffix"));
        }
        return new RoleSpec("lagoa-" + pipeline.name() + "-task-execution", pipeline.name(), AwsService.ECS_TASKS,
                "ECS task execution role of " + pipeline.name() + "'s tasks: pulls the image, writes the logs, reads the secrets", permissions);
    }

    /** The secrets a pipeline's containers receive: Kafka's SCRAM credentials, the database's, the APIs'. */
    List<String> secretsOf(PipelineDefinition pipeline) {
        List<String> secrets = new ArrayList<>();
        for (DatasetDefinition dataset : writtenByTasks(pipeline)) {
            if (dataset.location().startsWith("kafka://") && settings.kafkaAuthentication() == DeploymentSettings.KafkaAuthentication.SCRAM) {
                secrets.add("${KafkaScramSecretArn}");
            }
            if (dataset.location().startsWith("postgresql://")) {
                secrets.add("${DatabaseSecretArn}");
                secrets.add("arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:lagoa/" + pipeline.name() + "/*");
            }
        }
        return distinct(secrets);
    }

    private List<DatasetDefinition> writtenByTasks(PipelineDefinition pipeline) {
        return pipeline.steps().stream().filter(Step.Task.class::isInstance).flatMap(step -> step.outputs().stream())
                .distinct().map(pipeline::dataset).toList();
    }

    /** The task that runs {@code lagoa apiload run}, the API load's loader, if the pipeline has one. */
    public static Optional<Step.Task> apiLoader(PipelineDefinition pipeline) {
        return pipeline.steps().stream().filter(Step.Task.class::isInstance).map(Step.Task.class::cast)
                .filter(task -> task.arguments().equals(List.of("apiload", "run"))).findFirst();
    }

    /**
     * The schedules the endpoints file adds to the API load's pipeline: each scheduled endpoint starts the loader task
     * at its cron expression, in São Paulo time (as {@code lagoa serve} runs it with the default {@code lagoa.time-zone}).
     */
    public static List<Trigger.Schedule> endpointSchedules(PipelineDefinition pipeline, DeploymentSettings settings) {
        Optional<Step.Task> loader = apiLoader(pipeline);
        if (loader.isEmpty()) {
            return List.of();
        }
        return settings.apiLoad().schedules().entrySet().stream().map(endpoint -> new Trigger.Schedule(loader.get().id(), endpoint.getValue(),
                ENDPOINT_ZONE, "the API load of endpoint " + endpoint.getKey())).toList();
    }

    private RoleSpec schedulerRole(PipelineDefinition pipeline, List<Trigger.Schedule> schedules) {
        List<String> jobs = new ArrayList<>();
        List<String> taskDefinitions = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        for (Trigger.Schedule schedule : schedules) {
            Step step = pipeline.step(schedule.stepId());
            if (step instanceof Step.SparkJob job) {
                jobs.add(DeployedNames.glueJobArn(names.glueJob(job.job())));
            } else if (step instanceof Step.Task task) {
                taskDefinitions.add(DeployedNames.taskDefinitionArn(DeployedNames.taskFamily(pipeline, task)));
                passed.add(DeployedNames.roleArn("lagoa-" + pipeline.name() + "-" + task.id() + "-task"));
                passed.add(DeployedNames.roleArn("lagoa-" + pipeline.name() + "-task-execution"));
            } else {
                throw new IllegalStateException("A schedule starts function step " + step.id() + "; schedules start jobs and tasks");
            }
        }
        List<Permission> permissions = new ArrayList<>();
        if (!jobs.isEmpty()) {
            permissions.add(new Permission("StartScheduledJobs", List.of("glue:StartJobRun"), distinct(jobs), "the scheduled Glue job runs"));
        }
        if (!taskDefinitions.isEmpty()) {
            permissions.add(new Permission("RunScheduledTasks", List.of("ecs:RunTask"), distinct(taskDefinitions),
                    "the scheduled ECS tasks, in any revision of their task definition family (each deployment makes a new one)"));
            permissions.add(new Permission("PassTaskRoles", List.of("iam:PassRole"), distinct(passed),
                    "gives the scheduled tasks their task and execution roles"));
        }
        return new RoleSpec("lagoa-" + pipeline.name() + "-scheduler", pipeline.name(), AwsService.SCHEDULER,
                "EventBridge Scheduler: " + String.join("; ", schedules.stream().map(Trigger.Schedule::description).toList()), permissions);
    }

    private RoleSpec stateMachineRole(PipelineDefinition pipeline, List<StateMachineDefinition> machines, Optional<Step.Task> machineTask) {
        List<String> jobs = new ArrayList<>();
        List<String> children = new ArrayList<>();
        List<String> childExecutions = new ArrayList<>();
        boolean runsTasks = false;
        for (StateMachineDefinition machine : machines) {
            for (State.Task task : machine.tasks()) {
                if (task.target() instanceof TaskTarget.SparkJob job) {
                    jobs.add(DeployedNames.glueJobArn(settings.glueJobPrefix() + job.jobName()));
                } else if (task.target() instanceof TaskTarget.StartExecution start) {
                    children.add(DeployedNames.stateMachineArn(start.stateMachine()));
                    childExecutions.add("arn:aws:states:${AWS::Region}:${AWS::AccountId}:execution:" + start.stateMachine() + ":*");
                } else {
                    runsTasks = true;
                }
            }
        }
        List<Permission> permissions = new ArrayList<>();
        if (!jobs.isEmpty()) {
            permissions.add(new Permission("RunLayerJobs", GLUE_RUN, distinct(jobs), "glue:startJobRun.sync: starts, follows and stops the jobs"));
        }
        if (runsTasks) {
            Step.Task task = machineTask.orElseThrow(() -> new IllegalStateException(
                    "Pipeline " + pipeline.name() + " has state machines with control-plane tasks but no 'sfn task' step"));
            permissions.add(new Permission("RunControlPlaneTasks", List.of("ecs:RunTask"),
                    List.of(DeployedNames.taskDefinitionArn(DeployedNames.taskFamily(pipeline, task))),
                    "ecs:runTask.sync: the control-plane tasks, in any revision of their task definition family (each deployment makes a new one)"));
            permissions.add(new Permission("FollowControlPlaneTasks", List.of("ecs:StopTask", "ecs:DescribeTasks"),
                    List.of("arn:aws:ecs:${AWS::Region}:${AWS::AccountId}:task/*"),
                    "follows and stops the tasks it started, whose ids ECS chooses when each starts"));
            permissions.add(new Permission("PassTaskRoles", List.of("iam:PassRole"),
                    List.of(DeployedNames.roleArn("lagoa-" + pipeline.name() + "-" + task.id() + "-task"),
                            DeployedNames.roleArn("lagoa-" + pipeline.name() + "-task-execution")),
                    "gives the control-plane tasks their task and execution roles"));
        }
        if (!children.isEmpty()) {
            permissions.add(new Permission("StartChildMachines", List.of("states:StartExecution"), distinct(children),
                    "states:startExecution.sync:2: the layer machines the parent runs"));
            permissions.add(new Permission("FollowChildMachines", List.of("states:DescribeExecution", "states:StopExecution"),
                    distinct(childExecutions),
                    "follows and stops the child executions, whose names Step Functions chooses when each starts"));
        }
        if (runsTasks || !children.isEmpty()) {
            permissions.add(new Permission("ManageSyncRules", List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"),
                    List.of("arn:aws:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForECSTaskRule",
                            "arn:aws:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"),
                    "the rules Step Functions manages for the .sync integrations with ECS and Step Functions"));
        }
        permissions.add(new Permission("DeliverExecutionLogs", List.of("logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
                "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"),
                List.of("*"), "sends every execution event to the log group " + DeployedNames.stateMachineLogGroup(pipeline)
                        + "; CloudWatch Logs' log delivery actions have no resource-level permission"));
        permissions.add(new Permission("WriteTraces", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                "xray:GetSamplingTargets"), List.of("*"), "X-Ray traces of the executions; these X-Ray actions have no resource-level permission"));
        return new RoleSpec("lagoa-" + pipeline.name() + "-state-machines", pipeline.name(), AwsService.STATES,
                "Step Functions: " + String.join(", ", machines.stream().map(StateMachineDefinition::name).toList()), permissions);
    }

    /** Reads, lists and writes of the datasets' S3 locations, and the catalog for a step that reads commit manifests. */
    List<Permission> datasetAccess(PipelineDefinition pipeline, Collection<String> inputs, Collection<String> outputs) {
        Set<String> read = new TreeSet<>();
        Set<String> buckets = new TreeSet<>();
        Set<String> write = new TreeSet<>();
        boolean catalog = false;
        for (String id : new LinkedHashSet<>(inputs)) {
            DatasetDefinition dataset = pipeline.dataset(id);
            s3Prefix(dataset).ifPresent(prefix -> {
                read.add(prefix.objects());
                buckets.add(prefix.bucketArn());
            });
            catalog |= dataset.tags().contains(CATALOG_TAG);
        }
        for (String id : new LinkedHashSet<>(outputs)) {
            s3Prefix(pipeline.dataset(id)).ifPresent(prefix -> {
                write.add(prefix.objects());
                read.add(prefix.objects());
                buckets.add(prefix.bucketArn());
            });
        }
        List<Permission> permissions = new ArrayList<>();
        if (!read.isEmpty()) {
            permissions.add(new Permission("ReadDatasets", S3_READ, covering(read),
                    "reads the datasets the step declares as inputs and outputs: the objects under each dataset's prefix, whose keys carry "
                            + "the dates and partitions of each run"));
            permissions.add(new Permission("ListDatasets", S3_LIST, List.copyOf(buckets), "lists the datasets' folders"));
        }
        if (!write.isEmpty()) {
            permissions.add(new Permission("WriteDatasets", S3_WRITE, covering(write),
                    "writes the datasets the step declares as outputs (replacing a partition deletes its old files): the objects under "
                            + "each dataset's prefix, whose keys carry the dates and partitions of each run"));
        }
        if (catalog) {
            String database = settings.catalogDatabase();
            permissions.add(new Permission("RegisterTables", CATALOG_WRITE,
                    List.of("arn:aws:glue:${AWS::Region}:${AWS::AccountId}:catalog", "arn:aws:glue:${AWS::Region}:${AWS::AccountId}:database/" + database,
                            "arn:aws:glue:${AWS::Region}:${AWS::AccountId}:table/" + database + "/*"),
                    "registers the tables and partitions of the commit manifests in the Glue Data Catalog: any table of the lake's "
                            + "database, since the manifests name the tables at run time"));
        }
        return permissions;
    }

    private List<Permission> kafkaAccess(PipelineDefinition pipeline, Collection<String> outputs) {
        if (settings.kafkaAuthentication() != DeploymentSettings.KafkaAuthentication.IAM
                || outputs.stream().map(pipeline::dataset).noneMatch(dataset -> dataset.location().startsWith("kafka://"))) {
            return List.of();
        }
        return List.of(
                new Permission("ConnectToCluster", List.of("kafka-cluster:Connect", "kafka-cluster:DescribeCluster"), List.of("${MskClusterArn}"),
                        "MSK IAM access control: connects to the cluster"),
                new Permission("WriteTopic", List.of("kafka-cluster:DescribeTopic", "kafka-cluster:WriteData", "kafka-cluster:CreateTopic"),
                        List.of("${MskTopicArn}"), "creates the topic when missing and writes the change records"),
                new Permission("UseTransactions", List.of("kafka-cluster:DescribeTransactionalId", "kafka-cluster:AlterTransactionalId"),
                        List.of("${MskTransactionalIdArn}"), "one transaction per change file"));
    }

    /** The bucket and the object prefix of a dataset in S3; the diff's snapshots are the configured exports. */
    Optional<S3Prefix> s3Prefix(DatasetDefinition dataset) {
        String location = dataset.location();
        if (location.matches("\\{[a-z-]+}")) {
            location = settings.diffSnapshots();
        }
        if (!location.startsWith("s3://")) {
            return Optional.empty();
        }
        String bucket = LocationTemplate.resolve(location.substring(5, location.indexOf('/', 5)), settings.locationValues());
        return Optional.of(new S3Prefix(bucket, "arn:aws:s3:::" + bucket + "/" + LocationTemplate.keyFolder(location, settings.locationValues()) + "*"));
    }

    /** The resources without those a shorter one covers ({@code raw/*} covers {@code raw/indice=*}). */
    static List<String> covering(Set<String> resources) {
        List<String> out = new ArrayList<>();
        for (String resource : resources) {
            boolean covered = resources.stream().anyMatch(other -> !other.equals(resource) && other.endsWith("*")
                    && resource.startsWith(other.substring(0, other.length() - 1)));
            if (!covered) {
                out.add(resource);
            }
        }
        return out;
    }

    private static List<String> distinct(List<String> values) {
        return List.copyOf(new LinkedHashSet<>(values));
    }

    record S3Prefix(String bucket, String objects) {
        String bucketArn() {
            return "arn:aws:s3:::" + bucket;
        }
    }
}
