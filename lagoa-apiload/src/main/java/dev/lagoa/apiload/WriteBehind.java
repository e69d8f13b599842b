package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The batches of a load written on a thread of their own, one at a time and in order, while the load's thread
 * flattens the next one: PostgreSQL takes a batch (its COPY) while the JVM prepares the following. At most one write
 * is in flight; {@link #submit} waits for the one before, and a write's failure is thrown, as it was thrown by the
 * write, by the next {@link #submit} or {@link #await}. Only the writing thread uses the connection while a write is
 * in flight; {@link #close} waits for it to end before the caller uses the connection again.
 *
 * <p>For the load's thread only.
 */
final class WriteBehind implements AutoCloseable {
    /** A batch's write. */
    @FunctionalInterface
    interface Write {
        void run() throws SQLException;
    }

    private final ExecutorService thread;
    private Future<?> inFlight;

    WriteBehind(String endpoint) {
        requireNonNull(endpoint, "endpoint is null");
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread writer = new Thread(task, "lagoa-apiload-write-" + endpoint);
            writer.setDaemon(true);
            return writer;
        });
    }

    /** Waits for the write in flight, throwing its failure, then starts {@code write}. */
    void submit(Write write) throws SQLException {
        requireNonNull(write, "write is null");
        await();
        inFlight = thread.submit(() -> {
            write.run();
            return null;
        });
    }

    /** Waits for the write in flight, if any, and throws its failure. */
    void await() throws SQLException {
        if (inFlight == null) {
            return;
        }
        Future<?> write = inFlight;
        inFlight = null;
        try {
            write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            awaitQuietly(write);
            throw new IllegalStateException("Interrupted while a batch was being written", e);
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            if (failure instanceof SQLException sql) {
                throw sql;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(failure);
        }
    }

    /** Waits for the write in flight to end, whatever its outcome (the caller is failing already), and stops the thread. */
    @Override
    public void close() {
        if (inFlight != null) {
            awaitQuietly(inFlight);
            inFlight = null;
        }
        thread.shutdown();
    }

    private static void awaitQuietly(Future<?> write) {
        boolean interrupted = false;
        while (true) {
            try {
                write.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
