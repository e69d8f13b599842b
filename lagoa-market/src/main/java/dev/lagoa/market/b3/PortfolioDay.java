package dev.lagoa.market.b3;

import static java.util.Objects.requireNonNull;

import dev.lagoa.market.http.RawResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The portfolio of an index as B3 answered it for one day, all pages together, with everything needed to keep a
 * faithful copy: each page's response as received ({@link #responses()}: URL, status, headers, body bytes), the
 * typed header and rows with their raw texts, and when it was collected. B3 answers its current portfolio whatever
 * the date: {@link #requestedDate()} is the date Lagoa labels it with, and {@link PortfolioValidator} checks the
 * header's date against it.
 *
 * @param pages the {@code page} object of each page, in order
 * @param header the header of the first page (every page's header is the same), or null when B3 sent none
 * @param results every row of every page, in order
 * @param responses each page's response, in order (same size as {@code pages})
 * @param textDamaged whether some text is damaged: a body had bytes invalid in its charset (replaced), or a text
 *        arrived with U+FFFD in it; the texts are kept as received either way
 */
public record PortfolioDay(
        String index,
        LocalDate requestedDate,
        List<PortfolioPage> pages,
        PortfolioHeader header,
        List<PortfolioResult> results,
        List<RawResponse> responses,
        Instant collectedAt,
        boolean textDamaged) {
    public PortfolioDay {
        requireNonNull(index, "index is null");
        requireNonNull(requestedDate, "requestedDate is null");
        pages = List.copyOf(requireNonNull(pages, "pages is null"));
        results = List.copyOf(requireNonNull(results, "results is null"));
        responses = List.copyOf(requireNonNull(responses, "responses is null"));
        requireNonNull(collectedAt, "collectedAt is null");
        if (pages.isEmpty() || pages.size() != responses.size()) {
            throw new IllegalArgumentException("a day needs one page object per response: %d pages, %d responses".formatted(pages.size(), responses.size()));
        }
    }

    /** The first page's {@code page} object: the totals B3 claimed. */
    public PortfolioPage page() {
        return pages.get(0);
    }

    /** The URL of each page's request, in order. */
    public List<String> requestUrls() {
        return responses.stream().map(RawResponse::url).toList();
    }
}
