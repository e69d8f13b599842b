package dev.lagoa.local.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.core.config.PostgresConfig;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.local.Workspace;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.SaslConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Two workspaces with the default configuration (no port set) run their SQS, Kafka and PostgreSQL side by side: each
 * service gets free ports, records them in its workspace, and is found there, by its own workspace only.
 */
class TwoWorkspacesIT {
    @TempDir
    Path temp;
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    /** The defaults (every port 0) with the classpaths that failsafe passes. */
    private static ServicesConfig defaults() {
        ServicesConfig testing = ServicesTesting.config();
        return new ServicesConfig(ServicesConfig.FREE_PORT, ServicesConfig.FREE_PORT, ServicesConfig.FREE_PORT, testing.kafkaClasspath(),
                testing.sqsClasspath(), Duration.ofSeconds(60), "256m", ServicesConfig.FREE_PORT);
    }

    private <T extends AutoCloseable> T started(T service) {
        started.add(service);
        return service;
    }

    @Test
    void twoWorkspacesRunTheirServicesSideBySideWithTheDefaultConfiguration() throws Exception {
        ServicesConfig config = defaults();
        Workspace first = Workspace.open(temp.resolve("first"));
        Workspace second = Workspace.open(temp.resolve("second"));

        EmbeddedElasticMq firstSqs = started(EmbeddedElasticMq.start(first, config));
        EmbeddedElasticMq secondSqs = started(EmbeddedElasticMq.start(second, config));
        EmbeddedKafka firstKafka = started(EmbeddedKafka.start(first, config));
        EmbeddedKafka secondKafka = started(EmbeddedKafka.start(second, config));
        EmbeddedPostgres firstPostgres = started(EmbeddedPostgres.start(first, config));
        EmbeddedPostgres secondPostgres = started(EmbeddedPostgres.start(second, config));

        Set<String> addresses = Set.of(firstSqs.endpoint().toString(), secondSqs.endpoint().toString(), firstKafka.bootstrapServers(),
                secondKafka.bootstrapServers(), firstPostgres.connection().jdbcUrl(), secondPostgres.connection().jdbcUrl());
        assertThat(addresses).as("six services, six addresses").hasSize(6);

        // another process of each workspace finds that workspace's services, as recorded there
        assertThat(EmbeddedElasticMq.runningEndpoint(Workspace.open(first.home()))).hasValue(firstSqs.endpoint());
        assertThat(EmbeddedElasticMq.runningEndpoint(Workspace.open(second.home()))).hasValue(secondSqs.endpoint());
        assertThat(EmbeddedKafka.runningBootstrapServers(Workspace.open(first.home()))).hasValue(firstKafka.bootstrapServers());
        assertThat(EmbeddedKafka.runningBootstrapServers(Workspace.open(second.home()))).hasValue(secondKafka.bootstrapServers());
        assertThat(EmbeddedPostgres.running(Workspace.open(first.home()))).hasValue(firstPostgres.connection());
        assertThat(EmbeddedPostgres.running(Workspace.open(second.home()))).hasValue(secondPostgres.connection());

        // and each works, for its own workspace's credentials
        assertThat(queueCreatedAndListed(first, firstSqs, "lagoa-first")).contains("lagoa-first").doesNotContain("lagoa-second");
        assertThat(queueCreatedAndListed(second, secondSqs, "lagoa-second")).contains("lagoa-second").doesNotContain("lagoa-first");
        assertThat(topicCreatedAndListed(first, firstKafka.bootstrapServers(), "first")).contains("first").doesNotContain("second");
        assertThat(topicCreatedAndListed(second, secondKafka.bootstrapServers(), "second")).contains("second").doesNotContain("first");
        assertThat(answer(firstPostgres.connection())).isEqualTo(1);
        assertThat(answer(secondPostgres.connection())).isEqualTo(1);
    }

    @Test
    void aBrokerRestartedOnOtherFreePortsKeepsItsTopics() throws Exception {
        ServicesConfig config = defaults();
        Workspace workspace = Workspace.open(temp.resolve("home"));
        String before;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(workspace, config)) {
            before = kafka.bootstrapServers();
            topicCreatedAndListed(workspace, before, "kept");
        }
        assertThat(EmbeddedKafka.runningBootstrapServers(workspace)).isEmpty();

        // the client port of the first start is taken meanwhile, so the second start listens elsewhere
        try (ServerSocket holder = new ServerSocket()) {
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(before.substring(before.indexOf(':') + 1))));
            EmbeddedKafka again = started(EmbeddedKafka.start(workspace, config));

            assertThat(again.bootstrapServers()).isNotEqualTo(before);
            try (Admin admin = Admin.create(kafkaClient(workspace, again.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains("kept");
            }
        }
    }

    private static List<String> queueCreatedAndListed(Workspace workspace, EmbeddedElasticMq sqs, String queue) {
        try (SqsClient client = SqsClient.builder()
                .endpointOverride(sqs.endpoint())
                .region(Region.of(EmbeddedElasticMq.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(EmbeddedElasticMq.accessKeyId(workspace), "any")))
                .build()) {
            client.createQueue(request -> request.queueName(queue));
            return client.listQueues().queueUrls().stream().map(url -> url.substring(url.lastIndexOf('/') + 1)).toList();
        }
    }

    private static Set<String> topicCreatedAndListed(Workspace workspace, String bootstrapServers, String topic) throws Exception {
        try (Admin admin = Admin.create(kafkaClient(workspace, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            return admin.listTopics().names().get();
        }
    }

    private static Properties kafkaClient(Workspace workspace, String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        properties.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        properties.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"%s\" password=\"%s\";"
                .formatted(EmbeddedKafka.USERNAME, EmbeddedKafka.password(workspace)));
        return properties;
    }

    private static int answer(PostgresConfig connection) throws Exception {
        try (Connection open = EmbeddedPostgres.open(connection); Statement statement = open.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
