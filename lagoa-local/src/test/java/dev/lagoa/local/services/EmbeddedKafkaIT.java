package dev.lagoa.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.local.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real KRaft broker in a child JVM, shared by the tests of this class: topics, transactions (an aborted one is
 * invisible to read_committed consumers), data kept across a restart, one broker per workspace, nothing left running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedKafkaIT {
    private static final String TOPIC = "lagoa.diff.changes";
    private static final Duration POLL = Duration.ofMillis(200);

    private Path temp;
    private Workspace workspace;
    private ServicesConfig config;
    private EmbeddedKafka kafka;

    @BeforeAll
    void startBroker(@TempDir Path folder) {
        temp = folder;
        workspace = Workspace.open(temp.resolve("home"));
        config = ServicesTesting.config();
        kafka = EmbeddedKafka.start(workspace, config);
    }

    @AfterAll
    void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void theBrokerListensOnLoopbackWithItsDataAndLogInTheWorkspace() {
        assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + config.kafkaPort());
        assertThat(kafka.dataFolder()).isEqualTo(workspace.home().resolve("services/kafka"));
        assertThat(kafka.dataFolder().resolve("cluster.id")).exists();
        assertThat(kafka.dataFolder().resolve("logs/meta.properties")).exists();
        assertThat(workspace.home().resolve("services/kafka.pid")).content().startsWith(String.valueOf(kafka.pid()));
        assertThat(workspace.home().resolve("logs/services/kafka.log")).content().contains(ServiceProcess.READY_LINE);
    }

    @Test
    @Order(2)
    void readCommittedConsumersSeeTheCommittedTransactionsOnly() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
            assertThat(admin.listTopics().names().get()).contains(TOPIC);
        }
        try (KafkaProducer<String, String> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, "produto-1", "committed-1"));
            producer.send(new ProducerRecord<>(TOPIC, "produto-2", "committed-2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, "produto-3", "aborted-1")).get();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, "produto-4", "committed-3"));
            producer.commitTransaction();
        }

        // The aborted record is in the log (a read_uncommitted consumer sees it) but not for read_committed readers.
        assertThat(readAll("read_uncommitted", 4)).containsExactly("committed-1", "committed-2", "aborted-1", "committed-3");
        assertThat(readAll("read_committed", 3)).containsExactly("committed-1", "committed-2", "committed-3");
    }

    @Test
    @Order(3)
    void aClientWithoutTheWorkspacesCredentialsCannotProduce() throws Exception {
        // any program of the machine (or a page it loads) reaches 127.0.0.1: the listener asks for the workspace's credentials
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "3000");
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        try (KafkaProducer<String, String> anonymous = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> anonymous.send(new ProducerRecord<>(TOPIC, "produto-9", "forged")).get())
                    .as("a client without credentials never gets the topic's metadata, let alone a write")
                    .isNotNull();
        }
        Properties wrong = client();
        wrong.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"lagoa\" password=\"guessed\";");
        wrong.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        try (KafkaProducer<String, String> guessing = new KafkaProducer<>(wrong, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> guessing.send(new ProducerRecord<>(TOPIC, "produto-9", "forged")).get())
                    .as("a wrong password is refused")
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
        assertThat(readAll("read_uncommitted", 4)).doesNotContain("forged");
        assertThat(EmbeddedKafka.passwordFile(workspace)).exists();
        assertThat(Files.getPosixFilePermissions(EmbeddedKafka.passwordFile(workspace))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    @Order(4)
    void aSecondStartOnTheSameWorkspaceIsRefused() {
        assertThatThrownBy(() -> EmbeddedKafka.start(workspace, config))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SERVICE_ALREADY_RUNNING))
                .hasMessageStartingWith("Cannot start kafka: it is already running for the workspace " + workspace.home())
                .hasMessageContaining("pid " + kafka.pid());
    }

    @Test
    @Order(5)
    void aStartOnAPortThatIsTakenNamesThePortAndItsKey() {
        Workspace other = Workspace.open(temp.resolve("other"));

        assertThatThrownBy(() -> EmbeddedKafka.start(other, config))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SERVICE_PORT_IN_USE))
                .hasMessage("Cannot start kafka: port %d on 127.0.0.1 is already in use (services.kafka.port); stop the program that holds it or choose another port",
                        config.kafkaPort());
        assertThat(other.home().resolve("services/kafka.pid")).doesNotExist();
    }

    @Test
    @Order(6)
    void aRestartedBrokerStillHasTheTopicAndItsRecords() throws Exception {
        long firstPid = kafka.pid();
        String clusterId = Files.readString(kafka.dataFolder().resolve("cluster.id")).trim();
        kafka.close();
        assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(workspace.home().resolve("services/kafka.pid")).doesNotExist();

        kafka = EmbeddedKafka.start(workspace, config);

        assertThat(kafka.pid()).isNotEqualTo(firstPid);
        assertThat(Files.readString(kafka.dataFolder().resolve("cluster.id")).trim()).isEqualTo(clusterId);
        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get()).contains(TOPIC);
        }
        assertThat(readAll("read_committed", 3)).containsExactly("committed-1", "committed-2", "committed-3");
    }

    @Test
    @Order(7)
    void closingLeavesNoProcessBehind() {
        long pid = kafka.pid();
        kafka.close();
        kafka = null;

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(ServicesTesting.serviceChildren(EmbeddedKafka.NAME)).isEmpty();
        assertThat(workspace.home().resolve("services/kafka.pid")).doesNotExist();
    }

    /** The broker's address with the workspace's credentials, as every client of the product connects. */
    private Properties client() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        properties.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        properties.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"%s\" password=\"%s\";"
                .formatted(EmbeddedKafka.USERNAME, EmbeddedKafka.password(workspace)));
        return properties;
    }

    private Admin admin() {
        return Admin.create(client());
    }

    private KafkaProducer<String, String> transactionalProducer() {
        Properties properties = client();
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "lagoa-it-" + UUID.randomUUID());
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    /** Every value of the topic from the beginning, once {@code expected} arrived (and a moment more, for extras). */
    private List<String> readAll(String isolationLevel, int expected) {
        Properties properties = client();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "lagoa-it-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(TOPIC));
            await().atMost(ServicesTesting.waitLimit()).pollInterval(Duration.ZERO).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    values.add(record.value());
                }
                return values.size() >= expected;
            });
            consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
        }
        return values;
    }
}
