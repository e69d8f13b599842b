package dev.lagoa.governance.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorType;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.Configuration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PiiClassifierTest {
    private static final List<String> CPFS = List.of("529.982.247-25", "123.456.789-09", "111.444.777-35", "390.533.447-05", "853.513.468-93");
    private final PiiClassifier classifier = PiiClassifier.create();

    @Test
    void tagsAColumnWhoseValuesPassTheRuleWithItsEvidence() {
        List<String> values = new ArrayList<>(CPFS);
        values.add(null);
        values.add("  ");

        List<Classification> classifications = classifier.classify("documento", values);

        assertThat(classifications).hasSize(1);
        Classification cpf = classifications.get(0);
        assertThat(cpf.tagValue()).isEqualTo("PII.CPF");
        assertThat(cpf.confidence()).isEqualTo(Confidence.MEDIUM);
        Evidence evidence = cpf.evidence();
        assertThat(evidence.sampleSize()).isEqualTo(7);
        assertThat(evidence.nonNull()).isEqualTo(5);
        assertThat(evidence.matches()).isEqualTo(5);
        assertThat(evidence.distinctMatches()).isEqualTo(5);
        assertThat(evidence.rate()).isEqualTo(1.0);
        assertThat(evidence.rule()).isEqualTo("cpf-check-digits");
        assertThat(evidence.ruleDescription()).startsWith("CPF as 000.000.000-00 or 11 bare digits");
        assertThat(evidence.nameSignal()).isEmpty();
        assertThat(evidence.maskedExamples()).containsExactly("***.982.247-**", "***.456.789-**", "***.444.777-**");
        assertThat(evidence.mixedWith()).isEmpty();
        assertThat(evidence.summary()).isEqualTo(
                "5 of 5 non-null values (100%, 5 distinct) pass cpf-check-digits; e.g. ***.982.247-**, ***.456.789-**, ***.444.777-**");
    }

    @Test
    void theNameRaisesConfidenceButNeverTagsAloneNorBySubstring() {
        assertThat(classifier.classify("cpf_cliente", CPFS).get(0).confidence()).isEqualTo(Confidence.HIGH);
        assertThat(classifier.classify("cpf_cliente", CPFS).get(0).evidence().nameSignal()).isEqualTo("cpf");
        assertThat(classifier.classify("cpf_cliente", List.of("Maria", "João", "Ana", "Pedro", "Lucas"))).isEmpty();
        assertThat(classifier.classify("cpfs_invalidos", List.of("529.982.247-26", "123.456.789-10", "111.444.777-36", "390.533.447-06")))
                .isEmpty();
        // "ip" inside "zip" and "cep" inside "receptor" are no signal: bare digits stay untagged
        List<String> bareCeps = List.of("01310100", "20040002", "30130010", "40020000", "70040010", "80010000");
        assertThat(classifier.classify("receptor", bareCeps)).isEmpty();
        assertThat(classifier.classify("cep_receptor", bareCeps)).extracting(Classification::tagValue).containsExactly("PII.CEP");
    }

    @Test
    void theMatchRateMustReachTheThreshold() {
        List<String> values = new ArrayList<>(CPFS);
        values.addAll(List.of("a", "b"));
        // 5 of 7 = 71%
        assertThat(classifier.classify("documento", values)).isEmpty();
        PiiClassifier lenient = PiiClassifier.create(ClassificationSettings.defaults().withThresholdFraction(0.7));
        assertThat(lenient.classify("documento", values)).extracting(Classification::tagValue).containsExactly("PII.CPF");
        assertThat(lenient.classify("documento", values).get(0).evidence().rate()).isEqualTo(5.0 / 7);
    }

    @Test
    void oneValueRepeatedIsNoEvidence() {
        List<String> values = Collections.nCopies(50, "529.982.247-25");
        assertThat(classifier.classify("cpf", values)).isEmpty();
        List<String> two = new ArrayList<>(Collections.nCopies(25, "529.982.247-25"));
        two.addAll(Collections.nCopies(25, "123.456.789-09"));
        assertThat(classifier.classify("cpf", two)).isEmpty();
        assertThat(PiiClassifier.create(ClassificationSettings.defaults().withMinDistinctMatches(2)).classify("cpf", two)).hasSize(1);
    }

    @Test
    void aLowCardinalityColumnNeedsItsNameToAgree() {
        List<String> mailboxes = new ArrayList<>();
        for (int copy = 0; copy < 10; copy++) {
            mailboxes.addAll(List.of("vendas@importau.com.br", "sac@importau.com.br", "financeiro@importau.com.br", "compras@importau.com.br"));
        }
        assertThat(classifier.classify("canal", mailboxes)).isEmpty();
        assertThat(classifier.classify("email_setor", mailboxes)).extracting(Classification::tagValue).containsExactly("PII.EMAIL");
        assertThat(PiiClassifier.create(ClassificationSettings.defaults().withLowCardinalityDistinctValues(4)).classify("canal", mailboxes))
                .hasSize(1);
    }

    @Test
    void aColumnOfSeveralKindsGetsEachTagWhenTogetherTheyPass() {
        List<String> values = List.of("529.982.247-25", "123.456.789-09", "111.444.777-35", "11.222.333/0001-81", "12.ABC.345/01DE-35",
                "33.000.167/0001-01", "390.533.447-05", "853.513.468-93");

        List<Classification> classifications = classifier.classify("cpf_cnpj", values);

        assertThat(classifications).extracting(Classification::tagValue).containsExactly("PII.CPF", "PII.CNPJ");
        assertThat(classifications.get(0).evidence().mixedWith()).containsExactly(PiiTag.CNPJ);
        assertThat(classifications.get(1).evidence().mixedWith()).containsExactly(PiiTag.CPF);
        assertThat(classifications.get(1).evidence().rate()).isEqualTo(3.0 / 8);
        assertThat(classifications.get(1).evidence().summary()).contains("pass cnpj-check-digits, together with [PII.CPF]; name: cnpj");
    }

    @Test
    void companiesCitiesAndCodesAreNotPersonNames() {
        assertThat(classifier.classify("nome", List.of("Comercial Silva Ltda", "Magazine Luiza", "Casas Bahia", "Pedro Alves Comércio de Peças",
                "Distribuidora Santos", "Maria Lima Advogados"))).isEmpty();
        assertThat(classifier.classify("cidade", List.of("São Paulo", "Rio de Janeiro", "Belo Horizonte", "Vitória da Conquista", "Porto Alegre",
                "Curitiba", "Paulo Afonso"))).isEmpty();
        assertThat(classifier.classify("nome_cliente", List.of("Maria Souza", "João da Silva", "Weslley Santos", "ANA PAULA DIAS", "Pedro Lima")))
                .extracting(Classification::tagValue, Classification::confidence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PII.PERSON_NAME", Confidence.HIGH));
    }

    @Test
    void evidenceNeverHoldsAValueAsItWas() {
        List<String> emails = List.of("joao.silva@empresa.com.br", "maria@exemplo.org", "ana.souza@gmail.com", "pedro@uol.com.br", "lucas@terra.com.br");
        List<String> phones = List.of("(11) 98765-4321", "(21) 99876-5432", "+55 31 3456-7890", "(41) 3333-1234", "(85) 99123-4567");
        List<String> cards = List.of("4111 1111 1111 1111", "5555 5555 5555 4444", "4012 8888 8888 1881", "5105 1051 0510 5100", "4000 0000 0000 0002");
        for (List<String> values : List.of(CPFS, emails, phones, cards)) {
            Classification classification = classifier.classify("coluna", values).get(0);
            String shown = classification.toString() + classification.evidence().summary();
            for (String value : values) {
                assertThat(shown).doesNotContain(value).doesNotContain(value.replaceAll("[^0-9A-Za-z]", ""));
            }
        }
        assertThat(classifier.classify("coluna", phones).get(0).evidence().maskedExamples())
                .containsExactly("(11) 9****-**21", "(21) 9****-**32", "(31) 3***-**90");
        assertThat(classifier.classify("coluna", cards).get(0).evidence().maskedExamples())
                .containsExactly("**** **** **** 1111", "**** **** **** 4444", "**** **** **** 1881");
    }

    @Test
    void emptyAndNullOnlySamplesHaveNoTags() {
        assertThat(classifier.classify("cpf", List.of())).isEmpty();
        assertThat(classifier.classify("cpf", Arrays.asList(null, null, "", " "))).isEmpty();
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> ClassificationSettings.defaults().withThresholdFraction(0))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorType()).isEqualTo(ErrorType.USER))
                .hasMessage("Invalid PII threshold fraction 0.0: a share in (0, 1], such as 0.8");
        assertThatThrownBy(() -> ClassificationSettings.defaults().withThresholdFraction(1.5))
                .hasMessage("Invalid PII threshold fraction 1.5: a share in (0, 1], such as 0.8");
        assertThatThrownBy(() -> ClassificationSettings.defaults().withMinDistinctMatches(0))
                .isInstanceOf(LagoaException.class)
                .hasMessage("Invalid minimum of distinct PII matches 0: at least 1");
        assertThatThrownBy(() -> ClassificationSettings.defaults().withLowCardinalityDistinctValues(-1))
                .hasMessage("Invalid low-cardinality limit -1: at least 0");
        assertThatThrownBy(() -> ClassificationSettings.defaults().withMixedShareFraction(0))
                .hasMessage("Invalid PII mixed share fraction 0.0: a share in (0, 1], such as 0.2");
    }

    @Test
    void settingsComeFromTheConfigurationAndEveryBadValueIsReported() {
        assertThat(ClassificationSettings.from(Configuration.load(ClassificationSettings.fields(), Map.of(), null, Map.of(), Map.of())))
                .isEqualTo(ClassificationSettings.defaults());
        assertThat(ClassificationSettings.from(Configuration.load(ClassificationSettings.fields(), Map.of(), null,
                Map.of("LAGOA_CLASSIFICATION_THRESHOLD_FRACTION", "0.9"), Map.of("classification.min-distinct-matches", "5"))))
                .isEqualTo(ClassificationSettings.defaults().withThresholdFraction(0.9).withMinDistinctMatches(5));
        assertThatThrownBy(() -> Configuration.load(ClassificationSettings.fields(), Map.of(), null, Map.of(),
                        Map.of("classification.threshold-fraction", "80%", "classification.mixed-share-fraction", "1.5")))
                .isInstanceOf(LagoaException.class)
                .hasMessageContaining("classification.mixed-share-fraction = 1.5 (from command line): must be a share in (0, 1], such as 0.8")
                .hasMessageContaining("classification.threshold-fraction = 80% (from command line): '80%' is not a number");
    }

    @Test
    void tagsParseFromTheirCatalogForm() {
        assertThat(PiiTag.parse("pii.cpf")).isEqualTo(PiiTag.CPF);
        assertThat(PiiTag.CREDIT_CARD.value()).isEqualTo("PII.CREDIT_CARD");
        assertThatThrownBy(() -> PiiTag.parse("PII.RG"))
                .isInstanceOf(LagoaException.class)
                .hasMessage("Unknown PII tag 'PII.RG': use one of [PII.CPF, PII.CNPJ, PII.EMAIL, PII.PHONE, PII.CEP, PII.CREDIT_CARD, "
                        + "PII.PERSON_NAME, PII.IP_ADDRESS]");
    }
}
