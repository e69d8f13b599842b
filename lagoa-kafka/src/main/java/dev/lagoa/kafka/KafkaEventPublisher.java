package dev.lagoa.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.KafkaConfig;
import dev.lagoa.core.publish.Event;
import dev.lagoa.core.publish.EventPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventPublisher} port on Kafka transactions; the same code for the embedded broker and for Amazon MSK.
 *
 * <ul>
 *   <li>One transactional producer per (topic, scope), with {@code transactional.id} (and {@code client.id})
 *       {@code lagoa-publisher.<topic>.<scope>}, closed by {@link #release} when the scope is done. Because the id is stable, the producer of a rerun fences the
 *       producer of a run that is still alive (a zombie) and aborts the transaction it left open.</li>
 *   <li>A batch is one transaction: its events to the topic, and one progress record (key {@code <scope>/<batchId>})
 *       to the compacted topic {@code <topic>.lagoa-progress}. Progress therefore commits atomically with the data.</li>
 *   <li>{@link #publishedBatches} reads the progress topic from the beginning with {@code isolation.level=read_committed},
 *       after the producer of the scope has fenced its predecessors and once every transaction that was open on
 *       the progress topic at that moment has ended (committed, aborted, or timed out after
 *       {@code kafka.transaction-timeout}), so a committed batch is never missed.</li>
 *   <li>A failure because the brokers do not answer is retried {@code kafka.retries} times, waiting
 *       {@code kafka.retry-backoff} (doubling) between attempts; then it is a {@code KAFKA_ERROR}. A retried batch is
 *       first looked up in the progress topic, so a commit whose answer was lost is not published twice.</li>
 * </ul>
 *
 * <p>Consumers of the topic must read with {@code isolation.level=read_committed}: they then see each committed
 * batch whole, and never the events of a batch that was aborted.
 */
public final class KafkaEventPublisher implements EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventPublisher.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int PROGRESS_FETCH_MAX_WAIT_MS = 10;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final KafkaConfig config;
    private final Map<String, Producer<byte[], byte[]>> producers = new HashMap<>();
    private final Map<String, Long> maxEventBytes = new HashMap<>();
    private Admin admin;
    private boolean closed;

    private KafkaEventPublisher(KafkaConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    public static KafkaEventPublisher create(KafkaConfig config) {
        return new KafkaEventPublisher(config);
    }

    public KafkaConfig config() {
        return config;
    }

    /** The transactional id of the producer of ({@code topic}, {@code scope}). */
    public static String transactionalId(String topic, String scope) {
        return "lagoa-publisher." + topic + "." + scope;
    }

    @Override
    public synchronized void ensureTopic(String topic) {
        requireNonNull(topic, "topic is null");
        withRetries("create topic " + topic, () -> {
            createIfAbsent(new NewTopic(topic, config.partitions(), config.replicationFactor()).configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    Integer.toString(KafkaClientProperties.MAX_EVENT_BYTES + KafkaClientProperties.FRAMING_BYTES))));
            createIfAbsent(new NewTopic(KafkaConfig.progressTopic(topic), 1, config.replicationFactor())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            return null;
        });
    }

    private void createIfAbsent(NewTopic topic) {
        try {
            if (describe(topic.name()) != null) {
                return;
            }
            admin().createTopics(List.of(topic)).all().get();
            LOG.info("Created topic {} ({} partitions, replication factor {})", topic.name(), topic.numPartitions(), topic.replicationFactor());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw KafkaErrors.translate("create topic " + topic.name(), config.bootstrapServers(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagoaException(KafkaErrorCode.KAFKA_ERROR, "Interrupted while creating topic " + topic.name(), e);
        }
    }

    /** The topic's description, or null when it does not exist. */
    private TopicDescription describe(String topic) throws InterruptedException, ExecutionException {
        try {
            return admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public synchronized Set<String> publishedBatches(String topic, String scope) {
        requireNonNull(topic, "topic is null");
        requireNonNull(scope, "scope is null");
        return withRetries("read the progress of %s in topic %s".formatted(scope, KafkaConfig.progressTopic(topic)), () -> {
            producer(topic, scope);
            return readProgress(topic, scope);
        });
    }

    @Override
    public synchronized long publishBatch(String topic, String scope, String batchId, Iterable<Event> events) {
        requireNonNull(topic, "topic is null");
        requireNonNull(scope, "scope is null");
        requireNonNull(batchId, "batchId is null");
        requireNonNull(events, "events is null");
        String action = "publish batch %s/%s to topic %s".formatted(scope, batchId, topic);
        boolean[] retried = {false};
        return withRetries(action, () -> {
            Producer<byte[], byte[]> producer = producer(topic, scope);
            if (retried[0] && readProgress(topic, scope).contains(batchId)) {
                LOG.info("Batch {}/{} was committed by the previous attempt", scope, batchId);
                return 0L;
            }
            retried[0] = true;
            producer.beginTransaction();
            long count = 0;
            SharedHeaders headers = new SharedHeaders();
            try {
                Iterator<Event> iterator = events.iterator();
                while (true) {
                    Event event;
                    try {
                        if (!iterator.hasNext()) {
                            break;
                        }
                        event = iterator.next();
                    } catch (RuntimeException sourceFailure) {
                        abort(topic, scope);
                        throw new SourceFailure(sourceFailure);
                    }
                    producer.send(new ProducerRecord<>(topic, null, null, event.key(), event.value(), headers.of(event)));
                    count++;
                }
                producer.send(new ProducerRecord<>(KafkaConfig.progressTopic(topic), progressKey(scope, batchId), progressValue(scope, batchId, count)));
                producer.commitTransaction();
            } catch (SourceFailure e) {
                throw e;
            } catch (RuntimeException e) {
                abort(topic, scope);
                throw e;
            }
            LOG.debug("Committed batch {}/{}: {} events to {}", scope, batchId, count, topic);
            return count;
        });
    }

    /**
     * The Kafka headers of events, built once per header set: events that share their headers map (see
     * {@link Event#headers}) share their {@link RecordHeader}s, which the producer only reads. The last few sets are kept.
     */
    private static final class SharedHeaders {
        private final Map<?, ?>[] maps = new Map<?, ?>[4];
        private final List<List<Header>> headers = new ArrayList<>(List.of(List.of(), List.of(), List.of(), List.of()));
        private int next;

        List<Header> of(Event event) {
            Map<String, byte[]> map = event.headers();
            for (int i = 0; i < maps.length; i++) {
                if (maps[i] == map) {
                    return headers.get(i);
                }
            }
            List<Header> built = new ArrayList<>(map.size());
            map.forEach((name, value) -> built.add(new RecordHeader(name, value)));
            maps[next] = map;
            headers.set(next, built);
            next = (next + 1) % maps.length;
            return built;
        }
    }

    static byte[] progressKey(String scope, String batchId) {
        return (scope + "/" + batchId).getBytes(UTF_8);
    }

    private static byte[] progressValue(String scope, String batchId, long events) {
        return "{\"scope\":%s,\"batch\":%s,\"events\":%d,\"committed_at\":\"%s\"}".formatted(
                jsonString(scope), jsonString(batchId), events, Instant.now()).getBytes(UTF_8);
    }

    private static String jsonString(String value) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append("\\u%04x".formatted((int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    /**
     * The batches of {@code scope} in the progress topic. First waits until every transaction open on the progress
     * topic now has ended: a committed marker behind an open transaction is not yet visible to read_committed.
     */
    private Set<String> readProgress(String topic, String scope) {
        String progressTopic = KafkaConfig.progressTopic(topic);
        try {
            TopicDescription description = describe(progressTopic);
            if (description == null) {
                return Set.of();
            }
            List<TopicPartition> partitions = new ArrayList<>();
            description.partitions().forEach(partition -> partitions.add(new TopicPartition(progressTopic, partition.partition())));
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, Long> highWatermarks = new HashMap<>();
            admin().listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get()
                    .forEach((partition, info) -> highWatermarks.put(partition, info.offset()));

            Set<String> batches = new TreeSet<>();
            String prefix = scope + "/";
            Map<String, Object> properties = KafkaClientProperties.consumer(config);
            // Read up to the high watermark and stop: a fetch at the end has nothing to wait for (the broker's default
            // wait, 500 ms, was most of what a run with nothing to publish took).
            properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, PROGRESS_FETCH_MAX_WAIT_MS);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Instant deadline = Instant.now().plus(config.transactionTimeout()).plus(config.requestTimeout());
                while (true) {
                    boolean done = true;
                    for (TopicPartition partition : partitions) {
                        if (consumer.position(partition) < highWatermarks.get(partition)) {
                            done = false;
                        }
                    }
                    if (done) {
                        return batches;
                    }
                    if (Instant.now().isAfter(deadline)) {
                        throw new LagoaException(KafkaErrorCode.KAFKA_ERROR, ("Cannot read the progress of %s in topic %s: a transaction stayed open "
                                + "longer than kafka.transaction-timeout (%s); another publisher may be running").formatted(scope, progressTopic,
                                config.transactionTimeout()));
                    }
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        String key = record.key() == null ? "" : new String(record.key(), UTF_8);
                        if (key.startsWith(prefix)) {
                            if (record.value() == null) {
                                batches.remove(key.substring(prefix.length()));
                            } else {
                                batches.add(key.substring(prefix.length()));
                            }
                        }
                    }
                }
            }
        } catch (ExecutionException e) {
            throw KafkaErrors.translate("read the progress of %s in topic %s".formatted(scope, progressTopic), config.bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagoaException(KafkaErrorCode.KAFKA_ERROR, "Interrupted while reading topic " + progressTopic, e);
        }
    }

    /** The producer of (topic, scope), created and its transactions initialised (fencing older ones) on first use. */
    private Producer<byte[], byte[]> producer(String topic, String scope) {
        if (closed) {
            throw new IllegalStateException("The publisher is closed");
        }
        String id = transactionalId(topic, scope);
        Producer<byte[], byte[]> producer = producers.get(id);
        if (producer == null) {
            Map<String, Object> properties = KafkaClientProperties.producer(config, id);
            LOG.debug("Kafka producer {}", KafkaClientProperties.describe(properties));
            producer = new KafkaProducer<>(properties);
            try {
                producer.initTransactions();
            } catch (RuntimeException e) {
                producer.close(Duration.ZERO);
                throw e;
            }
            producers.put(id, producer);
        }
        return producer;
    }

    /** Aborts the open transaction of (topic, scope); a producer that cannot abort is dropped (the next one fences it). */
    private void abort(String topic, String scope) {
        String id = transactionalId(topic, scope);
        Producer<byte[], byte[]> producer = producers.get(id);
        if (producer == null) {
            return;
        }
        try {
            producer.abortTransaction();
        } catch (ProducerFencedException e) {
            drop(id);
        } catch (RuntimeException e) {
            LOG.debug("Cannot abort the transaction of {}; dropping its producer", id, e);
            drop(id);
        }
    }

    private void drop(String id) {
        Producer<byte[], byte[]> producer = producers.remove(id);
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debug("Cannot close the producer {}", id, e);
            }
        }
    }

    /**
     * The topic's effective {@code max.message.bytes} (its own, or the brokers' default) less the batch framing, and
     * at most {@link KafkaClientProperties#MAX_EVENT_BYTES}. Topics this publisher creates allow the maximum.
     */
    @Override
    public synchronized long maxEventBytes(String topic) {
        requireNonNull(topic, "topic is null");
        Long known = maxEventBytes.get(topic);
        if (known != null) {
            return known;
        }
        long max = withRetries("read the configuration of topic " + topic, () -> {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            try {
                Config configs = admin().describeConfigs(List.of(resource)).all().get().get(resource);
                ConfigEntry entry = configs == null ? null : configs.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                long topicMax = entry == null || entry.value() == null ? 1_048_588 : Long.parseLong(entry.value());
                return Math.max(0, Math.min(KafkaClientProperties.MAX_EVENT_BYTES, topicMax - KafkaClientProperties.FRAMING_BYTES));
            } catch (ExecutionException e) {
                throw KafkaErrors.translate("read the configuration of topic " + topic, config.bootstrapServers(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LagoaException(KafkaErrorCode.KAFKA_ERROR, "Interrupted while reading the configuration of topic " + topic, e);
            }
        });
        maxEventBytes.put(topic, max);
        return max;
    }

    /** Closes the producer of ({@code topic}, {@code scope}): its thread and connections end with it. */
    @Override
    public synchronized void release(String topic, String scope) {
        requireNonNull(topic, "topic is null");
        requireNonNull(scope, "scope is null");
        String id = transactionalId(topic, scope);
        Producer<byte[], byte[]> producer = producers.remove(id);
        if (producer != null) {
            try {
                producer.close(config.requestTimeout());
            } catch (RuntimeException e) {
                LOG.debug("Cannot close the producer {}", id, e);
            }
        }
    }

    private <T> T withRetries(String action, Supplier<T> work) {
        Duration backoff = config.retryBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (SourceFailure e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
            } catch (RuntimeException e) {
                LagoaException translated = e instanceof LagoaException lagoa ? lagoa : KafkaErrors.translate(action, config.bootstrapServers(), e);
                if (translated.errorCode() == ErrorCode.PUBLISHER_FENCED || KafkaErrors.isRetriable(translated)) {
                    // a fenced producer, or one whose state is unknown, is of no further use: the next attempt starts a new one
                    new ArrayList<>(producers.keySet()).forEach(this::drop);
                }
                if (!KafkaErrors.isRetriable(translated)) {
                    throw translated;
                }
                if (attempt > config.retries()) {
                    throw new LagoaException(translated.errorCode(), "%s (gave up after %d attempt%s: kafka.retries=%d, kafka.retry-backoff=%s, kafka.request-timeout=%s)"
                            .formatted(translated.getMessage(), attempt, attempt == 1 ? "" : "s", config.retries(), config.retryBackoff(),
                                    config.requestTimeout()), e);
                }
                LOG.warn("{}; attempt {} of {} again in {}", translated.getMessage(), attempt + 1, config.retries() + 1, backoff);
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagoaException(KafkaErrorCode.KAFKA_ERROR, "Interrupted while waiting to retry", e);
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(KafkaClientProperties.admin(config));
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        new ArrayList<>(producers.keySet()).forEach(id -> {
            Producer<byte[], byte[]> producer = producers.remove(id);
            try {
                producer.close(config.requestTimeout());
            } catch (RuntimeException e) {
                LOG.debug("Cannot close the producer {}", id, e);
            }
        });
        if (admin != null) {
            admin.close(config.requestTimeout());
        }
    }

    /** An exception of the batch's own events (a malformed file, storage): never retried, rethrown as it is. */
    private static final class SourceFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SourceFailure(RuntimeException cause) {
            super(cause);
        }
    }
}
