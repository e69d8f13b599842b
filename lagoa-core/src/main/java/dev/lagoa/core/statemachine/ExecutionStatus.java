package dev.lagoa.core.statemachine;

/** The states of a state machine execution, as Step Functions names them. */
public enum ExecutionStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    ABORTED;

    public boolean isTerminal() {
        return switch (this) {
            case RUNNING -> false;
            case SUCCEEDED, FAILED, TIMED_OUT, ABORTED -> true;
        };
    }
}
