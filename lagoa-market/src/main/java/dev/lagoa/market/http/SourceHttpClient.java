package dev.lagoa.market.http;

import dev.lagoa.market.MarketErrorCode;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * GET with retries for a market data source. Tries again, up to {@link HttpSettings#maxAttempts()}, on a 5xx, on
 * a 429 (waiting what {@code Retry-After} asks when it says so), on a timeout and on a connection failure, with an
 * exponential backoff and jitter between tries; never on another status. Bodies larger than
 * {@link HttpSettings#maxResponseBytes()} are refused. Redirects are not followed: a redirect is answered to the caller.
 *
 * <p>A secret in the URL (a token) is passed apart from it: every URL and message this class produces shows
 * {@link #MASK} instead of it.
 */
public final class SourceHttpClient {
    public static final String MASK = "******";

    private final String sourceName;
    private final HttpSettings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final HttpClient client;

    /**
     * @param sourceName the name messages give the source ({@code B3}, {@code BRAPI})
     * @param random the jitter's randomness
     */
    public SourceHttpClient(String sourceName, HttpSettings settings, Clock clock, Sleeper sleeper, RandomGenerator random) {
        this.sourceName = requireNonNull(sourceName, "sourceName is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.random = requireNonNull(random, "random is null");
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public SourceHttpClient(String sourceName, HttpSettings settings, Clock clock, Sleeper sleeper) {
        this(sourceName, settings, clock, sleeper, new SplittableRandom());
    }

    public String sourceName() {
        return sourceName;
    }

    public HttpSettings settings() {
        return settings;
    }

    /**
     * GETs {@code uri} and returns the first response that is not retried: a 2xx, or a 1xx/3xx/4xx other than 429,
     * which the caller maps to its own message.
     *
     * @param secret a value in {@code uri} that must never be shown (masked in the returned URL and in messages), or null
     * @throws LagoaException {@link ErrorCode#SOURCE_UNAVAILABLE} when every attempt failed or a {@code Retry-After}
     *         asks for a longer wait than the max backoff; {@link ErrorCode#SOURCE_RESPONSE_INVALID} when the body is
     *         larger than the maximum
     */
    public RawResponse get(URI uri, String secret) {
        requireNonNull(uri, "uri is null");
        String shownUrl = mask(uri.toString(), secret);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(settings.requestTimeout())
                .header("User-Agent", settings.userAgent())
                .header("Accept", "application/json")
                .build();
        String lastFailure = null;
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            try {
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                RawResponse raw = read(response, shownUrl, attempt);
                int status = raw.statusCode();
                if (status != 429 && status < 500) {
                    return raw;
                }
                lastFailure = mask("HTTP %d%s".formatted(status, excerpt(raw)), secret);
                if (attempt >= settings.maxAttempts()) {
                    throw unavailable(shownUrl, attempt, lastFailure, null, secret);
                }
                Optional<Duration> retryAfter = retryAfter(raw);
                if (retryAfter.isPresent() && retryAfter.get().compareTo(settings.maxBackoff()) > 0) {
                    throw new LagoaException(MarketErrorCode.SOURCE_UNAVAILABLE, "%s answered GET %s with %s and asks to wait %s (Retry-After), longer than the max backoff %s"
                            .formatted(sourceName, shownUrl, lastFailure, retryAfter.get(), settings.maxBackoff()));
                }
                wait = retryAfter.isPresent() ? retryAfter.get() : backoff(attempt);
            } catch (HttpTimeoutException e) {
                lastFailure = "no answer within %s (%s)".formatted(e instanceof HttpConnectTimeoutException
                        ? "the connect timeout " + settings.connectTimeout() : "the request timeout " + settings.requestTimeout(), e.getClass().getSimpleName());
                if (attempt >= settings.maxAttempts()) {
                    throw unavailable(shownUrl, attempt, lastFailure, e, secret);
                }
                wait = backoff(attempt);
            } catch (IOException e) {
                lastFailure = mask(dev.lagoa.core.IoFailures.describe(e), secret);
                if (attempt >= settings.maxAttempts()) {
                    throw unavailable(shownUrl, attempt, lastFailure, e, secret);
                }
                wait = backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LagoaException(MarketErrorCode.SOURCE_UNAVAILABLE, "Interrupted while calling %s: GET %s".formatted(sourceName, shownUrl));
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LagoaException(MarketErrorCode.SOURCE_UNAVAILABLE, "Interrupted while waiting to call %s again (%s): GET %s".formatted(
                        sourceName, lastFailure, shownUrl));
            }
        }
    }

    private RawResponse read(HttpResponse<InputStream> response, String shownUrl, int attempt) throws IOException {
        long max = settings.maxResponseBytes();
        try (InputStream in = response.body()) {
            OptionalLong declared = response.headers().firstValueAsLong("content-length");
            if (declared.isPresent() && declared.getAsLong() > max) {
                throw tooLarge(shownUrl, "declares " + declared.getAsLong() + " bytes");
            }
            byte[] body = in.readNBytes((int) max + 1);
            if (body.length > max) {
                throw tooLarge(shownUrl, "sent more");
            }
            Map<String, String> kept = new LinkedHashMap<>();
            for (String name : RawResponse.KEPT_HEADERS) {
                response.headers().firstValue(name).ifPresent(value -> kept.put(name, value));
            }
            return new RawResponse(shownUrl, response.statusCode(), kept, body, clock.instant(), attempt);
        }
    }

    private LagoaException tooLarge(String shownUrl, String what) {
        return new LagoaException(MarketErrorCode.SOURCE_RESPONSE_INVALID, "%s answered GET %s with a body larger than the maximum of %d bytes (it %s); raise the max response bytes if this is expected"
                .formatted(sourceName, shownUrl, settings.maxResponseBytes(), what));
    }

    private LagoaException unavailable(String shownUrl, int attempts, String lastFailure, Throwable cause, String secret) {
        String message = "%s did not answer GET %s after %d attempt%s: %s".formatted(
                sourceName, shownUrl, attempts, attempts == 1 ? "" : "s", lastFailure);
        // The cause's own text could hold the URL with the secret: it is only chained when it does not.
        boolean causeIsSafe = cause != null && (secret == null || secret.isEmpty() || !String.valueOf(cause).contains(secret));
        return new LagoaException(MarketErrorCode.SOURCE_UNAVAILABLE, message, causeIsSafe ? cause : null);
    }

    /** Exponential: initial × 2^(attempt-1), at most the max backoff; "equal jitter" keeps it between half and all of that. */
    Duration backoff(int attempt) {
        long initial = settings.initialBackoff().toMillis();
        long max = settings.maxBackoff().toMillis();
        long exponential = Math.min(max, initial << Math.min(attempt - 1, 30));
        long half = exponential / 2;
        return Duration.ofMillis(half + random.nextLong(exponential - half + 1));
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date; empty when absent or unreadable. */
    Optional<Duration> retryAfter(RawResponse response) {
        Optional<String> header = response.header("retry-after").map(String::trim);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get();
        if (value.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The start of an error body, to say what the source said; nothing when it is empty. */
    private static String excerpt(RawResponse raw) {
        String text = raw.decode().text().strip().replaceAll("\\s+", " ");
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > 120 ? text.substring(0, 120) + "..." : text);
    }

    /** {@code text} with every occurrence of {@code secret} replaced by {@link #MASK}. */
    public static String mask(String text, String secret) {
        if (secret == null || secret.isEmpty()) {
            return text;
        }
        return text.replace(secret, MASK);
    }
}
