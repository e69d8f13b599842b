package dev.lagoa.core.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link MessageQueue} does. Adapters extend it and provide a queue service with nothing in it. */
public abstract class MessageQueueContractTest {
    /** The queue service under test; the same instance for the whole class is fine. */
    protected abstract MessageQueue queues();

    private QueueDefinition fresh(int maxReceiveCount, Duration visibility) {
        QueueDefinition definition = new QueueDefinition(QueueName.of("contract-" + UUID.randomUUID().toString().substring(0, 8)),
                "contract test", visibility, Duration.ofDays(1), maxReceiveCount);
        queues().create(definition);
        return definition;
    }

    @Test
    void sentMessagesAreReceivedWithTheirAttributesAndDeleted() {
        QueueName queue = fresh(5, Duration.ofSeconds(30)).name();

        String id = queues().send(queue, "{\"Records\":[]}", Map.of("pipeline", "diff"));

        List<QueueMessage> received = queues().receive(queue, 10, Duration.ofSeconds(5));
        assertThat(received).singleElement().satisfies(message -> {
            assertThat(message.messageId()).isEqualTo(id);
            assertThat(message.body()).isEqualTo("{\"Records\":[]}");
            assertThat(message.attributes()).containsEntry("pipeline", "diff");
            assertThat(message.receiveCount()).isEqualTo(1);
        });
        queues().delete(queue, received.get(0).receiptHandle());
        assertThat(queues().receive(queue, 10, Duration.ZERO)).isEmpty();
    }

    @Test
    void creatingTwiceIsHarmlessAndCountsWaitingMessages() {
        QueueDefinition definition = fresh(5, Duration.ofSeconds(30));
        queues().create(definition);
        for (int i = 0; i < 3; i++) {
            queues().send(definition.name(), "m" + i, Map.of());
        }

        assertThat(queues().approximateCount(definition.name())).isEqualTo(3);
    }

    @Test
    void aMessageNeverDeletedEndsInTheDeadLetterQueue() {
        QueueDefinition definition = fresh(1, Duration.ofSeconds(1));
        queues().send(definition.name(), "poison", Map.of());

        List<QueueMessage> first = queues().receive(definition.name(), 1, Duration.ofSeconds(5));
        assertThat(first).hasSize(1);
        List<QueueMessage> dead = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (dead.isEmpty() && System.nanoTime() < deadline) {
            assertThat(queues().receive(definition.name(), 1, Duration.ofSeconds(2))).as("not delivered a second time").isEmpty();
            dead.addAll(queues().receive(definition.name().deadLetterQueue(), 1, Duration.ofSeconds(1)));
        }
        assertThat(dead).singleElement().satisfies(message -> assertThat(message.body()).isEqualTo("poison"));
    }

    @Test
    void anUnknownQueueIsNamed() {
        assertThatThrownBy(() -> queues().send(QueueName.of("no-such-queue-" + UUID.randomUUID().toString().substring(0, 8)), "x", Map.of()))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND))
                .hasMessageContaining("no-such-queue-");
    }
}
