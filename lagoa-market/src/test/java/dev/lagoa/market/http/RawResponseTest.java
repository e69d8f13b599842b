package dev.lagoa.market.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawResponseTest {
    private static final Instant NOW = Instant.parse("2025-07-21T18:00:00Z");

    private static RawResponse response(Map<String, String> headers, byte[] body) {
        return new RawResponse("http://127.0.0.1/x", 200, headers, body, NOW, 1);
    }

    @Test
    void decodesInTheCharsetOfTheContentType() {
        byte[] latin1 = "Teórica".getBytes(StandardCharsets.ISO_8859_1);

        RawResponse.DecodedBody body = response(Map.of("Content-Type", "application/json; charset=\"iso-8859-1\""), latin1).decode();

        assertThat(body.text()).isEqualTo("Teórica");
        assertThat(body.charset()).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(body.malformed()).isFalse();
    }

    @Test
    void fallsBackToUtf8AndReplacesInvalidBytesAndSaysSo() {
        byte[] latin1 = "Teórica".getBytes(StandardCharsets.ISO_8859_1);

        RawResponse.DecodedBody undeclared = response(Map.of("content-type", "application/json"), latin1).decode();
        RawResponse.DecodedBody unknown = response(Map.of("content-type", "application/json; charset=x-lagoa-unknown"), latin1).decode();

        assertThat(undeclared.text()).isEqualTo("Te\uFFFDrica");
        assertThat(undeclared.malformed()).isTrue();
        assertThat(unknown.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(unknown.malformed()).isTrue();
    }

    @Test
    void dropsAByteOrderMarkAndKeepsTheBytesUntouched() {
        byte[] withBom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};
        RawResponse response = response(Map.of(), withBom);

        assertThat(response.decode().text()).isEqualTo("{}");
        assertThat(response.body()).isEqualTo(withBom);
        assertThat(response.mediaType()).isEmpty();
    }

    @Test
    void readsRetryAfterAsSecondsOrAsAnHttpDate() {
        HttpSettings settings = new HttpSettings(URI.create("http://127.0.0.1"), Duration.ofSeconds(1), Duration.ofSeconds(1), 2, Duration.ofMillis(100),
                Duration.ofSeconds(10), "Lagoa", 1000);
        SourceHttpClient client = new SourceHttpClient("B3", settings, Clock.fixed(NOW, ZoneOffset.UTC), duration -> { });

        assertThat(client.retryAfter(response(Map.of("Retry-After", "7"), new byte[0]))).hasValue(Duration.ofSeconds(7));
        assertThat(client.retryAfter(response(Map.of("Retry-After", "Mon, 21 Jul 2025 18:00:05 GMT"), new byte[0]))).hasValue(Duration.ofSeconds(5));
        assertThat(client.retryAfter(response(Map.of("Retry-After", "soon"), new byte[0]))).isEmpty();
        assertThat(client.retryAfter(response(Map.of(), new byte[0]))).isEmpty();
    }

    @Test
    void backsOffExponentiallyWithJitterUpToTheMax() {
        HttpSettings settings = new HttpSettings(URI.create("http://127.0.0.1"), Duration.ofSeconds(1), Duration.ofSeconds(1), 10, Duration.ofSeconds(1),
                Duration.ofSeconds(5), "Lagoa", 1000);
        SourceHttpClient client = new SourceHttpClient("B3", settings, Clock.fixed(NOW, ZoneOffset.UTC), duration -> { });

        for (int round = 0; round < 50; round++) {
            assertThat(client.backoff(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
            assertThat(client.backoff(3)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
            assertThat(client.backoff(9)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
        }
    }

    @Test
    void masksASecretWherever() {
        assertThat(SourceHttpClient.mask("GET /api/quote/BBAS3?token=abc123 failed: abc123", "abc123"))
                .isEqualTo("GET /api/quote/BBAS3?token=****** failed: ******");
        assertThat(SourceHttpClient.mask("nothing to hide", null)).isEqualTo("nothing to hide");
    }
}
