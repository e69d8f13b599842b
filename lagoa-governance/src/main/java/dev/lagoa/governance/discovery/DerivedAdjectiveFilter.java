package dev.lagoa.governance.discovery;

import java.io.IOException;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.KeywordAttribute;

/**
 * Joins the Portuguese adjectives in {@code -ial} to the nouns they come from, after light stemming: {@code cambial}
 * (and {@code cambiais}) and {@code câmbio} both become {@code cambi}, {@code comercial} and {@code comércio}
 * {@code comerci}, {@code inicial} and {@code início} {@code inici}. The light stemmer keeps them apart, yet in a data
 * catalog "risco cambial" is about "câmbio". Words of fewer than six letters are left alone ({@code dial}, {@code real}).
 */
final class DerivedAdjectiveFilter extends TokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final KeywordAttribute keyword = addAttribute(KeywordAttribute.class);

    DerivedAdjectiveFilter(TokenStream input) {
        super(input);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!input.incrementToken()) {
            return false;
        }
        int length = term.length();
        if (!keyword.isKeyword() && length >= 6 && term.charAt(length - 3) == 'i' && term.charAt(length - 2) == 'a' && term.charAt(length - 1) == 'l') {
            term.setLength(length - 2);
        }
        return true;
    }
}
