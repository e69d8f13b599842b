package dev.lagoa.kafka;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.config.KafkaConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Reads a topic back from its beginning to its current end, as a downstream consumer of the change records would:
 * {@code isolation.level=read_committed}, so records of aborted or open transactions are never seen.
 */
public final class KafkaTopicReader {
    private KafkaTopicReader() {}

    /** A record as read: key, value (null for a tombstone) and headers as text. */
    public record Record(int partition, long offset, String key, String value, Map<String, String> headers) {}

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted", e);
        }
    }

    public static List<Record> readAll(KafkaConfig config, String topic, Duration timeout) {
        requireNonNull(topic, "topic is null");
        Map<String, Object> properties = KafkaClientProperties.consumer(config);
        List<Record> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // the stable end (read_committed): a commit returns before its markers reach every partition, so the end is
            // read again once reached, until it stays put
            Map<TopicPartition, Long> end = new java.util.HashMap<>(consumer.endOffsets(partitions, timeout));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (partitions.stream().noneMatch(partition -> consumer.position(partition, timeout) < end.get(partition))) {
                    sleep(Duration.ofMillis(300));
                    Map<TopicPartition, Long> later = consumer.endOffsets(partitions, timeout);
                    if (later.equals(end)) {
                        break;
                    }
                    end.putAll(later);
                }
                if (System.nanoTime() > deadline) {
                    throw KafkaErrors.translate("read topic " + topic, config.bootstrapServers(), new KafkaException("timed out before the end of the topic"));
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new TreeMap<>();
                    for (Header header : record.headers()) {
                        headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
                    }
                    records.add(new Record(record.partition(), record.offset(),
                            record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                            record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8), headers));
                }
            }
        } catch (KafkaException e) {
            throw KafkaErrors.translate("read topic " + topic, config.bootstrapServers(), e);
        }
        return records;
    }
}
