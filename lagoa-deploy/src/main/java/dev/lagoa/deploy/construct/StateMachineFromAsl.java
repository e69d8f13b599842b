package dev.lagoa.deploy.construct;

import java.util.Map;
import software.amazon.awscdk.services.stepfunctions.CfnStateMachine;
import software.constructs.Construct;

/**
 * A state machine from the ASL the orchestrator exports, verbatim, with its {@code ${Name}} definition substitutions
 * filled by the stack, and the plan's role by ARN: it creates no role.
 */
public final class StateMachineFromAsl extends Construct {
    private final CfnStateMachine machine;

    public StateMachineFromAsl(Construct scope, String id, String name, String asl, String roleArn, Map<String, String> substitutions) {
        super(scope, id);
        machine = CfnStateMachine.Builder.create(this, "StateMachine")
                .stateMachineName(name)
                .stateMachineType("STANDARD")
                .roleArn(roleArn)
                .definitionString(asl)
                .definitionSubstitutions(Map.copyOf(substitutions))
                .build();
    }

    public CfnStateMachine machine() {
        return machine;
    }
}
