package dev.lagoa.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServeConfigTest {
    @Test
    void defaults() {
        ServeConfig config = ServeConfig.from(Configuration.load(ServeConfig.fields(), Map.of(), null, Map.of(), Map.of()));

        assertThat(config).isEqualTo(new ServeConfig(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMinutes(1), "run-once", ServeConfig.PostgresMode.AUTO));
    }

    @Test
    void aFunctionTimeoutIsPositiveAndAtMostLambdasFifteenMinutes() {
        ServeConfig config = ServeConfig.from(Configuration.load(ServeConfig.fields(), Map.of(), null,
                Map.of("LAGOA_SERVE_NOTIFICATIONS_FUNCTION_TIMEOUT", "15m"), Map.of()));
        assertThat(config.functionTimeout()).isEqualTo(Duration.ofMinutes(15));

        assertThatThrownBy(() -> Configuration.load(ServeConfig.fields(), Map.of(), null, Map.of(), Map.of("serve.notifications.function-timeout", "16m")))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("serve.notifications.function-timeout = 16m (from command line): must be more than 0 and at most 15m");
        assertThatThrownBy(() -> Configuration.load(ServeConfig.fields(), Map.of(), null, Map.of(), Map.of("serve.notifications.function-timeout", "0s")))
                .hasMessageContaining("must be more than 0 and at most 15m");
    }
}
