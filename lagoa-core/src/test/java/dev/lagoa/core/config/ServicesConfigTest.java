package dev.lagoa.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServicesConfigTest {
    @Test
    void byDefaultEveryPortIsChosenFreeAtStartAndThereIsNoClasspath() {
        ServicesConfig config = ServicesConfig.from(Configuration.load(ServicesConfig.fields(), Map.of(), null, Map.of(), Map.of()));

        assertThat(config).isEqualTo(new ServicesConfig(0, 0, 0, "", "", Duration.ofSeconds(60), "512m", 0, true));
    }

    @Test
    void aConfiguredPortIsUsedAsGiven() {
        ServicesConfig config = ServicesConfig.from(Configuration.load(ServicesConfig.fields(), Map.of(), null, Map.of("LAGOA_SERVICES_POSTGRES_PORT", "5433"),
                Map.of("services.sqs.port", "9324", "services.kafka.port", "9092")));

        assertThat(config.sqsPort()).isEqualTo(9324);
        assertThat(config.kafkaPort()).isEqualTo(9092);
        assertThat(config.kafkaControllerPort()).isZero();
        assertThat(config.postgresPort()).isEqualTo(5433);
    }

    @Test
    void theLauncherSetsTheClasspathsThroughTheEnvironment() {
        ServicesConfig config = ServicesConfig.from(Configuration.load(ServicesConfig.fields(), Map.of(), null,
                Map.of("LAGOA_SERVICES_KAFKA_CLASSPATH", "/opt/lagoa/lib/kafka/*", "LAGOA_SERVICES_SQS_CLASSPATH", "/opt/lagoa/lib/sqs/*"), Map.of()));

        assertThat(config.kafkaClasspath()).isEqualTo("/opt/lagoa/lib/kafka/*");
        assertThat(config.sqsClasspath()).isEqualTo("/opt/lagoa/lib/sqs/*");
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        assertThatThrownBy(() -> Configuration.load(ServicesConfig.fields(), Map.of(), null, Map.of(),
                Map.of("services.sqs.port", "70000", "services.kafka.port", "-1", "services.memory", "lots", "services.start-timeout", "soon")))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("Invalid configuration (4 problems)")
                .hasMessageContaining("services.sqs.port = 70000 (from command line): must be a TCP port between 1 and 65535, or 0 for a free port")
                .hasMessageContaining("services.kafka.port = -1 (from command line): must be a TCP port between 1 and 65535, or 0 for a free port")
                .hasMessageContaining("services.memory = lots (from command line): 'lots' is not a JVM memory size")
                .hasMessageContaining("services.start-timeout = soon");
    }

    @Test
    void theBrokerNeedsTwoPorts() {
        Configuration configuration = Configuration.load(ServicesConfig.fields(), Map.of(), null, Map.of(),
                Map.of("services.kafka.port", "9093", "services.kafka.controller-port", "9093"));

        assertThatThrownBy(() -> ServicesConfig.from(configuration))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessage("Invalid configuration: services.kafka.port and services.kafka.controller-port are both 9093; the broker needs two ports");
    }
}
