package dev.lagoa.benchmarks.apiload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RecordGeneratorTest {
    private final RecordGenerator generator = new RecordGenerator(10, 7);

    @Test
    void jsonAndCsvCarryTheSameValuesAndTheFieldAppearsHalfWay() throws Exception {
        StringBuilder json = new StringBuilder();
        generator.appendJson(6, json);
        JsonNode record = new ObjectMapper().readTree(json.toString());
        StringBuilder csv = new StringBuilder();
        generator.appendCsv(6, csv);
        String[] fields = csv.toString().strip().split(",");

        assertThat(record.path("id").asInt()).isEqualTo(7);
        assertThat(fields).hasSize(RecordGenerator.COLUMNS.length);
        assertThat(fields[0]).isEqualTo("7");
        assertThat(fields[9]).isEqualTo('"' + record.at("/cliente/nome").asText() + '"');
        assertThat(new java.math.BigDecimal(fields[14])).isEqualByComparingTo(record.at("/endereco/geo/lat").decimalValue());
        assertThat(record.has("desconto")).isTrue();

        StringBuilder early = new StringBuilder();
        generator.appendJson(1, early);
        assertThat(new ObjectMapper().readTree(early.toString()).has("desconto")).isFalse();
        StringBuilder earlyCsv = new StringBuilder();
        generator.appendCsv(1, earlyCsv);
        assertThat(earlyCsv.toString()).endsWith(",\n");
    }

    @Test
    void recordsAreReproducible() {
        assertThat(new RecordGenerator(10, 7).values(3)).containsExactly(generator.values(3));
    }
}
