package dev.lagoa.jobs.ibov;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The driver's twin of the Spark parsing rules, on B3's real values and the mistakes a writer could make. */
class PtBrNumberTest {
    private static final PtBrNumber PART = PtBrNumber.percent("part", IbovTables.PERCENT, true);
    private static final PtBrNumber PART_ACUM = PtBrNumber.percent("part_acum", IbovTables.PERCENT, false);
    private static final PtBrNumber REDUCTOR = PtBrNumber.decimal("header_reductor", IbovTables.REDUCER);
    private static final PtBrNumber QUANTITY = PtBrNumber.whole("theorical_qty");

    @Test
    void recordedValuesAreValid() {
        assertThat(PART.check("5,720")).isNull();
        assertThat(PART.check("0,187")).isNull();
        assertThat(PART.check("100,000")).isNull();
        assertThat(REDUCTOR.check("18.553.794,87445950")).isNull();
        assertThat(QUANTITY.check("4.566.441.248")).isNull();
        assertThat(QUANTITY.check("101.053.551.382")).isNull();
        assertThat(PART_ACUM.check(null)).as("segment \"1\" requests have no partAcum").isNull();
    }

    @Test
    void otherFormatsAreRejectedNotRead() {
        assertThat(QUANTITY.check("4566441248")).as("thousands must be grouped").isEqualTo("is not a pt-BR whole number (thousands '.')");
        assertThat(QUANTITY.check("99,015,750,716")).as("en-US grouping").isEqualTo("is not a pt-BR whole number (thousands '.')");
        assertThat(REDUCTOR.check("5.720,1")).isNull();
        assertThat(PART.check("5.72")).as("a group of two digits").isEqualTo("is not a pt-BR number with at most 3 decimals (thousands '.', decimal ',')");
        assertThat(PART.check("5,7201")).as("no silent rounding").isEqualTo("is not a pt-BR number with at most 3 decimals (thousands '.', decimal ',')");
        assertThat(PART.check("2.663")).as("en-US 2.663 reads as 2663 in pt-BR").isEqualTo("is more than 100");
        assertThat(PART.check("-1,000")).isEqualTo("is not a pt-BR number with at most 3 decimals (thousands '.', decimal ',')");
        assertThat(PART.check(" 5,720")).isEqualTo("is not a pt-BR number with at most 3 decimals (thousands '.', decimal ',')");
        assertThat(PART.check(null)).isEqualTo("is missing");
    }

    @Test
    void valuesThatDoNotFitTheTypeAreRejected() {
        assertThat(PtBrNumber.decimal("x", IbovTables.PERCENT).check("1.000.000,000")).isEqualTo("does not fit decimal(9,3)");
        assertThat(QUANTITY.check("9.223.372.036.854.775.808")).isEqualTo("does not fit bigint");
        assertThat(QUANTITY.check("9.223.372.036.854.775.807")).isNull();
    }
}
