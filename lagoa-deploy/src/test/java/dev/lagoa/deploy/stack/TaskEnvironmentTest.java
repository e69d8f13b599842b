package dev.lagoa.deploy.stack;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.config.KafkaConfig;
import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.core.config.PostgresConfig;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A container's environment holds settings only, which is what the ECS2 acknowledgment says of it. */
class TaskEnvironmentTest {
    @Test
    void settingsPassAndASecretOrAnUnknownVariableIsRefused() {
        assertThatCode(() -> PipelineStack.requireSettings("Task t", Set.of(LakeConfig.B3_BUCKET.environmentVariable(),
                KafkaConfig.BOOTSTRAP_SERVERS.environmentVariable(), PostgresConfig.JDBC_URL.environmentVariable()))).doesNotThrowAnyException();
        assertThatThrownBy(() -> PipelineStack.requireSettings("Task t", Set.of(KafkaConfig.SASL_PASSWORD.environmentVariable())))
                .hasMessage("Task t: variable LAGOA_KAFKA_SASL_PASSWORD is a secret: give it through the container's secrets");
        assertThatThrownBy(() -> PipelineStack.requireSettings("Task t", Set.of("DB_PASSWORD")))
                .hasMessage("Task t: variable DB_PASSWORD is not a configuration key");
    }
}
