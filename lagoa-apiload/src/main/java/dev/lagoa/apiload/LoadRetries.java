package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Runs a scheduled load again when it failed for an outside reason (the source or the database unavailable or
 * answering badly: {@link LoadResult#isRetriable()}), waiting {@code backoff}, doubled at each retry. A load that failed
 * through the user's fault (a bad endpoint definition, a frozen table) is not tried again: it would fail the same way.
 * A failed attempt leaves nothing half-done (each load cleans up after the one before), so a retry is always safe.
 */
public final class LoadRetries {
    /** Waits between attempts; tests pass one that only records. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());
    }

    private LoadRetries() {}

    /**
     * @param retries how many times a retriable failure is tried again (0: never)
     * @param onRetry told of each failed attempt that will be retried and of the wait before the next one
     * @return the last attempt's result
     */
    public static LoadResult run(Supplier<LoadResult> load, int retries, Duration backoff, Sleeper sleeper, BiConsumer<LoadResult, Duration> onRetry) {
        requireNonNull(load, "load is null");
        requireNonNull(backoff, "backoff is null");
        requireNonNull(sleeper, "sleeper is null");
        requireNonNull(onRetry, "onRetry is null");
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative: " + retries);
        }
        Duration wait = backoff;
        LoadResult result = load.get();
        for (int attempt = 1; attempt <= retries && result.isRetriable(); attempt++) {
            onRetry.accept(result, wait);
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Interrupted while waiting to load endpoint %s again".formatted(result.endpoint()), e);
            }
            wait = wait.multipliedBy(2);
            result = load.get();
        }
        return result;
    }
}
