package dev.lagoa.core;

import static java.util.Objects.requireNonNull;

/** The one exception type of Lagoa: a readable message and an error code ({@link ErrorCode}, or a module's {@link ErrorCodeSupplier}) saying whose fault it is. */
public final class LagoaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCodeSupplier errorCode;

    public LagoaException(ErrorCodeSupplier errorCode, String message) {
        this(errorCode, message, null);
    }

    public LagoaException(ErrorCodeSupplier errorCode, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    public static LagoaException userError(String format, Object... args) {
        return new LagoaException(ErrorCode.INVALID_ARGUMENT, String.format(format, args));
    }

    public ErrorCodeSupplier errorCode() {
        return errorCode;
    }

    public ErrorType errorType() {
        return errorCode.type();
    }
}
