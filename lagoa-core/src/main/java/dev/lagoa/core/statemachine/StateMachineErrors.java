package dev.lagoa.core.statemachine;

import java.util.List;

/** The error names of Amazon States Language that Lagoa uses, and how retriers and catchers match them. */
public final class StateMachineErrors {
    /** Matches every error except {@code States.Runtime}, as in Step Functions. */
    public static final String ALL = "States.ALL";
    /** A task failed: the Spark job run ended FAILED, or a control-plane task threw. */
    public static final String TASK_FAILED = "States.TaskFailed";
    /** A task ran longer than its {@code TimeoutSeconds}, or its job run ended TIMEOUT. */
    public static final String TIMEOUT = "States.Timeout";
    /** A branch of a Parallel state failed. */
    public static final String BRANCH_FAILED = "States.BranchFailed";
    /** The definition or the data cannot be interpreted (a bad path); never retried nor caught by {@code States.ALL}. */
    public static final String RUNTIME = "States.Runtime";
    /** Glue refused the run: the job has its maximum of runs in flight. */
    public static final String GLUE_CONCURRENT_RUNS = "Glue.ConcurrentRunsExceededException";

    private StateMachineErrors() {}

    static boolean matches(List<String> declared, String error) {
        if (declared.contains(error)) {
            return true;
        }
        return declared.contains(ALL) && !RUNTIME.equals(error);
    }
}
