package dev.lagoa.market.b3;

import dev.lagoa.market.MarketErrorCode;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.market.http.RawResponse;
import dev.lagoa.market.http.SourceJson;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads GetPortfolioDay answers into a {@link PortfolioDay}: from the client as the pages arrive, or later from
 * responses kept in the lake. It refuses, with {@link ErrorCode#SOURCE_RESPONSE_INVALID}, what cannot be read
 * faithfully: a body that is not JSON or is truncated, a page without its {@code page} object, pages that contradict
 * their totals ("totalPages lying": a page that should hold rows and holds none, totals that change from page to
 * page, more pages than claimed), headers that differ between pages, and an answer in the en-us format. What can be
 * read but is wrong (an empty portfolio, a total of records that the rows do not reach, a bad ticker) is left to
 * {@link PortfolioValidator}, so the raw answer can still be kept with its problems.
 */
public final class PortfolioParser {
    static final String SOURCE = "B3";
    /** With 120 rows a page, 1000 pages would be 120,000 assets: a larger claim is not believed. */
    public static final int MAX_PAGES = 1000;

    private PortfolioParser() {}

    /** One page read from its response. */
    record Page(PortfolioPage page, JsonNode header, List<PortfolioResult.Raw> rows, boolean malformed, boolean hasReplacement) {}

    /**
     * The day made of {@code responses}, one per page in order, as {@link B3PortfolioClient} received them.
     *
     * @throws LagoaException {@link ErrorCode#SOURCE_RESPONSE_INVALID} as described above
     */
    public static PortfolioDay parse(String index, LocalDate requestedDate, List<RawResponse> responses, Instant collectedAt) {
        requireNonNull(index, "index is null");
        requireNonNull(requestedDate, "requestedDate is null");
        requireNonNull(responses, "responses is null");
        requireNonNull(collectedAt, "collectedAt is null");
        if (responses.isEmpty()) {
            throw new IllegalArgumentException("no responses");
        }
        List<Page> pages = new ArrayList<>();
        for (RawResponse response : responses) {
            Page page = readPage(index, response, pages.size() + 1);
            checkPage(index, response, pages.isEmpty() ? null : pages.get(0), page, pages.size() + 1, countRows(pages));
            pages.add(page);
        }
        int expectedPages = Math.max(1, pages.get(0).page().totalPages());
        if (pages.size() != expectedPages) {
            throw invalid("B3 claimed %d page%s of %s but %d %s given (%s)".formatted(expectedPages, expectedPages == 1 ? "" : "s", index,
                    pages.size(), pages.size() == 1 ? "was" : "were", responses.get(0).url()));
        }
        Page first = pages.get(0);
        PortfolioHeader.Raw rawHeader = rawHeader(first.header(), responses.get(0));
        List<PortfolioResult.Raw> rawRows = new ArrayList<>();
        pages.forEach(page -> rawRows.addAll(page.rows()));
        Optional<String> enUs = PortfolioFormats.enUsEvidence(rawHeader, rawRows, requestedDate);
        if (enUs.isPresent()) {
            throw invalid(("B3 answered GetPortfolioDay of %s in the en-us format, not pt-br: %s. Lagoa requests language pt-br and reads only "
                    + "its formats (GET %s)").formatted(index, enUs.get(), responses.get(0).url()));
        }
        List<PortfolioResult> results = new ArrayList<>();
        for (PortfolioResult.Raw raw : rawRows) {
            results.add(PortfolioResult.of(results.size(), raw));
        }
        boolean damaged = pages.stream().anyMatch(page -> page.malformed() || page.hasReplacement());
        return new PortfolioDay(index, requestedDate, pages.stream().map(Page::page).toList(), rawHeader == null ? null : PortfolioHeader.of(rawHeader),
                results, responses, collectedAt, damaged);
    }

    /** Reads the response to the request of page {@code pageNumber}. */
    static Page readPage(String index, RawResponse response, int pageNumber) {
        RawResponse.DecodedBody body = response.decode();
        JsonNode root = SourceJson.parse(SOURCE, response, body.text());
        String where = "page %d of %s (GET %s)".formatted(pageNumber, index, response.url());
        if (!root.isObject()) {
            throw invalid("B3 answered a JSON %s, not an object, for %s".formatted(root.getNodeType().toString().toLowerCase(Locale.ROOT), where));
        }
        JsonNode pageNode = root.get("page");
        if (pageNode == null || !pageNode.isObject()) {
            throw invalid("B3 answered without a page object for " + where);
        }
        PortfolioPage page = new PortfolioPage(
                pageInt(pageNode, "pageNumber", where),
                pageInt(pageNode, "pageSize", where),
                pageInt(pageNode, "totalRecords", where),
                pageInt(pageNode, "totalPages", where));
        JsonNode resultsNode = root.get("results");
        if (resultsNode == null || !resultsNode.isArray()) {
            throw invalid("B3 answered without a results array for " + where);
        }
        List<PortfolioResult.Raw> rows = new ArrayList<>();
        for (JsonNode row : resultsNode) {
            String field = "results[%d]".formatted(rows.size());
            if (!row.isObject()) {
                throw invalid("B3 answered %s that is not an object for %s".formatted(field, where));
            }
            rows.add(new PortfolioResult.Raw(
                    text(row, "segment", field, where),
                    text(row, "cod", field, where),
                    text(row, "asset", field, where),
                    text(row, "type", field, where),
                    text(row, "part", field, where),
                    text(row, "partAcum", field, where),
                    text(row, "theoricalQty", field, where)));
        }
        JsonNode header = root.get("header");
        if (header != null && !header.isNull() && !header.isObject()) {
            throw invalid("B3 answered a header that is not an object for " + where);
        }
        return new Page(page, header == null || header.isNull() ? null : header, rows, body.malformed(), body.text().indexOf('\uFFFD') >= 0);
    }

    /**
     * Checks page {@code pageNumber} against the first page's claims; {@code first} is null for the first page.
     * {@code rowsBefore} is the number of rows of the pages before it.
     */
    static void checkPage(String index, RawResponse response, Page first, Page page, int pageNumber, int rowsBefore) {
        PortfolioPage claims = page.page();
        String where = "(GET %s)".formatted(response.url());
        if (claims.pageNumber() != pageNumber) {
            throw invalid("B3 answered page %d of %s when page %d was asked %s".formatted(claims.pageNumber(), index, pageNumber, where));
        }
        if (first == null) {
            if (claims.totalPages() > MAX_PAGES) {
                throw invalid("B3 claims %d pages of %s, more than the %d Lagoa believes %s".formatted(claims.totalPages(), index, MAX_PAGES, where));
            }
            if (claims.totalPages() == 0 && (claims.totalRecords() > 0 || !page.rows().isEmpty())) {
                throw invalid("B3's totals of %s are lying: totalPages 0 with totalRecords %d and %d rows on page 1 %s".formatted(
                        index, claims.totalRecords(), page.rows().size(), where));
            }
        } else {
            PortfolioPage firstClaims = first.page();
            if (claims.totalPages() != firstClaims.totalPages() || claims.totalRecords() != firstClaims.totalRecords()) {
                throw invalid("B3's totals of %s changed between pages: page 1 claimed %d pages and %d records, page %d claims %d and %d %s".formatted(
                        index, firstClaims.totalPages(), firstClaims.totalRecords(), pageNumber, claims.totalPages(), claims.totalRecords(), where));
            }
            if (!Objects.equals(first.header(), page.header())) {
                throw invalid("B3's header of %s differs between page 1 and page %d %s".formatted(index, pageNumber, where));
            }
        }
        if (page.rows().isEmpty() && pageNumber <= claims.totalPages()) {
            throw invalid("B3's totals of %s are lying: page %d of %d has no rows (totalRecords %d, %d rows on the pages before) %s".formatted(
                    index, pageNumber, claims.totalPages(), claims.totalRecords(), rowsBefore, where));
        }
    }

    static int countRows(List<Page> pages) {
        return pages.stream().mapToInt(page -> page.rows().size()).sum();
    }

    private static PortfolioHeader.Raw rawHeader(JsonNode header, RawResponse response) {
        if (header == null) {
            return null;
        }
        String where = "(GET %s)".formatted(response.url());
        return new PortfolioHeader.Raw(
                text(header, "date", "header", where),
                text(header, "text", "header", where),
                text(header, "part", "header", where),
                text(header, "partAcum", "header", where),
                text(header, "textReductor", "header", where),
                text(header, "reductor", "header", where),
                text(header, "theoricalQty", "header", where));
    }

    /** A field's text as received: null when absent or null; a number's JSON text; an object or array is refused. */
    private static String text(JsonNode object, String name, String field, String where) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw invalid("B3 answered %s.%s as a JSON %s, not text %s".formatted(field, name,
                    value.getNodeType().toString().toLowerCase(Locale.ROOT), where));
        }
        return value.asText();
    }

    private static int pageInt(JsonNode page, String name, String where) {
        JsonNode value = page.get(name);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw invalid("B3 answered page.%s %s, not a non-negative integer, for %s".formatted(name, value, where));
        }
        return value.intValue();
    }

    private static LagoaException invalid(String message) {
        return new LagoaException(MarketErrorCode.SOURCE_RESPONSE_INVALID, message);
    }
}
