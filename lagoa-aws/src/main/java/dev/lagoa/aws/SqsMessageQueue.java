package dev.lagoa.aws;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.queue.MessageQueue;
import dev.lagoa.core.queue.QueueDefinition;
import dev.lagoa.core.queue.QueueMessage;
import dev.lagoa.core.queue.QueueName;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@link MessageQueue} on Amazon SQS with the AWS SDK v2. The same client code talks to the embedded ElasticMQ locally
 * (endpoint override) and to SQS on AWS. Queue URLs are looked up once per queue.
 */
public final class SqsMessageQueue implements MessageQueue {
    private final SqsClient client;
    private final boolean ownsClient;
    private final Map<QueueName, String> urls = new ConcurrentHashMap<>();

    public SqsMessageQueue(SqsClient client) {
        this(client, false);
    }

    private SqsMessageQueue(SqsClient client, boolean ownsClient) {
        this.client = requireNonNull(client, "client is null");
        this.ownsClient = ownsClient;
    }

    /** A queue adapter with its own client, closed with it. */
    public static SqsMessageQueue create(AwsConfig config) {
        return new SqsMessageQueue(config.sqsClient(), true);
    }

    @Override
    public void create(QueueDefinition definition) {
        QueueName deadLetters = definition.name().deadLetterQueue();
        try {
            String deadLetterUrl = client.createQueue(request -> request.queueName(deadLetters.value())
                    .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Long.toString(Duration.ofDays(14).toSeconds())))).queueUrl();
            urls.put(deadLetters, deadLetterUrl);
            String deadLetterArn = client.getQueueAttributes(request -> request.queueUrl(deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String url = client.createQueue(request -> request.queueName(definition.name().value())).queueUrl();
            urls.put(definition.name(), url);
            Map<QueueAttributeName, String> attributes = new HashMap<>();
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(definition.visibilityTimeout().toSeconds()));
            attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Long.toString(definition.retention().toSeconds()));
            attributes.put(QueueAttributeName.REDRIVE_POLICY,
                    "{\"deadLetterTargetArn\":\"%s\",\"maxReceiveCount\":\"%d\"}".formatted(deadLetterArn, definition.maxReceiveCount()));
            client.setQueueAttributes(request -> request.queueUrl(url).attributes(attributes));
        } catch (SdkException e) {
            throw AwsErrors.sqs("create", definition.name().value(), e);
        }
    }

    @Override
    public String send(QueueName queue, String body, Map<String, String> attributes) {
        Map<String, MessageAttributeValue> values = new HashMap<>();
        attributes.forEach((name, value) -> values.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
        try {
            return client.sendMessage(request -> request.queueUrl(url(queue)).messageBody(body).messageAttributes(values)).messageId();
        } catch (SdkException e) {
            throw AwsErrors.sqs("send to", queue.value(), e);
        }
    }

    @Override
    public List<QueueMessage> receive(QueueName queue, int maxMessages, Duration wait) {
        if (maxMessages < 1 || maxMessages > 10) {
            throw dev.lagoa.core.LagoaException.userError("maxMessages must be between 1 and 10 (the SQS limit), not %d", maxMessages);
        }
        int waitSeconds = (int) Math.min(20, Math.max(0, wait.toSeconds()));
        try {
            return client.receiveMessage(request -> request.queueUrl(url(queue)).maxNumberOfMessages(maxMessages).waitTimeSeconds(waitSeconds)
                            .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                            .messageAttributeNames("All"))
                    .messages().stream()
                    .map(message -> {
                        Map<String, String> attributes = new HashMap<>();
                        message.messageAttributes().forEach((name, value) -> {
                            if (value.stringValue() != null) {
                                attributes.put(name, value.stringValue());
                            }
                        });
                        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
                        return new QueueMessage(message.messageId(), message.body(), message.receiptHandle(),
                                count == null ? 1 : Integer.parseInt(count), attributes);
                    })
                    .toList();
        } catch (SdkException e) {
            throw AwsErrors.sqs("receive from", queue.value(), e);
        }
    }

    @Override
    public void delete(QueueName queue, String receiptHandle) {
        try {
            client.deleteMessage(request -> request.queueUrl(url(queue)).receiptHandle(receiptHandle));
        } catch (SdkException e) {
            throw AwsErrors.sqs("delete a message of", queue.value(), e);
        }
    }

    @Override
    public long approximateCount(QueueName queue) {
        try {
            String count = client.getQueueAttributes(request -> request.queueUrl(url(queue))
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            return count == null ? 0 : Long.parseLong(count);
        } catch (SdkException e) {
            throw AwsErrors.sqs("count the messages of", queue.value(), e);
        }
    }

    private String url(QueueName queue) {
        return urls.computeIfAbsent(queue, name -> {
            try {
                return client.getQueueUrl(request -> request.queueName(name.value())).queueUrl();
            } catch (SdkException e) {
                throw AwsErrors.sqs("find", name.value(), e);
            }
        });
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "SqsMessageQueue[" + client.serviceClientConfiguration().endpointOverride().map(Object::toString).orElse("aws") + "]";
    }
}
