package dev.lagoa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.core.lineage.LineageRun;
import dev.lagoa.governance.lineage.OpenLineageFileEmitter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lagoa lineage} on a workspace with the ibov ingest's run events and the pipelines' declarations. */
class LineageCommandTest {
    private static final String B3_API = "https://sistemaswebb3-listados.b3.com.br/indexProxy/indexCall/GetPortfolioDay";

    @TempDir
    Path temp;

    /** A workspace that exists: read-only commands refuse a home that is not one. */
    @org.junit.jupiter.api.BeforeEach
    void createWorkspace() throws java.io.IOException {
        java.nio.file.Files.createDirectories(temp.resolve("home/lake"));
    }

    record Run(int status, String out, String err) {}

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = temp.resolve("home").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int status = LagoaCli.execute(Map.of(), Clock.fixed(Instant.parse("2026-11-22T02:30:00Z"), ZoneOffset.UTC), new PrintWriter(out, true),
                new PrintWriter(err, true), all);
        return new Run(status, out.toString(), err.toString());
    }

    void ingestRan() {
        new OpenLineageFileEmitter(temp.resolve("home/lineage/events")).emit(new LineageRun("ibov/ingest", "jr_1", Instant.parse("2022-12-08T23:00:00Z"),
                Instant.parse("2022-12-08T23:00:02Z"), true, List.of(B3_API),
                List.of("s3://lagoa-b3/raw/2022-12-08/resposta_b3.json", "s3://lagoa-b3/raw/2022-12-08/dados_originais.parquet"), Optional.empty()));
    }

    @Test
    void ibovAtivosComesFromTheBronzeCopyWhichComesFromTheB3Api() {
        ingestRan();
        Run run = run("lineage", "ibov_ativos", "--upstream");

        assertThat(run.err()).isEmpty();
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("""
                ibov-ativos (ibov_ativos)  s3://lagoa-b3/refined/ativos/
                └── ibov-bronze (ibov_bronze)  s3://lagoa-b3/raw/{date}/dados_originais.parquet  [via lagoa-ibov-refine]
                    └── %s  [via ibov/ingest]
                """.formatted(B3_API));
    }

    @Test
    void downstreamAsMermaidAndDepth() {
        Run run = run("lineage", "s3://lagoa-b3/raw/{date}/dados_originais.parquet", "--downstream", "--depth", "1", "--format", "mermaid");

        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("flowchart LR\n    n0[\"ibov-bronze\"]\n").contains("n0 -- \"lagoa-ibov-refine\" --> n1");
    }

    @Test
    void aColumnWithoutEventsAndAnUnknownDatasetAreUserErrors() {
        Run column = run("lineage", "ibov_ativos", "--upstream", "--column", "participacao_pct");
        assertThat(column.status()).isEqualTo(2);
        assertThat(column.err()).isEqualTo("Error: No column lineage of ibov-ativos.participacao_pct: no run event has column lineage of this dataset yet "
                + "(run its job, then lagoa lineage reads the events)\n");

        Run unknown = run("lineage", "vendas", "--downstream");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("Error: No dataset 'vendas' in the lineage graph");
    }
}
