package dev.lagoa.sqs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What clients reach on the SQS port: it passes a request on to ElasticMQ (on a second loopback port) only when it
 * carries the workspace's access key id in its SigV4 {@code Authorization} header, and never when a web browser sent
 * it. Loopback is not a boundary: any page a browser loads may send a form-encoded POST to 127.0.0.1 without a CORS
 * preflight, but it cannot add an {@code Authorization} header without one, and browsers mark their requests with
 * {@code Origin} or {@code Sec-Fetch-*} headers. ElasticMQ checks no credentials itself.
 */
final class AuthenticatingFront implements AutoCloseable {
    /** Headers that {@link HttpClient} sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding",
            "keep-alive", "te", "trailer", "proxy-authorization", "proxy-connection");
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(90);

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final URI backend;
    private final String accessKeyId;

    private AuthenticatingFront(HttpServer server, ExecutorService executor, URI backend, String accessKeyId) {
        this.server = server;
        this.executor = executor;
        this.backend = backend;
        this.accessKeyId = accessKeyId;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).executor(executor).build();
    }

    /** Listens on 127.0.0.1:{@code port} and passes authenticated requests on to {@code backend}. */
    static AuthenticatingFront start(int port, URI backend, String accessKeyId) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "lagoa-sqs-front");
            thread.setDaemon(true);
            return thread;
        });
        AuthenticatingFront front = new AuthenticatingFront(server, executor, backend, accessKeyId);
        server.setExecutor(executor);
        server.createContext("/", front::handle);
        server.start();
        return front;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String refusal = refusal(exchange);
            if (refusal != null) {
                exchange.getRequestBody().readAllBytes();
                respondDenied(exchange, refusal);
                return;
            }
            forward(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            System.err.println("lagoa-sqs: cannot pass a request on to ElasticMQ: " + e);
        }
    }

    /** Why the request is refused, or null when it may pass. */
    private String refusal(HttpExchange exchange) {
        var headers = exchange.getRequestHeaders();
        if (headers.containsKey("Origin") || headers.containsKey("Sec-Fetch-Site") || headers.containsKey("Sec-Fetch-Mode")) {
            return "Requests sent by a web browser are refused by the local SQS";
        }
        String authorization = headers.getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ") || !authorization.contains("Credential=" + accessKeyId + "/")) {
            return "The local SQS asks for the workspace's access key (services/sqs/access-key)";
        }
        return null;
    }

    private void respondDenied(HttpExchange exchange, String message) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        boolean json = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
        String requestId = UUID.randomUUID().toString();
        byte[] body;
        if (json) {
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().set("x-amzn-query-error", "InvalidClientTokenId;Sender");
            body = "{\"__type\":\"com.amazon.coral.service#InvalidClientTokenId\",\"message\":\"%s\"}".formatted(message).getBytes(StandardCharsets.UTF_8);
        } else {
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            body = ("<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>%s</Message></Error>"
                    + "<RequestId>%s</RequestId></ErrorResponse>").formatted(message, requestId).getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        exchange.sendResponseHeaders(403, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void forward(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        URI target = backend.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(FORWARD_TIMEOUT)
                .method(exchange.getRequestMethod(), requestBody.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(requestBody));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(lower) && !lower.equals(":status")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
