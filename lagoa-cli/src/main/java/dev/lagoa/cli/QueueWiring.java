package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.event.ObjectCreated;
import dev.lagoa.core.queue.MessageQueue;
import java.util.List;

/**
 * The wiring of the pipelines' queues ({@code lagoa queue}, the demo): SQS on AWS, the embedded ElasticMQ locally, and
 * the S3 event notifications their messages carry. Arguments are never null; the queue is created on first use and
 * throws {@code LagoaException} then when the local ElasticMQ does not run.
 */
public final class QueueWiring {
    private final LagoaRuntime runtime;

    /** Throws {@code NullPointerException} for a null runtime. */
    public QueueWiring(LagoaRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    public MessageQueue messageQueue() {
        return runtime.messageQueue();
    }

    /** The object-created records of an S3 event notification message (none for {@code s3:TestEvent}). */
    public List<ObjectCreated> objectCreatedEvents(String message) {
        return LocalPlatform.objectCreatedEvents(message);
    }
}
