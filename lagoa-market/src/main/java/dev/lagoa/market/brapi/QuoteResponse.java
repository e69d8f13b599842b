package dev.lagoa.market.brapi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * BRAPI's answer to {@code GET /api/quote/{tickers}}.
 *
 * @param requestedAt when BRAPI says it received the request, or null when it does not say
 * @param took how long BRAPI says it took (a number of milliseconds, or a text like {@code "8ms"}), or null
 */
public record QuoteResponse(List<Quote> results, Instant requestedAt, Duration took) {
    public QuoteResponse {
        results = List.copyOf(requireNonNull(results, "results is null"));
    }
}
