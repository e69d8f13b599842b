package dev.lagoa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The importau state machines as a user finds them: {@code lagoa search}, {@code lagoa catalog show}, {@code lagoa lineage}. */
class StateMachineCatalogTest {
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

    @Test
    void searchingTesteSilverFindsTheStateMachine() {
        Run run = run("search", "teste silver");

        assertThat(run.err()).isEmpty();
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("state-machine importau-<<teste>>-<<silver>>");

        Run machines = run("search", "teste silver", "--type", "state-machine", "--json");
        assertThat(machines.status()).isZero();
        assertThat(machines.out().replaceAll("\\s", "")).startsWith("[{\"id\":\"state-machine:importau-teste-silver\"");
    }

    @Test
    void catalogShowPresentsTheMachineWithItsTasksOwnersAndDatasets() {
        Run run = run("catalog", "show", "importau-teste-silver");

        assertThat(run.err()).isEmpty();
        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("state machine importau-teste-silver (pipeline importau)\n  Testes da Silver:")
                .contains("  owner importau-dados · starts at Verificar · 2 tasks · timeout 3600 s\n")
                .contains("  task TestarSilver — Spark job lagoa-importau-teste-silver · owner importau-dados\n")
                .contains("    reads   fato-pedido-correlacionado (silver, fato_pedido_correlacionado), importau-rejeitos (quarantine, importau_rejeitos)")
                .contains("    writes  importau-relatorios-qualidade (")
                .contains("  task ConferirCatalogoSilver — task importau-conferir-catalogo · owner importau-dados\n");

        Run unknown = run("catalog", "show", "importau-teste-platina");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("no state machine 'importau-teste-platina'");
    }

    @Test
    void theLineageOfABronzeDatasetReachesTheTestTasksThatReadIt() {
        Run run = run("lineage", "bronze-clientes", "--downstream", "--depth", "1");

        assertThat(run.err()).isEmpty();
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("importau-teste-bronze/TestarBronze").contains("importau-silver/CorrelacionarPedidos");
    }
}
