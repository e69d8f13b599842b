package dev.lagoa.core.queue;

import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Queues of messages as Amazon SQS offers them: at-least-once delivery, a visibility timeout, a dead-letter queue.
 * The adapter is {@code SqsMessageQueue} (AWS SDK v2), which talks to the embedded ElasticMQ locally and to SQS on AWS.
 * Arguments are never null; failures are {@link dev.lagoa.core.LagoaException}s ({@code OBJECT_NOT_FOUND} for an
 * unknown queue, {@code AWS_ERROR} when the service fails).
 */
public interface MessageQueue extends Closeable {
    /** Creates the queue and its dead-letter queue with the redrive policy, or updates them; idempotent. */
    void create(QueueDefinition definition);

    /** Sends one message; returns its message id. */
    String send(QueueName queue, String body, Map<String, String> attributes);

    /** Receives up to {@code maxMessages} (1 to 10), waiting up to {@code wait} (long polling, at most 20 s) for the first. */
    List<QueueMessage> receive(QueueName queue, int maxMessages, Duration wait);

    /** Deletes a received message: it was handled. */
    void delete(QueueName queue, String receiptHandle);

    /** How many messages are waiting (approximately, as SQS counts). */
    long approximateCount(QueueName queue);

    @Override
    void close();
}
