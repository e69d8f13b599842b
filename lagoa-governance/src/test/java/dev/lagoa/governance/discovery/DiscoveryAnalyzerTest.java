package dev.lagoa.governance.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class DiscoveryAnalyzerTest {
    private static final Analyzer INDEX = DiscoveryAnalyzer.forIndex();
    private static final Analyzer QUERY = DiscoveryAnalyzer.forQuery();

    @Test
    void identifiersSplitOnUnderscoresHyphensDotsAndCamelCase() {
        List<String> expected = List.of("agregad", "flux", "caix", "mensal");

        assertThat(terms(INDEX, "name", "AGREGADO_FLUXO_DE_CAIXA_MENSAL")).isEqualTo(expected);
        assertThat(terms(INDEX, "name", "agregado-fluxo-de-caixa-mensal")).isEqualTo(expected);
        assertThat(terms(INDEX, "name", "agregadoFluxoDeCaixaMensal")).isEqualTo(expected);
        assertThat(terms(INDEX, "title", "lagoa.agregado_fluxo_de_caixa_mensal")).containsExactly("lago", "agregad", "flux", "caix", "mensal");
    }

    @Test
    void tickersKeepTheirDigits() {
        assertThat(terms(INDEX, "name", "PETR4")).containsExactly("petr4");
        assertThat(terms(INDEX, "name", "volatilidade_20")).containsExactly("volatilidad", "20");
    }

    @Test
    void accentsAndCaseDoNotMatterAndCambialMeetsCambio() {
        for (String word : List.of("câmbio", "Câmbio", "CAMBIO", "cambio", "câmbios", "cambial", "Cambial", "cambiais")) {
            assertThat(terms(INDEX, "description", word)).as(word).containsExactly("cambi");
        }
    }

    @Test
    void portugueseInflectionsShareAStemTypedWithOrWithoutAccents() {
        for (String word : List.of("previsão", "previsões", "previsao", "previsoes", "PREVISÃO")) {
            assertThat(terms(INDEX, "description", word)).as(word).containsExactly("previsa");
        }
        for (String word : List.of("cotação", "cotações", "cotacao", "cotacoes")) {
            assertThat(terms(INDEX, "description", word)).as(word).containsExactly("cotaca");
        }
    }

    @Test
    void stopWordsAreDropped() {
        assertThat(terms(INDEX, "description", "Taxas de câmbio do dia e da semana")).containsExactly("taxa", "cambi", "dia", "seman");
    }

    @Test
    void exactFieldsFoldButDoNotStem() {
        assertThat(terms(INDEX, "description.exact", "Risco Cambial, câmbio")).containsExactly("risco", "cambial", "cambio");
    }

    @Test
    void queriesAlsoLookForTheGlossarysPortuguese() {
        assertThat(terms(QUERY, "description", "Forecast")).containsExactlyInAnyOrder("forecast", "previsa");
        assertThat(terms(QUERY, "description", "previsão")).containsExactlyInAnyOrder("previsa", "forecast");
        assertThat(terms(INDEX, "description", "Forecast")).containsExactly("forecast");
    }

    @Test
    void bareEndingsGetTheirAccentsBack() {
        assertThat(AccentedEndingFilter.restore("previsoes")).isEqualTo("previsões");
        assertThat(AccentedEndingFilter.restore("participacao")).isEqualTo("participação");
        assertThat(AccentedEndingFilter.restore("cotacoes")).isEqualTo("cotações");
        assertThat(AccentedEndingFilter.restore("falcao")).isEqualTo("falcão");
        assertThat(AccentedEndingFilter.restore("paes")).isEqualTo("pães");
        assertThat(AccentedEndingFilter.restore("cambio")).isNull();
        assertThat(AccentedEndingFilter.restore("ao")).isNull();
    }

    private static List<String> terms(Analyzer analyzer, String field, String text) {
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return terms;
    }
}
