package dev.lagoa.aws.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.aws.access.OperatorAccess.Action;
import dev.lagoa.aws.access.OperatorAccess.Task;
import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.pipeline.Pipelines;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorAccessTest {
    private static final DeploymentSettings SETTINGS = DeploymentSettings.of(new LakeConfig(BucketName.of("lagoa-diffs"), BucketName.of("lagoa-b3"),
            BucketName.of("lagoa-brapi"), BucketName.of("importau-lakehouse-ana"), BucketName.of("lagoa-apiload"), "lagoa"), "dev-");
    private static final OperatorAccess.Target TARGET = new OperatorAccess.Target("aws-cn", "cn-north-1", "123456789012", "analistas",
            "lagoa-athena-results-123456789012-cn-north-1");

    @Test
    void aPipelinesJobsAndBucketsAreItsOwnInThePartitionOfTheCaller() {
        List<Action> actions = OperatorAccess.of(List.of(Pipelines.named("ibov")), SETTINGS, TARGET);

        assertThat(OperatorAccess.buckets(List.of(Pipelines.named("ibov")), SETTINGS)).containsExactly("lagoa-b3");
        assertThat(actions).contains(
                new Action(Task.RUN, "glue:StartJobRun", "arn:aws-cn:glue:cn-north-1:123456789012:job/dev-lagoa-ibov-refine"),
                new Action(Task.LAND, "s3:PutObject", "arn:aws-cn:s3:::lagoa-b3/*"),
                new Action(Task.QUERY, "s3:ListBucket", "arn:aws-cn:s3:::lagoa-b3"),
                new Action(Task.QUERY, "athena:StartQueryExecution", "arn:aws-cn:athena:cn-north-1:123456789012:workgroup/analistas"),
                new Action(Task.QUERY, "s3:PutObject", "arn:aws-cn:s3:::lagoa-athena-results-123456789012-cn-north-1/*"),
                new Action(Task.DEPLOY, "cloudformation:ExecuteChangeSet", "arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/lagoa-*/*"),
                new Action(Task.DEPLOY, "s3:PutObject", "arn:aws-cn:s3:::cdk-hnb659fds-assets-123456789012-cn-north-1/*"),
                new Action(Task.DEPLOY, "iam:PassRole", "arn:aws-cn:iam::123456789012:role/lagoa-*"));
        assertThat(actions).map(Action::resource).noneMatch(resource -> resource.contains("lagoa-diffs") || resource.contains("importau"));
        assertThat(actions).map(Action::resource).allMatch(resource -> resource.equals("*") || resource.startsWith("arn:aws-cn:"));
    }

    @Test
    void importausMachinesAreStartedAndFollowed() {
        List<Action> actions = OperatorAccess.of(List.of(Pipelines.named("importau")), SETTINGS, TARGET);

        assertThat(actions).contains(
                new Action(Task.RUN, "states:StartExecution", "arn:aws-cn:states:cn-north-1:123456789012:stateMachine:importau"),
                new Action(Task.RUN, "states:GetExecutionHistory", "arn:aws-cn:states:cn-north-1:123456789012:execution:importau-teste-silver:*"));
        assertThat(OperatorAccess.of(List.of(Pipelines.named("ibov")), SETTINGS, TARGET)).map(Action::action).noneMatch(action -> action.startsWith("states:"));
    }

    @Test
    void theDiffsSnapshotsAreInTheDiffsBucket() {
        assertThat(OperatorAccess.buckets(List.of(Pipelines.named("diff")), SETTINGS)).contains("lagoa-diffs");
        assertThat(OperatorAccess.buckets(Pipelines.all(), SETTINGS)).contains("importau-lakehouse-ana", "lagoa-apiload", "lagoa-brapi");
    }
}
