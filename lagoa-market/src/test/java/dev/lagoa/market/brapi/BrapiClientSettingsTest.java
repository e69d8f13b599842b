package dev.lagoa.market.brapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.Configuration;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrapiClientSettingsTest {
    private static Configuration load(Map<String, String> environment, Map<String, String> overrides) {
        return Configuration.load(BrapiClientSettings.fields(), Map.of(), null, environment, overrides);
    }

    @Test
    void defaultsReachTheRealApiWithoutAToken() {
        BrapiClientSettings settings = BrapiClientSettings.from(load(Map.of(), Map.of()));

        assertThat(settings).isEqualTo(BrapiClientSettings.defaults());
        assertThat(settings.baseUrl()).isEqualTo(URI.create("https://brapi.dev"));
        assertThat(settings.token()).isEmpty();
        assertThat(settings.maxResponseBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void readsTheTokenFromTheEnvironmentAndNeverShowsIt() {
        BrapiClientSettings settings = BrapiClientSettings.from(load(Map.of("LAGOA_BRAPI_TOKEN", "s3cr3tToken"),
                Map.of("brapi.base-url", "http://127.0.0.1:8089/", "brapi.max-attempts", "2")));

        assertThat(settings.token()).hasValue("s3cr3tToken");
        assertThat(settings.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8089"));
        assertThat(settings.maxAttempts()).isEqualTo(2);
        assertThat(settings.toString()).doesNotContain("s3cr3tToken").contains("token=******");
        assertThat(BrapiClientSettings.TOKEN.isSecret()).isTrue();
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> new BrapiClientSettings(URI.create("ftp://brapi.dev"), Optional.empty(), Duration.ZERO, Duration.ofSeconds(1), 0,
                Duration.ofSeconds(2), Duration.ofSeconds(1), "Lagoa", 0))
                .isInstanceOf(LagoaException.class)
                .hasMessage(String.join(System.lineSeparator(), "Invalid HTTP settings (5 problems):",
                        "  - base URL 'ftp://brapi.dev' is not an http(s) URL with a host",
                        "  - timeouts must be positive: connect PT0S, request PT1S",
                        "  - max attempts must be at least 1: 0",
                        "  - backoffs must be positive with initial <= max: initial PT2S, max PT1S",
                        "  - max response bytes must be between 1 and 2147483631: 0"))
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
    }

    @Test
    void refusesATokenThatCannotTravelInAQueryWithoutQuotingIt() {
        assertThatThrownBy(() -> BrapiClientSettings.defaults().withToken("abc&def=ghi"))
                .isInstanceOf(LagoaException.class)
                .hasMessage("Invalid brapi.token: a token holds only letters, digits and . _ ~ - (at most 512 characters); the value given does not")
                .hasMessageNotContaining("abc&def");
    }
}
