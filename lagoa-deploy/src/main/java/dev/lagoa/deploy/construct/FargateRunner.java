package dev.lagoa.deploy.construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.ecs.CfnTaskDefinition;
import software.constructs.Construct;

/**
 * A task step as an ECS Fargate task definition (L1: the L2 adds grants to the roles). The image is the lagoa runner
 * built by Jib, from the account's ECR repository with the tag a stack parameter gives; its entry point runs the
 * step's main class with Jib's classpath file; logs go to the pipeline's log group; secrets come from Secrets Manager
 * as environment variables. Its other variables are settings, never secrets (the stack checks that each is a
 * configuration key that is not secret), which is why cdk-nag's {@code AwsSolutions-ECS2} is acknowledged.
 */
public final class FargateRunner extends Construct {
    /** A secret given to the container: {@code LAGOA_KAFKA_SASL_PASSWORD} from {@code <secret ARN>:password::}. */
    /** The name of the task's one container, which a schedule's command override names. */
    public static final String CONTAINER = "lagoa";

    public record Secret(String name, String valueFrom) {}

    private final CfnTaskDefinition taskDefinition;

    public FargateRunner(Construct scope, String id, String family, String image, String mainClass, List<String> arguments, String taskRoleArn,
            String executionRoleArn, String logGroup, Map<String, String> environment, List<Secret> secrets) {
        super(scope, id);
        List<String> entryPoint = List.of("java", "-cp", "@/app/jib-classpath-file", mainClass);
        List<CfnTaskDefinition.KeyValuePairProperty> variables = new ArrayList<>();
        new TreeMap<>(environment).forEach((name, value) -> variables.add(CfnTaskDefinition.KeyValuePairProperty.builder().name(name).value(value).build()));
        taskDefinition = CfnTaskDefinition.Builder.create(this, "TaskDefinition")
                .family(family)
                .requiresCompatibilities(List.of("FARGATE"))
                .networkMode("awsvpc")
                .cpu("512")
                .memory("1024")
                .taskRoleArn(taskRoleArn)
                .executionRoleArn(executionRoleArn)
                .runtimePlatform(CfnTaskDefinition.RuntimePlatformProperty.builder().cpuArchitecture("X86_64").operatingSystemFamily("LINUX").build())
                .containerDefinitions(List.of(CfnTaskDefinition.ContainerDefinitionProperty.builder()
                        .name(CONTAINER)
                        .image(image)
                        .essential(true)
                        .entryPoint(entryPoint)
                        .command(arguments)
                        .environment(variables)
                        .secrets(secrets.stream().map(secret -> CfnTaskDefinition.SecretProperty.builder().name(secret.name())
                                .valueFrom(secret.valueFrom()).build()).toList())
                        .logConfiguration(CfnTaskDefinition.LogConfigurationProperty.builder().logDriver("awslogs").options(Map.of(
                                "awslogs-group", logGroup, "awslogs-region", Fn.ref("AWS::Region"), "awslogs-stream-prefix", family)).build())
                        .build()))
                .build();
        Acknowledgments.add(taskDefinition, "AwsSolutions-ECS2", "The container's environment holds non-secret settings only ("
                + String.join(", ", new TreeMap<>(environment).keySet()) + ")" + (secrets.isEmpty() ? "" : "; its credentials ("
                + String.join(", ", secrets.stream().map(Secret::name).toList()) + ") come from Secrets Manager through the container's secrets") + ".");
    }

    /** Its ARN ({@code Ref} of a task definition). */
    public String arn() {
        return taskDefinition.getRef();
    }

    public CfnTaskDefinition taskDefinition() {
        return taskDefinition;
    }
}
