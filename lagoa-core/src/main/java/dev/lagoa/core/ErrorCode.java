package dev.lagoa.core;

/** Every error Lagoa reports, with the party at fault. */
public enum ErrorCode {
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
    /** A local service's JVM exited, or did not become ready in time. */
    SERVICE_START_FAILED(ErrorType.EXTERNAL),
    STORAGE_ERROR(ErrorType.EXTERNAL),
    /** SQL that does not parse, names what does not exist, or would write. */
    INVALID_QUERY(ErrorType.USER),
    AWS_ERROR(ErrorType.EXTERNAL),
    /** A Kafka broker could not be reached in time, or failed a request. */
    KAFKA_ERROR(ErrorType.EXTERNAL),
    /** Another publisher with the same transactional id took over; this one must stop (its open batch is aborted). */
    PUBLISHER_FENCED(ErrorType.USER),
    /** A change file holds a line that is not a change record; the file is quarantined. */
    MALFORMED_CHANGE_FILE(ErrorType.USER),
    /** A refine job's table commit manifest that cannot be read. */
    MALFORMED_TABLE_COMMIT(ErrorType.USER),
    /** A file in the lake that cannot be read as its format says (the crawler skips it and says so). */
    MALFORMED_DATA_FILE(ErrorType.USER),
    /** A function target (a Lambda handler run in-process) threw; the event is delivered again on a later scan. */
    FUNCTION_FAILED(ErrorType.EXTERNAL),
    /** A function target did not return within its timeout; the event is delivered again on a later scan. */
    FUNCTION_TIMEOUT(ErrorType.EXTERNAL),
    /** A market data source (B3, BRAPI) could not be reached, timed out, or kept failing (5xx, 429) until the attempts ran out. */
    SOURCE_UNAVAILABLE(ErrorType.EXTERNAL),
    /** A market data source answered something Lagoa cannot trust: not JSON, truncated, too large, another locale, inconsistent pages. */
    SOURCE_RESPONSE_INVALID(ErrorType.EXTERNAL),
    /** A market data source refused the request (400, 401, 402, 404): a wrong ticker or index, a missing token, a plan limit. */
    SOURCE_REQUEST_REJECTED(ErrorType.USER),
    /** PostgreSQL could not be reached, or failed a statement that is not about one row's data. */
    DATABASE_ERROR(ErrorType.EXTERNAL),
    /** An HTTP source answered with an error after its retries, or could not be reached. */
    SOURCE_ERROR(ErrorType.EXTERNAL),
    /** An API load endpoint is not defined in the endpoints file. */
    ENDPOINT_NOT_FOUND(ErrorType.USER),
    /** A table whose contract is {@code freeze} received data that needs a schema change. */
    CONTRACT_VIOLATION(ErrorType.USER),
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
