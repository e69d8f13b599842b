package dev.lagoa.apiload.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ColumnTypeTest {
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Test
    void infersTheNarrowestType() throws Exception {
        assertThat(ColumnType.of(json.readTree("1"))).isEqualTo(ColumnType.INTEGER);
        assertThat(ColumnType.of(json.readTree("3000000000"))).isEqualTo(ColumnType.BIGINT);
        assertThat(ColumnType.of(json.readTree("123456789012345678901234567890"))).isEqualTo(ColumnType.NUMERIC);
        assertThat(ColumnType.of(json.readTree("1.5"))).isEqualTo(ColumnType.NUMERIC);
        assertThat(ColumnType.of(json.readTree("true"))).isEqualTo(ColumnType.BOOLEAN);
        assertThat(ColumnType.of(json.readTree("\"x\""))).isEqualTo(ColumnType.TEXT);
        assertThat(ColumnType.of(json.readTree("{\"a\":1}"))).isEqualTo(ColumnType.JSONB);
    }

    @Test
    void numbersWidenUpTheChainAndScalarsWidenToText() {
        assertThat(ColumnType.INTEGER.widenedFor(ColumnType.BIGINT)).contains(ColumnType.BIGINT);
        assertThat(ColumnType.BIGINT.widenedFor(ColumnType.NUMERIC)).contains(ColumnType.NUMERIC);
        assertThat(ColumnType.NUMERIC.widenedFor(ColumnType.INTEGER)).contains(ColumnType.NUMERIC);
        assertThat(ColumnType.INTEGER.widenedFor(ColumnType.TEXT)).contains(ColumnType.TEXT);
        assertThat(ColumnType.BOOLEAN.widenedFor(ColumnType.INTEGER)).contains(ColumnType.TEXT);
    }

    @Test
    void textDoesNotTakeNumbersUnlessItWasWidened() {
        assertThat(ColumnType.TEXT.widenedFor(ColumnType.INTEGER)).isEmpty();
        assertThat(ColumnType.TEXT.holds(ColumnType.INTEGER, false)).isFalse();
        assertThat(ColumnType.TEXT.holds(ColumnType.INTEGER, true)).isTrue();
        assertThat(ColumnType.INTEGER.widenedFor(ColumnType.JSONB)).isEmpty();
        assertThat(ColumnType.JSONB.holds(ColumnType.TEXT, false)).isTrue();
    }
}
