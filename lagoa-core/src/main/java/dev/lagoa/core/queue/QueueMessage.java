package dev.lagoa.core.queue;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** A received message: its id, body, the handle that deletes it, how many times it was received, and its attributes. */
public record QueueMessage(String messageId, String body, String receiptHandle, int receiveCount, Map<String, String> attributes) {
    public QueueMessage {
        requireNonNull(messageId, "messageId is null");
        requireNonNull(body, "body is null");
        requireNonNull(receiptHandle, "receiptHandle is null");
        attributes = Map.copyOf(requireNonNull(attributes, "attributes is null"));
    }
}
