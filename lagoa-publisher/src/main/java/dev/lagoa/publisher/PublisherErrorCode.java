package dev.lagoa.publisher;

import dev.lagoa.core.ErrorCodeSupplier;
import dev.lagoa.core.ErrorType;

/** The failures of the diff publisher. */
public enum PublisherErrorCode implements ErrorCodeSupplier {
    /** A change file holds a line that is not a change record; the file is quarantined. */
    MALFORMED_CHANGE_FILE(ErrorType.USER);

    private final ErrorType type;

    PublisherErrorCode(ErrorType type) {
        this.type = type;
    }

    @Override
    public ErrorType type() {
        return type;
    }
}
