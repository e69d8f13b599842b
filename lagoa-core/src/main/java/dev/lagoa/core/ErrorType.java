package dev.lagoa.core;

/**
 * Who is at fault when an operation fails. The type decides the CLI exit code, the HTTP status and whether a job
 * run or a message is retried.
 */
public enum ErrorType {
    /** The caller asked for something invalid: not retried, exit code 2. */
    USER(2, false),
    /** A dependency (S3, Glue, a broker, an API) failed or is unreachable: retriable, exit code 3. */
    EXTERNAL(3, true),
    /** A bug or a broken invariant in Lagoa: not retried, exit code 4. */
    INTERNAL(4, false);

    private final int exitCode;
    private final boolean retriable;

    ErrorType(int exitCode, boolean retriable) {
        this.exitCode = exitCode;
        this.retriable = retriable;
    }

    public int exitCode() {
        return exitCode;
    }

    public boolean isRetriable() {
        return retriable;
    }
}
