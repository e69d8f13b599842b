package dev.lagoa.market.http;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.ConfigType;
import dev.lagoa.core.config.Configuration;
import dev.lagoa.core.config.Validators;
import java.net.URI;
import java.util.List;

/** The configuration keys of one source's {@link HttpSettings}, all under one prefix ({@code b3.}, {@code brapi.}). */
public record HttpSettingsFields(
        ConfigField baseUrl,
        ConfigField connectTimeout,
        ConfigField requestTimeout,
        ConfigField maxAttempts,
        ConfigField initialBackoff,
        ConfigField maxBackoff,
        ConfigField userAgent,
        ConfigField maxResponseBytes) {
    public static final String DEFAULT_CONNECT_TIMEOUT = "10s";
    public static final String DEFAULT_REQUEST_TIMEOUT = "30s";
    public static final String DEFAULT_MAX_ATTEMPTS = "4";
    public static final String DEFAULT_INITIAL_BACKOFF = "1s";
    public static final String DEFAULT_MAX_BACKOFF = "30s";
    public static final String DEFAULT_USER_AGENT = "Lagoa/0.1";

    public HttpSettingsFields {
        requireNonNull(baseUrl, "baseUrl is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(maxAttempts, "maxAttempts is null");
        requireNonNull(initialBackoff, "initialBackoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        requireNonNull(userAgent, "userAgent is null");
        requireNonNull(maxResponseBytes, "maxResponseBytes is null");
    }

    /** The keys {@code <prefix>.base-url}, {@code <prefix>.connect-timeout}, ... of the source {@code sourceName}. */
    public static HttpSettingsFields create(String prefix, String sourceName, String defaultBaseUrl) {
        return new HttpSettingsFields(
                ConfigField.create(prefix + ".base-url", ConfigType.STRING, defaultBaseUrl,
                                "Base URL of the %s API (a local stub in tests).".formatted(sourceName))
                        .withValidator(HttpSettingsFields::baseUrlProblem),
                ConfigField.create(prefix + ".connect-timeout", ConfigType.DURATION, DEFAULT_CONNECT_TIMEOUT,
                        "Longest wait for a TCP/TLS connection to %s.".formatted(sourceName)),
                ConfigField.create(prefix + ".request-timeout", ConfigType.DURATION, DEFAULT_REQUEST_TIMEOUT,
                        "Longest wait for %s's answer to one request; a request that times out is tried again.".formatted(sourceName)),
                ConfigField.create(prefix + ".max-attempts", ConfigType.INT, DEFAULT_MAX_ATTEMPTS,
                                "Tries per request to %s, the first included, on timeouts, connection failures, 5xx and 429.".formatted(sourceName))
                        .withValidator(Validators.atLeast(1)),
                ConfigField.create(prefix + ".initial-backoff", ConfigType.DURATION, DEFAULT_INITIAL_BACKOFF,
                        "Wait before the second try; it doubles at each retry (with jitter), up to the max backoff."),
                ConfigField.create(prefix + ".max-backoff", ConfigType.DURATION, DEFAULT_MAX_BACKOFF,
                        "Longest wait between tries; a Retry-After longer than it ends the retries."),
                ConfigField.create(prefix + ".user-agent", ConfigType.STRING, DEFAULT_USER_AGENT,
                        "User-Agent header of the requests to %s.".formatted(sourceName)),
                ConfigField.create(prefix + ".max-response-bytes", ConfigType.INT, Long.toString(HttpSettings.DEFAULT_MAX_RESPONSE_BYTES),
                                "Largest %s response body accepted, in bytes; a larger one fails the request.".formatted(sourceName))
                        .withValidator(Validators.atLeast(1)));
    }

    public List<ConfigField> list() {
        return List.of(baseUrl, connectTimeout, requestTimeout, maxAttempts, initialBackoff, maxBackoff, userAgent, maxResponseBytes);
    }

    public HttpSettings read(Configuration configuration) {
        return new HttpSettings(
                URI.create(configuration.require(baseUrl).trim()),
                configuration.getDuration(connectTimeout),
                configuration.getDuration(requestTimeout),
                configuration.getInt(maxAttempts),
                configuration.getDuration(initialBackoff),
                configuration.getDuration(maxBackoff),
                configuration.require(userAgent),
                configuration.getInt(maxResponseBytes));
    }

    static String baseUrlProblem(String value) {
        try {
            URI uri = URI.create(value.trim());
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                return "'%s' is not an http(s) URL with a host".formatted(value);
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "'%s' is not a URL".formatted(value);
        }
    }
}
