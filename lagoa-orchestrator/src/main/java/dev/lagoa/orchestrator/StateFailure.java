package dev.lagoa.orchestrator;

/** A state failed with an error name ({@code States.TaskFailed}, ...) and a cause a person can read. */
final class StateFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final String error;
    private final String cause;

    StateFailure(String error, String cause) {
        super(error + ": " + cause);
        this.error = error;
        this.cause = cause;
    }

    String error() {
        return error;
    }

    String cause() {
        return cause;
    }
}
