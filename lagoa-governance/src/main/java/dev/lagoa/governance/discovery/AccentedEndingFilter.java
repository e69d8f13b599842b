package dev.lagoa.governance.discovery;

import java.io.IOException;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Puts back the accents of the Portuguese endings that people leave out when they type: {@code -cao}/{@code -coes} after a
 * vowel become {@code -ção}/{@code -ções}, other {@code -ao}, {@code -oes}, {@code -aes} become {@code -ão}, {@code -ões},
 * {@code -ães}. The light stemmer treats the accented endings as inflections ({@code previsões} and {@code previsão} share a
 * stem) but not the bare ones, so without this {@code previsoes} would not find {@code previsão}. Expects lower case.
 */
final class AccentedEndingFilter extends TokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

    AccentedEndingFilter(TokenStream input) {
        super(input);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!input.incrementToken()) {
            return false;
        }
        String restored = restore(term.toString());
        if (restored != null) {
            term.setEmpty().append(restored);
        }
        return true;
    }

    /** The word with its ending's accents, or null when it needs none. */
    static String restore(String word) {
        if (word.length() < 3) {
            return null;
        }
        if (word.endsWith("coes") && word.length() > 4 && isVowel(word.charAt(word.length() - 5))) {
            return word.substring(0, word.length() - 4) + "ções";
        }
        if (word.endsWith("cao") && word.length() > 3 && isVowel(word.charAt(word.length() - 4))) {
            return word.substring(0, word.length() - 3) + "ção";
        }
        if (word.endsWith("oes")) {
            return word.substring(0, word.length() - 3) + "ões";
        }
        if (word.endsWith("aes")) {
            return word.substring(0, word.length() - 3) + "ães";
        }
        if (word.endsWith("ao")) {
            return word.substring(0, word.length() - 2) + "ão";
        }
        return null;
    }

    private static boolean isVowel(char c) {
        return "aeiouáéíóúâêôãõ".indexOf(c) >= 0;
    }
}
