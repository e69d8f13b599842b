package dev.lagoa.publisher;

import dev.lagoa.kafka.KafkaErrorCode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.KafkaConfig;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.PutOptions;
import dev.lagoa.kafka.KafkaClientProperties;
import dev.lagoa.kafka.KafkaEventPublisher;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.Workspace;
import dev.lagoa.local.services.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher against a real KRaft broker (the local runtime's {@link EmbeddedKafka}, a child JVM), read back by a
 * real {@code read_committed} consumer. Each test publishes to its own topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiffPublisherIT {
    private static final BucketName DIFFS = BucketName.of("lagoa-diffs");
    private static final LocalDate DAY = LocalDate.parse("2026-11-21");
    private static final Clock CLOCK = Clock.systemUTC();

    private Path temp;
    private Workspace workspace;
    private LocalObjectStore store;
    private EmbeddedKafka kafka;

    @BeforeAll
    void startBroker(@TempDir Path folder) {
        temp = folder;
        workspace = Workspace.open(temp.resolve("home"));
        store = new LocalObjectStore(workspace);
        List<Integer> ports = freePorts(3);
        String classpath = System.getProperty("lagoa.services.kafka.classpath");
        if (classpath == null || classpath.isBlank()) {
            throw new IllegalStateException("System property lagoa.services.kafka.classpath is not set: run the integration tests with ./mvnw verify");
        }
        kafka = EmbeddedKafka.start(workspace, new ServicesConfig(ports.get(0), ports.get(1), ports.get(2), classpath, "", Duration.ofSeconds(90), "512m"));
    }

    @AfterAll
    void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private KafkaConfig kafkaConfig(TestInfo test) {
        // a topic of its own for each test (and each run: a broker may outlive one)
        return kafka.clientConfig().withTopic("t-%s-%s".formatted(
                test.getTestMethod().orElseThrow().getName().toLowerCase(java.util.Locale.ROOT), java.util.UUID.randomUUID().toString().substring(0, 8)));
    }

    /** {@code count} change records of one op with ids from {@code firstId}: the answer is known by construction. */
    private static List<String> records(String op, int firstId, int count, LocalDate day) {
        return IntStream.range(firstId, firstId + count).mapToObj(id -> switch (op) {
            case "c" -> "{\"op\":\"c\",\"key\":{\"id\":%d},\"before\":null,\"after\":{\"id\":%d,\"nome\":\"produto %d\"},\"changed_fields\":[\"id\",\"nome\"],\"date\":\"%s\"}"
                    .formatted(id, id, id, day);
            case "u" -> "{\"op\":\"u\",\"key\":{\"id\":%d},\"before\":{\"id\":%d,\"preco\":1.0},\"after\":{\"id\":%d,\"preco\":2.5},\"changed_fields\":[\"preco\"],\"date\":\"%s\"}"
                    .formatted(id, id, id, day);
            default -> "{\"op\":\"d\",\"key\":{\"id\":%d},\"before\":{\"id\":%d},\"after\":null,\"changed_fields\":[\"id\"],\"date\":\"%s\"}"
                    .formatted(id, id, day);
        }).toList();
    }

    private void write(LocalDate day, String file, List<String> lines) {
        store.put(DIFFS, ObjectKey.of(day + "/" + file), (String.join("\n", lines) + "\n").getBytes(UTF_8), PutOptions.contentType("application/json"));
    }

    private PublishResult publish(KafkaConfig config, LocalDate day) {
        try (KafkaEventPublisher events = KafkaEventPublisher.create(config)) {
            return new DiffPublisher(store, events, DIFFS, config.topic(), config.tombstones(), CLOCK).publish(day, false, PublishListener.NONE);
        }
    }

    /** Every committed record of the topic, from the beginning, as a read_committed consumer sees it. */
    private static List<ConsumerRecord<byte[], byte[]>> readCommitted(KafkaConfig config) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClientProperties.consumer(config))) {
            List<TopicPartition> partitions = consumer.partitionsFor(config.topic()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // a commit returns before its markers reach every partition: the stable end can move a moment later
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (true) {
                while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                    assertThat(System.nanoTime()).as("read the topic to its end within 30 s").isLessThan(deadline);
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                }
                sleep(300);
                Map<TopicPartition, Long> later = consumer.endOffsets(partitions);
                if (later.equals(end)) {
                    break;
                }
                end.putAll(later);
            }
        }
        return records;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : text(header.value());
    }

    @Test
    void runningThePublisherTwiceForADayYieldsEachRecordOnce(TestInfo test) {
        KafkaConfig config = kafkaConfig(test);
        List<String> expected = new ArrayList<>();
        write(DAY, "part-00000.json", records("c", 0, 300, DAY));
        write(DAY, "part-00001.json", records("u", 300, 200, DAY));
        write(DAY, "part-00002.json", records("d", 500, 100, DAY));
        expected.addAll(records("c", 0, 300, DAY));
        expected.addAll(records("u", 300, 200, DAY));
        expected.addAll(records("d", 500, 100, DAY));

        PublishResult first = publish(config, DAY);
        PublishResult second = publish(config, DAY);

        assertThat(first.records()).isEqualTo(600);
        assertThat(second.published()).isEmpty();
        assertThat(second.alreadyPublished()).hasSize(3);
        List<String> values = readCommitted(config).stream().map(record -> text(record.value())).toList();
        assertThat(values).hasSize(600).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aDayDiffedAgainIsPublishedAgainEachRecordOncePerRun(TestInfo test) {
        KafkaConfig config = kafkaConfig(test);
        LocalDate day = DAY.plusDays(7);
        DiffDays.writeRun(store, DIFFS, day, "jr_a", List.of(records("c", 0, 100, day), records("u", 100, 50, day)));
        publish(config, day);
        // the day diffed again from corrected input: other records, split over three files
        DiffDays.writeRun(store, DIFFS, day, "jr_b", List.of(records("c", 0, 40, day), records("u", 100, 40, day), records("d", 200, 30, day)));

        PublishResult second = publish(config, day);
        PublishResult third = publish(config, day);

        assertThat(second.records()).isEqualTo(110);
        assertThat(third.published()).isEmpty();
        Map<String, List<String>> valuesByRun = new HashMap<>();
        Map<String, Set<String>> republishByRun = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : readCommitted(config)) {
            String run = header(record, DiffPublisher.HEADER_RUN_ID);
            valuesByRun.computeIfAbsent(run, key -> new ArrayList<>()).add(text(record.value()));
            republishByRun.computeIfAbsent(run, key -> new HashSet<>()).add(header(record, DiffPublisher.HEADER_REPUBLISH));
        }
        List<String> firstRun = new ArrayList<>(records("c", 0, 100, day));
        firstRun.addAll(records("u", 100, 50, day));
        List<String> secondRun = new ArrayList<>(records("c", 0, 40, day));
        secondRun.addAll(records("u", 100, 40, day));
        secondRun.addAll(records("d", 200, 30, day));
        assertThat(valuesByRun).containsOnlyKeys("jr_a", "jr_b");
        assertThat(valuesByRun.get("jr_a")).hasSize(150).containsExactlyInAnyOrderElementsOf(firstRun);
        assertThat(valuesByRun.get("jr_b")).as("the new change set, each record once").hasSize(110).containsExactlyInAnyOrderElementsOf(secondRun);
        assertThat(republishByRun).containsEntry("jr_a", Set.of("false")).containsEntry("jr_b", Set.of("true"));
    }

    /** The producers of a topic still alive in this JVM: their network threads and their registered metrics. */
    private static List<String> liveProducersOf(String topic) throws Exception {
        List<String> live = new ArrayList<>();
        Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("kafka-producer-network-thread") && name.contains(topic)).forEach(live::add);
        java.lang.management.ManagementFactory.getPlatformMBeanServer()
                .queryNames(new javax.management.ObjectName("kafka.producer:type=producer-metrics,client-id=*"), null).stream()
                .map(javax.management.ObjectName::toString).filter(name -> name.contains(topic)).forEach(live::add);
        return live;
    }

    @Test
    void publishingManyDaysThroughOneLongLivedPublisherLeavesNoProducerBehind(TestInfo test) throws Exception {
        KafkaConfig config = kafkaConfig(test);
        List<LocalDate> days = IntStream.range(0, 4).mapToObj(i -> DAY.plusDays(20 + i)).toList();
        days.forEach(day -> write(day, "part-00000.json", records("c", 0, 5, day)));

        // as lagoa serve does: one publisher for the life of the process, one day published after the other
        try (KafkaEventPublisher events = KafkaEventPublisher.create(config)) {
            DiffPublisher publisher = new DiffPublisher(store, events, DIFFS, config.topic(), false, CLOCK);
            for (LocalDate day : days) {
                assertThat(publisher.publish(day, false, PublishListener.NONE).records()).isEqualTo(5);
                assertThat(liveProducersOf(config.topic())).as("producers left after publishing " + day).isEmpty();
            }
            assertThat(publisher.publish(days.get(0), false, PublishListener.NONE).published()).as("a day published again publishes nothing").isEmpty();
            assertThat(liveProducersOf(config.topic())).isEmpty();
        }
        assertThat(readCommitted(config)).hasSize(20);
    }

    @Test
    void aLargeUpdateReachesTheTopicWithTheSmallChangesOfItsFile(TestInfo test) {
        KafkaConfig config = kafkaConfig(test);
        LocalDate day = DAY.plusDays(8);
        // one record of 600 KB updated: its change record holds it twice (before and after), 1.2 MB, more than
        // Kafka's default limit of 1 MB; the diff accepts records of up to 16 MiB
        String large = "{\"op\":\"u\",\"key\":{\"id\":1000},\"before\":{\"id\":1000,\"texto\":\"%s\"},\"after\":{\"id\":1000,\"texto\":\"%s\"},\"changed_fields\":[\"texto\"],\"date\":\"%s\"}"
                .formatted("a".repeat(600_000), "b".repeat(600_000), day);
        List<String> lines = new ArrayList<>(records("c", 0, 5, day));
        lines.add(large);
        lines.addAll(records("u", 5, 5, day));
        write(day, "part-00000.json", lines);

        PublishResult result = publish(config, day);

        assertThat(result.quarantined()).isEmpty();
        assertThat(result.quarantinedRecords()).isEmpty();
        assertThat(readCommitted(config)).extracting(record -> text(record.value())).hasSize(11).containsExactlyInAnyOrderElementsOf(lines);
    }

    @Test
    void aPublisherKilledMidDayAndRunAgainYieldsEachRecordOnce(TestInfo test) throws Exception {
        KafkaConfig config = kafkaConfig(test);
        LocalDate day = DAY.plusDays(1);
        write(day, "part-00000.json", records("c", 0, 100, day));
        publish(config, day);
        write(day, "part-00001.json", records("u", 0, 100, day));
        write(day, "part-00002.json", records("c", 100, 50, day));

        // The run that was killed: same transactional id, the next file and its progress marker sent, never committed.
        KafkaProducer<byte[], byte[]> zombie = new KafkaProducer<>(KafkaClientProperties.producer(config,
                KafkaEventPublisher.transactionalId(config.topic(), day.toString())));
        try {
            zombie.initTransactions();
            zombie.beginTransaction();
            for (String value : records("u", 0, 100, day)) {
                zombie.send(new ProducerRecord<>(config.topic(), value.substring(value.indexOf("\"key\":") + 6, value.indexOf("},") + 1).getBytes(UTF_8),
                        value.getBytes(UTF_8)));
            }
            zombie.send(new ProducerRecord<>(KafkaConfig.progressTopic(config.topic()), (day + "/part-00001.json").getBytes(UTF_8), "{}".getBytes(UTF_8)));
            zombie.flush();

            PublishResult rerun = publish(config, day);

            assertThat(rerun.alreadyPublished()).containsExactly("s3://lagoa-diffs/" + day + "/part-00000.json");
            assertThat(rerun.published()).extracting(PublishResult.FileResult::records).containsExactly(100L, 50L);
            // the rerun fenced the zombie: it can no longer commit what it had sent
            assertThatThrownBy(zombie::commitTransaction).isInstanceOf(KafkaException.class);
        } finally {
            zombie.close(Duration.ZERO);
        }
        List<String> values = readCommitted(config).stream().map(record -> text(record.value())).toList();
        List<String> expected = new ArrayList<>(records("c", 0, 100, day));
        expected.addAll(records("u", 0, 100, day));
        expected.addAll(records("c", 100, 50, day));
        assertThat(values).hasSize(250).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aMalformedFileIsQuarantinedAndReportedWhileTheOthersArePublished(TestInfo test) {
        KafkaConfig config = kafkaConfig(test);
        LocalDate day = DAY.plusDays(2);
        write(day, "part-00000.json", records("c", 0, 10, day));
        List<String> bad = new ArrayList<>(records("u", 10, 10, day));
        bad.add(5, "{\"op\":\"u\",\"before\":{},\"after\":{}}");
        write(day, "part-00001.json", bad);
        write(day, "part-00002.json", records("d", 20, 10, day));

        PublishResult result = publish(config, day);

        assertThat(result.quarantined()).singleElement().satisfies(quarantined -> {
            assertThat(quarantined.file()).isEqualTo("s3://lagoa-diffs/%s/part-00001.json".formatted(day));
            assertThat(quarantined.line()).isEqualTo(6);
            assertThat(quarantined.reason()).isEqualTo("no key");
        });
        assertThat(store.exists(DIFFS, ObjectKey.of("_quarantine/%s/part-00001.json".formatted(day)))).isTrue();
        assertThat(store.exists(DIFFS, ObjectKey.of("_quarantine/%s/part-00001.json.reason.json".formatted(day)))).isTrue();
        assertThat(DiffPublisher.failure(result)).hasMessageContaining("part-00001.json line 6: no key");
        List<String> values = readCommitted(config).stream().map(record -> text(record.value())).toList();
        List<String> expected = new ArrayList<>(records("c", 0, 10, day));
        expected.addAll(records("d", 20, 10, day));
        assertThat(values).as("the records sent before the bad line were aborted").containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void keysLandOnStablePartitionsWithOpDateAndSourceFileHeaders(TestInfo test) {
        KafkaConfig config = kafkaConfig(test);
        LocalDate first = DAY.plusDays(3);
        LocalDate second = DAY.plusDays(4);
        write(first, "part-00000.json", records("c", 0, 30, first));
        write(second, "part-00000.json", records("u", 0, 30, second));
        write(second, "part-00001.json", records("d", 0, 30, second));

        publish(config, first);
        publish(config, second);

        List<ConsumerRecord<byte[], byte[]>> records = readCommitted(config);
        assertThat(records).hasSize(90);
        Map<String, Set<Integer>> partitionsByKey = new HashMap<>();
        records.forEach(record -> partitionsByKey.computeIfAbsent(text(record.key()), key -> new HashSet<>()).add(record.partition()));
        assertThat(partitionsByKey).hasSize(30).allSatisfy((key, partitions) -> assertThat(partitions).as(key).hasSize(1));
        assertThat(records.stream().map(ConsumerRecord::partition).distinct().count()).as("30 keys spread over the 3 partitions").isEqualTo(3);
        Map<String, List<String>> opsOfKey = new HashMap<>();
        records.stream().sorted(java.util.Comparator.comparingLong(ConsumerRecord::offset))
                .forEach(record -> opsOfKey.computeIfAbsent(text(record.key()), key -> new ArrayList<>()).add(header(record, "op")));
        assertThat(opsOfKey.get("{\"id\":7}")).as("one key's changes in order on its partition").containsExactly("c", "u", "d");
        ConsumerRecord<byte[], byte[]> delete = records.stream().filter(record -> "d".equals(header(record, "op"))).findFirst().orElseThrow();
        assertThat(header(delete, "date")).isEqualTo(second.toString());
        assertThat(header(delete, "source_file")).isEqualTo("s3://lagoa-diffs/%s/part-00001.json".formatted(second));
    }

    @Test
    void tombstonesFollowDeletesWhenConfigured(TestInfo test) {
        KafkaConfig config = kafkaConfig(test).withTombstones(true);
        LocalDate day = DAY.plusDays(5);
        write(day, "part-00000.json", List.of(records("d", 1, 1, day).get(0), records("c", 2, 1, day).get(0)));

        PublishResult result = publish(config, day);

        assertThat(result.tombstones()).isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> records = readCommitted(config);
        List<ConsumerRecord<byte[], byte[]>> ofKey1 = records.stream().filter(record -> text(record.key()).equals("{\"id\":1}"))
                .sorted(java.util.Comparator.comparingLong(ConsumerRecord::offset)).toList();
        assertThat(ofKey1).hasSize(2);
        assertThat(header(ofKey1.get(0), "op")).isEqualTo("d");
        assertThat(ofKey1.get(0).value()).isNotNull();
        assertThat(ofKey1.get(1).value()).as("the tombstone").isNull();
        assertThat(header(ofKey1.get(1), "op")).isEqualTo("d");
    }

    @Test
    void aBrokerThatIsDownIsAClearExternalErrorAfterTheRetriesAndNothingIsRecorded(TestInfo test) {
        KafkaConfig down = KafkaConfig.plaintext("127.0.0.1:" + freePorts(1).get(0)).withTopic("t-down")
                .withRetries(1, Duration.ofMillis(100), Duration.ofSeconds(1));
        LocalDate day = DAY.plusDays(6);
        write(day, "part-00000.json", records("c", 0, 5, day));
        long start = System.nanoTime();

        assertThatThrownBy(() -> publish(down, day))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(KafkaErrorCode.KAFKA_ERROR))
                .hasMessageStartingWith("Cannot create topic t-down: Kafka at " + down.bootstrapServers() + " did not answer in time")
                .hasMessageContaining("gave up after 2 attempts");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));

        // the same day against the running broker then publishes everything: nothing was recorded as published
        KafkaConfig up = kafkaConfig(test);
        assertThat(publish(up, day).records()).isEqualTo(5);
    }

    private static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                sockets.add(socket);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // a probe socket
                }
            }
        }
    }
}
