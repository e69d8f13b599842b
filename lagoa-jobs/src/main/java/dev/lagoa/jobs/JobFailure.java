package dev.lagoa.jobs;

/**
 * A job run failed for a reason a person can act on (bad arguments, missing input, too many rejects): reported
 * as one readable line, with exit status 2, and not retried.
 */
public final class JobFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobFailure(String message) {
        super(message);
    }

    public JobFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
