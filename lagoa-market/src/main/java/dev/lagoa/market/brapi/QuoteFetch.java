package dev.lagoa.market.brapi;

import static java.util.Objects.requireNonNull;

import dev.lagoa.market.http.RawResponse;
import java.time.Instant;
import java.util.List;

/**
 * What one {@link BrapiQuoteClient} call brought back: the tickers asked (upper case), the typed answer, the
 * response as received (URL with the token masked, status, headers, body bytes) and when it was collected.
 */
public record QuoteFetch(List<String> tickers, String range, String interval, QuoteResponse response, RawResponse raw, Instant collectedAt) {
    public QuoteFetch {
        tickers = List.copyOf(requireNonNull(tickers, "tickers is null"));
        requireNonNull(range, "range is null");
        requireNonNull(interval, "interval is null");
        requireNonNull(response, "response is null");
        requireNonNull(raw, "raw is null");
        requireNonNull(collectedAt, "collectedAt is null");
    }
}
