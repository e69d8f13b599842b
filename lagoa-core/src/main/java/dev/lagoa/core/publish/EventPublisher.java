package dev.lagoa.core.publish;

import java.io.Closeable;
import java.util.Set;

/**
 * Publishes batches of events to a topic, each batch exactly once. Implementation: {@code KafkaEventPublisher}
 * (Kafka transactions; the embedded broker locally, Amazon MSK on AWS).
 *
 * <p><b>The guarantee.</b> A batch is named by a scope (for the diff publisher, the day) and an id (the change
 * file). {@link #publishBatch} makes all the events of the batch and the batch's progress marker visible together,
 * or none of them: there is no moment, and no crash, after which a reader sees part of a batch, or the batch without
 * its marker, or the marker without the batch. {@link #publishedBatches} returns the markers committed so far, so a
 * run that skips them and publishes the rest delivers each event exactly once, across reruns and crashes. A new
 * publisher for a (topic, scope) fences any older one still alive for the same (topic, scope) and discards its
 * uncommitted batch. The guarantee holds for readers that see committed batches only: a Kafka consumer must set
 * {@code isolation.level=read_committed} (the Kafka default, {@code read_uncommitted}, also shows aborted events).
 *
 * <p>Arguments are never null. Failures are {@link dev.lagoa.core.LagoaException}s: {@code KAFKA_ERROR} (external,
 * retriable) when the broker cannot be reached after the configured retries, {@code INVALID_CONFIGURATION} when it
 * rejects the credentials or the permissions, {@code PUBLISHER_FENCED} when a newer publisher for the same (topic,
 * scope) took over. A batch that fails is not recorded as published.
 */
public interface EventPublisher extends Closeable {
    /**
     * Creates {@code topic} and the topic that keeps its progress markers when they do not exist (with the
     * configured partitions and replication); existing topics are left as they are.
     */
    void ensureTopic(String topic);

    /** The ids of the batches of {@code scope} already published to {@code topic} (committed), possibly none. */
    Set<String> publishedBatches(String topic, String scope);

    /**
     * Publishes {@code events} and the progress marker of ({@code scope}, {@code batchId}) to {@code topic}
     * atomically: all or nothing. {@code events} is iterated once per attempt (it may be read again after a failed
     * attempt, so it should be re-iterable, for example a file read anew). When iterating throws, the batch is
     * aborted and the exception is rethrown as it is. When the batch was already published (a previous attempt
     * committed it and then the answer was lost), it is not published again.
     *
     * @return the number of events published (0 when the batch was already published)
     */
    long publishBatch(String topic, String scope, String batchId, Iterable<Event> events);

    /**
     * The largest event, key, value and headers together ({@link Event#size()}), that {@code topic} accepts: a larger
     * one could never be published. Call it after {@link #ensureTopic}.
     */
    long maxEventBytes(String topic);

    /**
     * Lets go of what the publisher holds for ({@code topic}, {@code scope}) — for Kafka, the scope's transactional
     * producer, its thread and its connections — once the scope is done. Later calls for the scope start anew (and
     * fence nothing but a publisher of the same scope). Never throws for a scope it holds nothing for.
     */
    void release(String topic, String scope);

    @Override
    void close();
}
