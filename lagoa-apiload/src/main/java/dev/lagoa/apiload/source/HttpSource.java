package dev.lagoa.apiload.source;

import dev.lagoa.apiload.ApiLoadErrorCode;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.apiload.ApiLoader;
import dev.lagoa.apiload.EndpointDefinition;
import dev.lagoa.apiload.Pagination;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches an endpoint's pages over HTTP: page number, offset, cursor or {@code Link} header pagination, the
 * incremental cursor as a query parameter, headers whose {@code ${env:NAME}} references are read from the
 * environment at each request (never logged). A 5xx, 429 or connection failure is retried with a doubling wait; other
 * statuses fail at once. A page without records (or that is not JSON: it is archived and rejected by the load) ends
 * the pagination.
 */
public final class HttpSource implements ApiLoader.PageSource {
    /** A runaway pagination stops here. */
    static final int MAX_PAGES = 100_000;
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;[^,]*rel=\"?next\"?");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(HttpSource.class);

    private final HttpClient client;
    private final Map<String, String> environment;
    private final int retries;
    private final Duration retryBackoff;
    private final Duration requestTimeout;

    public HttpSource(Map<String, String> environment, int retries, Duration retryBackoff, Duration requestTimeout) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        this.retries = retries;
        this.retryBackoff = requireNonNull(retryBackoff, "retryBackoff is null");
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
        this.client = HttpClient.newBuilder().connectTimeout(requestTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public void fetch(EndpointDefinition endpoint, Optional<String> cursor, ApiLoader.PageSink sink) {
        Map<String, String> parameters = new LinkedHashMap<>();
        cursor.ifPresent(value -> parameters.put(endpoint.incremental().orElseThrow().param(), value));
        Pagination pagination = endpoint.pagination();
        int page = pagination instanceof Pagination.PageNumber number ? number.start() : 0;
        long offset = 0;
        String next = endpoint.url();
        for (int request = 1; request <= MAX_PAGES; request++) {
            Map<String, String> query = new LinkedHashMap<>(parameters);
            if (pagination instanceof Pagination.PageNumber number) {
                query.put(number.param(), String.valueOf(page));
                query.put(number.sizeParam(), String.valueOf(number.size()));
            } else if (pagination instanceof Pagination.Offset limit) {
                query.put(limit.param(), String.valueOf(offset));
                query.put(limit.limitParam(), String.valueOf(limit.limit()));
            }
            URI uri = request > 1 && pagination instanceof Pagination.LinkHeader ? URI.create(next) : withQuery(next, query);
            HttpResponse<byte[]> response = send(endpoint, uri);
            sink.accept(response.body());
            int records = records(endpoint, response.body());
            if (records == 0) {
                return;
            }
            if (pagination instanceof Pagination.None) {
                return;
            } else if (pagination instanceof Pagination.PageNumber) {
                page++;
            } else if (pagination instanceof Pagination.Offset) {
                offset += records;
            } else if (pagination instanceof Pagination.Cursor byCursor) {
                Optional<String> nextCursor = nextCursor(response.body(), byCursor.cursorPath());
                if (nextCursor.isEmpty()) {
                    return;
                }
                parameters.put(byCursor.param(), nextCursor.get());
            } else if (pagination instanceof Pagination.LinkHeader) {
                Optional<String> nextLink = response.headers().allValues("Link").stream()
                        .map(NEXT_LINK::matcher).filter(Matcher::find).map(matcher -> matcher.group(1)).findFirst();
                if (nextLink.isEmpty()) {
                    return;
                }
                next = URI.create(endpoint.url()).resolve(nextLink.get()).toString();
            }
        }
        throw new LagoaException(ApiLoadErrorCode.SOURCE_ERROR, "Endpoint %s: stopped after %d pages; is its pagination configured right?".formatted(
                endpoint.name(), MAX_PAGES));
    }

    private HttpResponse<byte[]> send(EndpointDefinition endpoint, URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json");
        endpoint.headers().forEach((name, value) -> builder.header(name, resolve(endpoint, name, value)));
        HttpRequest.BodyPublisher body = endpoint.body().map(text -> HttpRequest.BodyPublishers.ofString(resolve(endpoint, "body", text)))
                .orElse(HttpRequest.BodyPublishers.noBody());
        builder.method(endpoint.method(), body);
        Duration wait = retryBackoff;
        String lastProblem = "";
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                LOG.warn("Endpoint {}: {} failed ({}); attempt {} of {} in {}", endpoint.name(), withoutQuery(uri), lastProblem, attempt + 1,
                        retries + 1, wait);
                sleep(wait);
                wait = wait.multipliedBy(2);
            }
            try {
                HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return response;
                }
                lastProblem = "HTTP " + status;
                if (status != 429 && status < 500) {
                    throw new LagoaException(ApiLoadErrorCode.SOURCE_ERROR, "Endpoint %s: %s answered HTTP %d: %s".formatted(endpoint.name(), withoutQuery(uri),
                            status, snippet(response.body())));
                }
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LagoaException(ApiLoadErrorCode.SOURCE_ERROR, "Endpoint %s: interrupted".formatted(endpoint.name()), e);
            }
        }
        throw new LagoaException(ApiLoadErrorCode.SOURCE_ERROR, "Endpoint %s: %s failed %d time%s, last: %s".formatted(endpoint.name(), withoutQuery(uri),
                retries + 1, retries == 0 ? "" : "s", lastProblem));
    }

    private String resolve(EndpointDefinition endpoint, String where, String template) {
        Matcher matcher = ENV.matcher(template);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String value = environment.get(matcher.group(1));
            if (value == null) {
                throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Endpoint %s: %s refers to the environment variable %s, which is not set"
                        .formatted(endpoint.name(), where, matcher.group(1)));
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    private static int records(EndpointDefinition endpoint, byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode records = root == null ? null : endpoint.recordsPath().isEmpty() ? root : root.at(endpoint.recordsPath());
            if (records == null || records.isMissingNode() || records.isNull()) {
                return 0;
            }
            return records.isArray() ? records.size() : 1;
        } catch (IOException e) {
            return 0;
        }
    }

    private static Optional<String> nextCursor(byte[] body, String path) {
        try {
            JsonNode cursor = JSON.readTree(body).at(path);
            return cursor.isMissingNode() || cursor.isNull() || cursor.asText().isEmpty() ? Optional.empty() : Optional.of(cursor.asText());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static URI withQuery(String url, Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return URI.create(url);
        }
        StringBuilder uri = new StringBuilder(url).append(url.contains("?") ? '&' : '?');
        parameters.forEach((name, value) -> uri.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&'));
        uri.setLength(uri.length() - 1);
        return URI.create(uri.toString());
    }

    /** Query strings may carry tokens: messages show the URL without it. */
    private static String withoutQuery(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + (uri.getPath() == null ? "" : uri.getPath());
    }

    private static String snippet(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagoaException(ApiLoadErrorCode.SOURCE_ERROR, "Interrupted while waiting to retry", e);
        }
    }
}
