package dev.lagoa.aws;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lineage.LineageSink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenLineage run events to any OpenLineage HTTP endpoint (Marquez, the OpenLineage proxy, ...): one
 * {@code POST <url>/api/v1/lineage} per event with the event's JSON, as OpenLineage's HTTP transport sends them, and
 * {@code Authorization: Bearer <api key>} when a key is configured (never logged). Answers 429 and 5xx, and failed
 * connections, are tried again {@value #ATTEMPTS} times in all with a doubling pause; other answers fail at once.
 */
public final class OpenLineageHttpSink implements LineageSink {
    static final String PATH = "/api/v1/lineage";
    static final int ATTEMPTS = 4;
    private static final Set<Integer> RETRIED = Set.of(429, 500, 502, 503, 504);
    private static final Logger LOG = LoggerFactory.getLogger(OpenLineageHttpSink.class);

    private final URI endpoint;
    private final Optional<String> apiKey;
    private final HttpClient client;
    private final Duration firstPause;

    /**
     * A sink to {@code baseUrl} (the server's root, {@code http://marquez:5000}), with an optional API key, pausing
     * {@code firstPause} before the first retry.
     */
    public OpenLineageHttpSink(URI baseUrl, Optional<String> apiKey, Duration firstPause) {
        requireNonNull(baseUrl, "baseUrl is null");
        this.apiKey = requireNonNull(apiKey, "apiKey is null");
        this.firstPause = requireNonNull(firstPause, "firstPause is null");
        if (baseUrl.getScheme() == null || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https")) || baseUrl.getHost() == null) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Invalid OpenLineage URL '%s': an http(s) URL such as http://marquez:5000"
                    .formatted(baseUrl));
        }
        String base = baseUrl.toString();
        this.endpoint = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + PATH);
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public void send(List<String> events) {
        requireNonNull(events, "events is null");
        int sent = 0;
        for (String event : events) {
            requireNonNull(event, "event is null");
            post(event, sent, events.size());
            sent++;
        }
        LOG.info("Sent {} lineage event(s) to {}", sent, endpoint);
    }

    private void post(String event, int sent, int total) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8));
        apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
        Duration pause = firstPause;
        String last = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return;
                }
                last = "HTTP %d %s".formatted(status, abbreviate(response.body()));
                if (status == 401 || status == 403) {
                    throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Cannot send lineage event %d of %d to %s: %s; check the API key (%s sent before)"
                            .formatted(sent + 1, total, endpoint, last, sent));
                }
                if (!RETRIED.contains(status)) {
                    throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "Cannot send lineage event %d of %d to %s: %s (%d sent before)"
                            .formatted(sent + 1, total, endpoint, last, sent));
                }
            } catch (IOException e) {
                last = dev.lagoa.core.IoFailures.describe(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Interrupted while sending lineage events to " + endpoint, e);
            }
            if (attempt < ATTEMPTS) {
                LOG.debug("Lineage endpoint {} answered {}; trying again in {}", endpoint, last, pause);
                sleep(pause);
                pause = pause.multipliedBy(2);
            }
        }
        throw new LagoaException(ErrorCode.LINEAGE_ENDPOINT_ERROR, "Cannot send lineage event %d of %d to %s after %d attempts: %s (%d sent before)"
                .formatted(sent + 1, total, endpoint, ATTEMPTS, last, sent));
    }

    private static String abbreviate(String body) {
        String line = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Interrupted while waiting to retry a lineage event", e);
        }
    }

    @Override
    public String describe() {
        return endpoint.toString();
    }

    @Override
    public void close() {
        // the JDK client of Java 17 holds no resources that need closing
    }
}
