package dev.lagoa.core.queue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A queue a pipeline declares: its name, what it carries, how long a received message stays invisible, how long
 * messages are kept, and after how many receives without a delete a message moves to the dead-letter queue
 * ({@link QueueName#deadLetterQueue()}).
 */
public record QueueDefinition(QueueName name, String description, Duration visibilityTimeout, Duration retention, int maxReceiveCount) {
    public QueueDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(visibilityTimeout, "visibilityTimeout is null");
        requireNonNull(retention, "retention is null");
        if (visibilityTimeout.isNegative() || visibilityTimeout.compareTo(Duration.ofHours(12)) > 0) {
            throw new IllegalArgumentException("visibilityTimeout must be between 0 and 12 hours (the SQS limit): " + visibilityTimeout);
        }
        if (retention.compareTo(Duration.ofMinutes(1)) < 0 || retention.compareTo(Duration.ofDays(14)) > 0) {
            throw new IllegalArgumentException("retention must be between 1 minute and 14 days (the SQS limits): " + retention);
        }
        if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
            throw new IllegalArgumentException("maxReceiveCount must be between 1 and 1000: " + maxReceiveCount);
        }
    }
}
