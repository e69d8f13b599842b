package dev.lagoa.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void aLongNameWidensItsColumnInsteadOfShiftingTheOthers() {
        StringWriter text = new StringWriter();
        new TextTable("TABLE", ">PARTITIONS", "OWNER", "LOCATION")
                .row("ibov_ativos", 3, "dados-b3", "s3://lagoa-b3/refined/ativos/")
                .row("agregado_fluxo_de_caixa_mensal_por_filial", 120, "financeiro", "s3://importau/gold/fluxo/")
                .print(new PrintWriter(text, true));

        String[] lines = text.toString().split("\n");
        assertThat(lines).containsExactly(
                "TABLE                                      PARTITIONS  OWNER       LOCATION",
                "ibov_ativos                                         3  dados-b3    s3://lagoa-b3/refined/ativos/",
                "agregado_fluxo_de_caixa_mensal_por_filial         120  financeiro  s3://importau/gold/fluxo/");
    }
}
