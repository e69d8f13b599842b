package dev.lagoa.market.brapi;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.ConfigType;
import dev.lagoa.core.config.Configuration;
import dev.lagoa.market.http.HttpSettings;
import dev.lagoa.market.http.HttpSettingsFields;
import dev.lagoa.market.http.SourceHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How {@link BrapiQuoteClient} reaches BRAPI: the keys {@code brapi.*}. The token is a secret: {@link #toString()}
 * masks it, and the client masks it in every URL and message it produces.
 *
 * @param token BRAPI's API token, sent only for tickers that need one; empty for the free test tickers only
 */
public record BrapiClientSettings(
        URI baseUrl,
        Optional<String> token,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        String userAgent,
        long maxResponseBytes) {
    public static final String DEFAULT_BASE_URL = "https://brapi.dev";
    public static final HttpSettingsFields FIELDS = HttpSettingsFields.create("brapi", "BRAPI quote", DEFAULT_BASE_URL);
    public static final ConfigField TOKEN = ConfigField.create("brapi.token", ConfigType.PASSWORD, null,
                    "BRAPI API token, sent (as token=) only for tickers other than the free PETR4, VALE3, MGLU3 and ITUB4. Never shown.")
            .withValidator(value -> tokenProblem(value));

    public BrapiClientSettings {
        requireNonNull(token, "token is null");
        HttpSettings checked = new HttpSettings(baseUrl, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, userAgent, maxResponseBytes);
        baseUrl = checked.baseUrl();
        token = token.map(String::strip).filter(value -> !value.isEmpty());
        String problem = token.map(BrapiClientSettings::tokenProblem).orElse(null);
        if (problem != null) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Invalid %s: %s".formatted(TOKEN.name(), problem));
        }
    }

    /** The defaults of every {@code brapi.*} key: no token. */
    public static BrapiClientSettings defaults() {
        return of(new HttpSettings(URI.create(DEFAULT_BASE_URL), Duration.ofSeconds(10), Duration.ofSeconds(30), 4, Duration.ofSeconds(1),
                Duration.ofSeconds(30), HttpSettingsFields.DEFAULT_USER_AGENT, HttpSettings.DEFAULT_MAX_RESPONSE_BYTES), Optional.empty());
    }

    public static List<ConfigField> fields() {
        List<ConfigField> fields = new ArrayList<>(FIELDS.list());
        fields.add(1, TOKEN);
        return List.copyOf(fields);
    }

    public static BrapiClientSettings from(Configuration configuration) {
        return of(FIELDS.read(configuration), Optional.ofNullable(configuration.get(TOKEN)));
    }

    private static BrapiClientSettings of(HttpSettings http, Optional<String> token) {
        return new BrapiClientSettings(http.baseUrl(), token, http.connectTimeout(), http.requestTimeout(), http.maxAttempts(), http.initialBackoff(),
                http.maxBackoff(), http.userAgent(), http.maxResponseBytes());
    }

    public HttpSettings http() {
        return new HttpSettings(baseUrl, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, userAgent, maxResponseBytes);
    }

    public BrapiClientSettings withBaseUrl(URI newBaseUrl) {
        return new BrapiClientSettings(newBaseUrl, token, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, userAgent, maxResponseBytes);
    }

    public BrapiClientSettings withToken(String newToken) {
        return new BrapiClientSettings(baseUrl, Optional.of(newToken), connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, userAgent,
                maxResponseBytes);
    }

    public BrapiClientSettings withTimeouts(Duration newConnectTimeout, Duration newRequestTimeout) {
        return new BrapiClientSettings(baseUrl, token, newConnectTimeout, newRequestTimeout, maxAttempts, initialBackoff, maxBackoff, userAgent,
                maxResponseBytes);
    }

    public BrapiClientSettings withRetries(int newMaxAttempts, Duration newInitialBackoff, Duration newMaxBackoff) {
        return new BrapiClientSettings(baseUrl, token, connectTimeout, requestTimeout, newMaxAttempts, newInitialBackoff, newMaxBackoff, userAgent,
                maxResponseBytes);
    }

    public BrapiClientSettings withMaxResponseBytes(long newMaxResponseBytes) {
        return new BrapiClientSettings(baseUrl, token, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, userAgent,
                newMaxResponseBytes);
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return ("BrapiClientSettings[baseUrl=%s, token=%s, connectTimeout=%s, requestTimeout=%s, maxAttempts=%d, initialBackoff=%s, maxBackoff=%s, "
                + "userAgent=%s, maxResponseBytes=%d]").formatted(baseUrl, token.isPresent() ? SourceHttpClient.MASK : "<none>", connectTimeout,
                requestTimeout, maxAttempts, initialBackoff, maxBackoff, userAgent, maxResponseBytes);
    }

    /** The token travels in the query string: it is limited to characters that need no encoding. Never quotes it. */
    static String tokenProblem(String value) {
        String token = value.strip();
        return token.isEmpty() || token.matches("[A-Za-z0-9._~-]{1,512}")
                ? null
                : "a token holds only letters, digits and . _ ~ - (at most 512 characters); the value given does not";
    }
}
