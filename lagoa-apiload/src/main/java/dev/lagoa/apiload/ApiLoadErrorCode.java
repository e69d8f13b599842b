package dev.lagoa.apiload;

import dev.lagoa.core.ErrorCodeSupplier;
import dev.lagoa.core.ErrorType;

/** The failures of the API load: its HTTP sources, its endpoints file, PostgreSQL and table contracts. */
public enum ApiLoadErrorCode implements ErrorCodeSupplier {
    /** PostgreSQL could not be reached, or failed a statement that is not about one row's data. */
    DATABASE_ERROR(ErrorType.EXTERNAL),
    /** An HTTP source answered with an error after its retries, or could not be reached. */
    SOURCE_ERROR(ErrorType.EXTERNAL),
    /** An API load endpoint is not defined in the endpoints file. */
    ENDPOINT_NOT_FOUND(ErrorType.USER),
    /** A table whose contract is {@code freeze} received data that needs a schema change. */
    CONTRACT_VIOLATION(ErrorType.USER),
    /** An HTTP source's response is larger than {@code apiload.max-response-mb}. */
    RESPONSE_TOO_LARGE(ErrorType.USER),
    /** An HTTP source answered the same page twice in a row: its pagination is not what the endpoint says. */
    REPEATED_PAGE(ErrorType.USER);

    private final ErrorType type;

    ApiLoadErrorCode(ErrorType type) {
        this.type = type;
    }

    @Override
    public ErrorType type() {
        return type;
    }
}
