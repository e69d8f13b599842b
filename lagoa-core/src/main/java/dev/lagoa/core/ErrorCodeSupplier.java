package dev.lagoa.core;

/**
 * An error code, with the party at fault. The core's {@link ErrorCode} holds the codes every module shares (arguments,
 * storage, jobs, the ports' own failures); a module with failures of its own declares them in its own enum
 * ({@code MarketErrorCode}, {@code ApiLoadErrorCode}, ...), so the core does not list every feature's errors.
 */
public interface ErrorCodeSupplier {
    /** The code's name, as messages and the JSON output show it ({@code SOURCE_UNAVAILABLE}). */
    String name();

    /** Whose fault it is: what the CLI's exit status, retries and HTTP statuses follow. */
    ErrorType type();
}
