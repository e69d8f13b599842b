package dev.lagoa.deploy.construct;

import dev.lagoa.core.pipeline.Trigger;
import java.util.List;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.constructs.Construct;

/**
 * A schedule trigger as an EventBridge Scheduler schedule: {@code cron(<expression>)} in the trigger's time zone,
 * starting an ECS task (Task steps) or a Glue job run through the universal target (SparkJob steps), whose input
 * carries {@code <aws.scheduler.scheduled-time>} so the job derives its dates from when it was meant to run.
 */
public final class PipelineSchedule extends Construct {
    public static final String GLUE_START_JOB_RUN = "arn:aws:scheduler:::aws-sdk:glue:startJobRun";
    private final CfnSchedule schedule;

    private PipelineSchedule(Construct scope, String id, String name, Trigger.Schedule trigger, CfnSchedule.TargetProperty target) {
        super(scope, id);
        schedule = CfnSchedule.Builder.create(this, "Schedule")
                .name(name)
                .description(trigger.description())
                .scheduleExpression("cron(" + trigger.cron() + ")")
                .scheduleExpressionTimezone(trigger.zone().getId())
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
                .state("ENABLED")
                .target(target)
                .build();
    }

    public static PipelineSchedule glueJob(Construct scope, String id, String name, Trigger.Schedule trigger, String glueJob, String roleArn) {
        String input = "{\"JobName\":\"" + glueJob + "\",\"Arguments\":{\"--scheduled-time\":\"<aws.scheduler.scheduled-time>\"}}";
        return new PipelineSchedule(scope, id, name, trigger, CfnSchedule.TargetProperty.builder().arn(GLUE_START_JOB_RUN).roleArn(roleArn)
                .input(input).retryPolicy(CfnSchedule.RetryPolicyProperty.builder().maximumRetryAttempts(2).build()).build());
    }

    public static PipelineSchedule ecsTask(Construct scope, String id, String name, Trigger.Schedule trigger, String clusterArn,
            String taskDefinitionArn, List<String> subnets, String roleArn) {
        return new PipelineSchedule(scope, id, name, trigger, CfnSchedule.TargetProperty.builder().arn(clusterArn).roleArn(roleArn)
                .ecsParameters(CfnSchedule.EcsParametersProperty.builder().taskDefinitionArn(taskDefinitionArn).launchType("FARGATE").taskCount(1)
                        .networkConfiguration(CfnSchedule.NetworkConfigurationProperty.builder().awsvpcConfiguration(
                                CfnSchedule.AwsVpcConfigurationProperty.builder().subnets(subnets).assignPublicIp("DISABLED").build()).build())
                        .build())
                .retryPolicy(CfnSchedule.RetryPolicyProperty.builder().maximumRetryAttempts(2).build()).build());
    }

    public CfnSchedule schedule() {
        return schedule;
    }
}
