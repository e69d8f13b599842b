package dev.lagoa.publisher;

import dev.lagoa.kafka.KafkaErrorCode;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.publish.Event;
import dev.lagoa.core.publish.EventPublisher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The port's guarantee in memory: a batch's events and its marker are kept together when the iteration ends, or not at all. */
final class InMemoryEventPublisher implements EventPublisher {
    record Published(String topic, String scope, String batchId, Event event) {}

    final List<Published> events = new ArrayList<>();
    final Map<String, Set<String>> progress = new LinkedHashMap<>();
    final Set<String> topics = new HashSet<>();
    /** Batch ids whose publication fails as a broker that does not answer would. */
    final Set<String> unreachableFor = new HashSet<>();
    /** The largest event the topic accepts, key, value and headers (Kafka's default max.message.bytes less a margin). */
    long maxEventBytes = 1_000_000;
    /** The (topic/scope)s released, in order. */
    final List<String> released = new ArrayList<>();

    @Override
    public void ensureTopic(String topic) {
        topics.add(topic);
    }

    @Override
    public Set<String> publishedBatches(String topic, String scope) {
        return new TreeSet<>(progress.getOrDefault(topic + "/" + scope, Set.of()));
    }

    @Override
    public long publishBatch(String topic, String scope, String batchId, Iterable<Event> batch) {
        if (unreachableFor.contains(batchId)) {
            throw new LagoaException(KafkaErrorCode.KAFKA_ERROR, "Cannot publish batch %s/%s to topic %s: Kafka did not answer".formatted(scope, batchId, topic));
        }
        if (publishedBatches(topic, scope).contains(batchId)) {
            return 0;
        }
        List<Published> transaction = new ArrayList<>();
        for (Event event : batch) {
            if (event.size() > maxEventBytes) {
                throw new IllegalStateException("an event of %d bytes, more than the topic accepts".formatted(event.size()));
            }
            transaction.add(new Published(topic, scope, batchId, event));
        }
        events.addAll(transaction);
        progress.computeIfAbsent(topic + "/" + scope, key -> new TreeSet<>()).add(batchId);
        return transaction.size();
    }

    @Override
    public long maxEventBytes(String topic) {
        return maxEventBytes;
    }

    @Override
    public void release(String topic, String scope) {
        released.add(topic + "/" + scope);
    }

    @Override
    public void close() {}
}
