package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The Prometheus scrape endpoint of {@code lagoa serve}: {@code GET http://127.0.0.1:<port>/metrics} answers the
 * process's Micrometer meters in the Prometheus text format. Loopback only, read only.
 */
public final class MetricsEndpoint implements Closeable {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Starts serving {@code registry} on 127.0.0.1:{@code port} ({@code 0}: a free port, for tests). */
    public static MetricsEndpoint start(PrometheusMeterRegistry registry, int port) {
        requireNonNull(registry, "registry is null");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.createContext("/metrics", exchange -> answer(exchange, registry));
            server.setExecutor(null);
            server.start();
            return new MetricsEndpoint(server);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.SERVICE_START_FAILED,
                    "Cannot serve metrics on 127.0.0.1:%d (serve.metrics.port): %s".formatted(port, e.getMessage()), e);
        }
    }

    private static void answer(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
