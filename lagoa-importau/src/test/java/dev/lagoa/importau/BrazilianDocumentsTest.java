package dev.lagoa.importau;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BrazilianDocumentsTest {
    @Test
    void knownDocumentsAreValidAndAWrongCheckDigitIsNot() {
        // published examples: CPF 529.982.247-25 and CNPJ 11.222.333/0001-81
        assertThat(BrazilianDocuments.isValid("52998224725")).isTrue();
        assertThat(BrazilianDocuments.isValid("11222333000181")).isTrue();
        assertThat(BrazilianDocuments.isValid("52998224726")).isFalse();
        assertThat(BrazilianDocuments.isValid("11222333000182")).isFalse();
        assertThat(BrazilianDocuments.isValid("11111111111")).isFalse();
        assertThat(BrazilianDocuments.isValid("529.982.247-25")).isFalse();
    }

    @Test
    void generatedDocumentsAreValid() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            String cpf = BrazilianDocuments.cpf(random);
            String cnpj = BrazilianDocuments.cnpj(random);
            assertThat(BrazilianDocuments.isValid(cpf)).as(cpf).isTrue();
            assertThat(BrazilianDocuments.isValid(cnpj)).as(cnpj).isTrue();
            assertThat(BrazilianDocuments.isValid(BrazilianDocuments.withWrongCheckDigit(cpf))).isFalse();
        }
    }
}
