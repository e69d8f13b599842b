package dev.lagoa.governance.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CheckDigitsTest {
    @Test
    void acceptsCpfsWhoseCheckDigitsAreRight() {
        // 529.982.247-25 is the example CPF of many validators' documentation; 000.000.001-91 the smallest valid one
        assertThat(CheckDigits.isValidCpf("52998224725")).isTrue();
        assertThat(CheckDigits.isValidCpf("00000000191")).isTrue();
    }

    @Test
    void rejectsCpfsWithAWrongCheckDigitOrOneDigitRepeated() {
        assertThat(CheckDigits.isValidCpf("52998224726")).isFalse();
        assertThat(CheckDigits.isValidCpf("52998224715")).isFalse();
        // 111.111.111-11 passes the mod-11 arithmetic, but the Receita Federal never issues it
        assertThat(CheckDigits.isValidCpf("11111111111")).isFalse();
        assertThat(CheckDigits.isValidCpf("00000000000")).isFalse();
        assertThat(CheckDigits.isValidCpf("5299822472")).isFalse();
        assertThat(CheckDigits.isValidCpf("5299822472A")).isFalse();
    }

    @Test
    void acceptsNumericCnpjsWhoseCheckDigitsAreRight() {
        // 11.222.333/0001-81 is the example CNPJ of the Receita Federal's own forms
        assertThat(CheckDigits.isValidCnpj("11222333000181")).isTrue();
        assertThat(CheckDigits.isValidCnpj("11222333000182")).isFalse();
        assertThat(CheckDigits.isValidCnpj("00000000000000")).isFalse();
    }

    @Test
    void acceptsTheAlphanumericCnpjOfTheReceitaFederalExample() {
        // the Receita Federal's example of the 2026 format: 12.ABC.345/01DE-35; letters count as ASCII minus 48 (A = 17)
        assertThat(CheckDigits.isValidCnpj("12ABC34501DE35")).isTrue();
        assertThat(CheckDigits.isValidCnpj("12ABC34501DE36")).isFalse();
        assertThat(CheckDigits.isValidCnpj("12ABC34501DF35")).isFalse();
        // check digits are always digits, and letters are capitals
        assertThat(CheckDigits.isValidCnpj("12ABC34501DE3A")).isFalse();
        assertThat(CheckDigits.isValidCnpj("12abc34501de35")).isFalse();
    }

    @Test
    void checksCardNumbersWithLuhn() {
        assertThat(CheckDigits.passesLuhn("4111111111111111")).isTrue();
        assertThat(CheckDigits.passesLuhn("378282246310005")).isTrue();
        assertThat(CheckDigits.passesLuhn("4111111111111112")).isFalse();
        assertThat(CheckDigits.passesLuhn("")).isFalse();
    }
}
