package dev.lagoa.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.core.config.KafkaConfig;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {
    private static final KafkaConfig LOCAL = KafkaConfig.plaintext("127.0.0.1:9092");

    @Test
    void theProducerIsTransactionalAndIdempotentWithAllAcks() {
        Map<String, Object> properties = KafkaClientProperties.producer(LOCAL, "lagoa-publisher.lagoa-diffs.2026-11-21");

        assertThat(properties)
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("security.protocol", "PLAINTEXT")
                .containsEntry("transactional.id", "lagoa-publisher.lagoa-diffs.2026-11-21")
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all")
                .containsEntry("transaction.timeout.ms", 60_000)
                .containsEntry("max.block.ms", 30_000L)
                .doesNotContainKey("sasl.jaas.config");
        // Kafka refuses a producer whose delivery timeout is shorter than linger plus request timeout.
        assertThat((int) properties.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG))
                .isGreaterThanOrEqualTo((int) properties.get(ProducerConfig.LINGER_MS_CONFIG) + (int) properties.get("request.timeout.ms"));
    }

    @Test
    void consumersReadCommittedTransactionsOnly() {
        assertThat(KafkaClientProperties.consumer(LOCAL))
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("auto.offset.reset", "earliest");
    }

    @Test
    void theEmbeddedBrokersCredentialsUseSaslPlainWithoutTls() {
        Map<String, Object> properties = KafkaClientProperties.admin(LOCAL.withSaslPlain("lagoa", "s3cr3tS3cr3tS3cr3t"));

        assertThat(properties)
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "PLAIN");
        String jaas = (String) properties.get("sasl.jaas.config");
        AppConfigurationEntry entry = JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password(jaas))).configurationEntries().get(0);
        assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule");
        Map<String, Object> options = Map.copyOf(entry.getOptions());
        assertThat(options).containsEntry("username", "lagoa").containsEntry("password", "s3cr3tS3cr3tS3cr3t");
        assertThat(KafkaClientProperties.describe(properties)).doesNotContain("s3cr3tS3cr3tS3cr3t");
    }

    @Test
    void scramUsesSaslSslAndAJaasConfigThatKafkaParsesBackToTheSameSecret() {
        String password = "p\"a\\ss\nw0rd é";
        Map<String, Object> properties = KafkaClientProperties.producer(LOCAL.withScram("lagoa \"svc\"", password), "id");

        assertThat(properties)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        String jaas = (String) properties.get("sasl.jaas.config");
        List<AppConfigurationEntry> entries = JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password(jaas))).configurationEntries();
        assertThat(entries).hasSize(1);
        AppConfigurationEntry entry = entries.get(0);
        assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
        assertThat(entry.getControlFlag()).isEqualTo(AppConfigurationEntry.LoginModuleControlFlag.REQUIRED);
        Map<String, Object> options = Map.copyOf(entry.getOptions());
        assertThat(options)
                .containsEntry("username", "lagoa \"svc\"")
                .containsEntry("password", password);
    }

    @Test
    void describeMasksThePassword() {
        Map<String, Object> properties = KafkaClientProperties.producer(LOCAL.withScram("lagoa", "s3cr3t"), "id");

        String described = KafkaClientProperties.describe(properties);

        assertThat(properties.get("sasl.jaas.config").toString()).contains("s3cr3t");
        assertThat(described).doesNotContain("s3cr3t").contains("username=\"lagoa\" password=******");
    }

    @Test
    void mskIamUsesTheAwsLoginModuleAndCallbackHandler() {
        Map<String, Object> properties = KafkaClientProperties.admin(LOCAL.withSecurity(KafkaConfig.Security.AWS_MSK_IAM));

        assertThat(properties)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "AWS_MSK_IAM")
                .containsEntry("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;")
                .containsEntry("sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
    }

    @Test
    void theMskIamClassesAreOnTheRuntimeClasspath() throws ClassNotFoundException {
        assertThat(Class.forName(KafkaClientProperties.IAM_LOGIN_MODULE)).isNotNull();
        assertThat(Class.forName(KafkaClientProperties.IAM_CALLBACK_HANDLER)).isNotNull();
    }
}
