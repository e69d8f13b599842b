package dev.lagoa.market.b3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.Configuration;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class B3ClientSettingsTest {
    @Test
    void defaultsReachB3sListingSite() {
        B3ClientSettings settings = B3ClientSettings.from(Configuration.load(B3ClientSettings.fields(), Map.of(), null, Map.of(), Map.of()));

        assertThat(settings).isEqualTo(B3ClientSettings.defaults());
        assertThat(settings.baseUrl()).isEqualTo(URI.create("https://sistemaswebb3-listados.b3.com.br"));
        assertThat(settings.maxAttempts()).isEqualTo(4);
        assertThat(settings.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(B3ClientSettings.fields()).extracting(ConfigField::name).containsExactly("b3.base-url", "b3.connect-timeout", "b3.request-timeout",
                "b3.max-attempts", "b3.initial-backoff", "b3.max-backoff", "b3.user-agent", "b3.max-response-bytes");
    }

    @Test
    void theRequestPathIsTheBase64OfB3sOwnPayload() {
        URI uri = B3PortfolioClient.pageUri(URI.create("https://sistemaswebb3-listados.b3.com.br"), "IBOV", 1);

        assertThat(uri).hasToString("https://sistemaswebb3-listados.b3.com.br/indexProxy/indexCall/GetPortfolioDay/"
                + "eyJsYW5ndWFnZSI6InB0LWJyIiwicGFnZU51bWJlciI6MSwicGFnZVNpemUiOjEyMCwiaW5kZXgiOiJJQk9WIiwic2VnbWVudCI6IjEifQ==");
        String payload = uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
        assertThat(new String(java.util.Base64.getDecoder().decode(payload), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"language\":\"pt-br\",\"pageNumber\":1,\"pageSize\":120,\"index\":\"IBOV\",\"segment\":\"1\"}");
    }
}
