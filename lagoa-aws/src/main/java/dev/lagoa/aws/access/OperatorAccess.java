package dev.lagoa.aws.access;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.config.LakeConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The actions a person (or a CI job) needs to deploy and run Lagoa on the aws profile, by task, with the resource each
 * one is checked on: what {@code lagoa aws doctor} checks and what it tells the person to ask an administrator for.
 * The roles the deployed services assume are {@link AccessPlan}'s, not these.
 */
public final class OperatorAccess {
    /** The tasks of an operator. */
    public enum Task {
        DEPLOY("deploy (lagoa deploy)"),
        MANAGED_ROLES("create the roles (managed roles mode only)"),
        RUN("run jobs and state machines"),
        QUERY("query (lagoa sql)"),
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
    }

    private OperatorAccess() {}

    /**
     * Every action of every task for the lake's buckets and database, in {@code region} of {@code account};
     * {@code workgroup} is the Athena workgroup of {@code lagoa sql}.
     */
    public static List<Action> of(LakeConfig lake, String region, String account, String workgroup) {
        String at = region + ":" + account;
        String assets = DeploymentSettings.CDK_ASSETS_BUCKET.replace("${AWS::AccountId}", account).replace("${AWS::Region}", region);
        List<Action> actions = new ArrayList<>();
        for (String action : List.of("cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DescribeStacks",
                "cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet")) {
            actions.add(new Action(Task.DEPLOY, action, "arn:aws:cloudformation:" + at + ":stack/lagoa-*/*"));
        }
        actions.add(new Action(Task.DEPLOY, "s3:PutObject", "arn:aws:s3:::" + assets + "/*"));
        for (String action : List.of("iam:CreateRole", "iam:PutRolePolicy", "iam:PassRole")) {
            actions.add(new Action(Task.MANAGED_ROLES, action, "arn:aws:iam::" + account + ":role/lagoa-*"));
        }
        actions.add(new Action(Task.RUN, "glue:StartJobRun", "arn:aws:glue:" + at + ":job/*"));
        actions.add(new Action(Task.RUN, "glue:GetJobRun", "arn:aws:glue:" + at + ":job/*"));
        actions.add(new Action(Task.RUN, "states:StartExecution", "arn:aws:states:" + at + ":stateMachine:*"));
        actions.add(new Action(Task.RUN, "states:DescribeExecution", "arn:aws:states:" + at + ":execution:*"));
        String workgroupArn = "arn:aws:athena:" + at + ":workgroup/" + workgroup;
        for (String action : List.of("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults")) {
            actions.add(new Action(Task.QUERY, action, workgroupArn));
        }
        String database = lake.catalogDatabase();
        actions.add(new Action(Task.QUERY, "glue:GetDatabase", "arn:aws:glue:" + at + ":database/" + database));
        actions.add(new Action(Task.QUERY, "glue:GetTable", "arn:aws:glue:" + at + ":table/" + database + "/*"));
        for (String bucket : lake.locationValues().values().stream().sorted().toList()) {
            actions.add(new Action(Task.QUERY, "s3:GetObject", "arn:aws:s3:::" + bucket + "/*"));
        }
        // the workgroup's result location is not known here: Athena writes there with the caller's s3:PutObject
        actions.add(new Action(Task.QUERY, "s3:PutObject", "*"));
        for (String action : List.of("lakeformation:GetLFTag", "lakeformation:CreateLFTag", "lakeformation:UpdateLFTag",
                "lakeformation:GetResourceLFTags", "lakeformation:AddLFTagsToResource", "lakeformation:RemoveLFTagsFromResource")) {
            actions.add(new Action(Task.CATALOG_SYNC, action, "*"));
        }
        for (String action : List.of("glue:CreateDatabase", "glue:CreateTable", "glue:UpdateTable", "glue:BatchCreatePartition")) {
            actions.add(new Action(Task.CATALOG_SYNC, action, "*"));
        }
        return List.copyOf(actions);
    }
}
