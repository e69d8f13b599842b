package dev.lagoa.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The B3 and BRAPI APIs as {@code lagoa demo} uses them: recorded real responses served on 127.0.0.1 the way the live
 * services answer (same paths, same bodies, same content types), so the demo runs the real clients offline.
 */
final class MarketReplayServer implements AutoCloseable {
    private static final String PORTFOLIO_PATH = "/indexProxy/indexCall/GetPortfolioDay/";
    private static final String QUOTE_PATH = "/api/quote/";
    private final HttpServer server;
    private final byte[] portfolio = resource("/demo/b3/GetPortfolioDay_2022-12-08_pt-br_segment2.json");
    private final JsonNode quotes = parse(resource("/demo/brapi/quote_PETR4_VALE3_range-1mo_interval-1d_2025-07-21.json"));

    private MarketReplayServer(HttpServer server) {
        this.server = server;
    }

    static MarketReplayServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            MarketReplayServer replay = new MarketReplayServer(server);
            server.createContext(PORTFOLIO_PATH, replay::portfolio);
            server.createContext(QUOTE_PATH, replay::quote);
            server.start();
            return replay;
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.SERVICE_START_FAILED, "Cannot start the demo's API replay on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void portfolio(HttpExchange exchange) throws IOException {
        String payload = exchange.getRequestURI().getPath().substring(PORTFOLIO_PATH.length());
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(Base64.getDecoder().decode(payload));
        } catch (IllegalArgumentException | IOException e) {
            respond(exchange, 400, "text/plain", "Bad payload".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!"IBOV".equals(request.path("index").asText()) || request.path("pageNumber").asInt(1) != 1) {
            // the recording holds page 1 of IBOV; the live API answers other indexes and pages, the replay does not
            respond(exchange, 404, "text/plain", "Not recorded".getBytes(StandardCharsets.UTF_8));
            return;
        }
        respond(exchange, 200, "application/json; charset=utf-8", portfolio);
    }

    private void quote(HttpExchange exchange) throws IOException {
        Set<String> tickers = Arrays.stream(exchange.getRequestURI().getPath().substring(QUOTE_PATH.length()).split(","))
                .map(ticker -> ticker.toUpperCase(Locale.ROOT))
                .collect(Collectors.toSet());
        ArrayNode results = Json.MAPPER.createArrayNode();
        quotes.path("results").forEach(result -> {
            if (tickers.contains(result.path("symbol").asText())) {
                results.add(result);
            }
        });
        if (results.isEmpty()) {
            respond(exchange, 404, "application/json; charset=utf-8",
                    ("{\"error\":true,\"message\":\"Não encontramos a ação " + String.join(",", tickers) + "\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("results", results);
        respond(exchange, 200, "application/json; charset=utf-8", Json.MAPPER.writeValueAsBytes(body));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static byte[] resource(String name) {
        try (InputStream in = MarketReplayServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new LagoaException(ErrorCode.INTERNAL_ERROR, "The demo data " + name + " is missing from the distribution");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
