package dev.lagoa.governance.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CheckDigitsTest {
    @Test
    void checksCardNumbersWithLuhn() {
        assertThat(CheckDigits.passesLuhn("4111111111111111")).isTrue();
        assertThat(CheckDigits.passesLuhn("378282246310005")).isTrue();
        assertThat(CheckDigits.passesLuhn("4111111111111112")).isFalse();
        assertThat(CheckDigits.passesLuhn("")).isFalse();
    }
}
