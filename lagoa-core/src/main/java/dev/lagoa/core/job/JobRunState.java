package dev.lagoa.core.job;

/** The states of a job run, as AWS Glue names them. */
public enum JobRunState {
    STARTING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMEOUT,
    STOPPED;

    public boolean isTerminal() {
        return switch (this) {
            case STARTING, RUNNING -> false;
            case SUCCEEDED, FAILED, TIMEOUT, STOPPED -> true;
        };
    }
}
