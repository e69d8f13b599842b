package dev.lagoa.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaConfigTest {
    @TempDir
    Path temp;

    private static Configuration load(Map<String, String> environment, Map<String, String> overrides) {
        return Configuration.load(KafkaConfig.fields(), Map.of(), null, environment, overrides);
    }

    @Test
    void defaultsReachTheEmbeddedBroker() {
        KafkaConfig config = KafkaConfig.from(load(Map.of(), Map.of()));

        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.topic()).isEqualTo("lagoa-diffs");
        assertThat(config.partitions()).isEqualTo(3);
        assertThat(config.replicationFactor()).isEqualTo((short) 1);
        assertThat(config.security()).isEqualTo(KafkaConfig.Security.PLAINTEXT);
        assertThat(config.tombstones()).isFalse();
        assertThat(config.retries()).isEqualTo(3);
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(KafkaConfig.progressTopic(config.topic())).isEqualTo("lagoa-diffs.lagoa-progress");
    }

    @Test
    void scramPasswordComesFromTheEnvironmentAndIsNeverShown() {
        Configuration configuration = load(Map.of("LAGOA_KAFKA_SASL_PASSWORD", "s3cr3t-\"pw\""),
                Map.of("kafka.security", "SASL_SSL_SCRAM", "kafka.sasl.username", "lagoa"));
        KafkaConfig config = KafkaConfig.from(configuration);

        assertThat(config.saslPassword()).contains("s3cr3t-\"pw\"");
        assertThat(config.toString()).contains("saslPassword=******").doesNotContain("s3cr3t");
        assertThat(configuration.displayValues()).containsEntry("kafka.sasl.password", "******");
    }

    @Test
    void passwordFileIsReadWithoutItsTrailingLineBreak() throws IOException {
        Path secret = temp.resolve("kafka-password");
        Files.writeString(secret, "from-file\n");

        KafkaConfig config = KafkaConfig.from(load(Map.of(),
                Map.of("kafka.security", "sasl_ssl_scram", "kafka.sasl.username", "lagoa", "kafka.sasl.password-file", secret.toString())));

        assertThat(config.security()).isEqualTo(KafkaConfig.Security.SASL_SSL_SCRAM);
        assertThat(config.saslPassword()).contains("from-file");
    }

    @Test
    void scramWithoutCredentialsNamesEveryMissingKey() {
        assertThatThrownBy(() -> KafkaConfig.from(load(Map.of(), Map.of("kafka.security", "SASL_SSL_SCRAM"))))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("(2 problems)")
                .hasMessageContaining("needs kafka.sasl.username")
                .hasMessageContaining("needs kafka.sasl.password or kafka.sasl.password-file");
    }

    @Test
    void passwordAndPasswordFileTogetherAreRefused() throws IOException {
        Path secret = Files.writeString(temp.resolve("pw"), "x");
        assertThatThrownBy(() -> KafkaConfig.from(load(Map.of("LAGOA_KAFKA_SASL_PASSWORD", "y"),
                Map.of("kafka.security", "SASL_SSL_SCRAM", "kafka.sasl.username", "u", "kafka.sasl.password-file", secret.toString()))))
                .hasMessage("Set kafka.sasl.password or kafka.sasl.password-file, not both");
    }

    @Test
    void invalidValuesAreReportedAtLoad() {
        assertThatThrownBy(() -> load(Map.of(), Map.of("kafka.bootstrap-servers", "localhost", "kafka.topic", "diffs do dia",
                "kafka.security", "KERBEROS", "kafka.partitions", "0")))
                .hasMessageContaining("(4 problems)")
                .hasMessageContaining("kafka.bootstrap-servers = localhost (from command line): 'localhost' is not a list of host:port")
                .hasMessageContaining("invalid topic name 'diffs do dia'")
                .hasMessageContaining("kafka.security = KERBEROS (from command line): must be one of PLAINTEXT, SASL_PLAINTEXT, SASL_SSL_SCRAM, AWS_MSK_IAM")
                .hasMessageContaining("kafka.partitions = 0 (from command line): must be at least 1");
    }
}
