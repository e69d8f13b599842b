package dev.lagoa.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BrazilianDocumentsTest {
    @Test
    void acceptsCpfsWhoseCheckDigitsAreRight() {
        // 529.982.247-25 is the example CPF of many validators' documentation; 000.000.001-91 the smallest valid one
        assertThat(BrazilianDocuments.isValidCpf("52998224725")).isTrue();
        assertThat(BrazilianDocuments.isValidCpf("00000000191")).isTrue();
    }

    @Test
    void rejectsCpfsWithAWrongCheckDigitOrOneDigitRepeated() {
        assertThat(BrazilianDocuments.isValidCpf("52998224726")).isFalse();
        assertThat(BrazilianDocuments.isValidCpf("52998224715")).isFalse();
        // 111.111.111-11 passes the mod-11 arithmetic, but the Receita Federal never issues it
        assertThat(BrazilianDocuments.isValidCpf("11111111111")).isFalse();
        assertThat(BrazilianDocuments.isValidCpf("00000000000")).isFalse();
        assertThat(BrazilianDocuments.isValidCpf("5299822472")).isFalse();
        assertThat(BrazilianDocuments.isValidCpf("5299822472A")).isFalse();
    }

    @Test
    void acceptsNumericCnpjsWhoseCheckDigitsAreRight() {
        // 11.222.333/0001-81 is the example CNPJ of the Receita Federal's own forms
        assertThat(BrazilianDocuments.isValidCnpj("11222333000181")).isTrue();
        assertThat(BrazilianDocuments.isValidCnpj("11222333000182")).isFalse();
        assertThat(BrazilianDocuments.isValidCnpj("00000000000000")).isFalse();
    }

    @Test
    void acceptsTheAlphanumericCnpjOfTheReceitaFederalExample() {
        // the Receita Federal's example of the 2026 format: 12.ABC.345/01DE-35; letters count as ASCII minus 48 (A = 17)
        assertThat(BrazilianDocuments.isValidCnpj("12ABC34501DE35")).isTrue();
        assertThat(BrazilianDocuments.isValidCnpj("12ABC34501DE36")).isFalse();
        assertThat(BrazilianDocuments.isValidCnpj("12ABC34501DF35")).isFalse();
        // check digits are always digits, and letters are capitals
        assertThat(BrazilianDocuments.isValidCnpj("12ABC34501DE3A")).isFalse();
        assertThat(BrazilianDocuments.isValidCnpj("12abc34501de35")).isFalse();
    }

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
            String cpf = BrazilianDocuments.randomCpf(random);
            String cnpj = BrazilianDocuments.randomCnpj(random);
            assertThat(BrazilianDocuments.isValid(cpf)).as(cpf).isTrue();
            assertThat(BrazilianDocuments.isValid(cnpj)).as(cnpj).isTrue();
            assertThat(BrazilianDocuments.isValid(BrazilianDocuments.withWrongCheckDigit(cpf))).isFalse();
        }
    }
}
