package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.publish.Event;
import dev.lagoa.core.publish.EventPublisher;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An event publisher created when first used, so that work that publishes nothing (a day without change files) does
 * not need Kafka to run; creating it throws as its supplier does ({@code SERVICE_NOT_RUNNING} locally).
 */
final class LazyEventPublisher implements EventPublisher {
    private final Supplier<EventPublisher> create;
    private EventPublisher publisher;

    LazyEventPublisher(Supplier<EventPublisher> create) {
        this.create = requireNonNull(create, "create is null");
    }

    private synchronized EventPublisher publisher() {
        if (publisher == null) {
            publisher = create.get();
        }
        return publisher;
    }

    @Override
    public void ensureTopic(String topic) {
        publisher().ensureTopic(topic);
    }

    @Override
    public Set<String> publishedBatches(String topic, String scope) {
        return publisher().publishedBatches(topic, scope);
    }

    @Override
    public long publishBatch(String topic, String scope, String batchId, Iterable<Event> events) {
        return publisher().publishBatch(topic, scope, batchId, events);
    }

    @Override
    public long maxEventBytes(String topic) {
        return publisher().maxEventBytes(topic);
    }

    @Override
    public void release(String topic, String scope) {
        publisher().release(topic, scope);
    }

    @Override
    public synchronized void close() {
        if (publisher != null) {
            publisher.close();
        }
    }
}
