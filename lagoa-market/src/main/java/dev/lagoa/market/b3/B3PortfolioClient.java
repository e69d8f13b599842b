package dev.lagoa.market.b3;

import dev.lagoa.market.MarketErrorCode;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import dev.lagoa.market.http.RawResponse;
import dev.lagoa.market.http.Sleeper;
import dev.lagoa.market.http.SourceHttpClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The portfolio of a B3 index (IBOV, IBXX, SMLL, ...) from B3's own listing API, page by page:
 * {@code GET <base-url>/indexProxy/indexCall/GetPortfolioDay/<base64 of the request JSON>}, where the request is
 * {@code {"language":"pt-br","pageNumber":N,"pageSize":120,"index":"IBOV","segment":"1"}}. It follows
 * {@code page.totalPages}, retries as {@link SourceHttpClient} does, and reads the answers with
 * {@link PortfolioParser}. Validation is apart: {@link PortfolioValidator}.
 *
 * <p>Thread-safe: one client serves any number of fetches.
 */
public final class B3PortfolioClient {
    public static final String DEFAULT_INDEX = "IBOV";
    public static final int PAGE_SIZE = 120;
    /** Segment "1": the rows without the sector grouping (their {@code segment} and {@code partAcum} are null). */
    public static final String SEGMENT = "1";
    public static final String LANGUAGE = "pt-br";
    static final String PATH = "/indexProxy/indexCall/GetPortfolioDay/";
    private static final Pattern INDEX = Pattern.compile("[A-Z0-9]{2,12}");
    /** What an index code must be, as the errors say it. */
    public static final String INDEX_RULE = "it must be 2 to 12 letters and digits (IBOV, IBXX, SMLL)";

    private final B3ClientSettings settings;
    private final Clock clock;
    private final SourceHttpClient http;

    public B3PortfolioClient(B3ClientSettings settings, Clock clock, Sleeper sleeper) {
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.http = new SourceHttpClient(PortfolioParser.SOURCE, settings.http(), clock, requireNonNull(sleeper, "sleeper is null"));
    }

    /** A client on the system clock that really sleeps between tries. */
    public B3PortfolioClient(B3ClientSettings settings) {
        this(settings, Clock.systemUTC(), Sleeper.SYSTEM);
    }

    public B3ClientSettings settings() {
        return settings;
    }

    /** The IBOV portfolio labelled {@code requestedDate}. */
    public PortfolioDay fetch(LocalDate requestedDate) {
        return fetch(DEFAULT_INDEX, requestedDate);
    }

    /**
     * {@code code} upper-cased ({@code smll} → {@code SMLL}); a space anywhere is refused, not trimmed.
     *
     * @throws LagoaException {@code INVALID_ARGUMENT} naming the value, for anything but 2 to 12 letters and digits
     */
    public static String indexCode(String code) {
        requireNonNull(code, "code is null");
        String index = code.toUpperCase(java.util.Locale.ROOT);
        if (!INDEX.matcher(index).matches()) {
            throw LagoaException.userError("Invalid B3 index code '%s': %s", code, INDEX_RULE);
        }
        return index;
    }

    /**
     * The portfolio of {@code index} labelled {@code requestedDate}: B3 answers its current portfolio whatever the
     * date, so fetch on the day, and let {@link PortfolioValidator} check that the header's date is the requested one.
     *
     * @throws LagoaException {@code INVALID_ARGUMENT} for an index that is not 2 to 12 upper-case letters or digits;
     *         {@code SOURCE_UNAVAILABLE} when B3 cannot be reached or keeps failing; {@code SOURCE_REQUEST_REJECTED}
     *         when it answers 4xx; {@code SOURCE_RESPONSE_INVALID} when its answer cannot be read faithfully (see
     *         {@link PortfolioParser})
     */
    public PortfolioDay fetch(String index, LocalDate requestedDate) {
        return fetch(index, requestedDate, response -> { });
    }

    /**
     * As {@link #fetch(String, LocalDate)}, and hands every response received (each page, and an error answer
     * that ends the fetch) to {@code received} before it is read, so that the caller can keep the raw answer even
     * when it is refused.
     */
    public PortfolioDay fetch(String index, LocalDate requestedDate, Consumer<RawResponse> received) {
        requireNonNull(index, "index is null");
        requireNonNull(requestedDate, "requestedDate is null");
        requireNonNull(received, "received is null");
        if (!INDEX.matcher(index).matches()) {
            throw LagoaException.userError("Invalid B3 index code '%s': it must be 2 to 12 upper-case letters or digits (IBOV, IBXX, SMLL)", index);
        }
        List<RawResponse> responses = new ArrayList<>();
        List<PortfolioParser.Page> pages = new ArrayList<>();
        for (int pageNumber = 1; ; pageNumber++) {
            RawResponse response = http.get(pageUri(settings.baseUrl(), index, pageNumber), null);
            received.accept(response);
            requireSuccess(index, response);
            PortfolioParser.Page page = PortfolioParser.readPage(index, response, pageNumber);
            PortfolioParser.checkPage(index, response, pages.isEmpty() ? null : pages.get(0), page, pageNumber, PortfolioParser.countRows(pages));
            pages.add(page);
            responses.add(response);
            if (pageNumber >= pages.get(0).page().totalPages()) {
                break;
            }
        }
        return PortfolioParser.parse(index, requestedDate, responses, clock.instant());
    }

    /** The URL of page {@code pageNumber} of {@code index}'s portfolio. */
    public static URI pageUri(URI baseUrl, String index, int pageNumber) {
        String request = "{\"language\":\"%s\",\"pageNumber\":%d,\"pageSize\":%d,\"index\":\"%s\",\"segment\":\"%s\"}".formatted(
                LANGUAGE, pageNumber, PAGE_SIZE, index, SEGMENT);
        // Standard Base64 with padding, as B3's own pages send it. ASCII JSON without '>', '?' or '~' never encodes to '+' or
        // '/', so the payload is one safe path segment.
        String payload = Base64.getEncoder().encodeToString(request.getBytes(StandardCharsets.UTF_8));
        return URI.create(baseUrl + PATH + payload);
    }

    private static void requireSuccess(String index, RawResponse response) {
        int status = response.statusCode();
        if (response.isSuccessful()) {
            return;
        }
        String said = response.decode().text().strip().replaceAll("\\s+", " ");
        String excerpt = said.isEmpty() ? "" : ": " + (said.length() > 120 ? said.substring(0, 120) + "..." : said);
        if (status >= 400) {
            throw new LagoaException(MarketErrorCode.SOURCE_REQUEST_REJECTED, "B3 refused the portfolio of %s with HTTP %d%s (GET %s)".formatted(
                    index, status, excerpt, response.url()));
        }
        throw new LagoaException(MarketErrorCode.SOURCE_RESPONSE_INVALID, "B3 answered the portfolio of %s with HTTP %d%s, not 200 (GET %s)".formatted(
                index, status, response.header("location").map(location -> " to " + location).orElse(""), response.url()));
    }
}
