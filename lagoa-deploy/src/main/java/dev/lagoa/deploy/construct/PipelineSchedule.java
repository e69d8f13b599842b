package dev.lagoa.deploy.construct;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.core.pipeline.Trigger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.constructs.Construct;

/**
 * A schedule trigger as an EventBridge Scheduler schedule: {@code cron(<expression>)} in the trigger's time zone,
 * starting an ECS task (Task steps) or a Glue job run through the universal target (SparkJob steps), whose input
 * carries {@code <aws.scheduler.scheduled-time>} so the job derives its dates from when it was meant to run.
 */
public final class PipelineSchedule extends Construct {
    public static final String GLUE_START_JOB_RUN = "arn:aws:scheduler:::aws-sdk:glue:startJobRun";
    public static final String ECS_RUN_TASK = "arn:aws:scheduler:::aws-sdk:ecs:runTask";
    /** The job argument that carries the time the run was scheduled for. */
    public static final String SCHEDULED_TIME = "scheduled-time";
    private static final ObjectMapper JSON = new ObjectMapper();
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

    /**
     * Starts the Glue job {@code glueJob} with {@code --scheduled-time} and {@code arguments} (names with their
     * {@code --}); values may hold CloudFormation tokens, which stay plain strings in the JSON input.
     */
    public static PipelineSchedule glueJob(Construct scope, String id, String name, Trigger.Schedule trigger, String glueJob,
            Map<String, String> arguments, String roleArn) {
        Map<String, String> all = new TreeMap<>(arguments);
        all.put("--" + SCHEDULED_TIME, "<aws.scheduler.scheduled-time>");
        ObjectNode input = JSON.createObjectNode().put("JobName", glueJob);
        all.forEach(input.putObject("Arguments")::put);
        return new PipelineSchedule(scope, id, name, trigger, CfnSchedule.TargetProperty.builder().arn(GLUE_START_JOB_RUN).roleArn(roleArn)
                .input(input.toString()).retryPolicy(CfnSchedule.RetryPolicyProperty.builder().maximumRetryAttempts(2).build()).build());
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

    /**
     * Runs the task {@code taskDefinitionArn} with its container's command replaced by {@code command}, through the
     * universal target {@code aws-sdk:ecs:runTask} (the ECS target of a schedule cannot change the command); the input
     * is RunTask's request. It is joined from its parts rather than serialized, because the cluster, task definition
     * and subnets are resolved by CloudFormation (serializing them would take the CDK's JSON custom resource and its role).
     */
    public static PipelineSchedule ecsRunTask(Construct scope, String id, String name, Trigger.Schedule trigger, String clusterArn,
            String taskDefinitionArn, List<String> subnets, List<String> command, String roleArn) {
        String input = "{\"cluster\":\"" + clusterArn + "\",\"taskDefinition\":\"" + taskDefinitionArn + "\",\"launchType\":\"FARGATE\",\"count\":1,"
                + "\"networkConfiguration\":{\"awsvpcConfiguration\":{\"assignPublicIp\":\"DISABLED\",\"subnets\":[\"" + Fn.join("\",\"", subnets) + "\"]}},"
                + "\"overrides\":{\"containerOverrides\":[{\"name\":" + JSON.valueToTree(FargateRunner.CONTAINER) + ",\"command\":" + JSON.valueToTree(command)
                + "}]}}";
        return new PipelineSchedule(scope, id, name, trigger, CfnSchedule.TargetProperty.builder().arn(ECS_RUN_TASK).roleArn(roleArn).input(input)
                .retryPolicy(CfnSchedule.RetryPolicyProperty.builder().maximumRetryAttempts(2).build()).build());
    }

    public CfnSchedule schedule() {
        return schedule;
    }
}
