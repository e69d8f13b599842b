package dev.lagoa.apiload.source;

import dev.lagoa.apiload.ApiLoadErrorCode;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import dev.lagoa.apiload.ApiLoader;
import dev.lagoa.apiload.EndpointDefinition;
import dev.lagoa.apiload.Pagination;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches an endpoint's pages over HTTP: page number, offset, cursor or {@code Link} header pagination, the
 * incremental cursor as a query parameter, headers whose {@code ${env:NAME}} references are read from the
 * environment at each request (never logged). A 5xx, 429 or connection failure is retried with a doubling wait; other
 * statuses fail at once. A page without records ends the pagination. A 2xx body that is not JSON at all (an HTML page,
 * a maintenance notice served with 200: its first character is neither {@code {} nor {@code [}) fails the fetch
 * ({@code SOURCE_ERROR}, naming its content type and first characters) before it is archived, so that a rerun meets
 * it again instead of skipping it as already loaded. (A body that starts as JSON and breaks half-way is archived and
 * rejected by the load.)
 *
 * <p>Each response is streamed to a temporary file and handed to the sink as a file: memory never holds a whole body.
 * A body larger than the configured cap fails the fetch ({@code RESPONSE_TOO_LARGE}) before it is archived. A page
 * whose body is the same as the previous page's (an API that ignores the page parameter or repeats its last page)
 * fails the fetch ({@code REPEATED_PAGE}) without being archived again.
 *
 * <p>Credentials stay with their origin: the endpoint's headers (and a body that refers to the environment) are sent
 * only to the scheme, host and port of the endpoint's URL. Redirects are followed here (at most
 * {@value #MAX_REDIRECTS}, never from https to http), and a redirect or a {@code Link} next page on another origin is
 * requested without the endpoint's headers.
 */
public final class HttpSource implements ApiLoader.PageSource {
    /** A runaway pagination stops here. */
    static final int MAX_PAGES = 100_000;
    static final int MAX_REDIRECTS = 5;
    /** The part of an error response read to quote it in the message. */
    private static final int ERROR_BODY_BYTES = 4096;
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;[^,]*rel=\"?next\"?");
    private static final JsonFactory JSON = new JsonFactory();
    private static final Logger LOG = LoggerFactory.getLogger(HttpSource.class);

    private final HttpClient client;
    private final Map<String, String> environment;
    private final int retries;
    private final Duration retryBackoff;
    private final Duration requestTimeout;
    private final long maxResponseBytes;

    /** @param maxResponseBytes the largest body accepted (the body cap), at least 1 */
    public HttpSource(Map<String, String> environment, int retries, Duration retryBackoff, Duration requestTimeout, long maxResponseBytes) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        this.retries = retries;
        this.retryBackoff = requireNonNull(retryBackoff, "retryBackoff is null");
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
        if (maxResponseBytes < 1) {
            throw new IllegalArgumentException("maxResponseBytes must be at least 1: " + maxResponseBytes);
        }
        this.maxResponseBytes = maxResponseBytes;
        this.client = HttpClient.newBuilder().connectTimeout(requestTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void fetch(EndpointDefinition endpoint, Optional<String> cursor, ApiLoader.PageSink sink) {
        Map<String, String> parameters = new LinkedHashMap<>();
        cursor.ifPresent(value -> parameters.put(endpoint.incremental().orElseThrow().param(), value));
        Pagination pagination = endpoint.pagination();
        URI origin = URI.create(endpoint.url());
        int page = pagination instanceof Pagination.PageNumber number ? number.start() : 0;
        long offset = 0;
        String next = endpoint.url();
        byte[] previousDigest = null;
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
            Response response = send(endpoint, origin, uri);
            try {
                if (previousDigest != null && Arrays.equals(previousDigest, response.digest())) {
                    throw new LagoaException(ApiLoadErrorCode.REPEATED_PAGE, ("Endpoint %s: page %d (%s) is the same as page %d (same SHA-256): the API "
                            + "ignores the pagination parameter or repeats its last page, so the pages may not cover all records; check the "
                            + "endpoint's pagination").formatted(endpoint.name(), request, withoutQuery(uri), request - 1));
                }
                previousDigest = response.digest();
                requireJson(endpoint, response);
                sink.accept(response.body());
                Scan scan = scan(response.body(), endpoint.recordsPath(),
                        pagination instanceof Pagination.Cursor byCursor ? byCursor.cursorPath() : null);
                if (scan.records() == 0) {
                    return;
                }
                if (pagination instanceof Pagination.None) {
                    return;
                } else if (pagination instanceof Pagination.PageNumber) {
                    page++;
                } else if (pagination instanceof Pagination.Offset) {
                    offset += scan.records();
                } else if (pagination instanceof Pagination.Cursor byCursor) {
                    if (scan.cursor().isEmpty()) {
                        return;
                    }
                    parameters.put(byCursor.param(), scan.cursor().get());
                } else if (pagination instanceof Pagination.LinkHeader) {
                    Optional<String> nextLink = response.headers().allValues("Link").stream()
                            .map(NEXT_LINK::matcher).filter(Matcher::find).map(matcher -> matcher.group(1)).findFirst();
                    if (nextLink.isEmpty()) {
                        return;
                    }
                    next = response.uri().resolve(nextLink.get()).toString();
                }
            } finally {
                response.delete();
            }
        }
        throw new LagoaException(ApiLoadErrorCode.SOURCE_ERROR, "Endpoint %s: stopped after %d pages; is its pagination configured right?".formatted(
                endpoint.name(), MAX_PAGES));
    }

    /**
     * A successful response: its body in a temporary file, the body's SHA-256, its first bytes (at most
     * {@value #ERROR_BODY_BYTES}), and the URI that answered (after redirects).
     */
    private record Response(URI uri, HttpHeaders headers, Path body, byte[] digest, byte[] start) {
        void delete() {
            try {
                Files.deleteIfExists(body);
            } catch (IOException e) {
                LOG.warn("Cannot delete the temporary file {}: {}", body, e.getMessage());
            }
        }
    }

    /**
     * Refuses a body whose first character (after white space and a byte order mark) is neither {@code {} nor
     * {@code [}: not the API's JSON but, say, an HTML page. An empty body passes (a page of no records).
     */
    private static void requireJson(EndpointDefinition endpoint, Response response) {
        String text = new String(response.start(), StandardCharsets.UTF_8).replace("\uFEFF", "").strip();
        if (text.isEmpty() || text.charAt(0) == '{' || text.charAt(0) == '[') {
            return;
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("no Content-Type");
        String oneLine = text.replaceAll("\\s+", " ");
        throw new LagoaException(ApiLoadErrorCode.SOURCE_ERROR, "Endpoint %s: %s answered with %s, not JSON: %s; nothing was loaded".formatted(
                endpoint.name(), withoutQuery(response.uri()), contentType, oneLine.length() > 80 ? oneLine.substring(0, 80) + "..." : oneLine));
    }

    /** An answer that is not a success (after redirects), with the start of its body. */
    private record Failure(URI uri, int status, String snippet) {
    }

    private Response send(EndpointDefinition endpoint, URI origin, URI uri) {
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
                Object answer = exchange(endpoint, origin, uri);
                if (answer instanceof Response response) {
                    return response;
                }
                Failure failure = (Failure) answer;
                lastProblem = "HTTP " + failure.status();
                if (failure.status() != 429 && failure.status() < 500) {
                    throw new LagoaException(ApiLoadErrorCode.SOURCE_ERROR, "Endpoint %s: %s answered HTTP %d: %s".formatted(endpoint.name(),
                            withoutQuery(failure.uri()), failure.status(), failure.snippet()));
                }
            } catch (IOException e) {
                lastProblem = problem(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LagoaException(ApiLoadErrorCode.SOURCE_ERROR, "Endpoint %s: interrupted".formatted(endpoint.name()), e);
            }
        }
        throw new LagoaException(ApiLoadErrorCode.SOURCE_ERROR, "Endpoint %s: %s failed %d time%s, last: %s".formatted(endpoint.name(), withoutQuery(uri),
                retries + 1, retries == 0 ? "" : "s", lastProblem));
    }

    /** One request and its redirects: a {@link Response} for a 2xx, a {@link Failure} otherwise. */
    private Object exchange(EndpointDefinition endpoint, URI origin, URI uri) throws IOException, InterruptedException {
        URI current = uri;
        String method = endpoint.method();
        boolean withBody = endpoint.body().isPresent();
        for (int redirects = 0; ; redirects++) {
            boolean trusted = sameOrigin(origin, current);
            HttpRequest.Builder builder = HttpRequest.newBuilder(current).timeout(requestTimeout).header("Accept", "application/json");
            if (trusted) {
                endpoint.headers().forEach((name, value) -> builder.header(name, resolve(endpoint, name, value)));
            }
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
            if (withBody) {
                String template = endpoint.body().get();
                if (!trusted && ENV.matcher(template).find()) {
                    throw new LagoaException(ApiLoadErrorCode.SOURCE_ERROR, ("Endpoint %s: %s is on another origin than the endpoint (%s); its "
                            + "body refers to the environment, and is not sent there").formatted(endpoint.name(), withoutQuery(current),
                            originOf(origin)));
                }
                body = HttpRequest.BodyPublishers.ofString(resolve(endpoint, "body", template));
            }
            builder.method(method, body);
            HttpResponse<InputStream> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return download(endpoint, current, response);
            }
            Optional<String> location = response.headers().firstValue("Location");
            if (!isRedirect(status) || location.isEmpty()) {
                return new Failure(current, status, snippet(response.body()));
            }
            response.body().close();
            if (redirects == MAX_REDIRECTS) {
                throw new LagoaException(ApiLoadErrorCode.SOURCE_ERROR, "Endpoint %s: %s redirected more than %d times".formatted(endpoint.name(),
                        withoutQuery(uri), MAX_REDIRECTS));
            }
            URI target = current.resolve(location.get());
            if ("https".equalsIgnoreCase(current.getScheme()) && !"https".equalsIgnoreCase(target.getScheme())) {
                throw new LagoaException(ApiLoadErrorCode.SOURCE_ERROR, "Endpoint %s: %s redirected from https to %s, which is refused".formatted(
                        endpoint.name(), withoutQuery(current), withoutQuery(target)));
            }
            if (status == 303 || (status == 301 || status == 302) && "POST".equalsIgnoreCase(method)) {
                method = "GET";
                withBody = false;
            }
            if (trusted && !sameOrigin(origin, target)) {
                LOG.info("Endpoint {}: {} redirects to another origin, {}; followed without the endpoint's headers", endpoint.name(),
                        withoutQuery(current), originOf(target));
            }
            current = target;
        }
    }

    /** What went wrong with a request, for people, naming the setting a timeout comes from. */
    private String problem(IOException e) {
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no %s within apiload.request-timeout (%s)".formatted(e instanceof java.net.http.HttpConnectTimeoutException ? "connection" : "answer",
                    dev.lagoa.core.config.Durations.format(requestTimeout));
        }
        return dev.lagoa.core.IoFailures.describe(e);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Streams a 2xx body to a temporary file, under the cap, and digests it. */
    private Response download(EndpointDefinition endpoint, URI uri, HttpResponse<InputStream> response) throws IOException {
        OptionalLong declared = response.headers().firstValueAsLong("Content-Length");
        if (declared.isPresent() && declared.getAsLong() > maxResponseBytes) {
            response.body().close();
            throw tooLarge(endpoint, uri, "declares " + declared.getAsLong() + " bytes");
        }
        MessageDigest digest = sha256();
        Path file = Files.createTempFile("lagoa-apiload-page-", ".json");
        java.io.ByteArrayOutputStream start = new java.io.ByteArrayOutputStream();
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > maxResponseBytes) {
                    throw tooLarge(endpoint, uri, "has more than " + maxResponseBytes + " bytes");
                }
                start.write(buffer, 0, Math.min(n, Math.max(0, ERROR_BODY_BYTES - start.size())));
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new Response(uri, response.headers(), file, digest.digest(), start.toByteArray());
    }

    private LagoaException tooLarge(EndpointDefinition endpoint, URI uri, String size) {
        return new LagoaException(ApiLoadErrorCode.RESPONSE_TOO_LARGE, ("Endpoint %s: the response of %s %s, more than apiload.max-response-mb "
                + "allows (%d bytes); raise it, or ask for smaller pages").formatted(endpoint.name(), withoutQuery(uri), size, maxResponseBytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Same scheme, host and port (the default port of the scheme when none is written). */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String originOf(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
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

    /**
     * What pagination needs of a page, read as a stream: how many records are at the records path (an array's size, 1
     * for another value, 0 when missing, null or the body is not JSON), and the text at the cursor path.
     */
    record Scan(int records, Optional<String> cursor) {
    }

    static Scan scan(Path body, String recordsPath, String cursorPath) {
        String records = JsonPointer.compile(recordsPath).toString();
        String cursor = cursorPath == null ? null : JsonPointer.compile(cursorPath).toString();
        int[] count = {0};
        String[] cursorValue = {null};
        try (JsonParser parser = JSON.createParser(body.toFile())) {
            JsonToken first = parser.nextToken();
            if (first != null) {
                walk(parser, first, "", records, cursor, count, cursorValue);
            }
        } catch (IOException e) {
            return new Scan(0, Optional.empty());
        }
        return new Scan(count[0], Optional.ofNullable(cursorValue[0]).filter(value -> !value.isEmpty()));
    }

    private static void walk(JsonParser parser, JsonToken token, String path, String records, String cursor, int[] count, String[] cursorValue)
            throws IOException {
        if (path.equals(records)) {
            if (token == JsonToken.START_ARRAY) {
                for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
                    parser.skipChildren();
                    count[0]++;
                }
            } else {
                count[0] = token == JsonToken.VALUE_NULL ? 0 : 1;
                parser.skipChildren();
            }
            return;
        }
        if (path.equals(cursor)) {
            if (token.isScalarValue() && token != JsonToken.VALUE_NULL) {
                cursorValue[0] = parser.getText();
            }
            parser.skipChildren();
            return;
        }
        if (!records.startsWith(path + "/") && (cursor == null || !cursor.startsWith(path + "/"))) {
            parser.skipChildren();
            return;
        }
        if (token == JsonToken.START_OBJECT) {
            for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                String name = parser.currentName().replace("~", "~0").replace("/", "~1");
                walk(parser, parser.nextToken(), path + "/" + name, records, cursor, count, cursorValue);
            }
        } else if (token == JsonToken.START_ARRAY) {
            int index = 0;
            for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                walk(parser, next, path + "/" + index++, records, cursor, count, cursorValue);
            }
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

    private static String snippet(InputStream body) throws IOException {
        String text;
        try (InputStream in = body) {
            text = new String(in.readNBytes(ERROR_BODY_BYTES), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        }
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
