package dev.lagoa.market.brapi;

import dev.lagoa.market.MarketErrorCode;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.core.LagoaException;
import dev.lagoa.market.http.RawResponse;
import dev.lagoa.market.http.Sleeper;
import dev.lagoa.market.http.SourceHttpClient;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Quotes and daily bars from BRAPI: {@code GET <base-url>/api/quote/<tickers>?range=1mo&interval=1d}, with
 * {@code token=} from the settings only when a ticker is not one of the free {@link #FREE_TICKERS}. Retries as
 * {@link SourceHttpClient} does and reads the answer with {@link QuoteParser}; validation is apart:
 * {@link QuoteValidator}. The token never appears in a URL, message or {@code toString} that this client produces.
 *
 * <p>Thread-safe: one client serves any number of fetches.
 */
public final class BrapiQuoteClient {
    /** The tickers BRAPI serves without a token. */
    public static final Set<String> FREE_TICKERS = Set.of("PETR4", "VALE3", "MGLU3", "ITUB4");
    public static final String DEFAULT_RANGE = "1mo";
    public static final String DEFAULT_INTERVAL = "1d";
    /** BRAPI's ranges and intervals. */
    public static final Set<String> RANGES = Set.of("1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max");
    public static final Set<String> INTERVALS = Set.of("1m", "2m", "5m", "15m", "30m", "60m", "90m", "1h", "1d", "5d", "1wk", "1mo", "3mo");
    /** More tickers than this in one request is a mistake, not a plan. */
    public static final int MAX_TICKERS = 20;
    private static final Pattern TICKER = Pattern.compile("[A-Z0-9]{4,6}");
    /** What a ticker must be, as the errors say it. */
    public static final String TICKER_RULE = "it must be 4 to 6 letters and digits, without spaces (PETR4, TAEE11)";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BrapiClientSettings settings;
    private final Clock clock;
    private final SourceHttpClient http;

    public BrapiQuoteClient(BrapiClientSettings settings, Clock clock, Sleeper sleeper) {
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.http = new SourceHttpClient(QuoteParser.SOURCE, settings.http(), clock, requireNonNull(sleeper, "sleeper is null"));
    }

    /** A client on the system clock that really sleeps between tries. */
    public BrapiQuoteClient(BrapiClientSettings settings) {
        this(settings, Clock.systemUTC(), Sleeper.SYSTEM);
    }

    public BrapiClientSettings settings() {
        return settings;
    }

    /** The quotes of {@code tickers} with a month of daily bars. */
    public QuoteFetch fetch(List<String> tickers) {
        return fetch(tickers, DEFAULT_RANGE, DEFAULT_INTERVAL, response -> { });
    }

    /**
     * The quotes of {@code tickers} with bars of {@code interval} over {@code range}. Tickers are upper-cased.
     * Every response received (also an error answer that ends the fetch) is handed to {@code received} before it is
     * read, so the caller can keep the raw answer even when it is refused.
     *
     * @throws LagoaException {@code INVALID_ARGUMENT} for a ticker that is not 4 to 6 letters and digits, an unknown
     *         range or interval; {@code SOURCE_UNAVAILABLE} when BRAPI cannot be reached or keeps failing (5xx, 429);
     *         {@code SOURCE_REQUEST_REJECTED} for 400, 401, 402 (plan limit), 404; {@code SOURCE_RESPONSE_INVALID}
     *         when the answer cannot be read (see {@link QuoteParser})
     */
    public QuoteFetch fetch(List<String> tickers, String range, String interval, Consumer<RawResponse> received) {
        requireNonNull(range, "range is null");
        requireNonNull(interval, "interval is null");
        requireNonNull(received, "received is null");
        List<String> symbols = normalizeTickers(tickers);
        if (!RANGES.contains(range)) {
            throw LagoaException.userError("Invalid BRAPI range '%s': use one of %s", range, String.join(", ", new TreeSet<>(RANGES)));
        }
        if (!INTERVALS.contains(interval)) {
            throw LagoaException.userError("Invalid BRAPI interval '%s': use one of %s", interval, String.join(", ", new TreeSet<>(INTERVALS)));
        }
        String token = needsToken(symbols) ? settings.token().orElse(null) : null;
        String query = "range=" + range + "&interval=" + interval + (token == null ? "" : "&token=" + token);
        URI uri = URI.create(settings.baseUrl() + "/api/quote/" + String.join(",", symbols) + "?" + query);
        RawResponse response = http.get(uri, token);
        received.accept(response);
        requireSuccess(symbols, response, token);
        return new QuoteFetch(symbols, range, interval, QuoteParser.parse(response), response, clock.instant());
    }

    /** {@code tickers} upper-cased, in order, without repeats; each checked as {@link #ticker(String)} checks it. */
    public static List<String> normalizeTickers(List<String> tickers) {
        requireNonNull(tickers, "tickers is null");
        if (tickers.isEmpty() || tickers.size() > MAX_TICKERS) {
            throw LagoaException.userError("Ask BRAPI for 1 to %d tickers, not %d", MAX_TICKERS, tickers.size());
        }
        Set<String> symbols = new LinkedHashSet<>();
        for (String ticker : tickers) {
            symbols.add(ticker(ticker));
        }
        return List.copyOf(new ArrayList<>(symbols));
    }

    /**
     * {@code ticker} upper-cased ({@code petr4} → {@code PETR4}). A space anywhere, around it too, is refused rather
     * than trimmed: the ticker names the lake's folders and the request, and a value that does not look like one is a
     * mistake to show, not to guess.
     *
     * @throws LagoaException {@code INVALID_ARGUMENT} naming the value, for anything but 4 to 6 letters and digits
     */
    public static String ticker(String ticker) {
        requireNonNull(ticker, "ticker is null");
        String symbol = ticker.toUpperCase(Locale.ROOT);
        if (!TICKER.matcher(symbol).matches()) {
            throw LagoaException.userError("Invalid ticker '%s': %s", ticker, TICKER_RULE);
        }
        return symbol;
    }

    /** Whether one of {@code symbols} is not free. */
    public static boolean needsToken(List<String> symbols) {
        return !FREE_TICKERS.containsAll(symbols);
    }

    private void requireSuccess(List<String> symbols, RawResponse response, String token) {
        int status = response.statusCode();
        if (response.isSuccessful()) {
            return;
        }
        String tickers = String.join(",", symbols);
        String said = SourceHttpClient.mask(bodyMessage(response), token);
        String prefix = "BRAPI refused the quotes of %s with HTTP %d".formatted(tickers, status);
        String suffix = " (GET %s)".formatted(response.url());
        String message = switch (status) {
            case 400 -> prefix + " (bad request)" + said + suffix;
            case 401 -> prefix + " (unauthorized)" + said + (settings.token().isEmpty() && needsToken(symbols)
                    ? "; tickers other than %s need a token: set %s".formatted(String.join(", ", new TreeSet<>(FREE_TICKERS)), BrapiClientSettings.TOKEN.name())
                    : "; check " + BrapiClientSettings.TOKEN.name()) + suffix;
            case 402 -> prefix + " (payment required: the plan's limit is reached)" + said + suffix;
            case 404 -> prefix + " (not found: BRAPI knows no such ticker)" + said + suffix;
            default -> prefix + said + suffix;
        };
        throw new LagoaException(status >= 400 ? MarketErrorCode.SOURCE_REQUEST_REJECTED : MarketErrorCode.SOURCE_RESPONSE_INVALID, message);
    }

    /** ": <the body's message field>", or ": <start of the body>", or nothing. */
    private static String bodyMessage(RawResponse response) {
        String text = response.decode().text().strip();
        if (text.isEmpty()) {
            return "";
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && node.path("message").isTextual()) {
                return ": " + node.path("message").textValue();
            }
        } catch (IOException e) {
            // not JSON: its start is shown instead
        }
        String oneLine = text.replaceAll("\\s+", " ");
        return ": " + (oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine);
    }
}
