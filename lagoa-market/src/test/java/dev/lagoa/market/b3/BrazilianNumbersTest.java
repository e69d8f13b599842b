package dev.lagoa.market.b3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class BrazilianNumbersTest {
    @Test
    void readsTheReductorExactlyWithItsEightDecimals() {
        assertThat(BrazilianNumbers.parseDecimal("18.553.794,87445950")).isEqualTo(new BigDecimal("18553794.87445950"));
        assertThat(BrazilianNumbers.parseDecimal("18.553.794,87445950").scale()).isEqualTo(8);
    }

    @Test
    void readsWeightsAndUngroupedNumbers() {
        assertThat(BrazilianNumbers.parseDecimal("5,720")).isEqualTo(new BigDecimal("5.720"));
        assertThat(BrazilianNumbers.parseDecimal("100,000")).isEqualTo(new BigDecimal("100.000"));
        assertThat(BrazilianNumbers.parseDecimal("0,007")).isEqualTo(new BigDecimal("0.007"));
        assertThat(BrazilianNumbers.parseDecimal("1234,5")).isEqualTo(new BigDecimal("1234.5"));
        assertThat(BrazilianNumbers.parseDecimal("-1,5")).isEqualTo(new BigDecimal("-1.5"));
    }

    @Test
    void readsQuantities() {
        assertThat(BrazilianNumbers.parseLong("4.566.441.248")).isEqualTo(4_566_441_248L);
        assertThat(BrazilianNumbers.parseLong("101.053.551.382")).isEqualTo(101_053_551_382L);
        assertThat(BrazilianNumbers.parseLong("720")).isEqualTo(720L);
    }

    @Test
    void refusesTheEnUsShapesAndBrokenGroups() {
        assertThatThrownBy(() -> BrazilianNumbers.parseLong("99,015,750,716"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'99,015,750,716' is not a pt-br integer (thousands grouped by dots of 3 digits: 4.566.441.248)");
        assertThatThrownBy(() -> BrazilianNumbers.parseDecimal("16,036,751.16744128"))
                .hasMessageStartingWith("'16,036,751.16744128' is not a pt-br decimal");
        for (String bad : new String[] {"2.66", "1.2345", "1..000", ".5", "5,", " 5,7", "5,7 ", "", "1,2,3", "12.34.567", "+5"}) {
            assertThat(BrazilianNumbers.decimalProblem(bad)).as(bad).isNotNull();
        }
        assertThat(BrazilianNumbers.integerProblem("1.000,5")).isNotNull();
        assertThatThrownBy(() -> BrazilianNumbers.parseLong("99.999.999.999.999.999.999"))
                .hasMessage("'99.999.999.999.999.999.999' is too large for a quantity");
    }

    @Test
    void readsDatesDayFirstInTheTwoThousands() {
        assertThat(BrazilianNumbers.parseDate("08/12/22")).isEqualTo(LocalDate.of(2022, 12, 8));
        assertThat(BrazilianNumbers.parseDate("04/07/25")).isEqualTo(LocalDate.of(2025, 7, 4));
        assertThatThrownBy(() -> BrazilianNumbers.parseDate("12/31/25")).hasMessage("'12/31/25' is not a date dd/MM/yy");
        assertThatThrownBy(() -> BrazilianNumbers.parseDate("30/02/24")).hasMessage("'30/02/24' is not a date dd/MM/yy");
        assertThatThrownBy(() -> BrazilianNumbers.parseDate("2022-12-08")).hasMessage("'2022-12-08' is not a date dd/MM/yy");
    }
}
