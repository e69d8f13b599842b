package dev.lagoa.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableCommitManifestTest {
    private static final TableCommitManifest ATIVOS = new TableCommitManifest("ibov_ativos", "s3://lagoa-b3/refined/ativos/", "parquet",
            List.of(new TableCommitManifest.Column("participacao_pct", "decimal(9,3)", "Participação no índice, em %")),
            List.of(new TableCommitManifest.Column("data", "date", ""), new TableCommitManifest.Column("acao", "string", "Ticker")),
            List.of(new TableCommitManifest.Partition(List.of("2022-12-08", "PETR4"), "s3://lagoa-b3/refined/ativos/data=2022-12-08/acao=PETR4/")),
            List.of(List.of("2022-12-08")), 92, "jr_20261122T043937_867e7a07", "2026-11-22T04:40:06Z");

    @Test
    void whatIsWrittenIsReadBackEqual() {
        byte[] json = ATIVOS.toJson();

        assertThat(TableCommitManifest.parse(json, "s3://lagoa-b3/catalog-commits/ibov_ativos/x.json")).isEqualTo(ATIVOS);
        assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{\n  \"table\" : \"ibov_ativos\",").endsWith("}\n");
    }

    @Test
    void aManifestWithoutRowsOrRunIsReadWithRowsUnknown() {
        String json = """
                {"table": "clientes", "location": "s3://importau/bronze/clientes/", "format": "parquet",
                 "columns": [{"name": "id", "type": "bigint"}], "partitionKeys": [], "partitions": [], "replaces": []}
                """;

        TableCommitManifest manifest = TableCommitManifest.parse(json.getBytes(StandardCharsets.UTF_8), "c.json");

        assertThat(manifest.rows()).isEqualTo(-1);
        assertThat(manifest.runId()).isEmpty();
        assertThat(manifest.columns()).containsExactly(new TableCommitManifest.Column("id", "bigint", ""));
    }

    @Test
    void malformedManifestsAreNamedWithTheirReason() {
        assertThatThrownBy(() -> TableCommitManifest.parse("[1]".getBytes(StandardCharsets.UTF_8), "a.json"))
                .isInstanceOf(MalformedFileException.class).hasMessage("Invalid table commit a.json: not a JSON object");
        assertThatThrownBy(() -> TableCommitManifest.parse("{\"table\": \"t\"".getBytes(StandardCharsets.UTF_8), "b.json"))
                .isInstanceOf(MalformedFileException.class).hasMessageStartingWith("Invalid table commit b.json: not valid JSON");
        assertThatThrownBy(() -> TableCommitManifest.parse("{\"table\": \"t\", \"table\": \"u\"}".getBytes(StandardCharsets.UTF_8), "c.json"))
                .isInstanceOf(MalformedFileException.class).hasMessageContaining("Duplicate field 'table'");
        String wrongValues = new String(ATIVOS.toJson(), StandardCharsets.UTF_8).replace("\"PETR4\" ]", "\"PETR4\", \"x\" ]");
        assertThatThrownBy(() -> TableCommitManifest.parse(wrongValues.getBytes(StandardCharsets.UTF_8), "d.json"))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage("Invalid table commit d.json: Partition [2022-12-08, PETR4, x] of ibov_ativos needs 2 values");
        String numberAsTable = "{\"table\": 7, \"location\": \"s3://b/t/\", \"format\": \"parquet\", \"columns\": [], \"partitionKeys\": [],"
                + " \"partitions\": [], \"replaces\": []}";
        assertThatThrownBy(() -> TableCommitManifest.parse(numberAsTable.getBytes(StandardCharsets.UTF_8), "e.json"))
                .hasMessage("Invalid table commit e.json: 'table' is missing or not a string");
    }

    @Test
    void theFileNameCarriesThePrefixAndRunAndRefusesPathCharacters() {
        assertThat(ATIVOS.relativePath("2022-12-08")).isEqualTo("ibov_ativos/2022-12-08-jr_20261122T043937_867e7a07.json");
        assertThatThrownBy(() -> ATIVOS.fileName("../x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("may hold only letters, digits, '_', '.' and '-'");
    }
}
