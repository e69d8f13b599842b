package dev.lagoa.aws.access;

import static java.util.Objects.requireNonNull;

import dev.lagoa.contracts.FunctionHandler;
import dev.lagoa.core.event.Notification;
import dev.lagoa.core.job.JobDefinition;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.Step;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The physical names of what a deployment creates, derived from the pipeline definitions, so that an ARN is known
 * without a reference to the resource: the roles' statements, the stacks and the reports agree on them.
 */
public final class DeployedNames {
    /** The output of stack {@code lagoa-lake} (and the export the pipeline stacks import) holding the ARN of the lake's KMS key. */
    public static final String LAKE_KEY_OUTPUT = "LakeKeyArn";
    /**
     * The lake's KMS key (the Glue jobs' logs and bookmarks) in a statement: KMS chooses a key's id, so its ARN is not
     * known before the lake stack exists. The pipeline stacks resolve this placeholder from the lake stack's export;
     * the roles report shows it as is, to be read from the {@link #LAKE_KEY_OUTPUT} output.
     */
    public static final String LAKE_KEY_ARN = "${" + LAKE_KEY_OUTPUT + "}";
    private final String glueJobPrefix;

    public DeployedNames(String glueJobPrefix) {
        this.glueJobPrefix = requireNonNull(glueJobPrefix, "glueJobPrefix is null");
    }

    /** The Glue job of a Spark job: {@code <aws.glue.job-prefix><job name>}, as {@code GlueJobLauncher} calls it. */
    public String glueJob(JobDefinition job) {
        return glueJobPrefix + job.name();
    }

    public static String glueJobArn(String glueJob) {
        return "arn:aws:glue:${AWS::Region}:${AWS::AccountId}:job/" + glueJob;
    }

    /**
     * The pipeline's functions, one per handler, by function name: a {@link Step.Function} gives its step id
     * ({@code lagoa-ibov-catalog}), a handler only a notification targets gives the notification's id
     * ({@code lagoa-ibov-refine-on-bronze}).
     */
    public static Map<String, FunctionHandler> functions(PipelineDefinition pipeline) {
        Map<FunctionHandler, String> names = new LinkedHashMap<>();
        for (Step step : pipeline.steps()) {
            if (step instanceof Step.Function function) {
                names.putIfAbsent(function.handler(), "lagoa-" + pipeline.name() + "-" + step.id());
            }
        }
        for (Notification notification : pipeline.notifications()) {
            if (notification.target() instanceof Notification.Target.Function function) {
                names.putIfAbsent(function.handler(), "lagoa-" + pipeline.name() + "-" + notification.id());
            }
        }
        Map<String, FunctionHandler> byName = new LinkedHashMap<>();
        names.forEach((handler, name) -> byName.put(name, handler));
        return byName;
    }

    /** The name of the function that runs {@code handler} in {@code pipeline}. */
    public static String function(PipelineDefinition pipeline, FunctionHandler handler) {
        return functions(pipeline).entrySet().stream().filter(entry -> entry.getValue() == handler).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Pipeline " + pipeline.name() + " runs no function " + handler));
    }

    public static String functionArn(String function) {
        return "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:" + function;
    }

    /** The ECS task definition family of a task step: {@code lagoa-<pipeline>-<step>}. */
    public static String taskFamily(PipelineDefinition pipeline, Step.Task task) {
        return "lagoa-" + pipeline.name() + "-" + task.id();
    }

    public static String taskDefinitionArn(String family) {
        return "arn:aws:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/" + family + ":*";
    }

    /** The log group of the pipeline's ECS tasks. */
    public static String taskLogGroup(PipelineDefinition pipeline) {
        return "/lagoa/" + pipeline.name();
    }

    /** The Glue security configuration of a pipeline's jobs: logs and bookmarks encrypted with the lake's key. */
    public static String glueSecurityConfiguration(PipelineDefinition pipeline) {
        return "lagoa-" + pipeline.name();
    }

    /** The log group of a pipeline's state machines (under {@code /aws/vendedlogs/}, as Step Functions recommends). */
    public static String stateMachineLogGroup(PipelineDefinition pipeline) {
        return "/aws/vendedlogs/states/lagoa-" + pipeline.name();
    }

    public static String stateMachineArn(String machine) {
        return "arn:aws:states:${AWS::Region}:${AWS::AccountId}:stateMachine:" + machine;
    }

    public static String queueArn(String queue) {
        return "arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:" + queue;
    }

    public static String roleArn(String role) {
        return "arn:aws:iam::${AWS::AccountId}:role/" + role;
    }
}
