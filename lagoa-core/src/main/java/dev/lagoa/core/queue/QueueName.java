package dev.lagoa.core.queue;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import java.util.regex.Pattern;

/** An SQS queue name: 1 to 80 letters, digits, hyphens and underscores (a FIFO queue's name ends in {@code .fifo}). */
public record QueueName(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,75}(\\.fifo)?|[A-Za-z0-9_-]{1,80}");

    public QueueName {
        requireNonNull(value, "value is null");
        if (!VALID.matcher(value).matches()) {
            throw LagoaException.userError("Invalid queue name '%s': 1 to 80 letters, digits, '-' and '_'", value);
        }
    }

    public static QueueName of(String value) {
        return new QueueName(value);
    }

    /** The dead-letter queue that receives this queue's messages after too many failed receives. */
    public QueueName deadLetterQueue() {
        return new QueueName(value.length() > 76 ? value.substring(0, 76) + "-dlq" : value + "-dlq");
    }

    @Override
    public String toString() {
        return value;
    }
}
