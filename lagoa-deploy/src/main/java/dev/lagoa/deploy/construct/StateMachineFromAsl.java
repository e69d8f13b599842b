package dev.lagoa.deploy.construct;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.stepfunctions.CfnStateMachine;
import software.constructs.Construct;

/**
 * A state machine from the ASL the orchestrator exports, verbatim, with its {@code ${Name}} definition substitutions
 * filled by the stack, and the plan's role by ARN: it creates no role. Every execution event goes to the pipeline's
 * log group (level ALL, without the states' input and output, which may hold personal data), and executions are
 * traced with X-Ray.
 */
public final class StateMachineFromAsl extends Construct {
    private final CfnStateMachine machine;

    public StateMachineFromAsl(Construct scope, String id, String name, String asl, String roleArn, Map<String, String> substitutions,
            String logGroupArn) {
        super(scope, id);
        machine = CfnStateMachine.Builder.create(this, "StateMachine")
                .stateMachineName(name)
                .stateMachineType("STANDARD")
                .roleArn(roleArn)
                .definitionString(asl)
                .definitionSubstitutions(Map.copyOf(substitutions))
                .loggingConfiguration(CfnStateMachine.LoggingConfigurationProperty.builder().level("ALL").includeExecutionData(false)
                        .destinations(List.of(CfnStateMachine.LogDestinationProperty.builder()
                                .cloudWatchLogsLogGroup(CfnStateMachine.CloudWatchLogsLogGroupProperty.builder().logGroupArn(logGroupArn).build())
                                .build()))
                        .build())
                .tracingConfiguration(CfnStateMachine.TracingConfigurationProperty.builder().enabled(true).build())
                .build();
    }

    public CfnStateMachine machine() {
        return machine;
    }
}
