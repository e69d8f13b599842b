package dev.lagoa.governance.discovery;

import static java.util.Objects.requireNonNull;

/**
 * One result of a search, best first.
 *
 * @param asset           what was found
 * @param score           its relevance (only comparable within one search)
 * @param highlightedName the asset's name with the matched words between {@value #HIGHLIGHT_START} and {@value #HIGHLIGHT_END}
 * @param snippet         the passage of the description that matches best, highlighted the same way; its beginning when
 *                        only other fields matched; empty when it has no description
 */
public record SearchHit(Asset asset, float score, String highlightedName, String snippet) {
    public static final String HIGHLIGHT_START = "<<";
    public static final String HIGHLIGHT_END = ">>";

    public SearchHit {
        requireNonNull(asset, "asset is null");
        requireNonNull(highlightedName, "highlightedName is null");
        requireNonNull(snippet, "snippet is null");
    }
}
