package dev.lagoa.aws.access;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.pipeline.DatasetDefinition;
import dev.lagoa.core.pipeline.LocationTemplate;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.Step;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.StateMachines;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The actions a person (or a CI job) needs to deploy Lagoa and to run its pipelines from the CLI on the aws profile,
 * by task, with the resource each one is checked on: what {@code lagoa aws doctor} checks and what it tells the person
 * to ask an administrator for. Only the calls the CLI and the deployment make are listed: the roles the deployed
 * services assume are {@link AccessPlan}'s. {@code lagoa deploy} synthesizes with the CDK's
 * {@code CliCredentialsStackSynthesizer}: the operator's own credentials upload the packages to the assets bucket and
 * drive CloudFormation's change sets on the {@code lagoa-*} stacks, and pass the {@code lagoa-*} roles to the
 * services. CloudFormation then creates each resource with those same credentials; the create actions of every
 * resource type are not listed one by one (the deploying principal is usually an administrator of the account).
 */
public final class OperatorAccess {
    /** The tasks of an operator. */
    public enum Task {
        DEPLOY("deploy the stacks (lagoa deploy, with your credentials)"),
        PUSH_IMAGE("push the runner image to ECR (Jib)"),
        RUN("run the Glue jobs and the state machines (--profile aws)"),
        LAND("write to the lake (lagoa ingest, lagoa diff --out)"),
        QUERY("query (lagoa sql on Athena)"),
        CATALOG_SYNC("catalog sync (lagoa catalog sync)");

        private final String label;

        Task(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One action on one resource ({@code *} where the action has no resource-level permission). */
    public record Action(Task task, String action, String resource) {
        public Action {
            requireNonNull(task, "task is null");
            requireNonNull(action, "action is null");
            requireNonNull(resource, "resource is null");
        }

        /** The service prefix of the action ({@code s3} for {@code s3:GetObject}). */
        public String service() {
            return action.substring(0, action.indexOf(':'));
        }
    }

    /**
     * Where the actions apply: the ARN partition ({@code aws}, {@code aws-cn}, {@code aws-us-gov}), region and account,
     * the Athena workgroup of {@code lagoa sql} and the bucket its results are written to.
     */
    public record Target(String partition, String region, String account, String workgroup, String resultsBucket) {
        public Target {
            requireNonNull(partition, "partition is null");
            requireNonNull(region, "region is null");
            requireNonNull(account, "account is null");
            requireNonNull(workgroup, "workgroup is null");
            requireNonNull(resultsBucket, "resultsBucket is null");
        }

        String arn(String service, String resource) {
            return "arn:%s:%s:%s:%s:%s".formatted(partition, service, region, account, resource);
        }

        String bucketArn(String bucket) {
            return "arn:%s:s3:::%s".formatted(partition, bucket);
        }
    }

    private OperatorAccess() {}

    /**
     * Every action of every task for {@code pipelines}: their Glue jobs, the buckets of their datasets, and the
     * catalog database, Glue job prefix and image repository of {@code settings}, at {@code target}.
     */
    public static List<Action> of(List<PipelineDefinition> pipelines, DeploymentSettings settings, Target target) {
        requireNonNull(pipelines, "pipelines is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(target, "target is null");
        String account = target.account();
        List<Action> actions = new ArrayList<>();
        String stacks = target.arn("cloudformation", "stack/lagoa-*/*");
        for (String action : List.of("cloudformation:DescribeStacks", "cloudformation:DescribeStackEvents", "cloudformation:GetTemplate",
                "cloudformation:CreateChangeSet", "cloudformation:DescribeChangeSet", "cloudformation:ExecuteChangeSet",
                "cloudformation:DeleteChangeSet", "cloudformation:DeleteStack")) {
            actions.add(new Action(Task.DEPLOY, action, stacks));
        }
        String assets = settings.assetsBucket().replace("${AWS::AccountId}", account).replace("${AWS::Region}", target.region());
        for (String action : List.of("s3:GetBucketLocation", "s3:ListBucket")) {
            actions.add(new Action(Task.DEPLOY, action, target.bucketArn(assets)));
        }
        for (String action : List.of("s3:PutObject", "s3:GetObject")) {
            actions.add(new Action(Task.DEPLOY, action, target.bucketArn(assets) + "/*"));
        }
        actions.add(new Action(Task.DEPLOY, "iam:PassRole", "arn:%s:iam::%s:role/lagoa-*".formatted(target.partition(), account)));
        actions.add(new Action(Task.PUSH_IMAGE, "ecr:GetAuthorizationToken", "*"));
        String repository = target.arn("ecr", "repository/" + settings.imageRepository());
        for (String action : List.of("ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
                "ecr:CompleteLayerUpload", "ecr:PutImage")) {
            actions.add(new Action(Task.PUSH_IMAGE, action, repository));
        }
        DeployedNames names = new DeployedNames(settings.glueJobPrefix());
        Set<String> jobs = new TreeSet<>();
        for (PipelineDefinition pipeline : pipelines) {
            for (Step step : pipeline.steps()) {
                if (step instanceof Step.SparkJob job) {
                    jobs.add(names.glueJob(job.job()));
                }
            }
        }
        for (String job : jobs) {
            for (String action : List.of("glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun")) {
                actions.add(new Action(Task.RUN, action, target.arn("glue", "job/" + job)));
            }
        }
        if (!jobs.isEmpty()) {
            actions.add(new Action(Task.RUN, "glue:ListJobs", "*"));
        }
        for (PipelineDefinition pipeline : pipelines) {
            for (StateMachineDefinition machine : AccessPlan.machinesOf(pipeline, StateMachines.all())) {
                for (String action : List.of("states:StartExecution", "states:ListExecutions")) {
                    actions.add(new Action(Task.RUN, action, target.arn("states", "stateMachine:" + machine.name())));
                }
                for (String action : List.of("states:DescribeExecution", "states:GetExecutionHistory")) {
                    actions.add(new Action(Task.RUN, action, target.arn("states", "execution:" + machine.name() + ":*")));
                }
            }
        }
        Set<String> buckets = buckets(pipelines, settings);
        for (String bucket : buckets) {
            actions.add(new Action(Task.LAND, "s3:PutObject", target.bucketArn(bucket) + "/*"));
        }
        String workgroup = target.arn("athena", "workgroup/" + target.workgroup());
        for (String action : List.of("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:StopQueryExecution")) {
            actions.add(new Action(Task.QUERY, action, workgroup));
        }
        String database = settings.catalogDatabase();
        String databaseArn = target.arn("glue", "database/" + database);
        String tables = target.arn("glue", "table/" + database + "/*");
        actions.add(new Action(Task.QUERY, "glue:GetDatabase", databaseArn));
        actions.add(new Action(Task.QUERY, "glue:GetTable", tables));
        actions.add(new Action(Task.QUERY, "glue:GetPartitions", tables));
        for (String bucket : buckets) {
            actions.add(new Action(Task.QUERY, "s3:ListBucket", target.bucketArn(bucket)));
            actions.add(new Action(Task.QUERY, "s3:GetBucketLocation", target.bucketArn(bucket)));
            actions.add(new Action(Task.QUERY, "s3:GetObject", target.bucketArn(bucket) + "/*"));
        }
        // Athena writes the results with the caller's own permissions
        actions.add(new Action(Task.QUERY, "s3:GetBucketLocation", target.bucketArn(target.resultsBucket())));
        for (String action : List.of("s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload")) {
            actions.add(new Action(Task.QUERY, action, target.bucketArn(target.resultsBucket()) + "/*"));
        }
        for (String action : List.of("glue:CreateDatabase")) {
            actions.add(new Action(Task.CATALOG_SYNC, action, databaseArn));
        }
        for (String action : List.of("glue:GetTables", "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable", "glue:BatchCreatePartition")) {
            actions.add(new Action(Task.CATALOG_SYNC, action, tables));
        }
        for (String action : List.of("lakeformation:GetLFTag", "lakeformation:CreateLFTag", "lakeformation:UpdateLFTag",
                "lakeformation:GetResourceLFTags", "lakeformation:AddLFTagsToResource", "lakeformation:RemoveLFTagsFromResource")) {
            actions.add(new Action(Task.CATALOG_SYNC, action, "*"));
        }
        return List.copyOf(actions);
    }

    /** The buckets of the datasets of {@code pipelines} (the diff's snapshots are in the diffs bucket), sorted. */
    public static Set<String> buckets(List<PipelineDefinition> pipelines, DeploymentSettings settings) {
        Set<String> buckets = new TreeSet<>();
        for (PipelineDefinition pipeline : pipelines) {
            for (DatasetDefinition dataset : pipeline.datasets()) {
                String location = dataset.location().matches("\\{[a-z-]+}") ? settings.diffSnapshots() : dataset.location();
                if (location.startsWith("s3://")) {
                    int slash = location.indexOf('/', 5);
                    buckets.add(LocationTemplate.resolve(location.substring(5, slash < 0 ? location.length() : slash), settings.locationValues()));
                }
            }
        }
        return buckets;
    }
}
