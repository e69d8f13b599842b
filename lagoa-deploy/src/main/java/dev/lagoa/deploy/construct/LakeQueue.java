package dev.lagoa.deploy.construct;

import dev.lagoa.core.queue.QueueDefinition;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * A declared queue with its dead-letter queue (after {@code maxReceiveCount} receives), SQS-managed encryption and
 * TLS only. {@link #allowBucket} lets one bucket's notifications in: {@code sqs:SendMessage} from
 * {@code s3.amazonaws.com} only, with {@code aws:SourceArn} and {@code aws:SourceAccount}, in the queue's one policy.
 */
public final class LakeQueue extends Construct {
    private final Queue queue;
    private final Queue deadLetters;

    public LakeQueue(Construct scope, String id, QueueDefinition definition) {
        super(scope, id);
        deadLetters = Queue.Builder.create(this, "DeadLetters").queueName(definition.name().deadLetterQueue().value())
                .encryption(QueueEncryption.SQS_MANAGED).enforceSsl(true).retentionPeriod(Duration.days(14)).build();
        queue = Queue.Builder.create(this, "Queue").queueName(definition.name().value())
                .encryption(QueueEncryption.SQS_MANAGED).enforceSsl(true)
                .visibilityTimeout(Duration.seconds(definition.visibilityTimeout().toSeconds()))
                .retentionPeriod(Duration.seconds(definition.retention().toSeconds()))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(definition.maxReceiveCount()).build())
                .build();
    }

    public void allowBucket(String bucketName) {
        queue.addToResourcePolicy(PolicyStatement.Builder.create().sid("AllowS3Notifications").effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("s3.amazonaws.com"))).actions(List.of("sqs:SendMessage"))
                .resources(List.of(queue.getQueueArn()))
                .conditions(Map.of("ArnLike", Map.of("aws:SourceArn", "arn:aws:s3:::" + bucketName),
                        "StringEquals", Map.of("aws:SourceAccount", Fn.ref("AWS::AccountId"))))
                .build());
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetters() {
        return deadLetters;
    }
}
