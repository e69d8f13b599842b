package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.config.KafkaConfig;
import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.publisher.DiffPublisher;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wiring of the diff pipeline's publisher ({@code lagoa publish diffs}, its schedule, the demo): the day's change
 * files in the lake to the Kafka topic, and the topic read back. Arguments are never null; the adapters are created
 * on first use and may throw {@code LagoaException} then.
 */
public final class PublishWiring {
    private final LagoaRuntime runtime;

    /** Throws {@code NullPointerException} for a null runtime. */
    public PublishWiring(LagoaRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    /** Today in {@code lagoa.time-zone}. */
    public LocalDate today() {
        return LocalDate.now(runtime.clock());
    }

    /** The Kafka the publisher reaches: {@code kafka.*}, locally the embedded broker unless configured otherwise. */
    public KafkaConfig kafkaConfig() {
        return runtime.kafkaConfig(false);
    }

    /** The publisher of the change files of {@code lake.diffs-bucket} to {@code kafka.topic}. */
    public DiffPublisher diffPublisher() {
        KafkaConfig kafka = runtime.kafkaConfig(false);
        return new DiffPublisher(runtime.objectStore(), runtime.eventPublisher(), runtime.lakeConfig().diffsBucket(), kafka.topic(),
                kafka.tombstones(), runtime.clock());
    }

    /** Counts a day's records of a topic by their {@code op} header, reading it as a read_committed consumer does. */
    public Map<String, Long> topicCountsByOp(String topic, LocalDate date) {
        Map<String, Long> counts = new TreeMap<>();
        runtime.readTopic(topic, (headers, value) -> {
            if (date.toString().equals(headers.get("date"))) {
                counts.merge(value == null ? "tombstone" : headers.getOrDefault("op", "?"), 1L, Long::sum);
            }
        });
        return counts;
    }
}
