package dev.lagoa.market.http;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a market data client talks HTTP: where (the base URL, without a trailing slash), how long it waits, how many
 * times it tries and how long it backs off between tries, the User-Agent it sends, and the largest body it accepts.
 *
 * @param maxAttempts tries per request, the first included (1 = no retry)
 * @param initialBackoff wait before the second try; it doubles at each retry, up to {@code maxBackoff}, with jitter
 * @param maxBackoff longest wait between tries; a {@code Retry-After} longer than it ends the retries
 * @param maxResponseBytes largest body accepted; a larger one fails without being read further
 */
public record HttpSettings(
        URI baseUrl,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        String userAgent,
        long maxResponseBytes) {
    /** 32 MiB: a real B3 portfolio page is about 15 KB, a month of daily BRAPI bars a few KB. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 32L * 1024 * 1024;
    /** The most a body can be: it is held in one array. */
    public static final long LARGEST_MAX_RESPONSE_BYTES = Integer.MAX_VALUE - 16;

    public HttpSettings {
        requireNonNull(baseUrl, "baseUrl is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(initialBackoff, "initialBackoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        requireNonNull(userAgent, "userAgent is null");
        List<String> problems = new ArrayList<>();
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
            problems.add("base URL '%s' is not an http(s) URL with a host".formatted(baseUrl));
        } else if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null || baseUrl.getRawUserInfo() != null) {
            problems.add("base URL '%s' must have no user info, query or fragment".formatted(baseUrl));
        }
        if (!isPositive(connectTimeout) || !isPositive(requestTimeout)) {
            problems.add("timeouts must be positive: connect %s, request %s".formatted(connectTimeout, requestTimeout));
        }
        if (maxAttempts < 1) {
            problems.add("max attempts must be at least 1: " + maxAttempts);
        }
        if (!isPositive(initialBackoff) || maxBackoff.compareTo(initialBackoff) < 0) {
            problems.add("backoffs must be positive with initial <= max: initial %s, max %s".formatted(initialBackoff, maxBackoff));
        }
        if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            problems.add("user agent must be printable ASCII and not blank: '%s'".formatted(userAgent));
        }
        if (maxResponseBytes < 1 || maxResponseBytes > LARGEST_MAX_RESPONSE_BYTES) {
            problems.add("max response bytes must be between 1 and %d: %d".formatted(LARGEST_MAX_RESPONSE_BYTES, maxResponseBytes));
        }
        if (!problems.isEmpty()) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Invalid HTTP settings (%d problem%s):%n  - %s".formatted(
                    problems.size(), problems.size() == 1 ? "" : "s", String.join(System.lineSeparator() + "  - ", problems)));
        }
        String text = baseUrl.toString();
        if (text.endsWith("/")) {
            baseUrl = URI.create(text.substring(0, text.length() - 1));
        }
    }

    private static boolean isPositive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
