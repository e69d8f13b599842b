package dev.lagoa.aws.access;

/** The AWS services that assume a deployment's roles, by their service principal. */
public enum AwsService {
    GLUE("glue.amazonaws.com", "Glue job"),
    LAMBDA("lambda.amazonaws.com", "Lambda function"),
    ECS_TASKS("ecs-tasks.amazonaws.com", "ECS task"),
    SCHEDULER("scheduler.amazonaws.com", "EventBridge Scheduler"),
    STATES("states.amazonaws.com", "Step Functions state machine");

    private final String principal;
    private final String label;

    AwsService(String principal, String label) {
        this.principal = principal;
        this.label = label;
    }

    /** The service principal of the role's trust policy. */
    public String principal() {
        return principal;
    }

    /** What people call what runs with the role ("Glue job"). */
    public String label() {
        return label;
    }
}
