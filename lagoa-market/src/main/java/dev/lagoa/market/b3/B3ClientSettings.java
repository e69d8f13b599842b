package dev.lagoa.market.b3;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.Configuration;
import dev.lagoa.market.http.HttpSettings;
import dev.lagoa.market.http.HttpSettingsFields;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How {@link B3PortfolioClient} reaches B3: the keys {@code b3.*}. Checked as {@link HttpSettings} are: every
 * problem is reported at once, as {@code INVALID_CONFIGURATION}.
 */
public record B3ClientSettings(
        URI baseUrl,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        String userAgent,
        long maxResponseBytes) {
    public static final String DEFAULT_BASE_URL = "https://sistemaswebb3-listados.b3.com.br";
    public static final HttpSettingsFields FIELDS = HttpSettingsFields.create("b3", "B3 index portfolio", DEFAULT_BASE_URL);

    public B3ClientSettings {
        HttpSettings checked = new HttpSettings(baseUrl, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, userAgent, maxResponseBytes);
        baseUrl = checked.baseUrl();
    }

    /** The defaults of every {@code b3.*} key. */
    public static B3ClientSettings defaults() {
        return of(new HttpSettings(URI.create(DEFAULT_BASE_URL), Duration.ofSeconds(10), Duration.ofSeconds(30), 4, Duration.ofSeconds(1),
                Duration.ofSeconds(30), HttpSettingsFields.DEFAULT_USER_AGENT, HttpSettings.DEFAULT_MAX_RESPONSE_BYTES));
    }

    public static List<ConfigField> fields() {
        return FIELDS.list();
    }

    public static B3ClientSettings from(Configuration configuration) {
        return of(FIELDS.read(configuration));
    }

    private static B3ClientSettings of(HttpSettings http) {
        requireNonNull(http, "http is null");
        return new B3ClientSettings(http.baseUrl(), http.connectTimeout(), http.requestTimeout(), http.maxAttempts(), http.initialBackoff(),
                http.maxBackoff(), http.userAgent(), http.maxResponseBytes());
    }

    public HttpSettings http() {
        return new HttpSettings(baseUrl, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, userAgent, maxResponseBytes);
    }

    public B3ClientSettings withBaseUrl(URI newBaseUrl) {
        return new B3ClientSettings(newBaseUrl, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, userAgent, maxResponseBytes);
    }

    public B3ClientSettings withTimeouts(Duration newConnectTimeout, Duration newRequestTimeout) {
        return new B3ClientSettings(baseUrl, newConnectTimeout, newRequestTimeout, maxAttempts, initialBackoff, maxBackoff, userAgent, maxResponseBytes);
    }

    public B3ClientSettings withRetries(int newMaxAttempts, Duration newInitialBackoff, Duration newMaxBackoff) {
        return new B3ClientSettings(baseUrl, connectTimeout, requestTimeout, newMaxAttempts, newInitialBackoff, newMaxBackoff, userAgent, maxResponseBytes);
    }

    public B3ClientSettings withMaxResponseBytes(long newMaxResponseBytes) {
        return new B3ClientSettings(baseUrl, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, userAgent, newMaxResponseBytes);
    }
}
