package dev.lagoa.governance.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterIterator;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseLightStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.util.CharsRef;

/**
 * The analysis of the discovery index, the same for every text field so that a query meets the index halfway:
 * <ol>
 *   <li>{@link StandardTokenizer}, then {@link WordDelimiterGraphFilter} splits identifiers on {@code _}, {@code -}, {@code .}
 *       and camelCase ({@code AGREGADO_FLUXO_DE_CAIXA_MENSAL} → agregado, fluxo, de, caixa, mensal), digits stay with their
 *       letters ({@code PETR4});</li>
 *   <li>lower case, then Portuguese stop words (before folding, since the list is accented);</li>
 *   <li>{@link AccentedEndingFilter} gives {@code -ao}, {@code -oes}, {@code -cao} typed without accents their accents back, so
 *       that {@code previsoes} and {@code previsões} stem alike;</li>
 *   <li>query only: a small English–Portuguese glossary ({@code forecast} also looks for {@code previsão});</li>
 *   <li>{@link PortugueseLightStemFilter} (plural, feminine, a few derivational suffixes) and {@link DerivedAdjectiveFilter}
 *       ({@code cambial} → {@code câmbio}'s stem), except on the {@code .exact} fields, which reward the very word typed;</li>
 *   <li>{@link ASCIIFoldingFilter} last, because the stemmer's rules read the accents.</li>
 * </ol>
 */
final class DiscoveryAnalyzer extends Analyzer {
    /** Suffix of the unstemmed twin of a text field. */
    static final String EXACT = ".exact";

    private static final int DELIMITER_FLAGS = WordDelimiterGraphFilter.GENERATE_WORD_PARTS | WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS
            | WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE;
    private static final CharArraySet STOP_WORDS = PortugueseAnalyzer.getDefaultStopSet();
    /** Terms an engineer may type in English, and the Portuguese the lake's descriptions use (both ways where both occur). */
    static final Map<String, String> GLOSSARY = Map.ofEntries(
            Map.entry("forecast", "previsão"),
            Map.entry("previsão", "forecast"),
            Map.entry("fx", "câmbio"),
            Map.entry("currency", "moeda"),
            Map.entry("risk", "risco"),
            Map.entry("customer", "cliente"),
            Map.entry("supplier", "fornecedor"),
            Map.entry("order", "pedido"),
            Map.entry("quote", "cotação"),
            Map.entry("stock", "ação"));
    private static final SynonymMap SYNONYMS = synonyms();

    private final boolean forQuery;

    private DiscoveryAnalyzer(boolean forQuery) {
        super(PER_FIELD_REUSE_STRATEGY);
        this.forQuery = forQuery;
    }

    /** Analysis of indexed text. */
    static DiscoveryAnalyzer forIndex() {
        return new DiscoveryAnalyzer(false);
    }

    /** Analysis of queries: the index's, with the glossary. */
    static DiscoveryAnalyzer forQuery() {
        return new DiscoveryAnalyzer(true);
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        // Offsets of the parts of a word, so that the highlighter marks exposicao_<<cambial>>_brl, not the whole name.
        TokenStream stream = new WordDelimiterGraphFilter(source, true, WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE, DELIMITER_FLAGS, null);
        if (!forQuery) {
            stream = new FlattenGraphFilter(stream);
        }
        stream = new LowerCaseFilter(stream);
        stream = new StopFilter(stream, STOP_WORDS);
        stream = new AccentedEndingFilter(stream);
        if (forQuery) {
            stream = new SynonymGraphFilter(stream, SYNONYMS, true);
        }
        if (!fieldName.endsWith(EXACT)) {
            stream = new PortugueseLightStemFilter(stream);
            stream = new DerivedAdjectiveFilter(stream);
        }
        stream = new ASCIIFoldingFilter(stream);
        return new TokenStreamComponents(source, stream);
    }

    /** Prefix and fuzzy terms are not stemmed, only folded: {@code câmb*} looks for terms that start with {@code camb}. */
    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(in));
    }

    private static SynonymMap synonyms() {
        SynonymMap.Builder builder = new SynonymMap.Builder(true);
        GLOSSARY.forEach((term, synonym) -> builder.add(new CharsRef(term), new CharsRef(synonym), true));
        try {
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build the search glossary", e);
        }
    }
}
