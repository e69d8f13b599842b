package dev.lagoa.core;

/** The errors every module of Lagoa shares, with the party at fault; a module's own are its {@link ErrorCodeSupplier}. */
public enum ErrorCode implements ErrorCodeSupplier {
    INVALID_ARGUMENT(ErrorType.USER),
    INVALID_CONFIGURATION(ErrorType.USER),
    INVALID_BUCKET_NAME(ErrorType.USER),
    INVALID_OBJECT_KEY(ErrorType.USER),
    INVALID_PIPELINE(ErrorType.USER),
    OBJECT_NOT_FOUND(ErrorType.USER),
    JOB_NOT_FOUND(ErrorType.USER),
    JOB_RUN_NOT_FOUND(ErrorType.USER),
    CONCURRENT_RUNS_EXCEEDED(ErrorType.USER),
    /** The job rejected its input or arguments. */
    JOB_RUN_FAILED(ErrorType.USER),
    /** The job could not reach its storage or another system. */
    JOB_RUN_FAILED_EXTERNAL(ErrorType.EXTERNAL),
    /** The job crashed. */
    JOB_RUN_FAILED_INTERNAL(ErrorType.INTERNAL),
    JOB_RUN_TIMEOUT(ErrorType.EXTERNAL),
    JOB_RUN_STOPPED(ErrorType.USER),
    /** A local service (Kafka, SQS) is already running in the workspace. */
    SERVICE_ALREADY_RUNNING(ErrorType.USER),
    /** A local service's port is taken by another program. */
    SERVICE_PORT_IN_USE(ErrorType.USER),
    /** A local service that a command needs does not run for the workspace (lagoa serve runs it). */
    SERVICE_NOT_RUNNING(ErrorType.USER),
    /** A local service's JVM exited, or did not become ready in time. */
    SERVICE_START_FAILED(ErrorType.EXTERNAL),
    STORAGE_ERROR(ErrorType.EXTERNAL),
    /** SQL that does not parse, names what does not exist, or would write. */
    INVALID_QUERY(ErrorType.USER),
    AWS_ERROR(ErrorType.EXTERNAL),
    /** Another publisher with the same transactional id took over; this one must stop (its open batch is aborted). */
    PUBLISHER_FENCED(ErrorType.USER),
    /** A refine job's table commit manifest that cannot be read. */
    MALFORMED_TABLE_COMMIT(ErrorType.USER),
    /** A file in the lake that cannot be read as its format says (the crawler skips it and says so). */
    MALFORMED_DATA_FILE(ErrorType.USER),
    /** A function target (a Lambda handler run in-process) threw; the event is delivered again on a later scan. */
    FUNCTION_FAILED(ErrorType.EXTERNAL),
    /** A function target did not return within its timeout; the event is delivered again on a later scan. */
    FUNCTION_TIMEOUT(ErrorType.EXTERNAL),
    /** An OpenLineage endpoint (Marquez, ...) could not be reached, or kept failing (5xx, 429) until the attempts ran out. */
    LINEAGE_ENDPOINT_ERROR(ErrorType.EXTERNAL),
    /** A state machine's declaration is incoherent, or names an unknown machine. */
    INVALID_STATE_MACHINE(ErrorType.USER),
    STATE_MACHINE_NOT_FOUND(ErrorType.USER),
    EXECUTION_NOT_FOUND(ErrorType.USER),
    /** A state machine's execution ended FAILED, TIMED_OUT or ABORTED; the message names the state and the error. */
    EXECUTION_FAILED(ErrorType.USER),
    METADATA_STORE_ERROR(ErrorType.INTERNAL),
    INTERNAL_ERROR(ErrorType.INTERNAL);

    private final ErrorType type;

    ErrorCode(ErrorType type) {
        this.type = type;
    }

    public ErrorType type() {
        return type;
    }
}
