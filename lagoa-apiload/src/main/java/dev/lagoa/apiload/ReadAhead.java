package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The records of a load's pages, read and parsed ({@link PageRecords}) on a thread of their own while the load's thread
 * flattens and writes the records read before: at most about {@code ahead} records (and the rejects met between them)
 * wait in memory, a batch's worth. The caller sees exactly what a {@link PageRecords} loop over the pages would give it,
 * in the same order: each record from {@link #next}, and each reject of the reading handed to its {@code rejects} on
 * the caller's own thread before the record that follows it. A failure of the reading (the object store's) is thrown
 * by the {@link #next} that reaches it, after everything read before it.
 *
 * <p>{@link #next} and {@link #close} are for one thread, the caller's. Closing stops the reading thread.
 */
final class ReadAhead implements AutoCloseable {
    /** Items (records and rejects) handed over at a time: few enough that the writer rarely waits for the first. */
    private static final int CHUNK = 256;

    /** A reject of the reading, carried to the caller's thread. */
    private record Rejected(Reject reject, boolean record) {}

    /** A run of items in reading order; the last chunk is {@code end}, or carries the failure that ended the reading. */
    private record Chunk(List<Object> items, boolean end, Throwable failure) {}

    private final ObjectStore store;
    private final BucketName bucket;
    private final List<ObjectKey> pages;
    private final EndpointDefinition endpoint;
    private final String loadId;
    private final PageRecords.Rejects rejects;
    private final BlockingQueue<Chunk> queue;
    private final Thread reader;
    /** Set by {@link #close}: the reading thread stops at its next record or hand-over. */
    private volatile boolean closed;
    /** The reading thread's chunk being filled. */
    private List<Object> filling = new ArrayList<>(CHUNK);
    /** The caller's chunk being handed out. */
    private Chunk current = new Chunk(List.of(), false, null);
    private int position;

    private ReadAhead(ObjectStore store, BucketName bucket, List<ObjectKey> pages, EndpointDefinition endpoint, String loadId, int ahead,
            PageRecords.Rejects rejects) {
        this.store = requireNonNull(store, "store is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
        this.pages = List.copyOf(pages);
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.loadId = requireNonNull(loadId, "loadId is null");
        this.rejects = requireNonNull(rejects, "rejects is null");
        this.queue = new ArrayBlockingQueue<>(Math.max(2, ahead / CHUNK));
        this.reader = new Thread(this::read, "lagoa-apiload-read-" + endpoint.name());
        reader.setDaemon(true);
    }

    /** Starts reading {@code pages} of {@code bucket}, in order; the caller closes the result. */
    static ReadAhead start(ObjectStore store, BucketName bucket, List<ObjectKey> pages, EndpointDefinition endpoint, String loadId, int ahead,
            PageRecords.Rejects rejects) {
        ReadAhead readAhead = new ReadAhead(store, bucket, pages, endpoint, loadId, ahead, rejects);
        readAhead.reader.start();
        return readAhead;
    }

    /** The next record of the pages, or null after the last; the rejects read before it go to the rejects first. */
    SourceRecord next() {
        while (true) {
            if (position == current.items().size()) {
                if (current.end()) {
                    return null;
                }
                if (current.failure() != null) {
                    throw rethrown(current.failure());
                }
                current = take();
                position = 0;
                continue;
            }
            Object item = current.items().get(position++);
            if (item instanceof Rejected rejected) {
                rejects.reject(rejected.reject(), rejected.record());
            } else {
                return (SourceRecord) item;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        queue.clear();
        boolean interrupted = false;
        while (reader.isAlive()) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Chunk take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the records of endpoint " + endpoint.name(), e);
        }
    }

    /** The reading thread: every page in order, handed over a chunk at a time, until the end, a failure or {@link #close}. */
    private void read() {
        try {
            for (ObjectKey page : pages) {
                try (PageRecords records = PageRecords.open(store, bucket, page, endpoint, loadId, (reject, record) -> add(new Rejected(reject, record)))) {
                    for (SourceRecord record = records.next(); record != null; record = records.next()) {
                        add(record);
                    }
                }
            }
            hand(new Chunk(filling, true, null));
        } catch (Stopped e) {
            // Closed: the caller wants nothing more.
        } catch (RuntimeException | Error e) {
            try {
                hand(new Chunk(filling, false, e));
            } catch (Stopped stopped) {
                // Closed meanwhile.
            }
        }
    }

    private void add(Object item) {
        if (closed) {
            throw new Stopped();
        }
        filling.add(item);
        if (filling.size() >= CHUNK) {
            hand(new Chunk(filling, false, null));
            filling = new ArrayList<>(CHUNK);
        }
    }

    private void hand(Chunk chunk) {
        try {
            // Not put(): a store's client that swallows the interrupt of close() must not leave this thread waiting forever.
            while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    throw new Stopped();
                }
            }
        } catch (InterruptedException e) {
            throw new Stopped();
        }
    }

    private static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        return (RuntimeException) failure;
    }

    /** The reading was stopped by {@link #close}. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }
}
