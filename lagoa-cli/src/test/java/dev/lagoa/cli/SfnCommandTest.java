package dev.lagoa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lagoa sfn}: the machines that need no Spark (the Bronze layer: control-plane tasks only) run here for real. */
class SfnCommandTest {
    @TempDir
    Path temp;

    record Run(int status, String out, String err) {}

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 4];
        all[0] = "--home";
        all[1] = temp.resolve("home").toString();
        all[2] = "-c";
        all[3] = "importau.user=Ana.Teste";
        System.arraycopy(args, 0, all, 4, args.length);
        int status = LagoaCli.execute(Map.of(), Clock.systemUTC(), new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void listsTheMachines() {
        Run run = run("sfn", "list");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("importau-teste-silver", "importau-bronze");
    }

    @Test
    void theBronzeMachineGeneratesOnceThenFindsItsBronzeCurrent() {
        Run first = run("sfn", "run", "importau-bronze", "--input", "{\"escala\": 0.005}");

        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).contains("GerarBronze", "RegistrarCatalogoBronze").containsPattern("importau-bronze:\\S+ SUCCEEDED");
        assertThat(temp.resolve("home/lake/importau-lakehouse-ana-teste/bronze/itens_pedido/part-00000.parquet")).exists();
        Run catalog = run("catalog", "list");
        assertThat(catalog.out()).contains("bronze_itens_pedido", "bronze_clientes");

        Run second = run("sfn", "run", "importau-bronze", "--input", "{\"escala\": 0.005}");
        assertThat(second.out()).contains("BronzeJaGerada").doesNotContain("GerarBronze ");

        Run executions = run("sfn", "executions", "importau-bronze");
        assertThat(executions.out().lines().filter(line -> line.startsWith("importau-bronze:"))).hasSize(2);
        Matcher id = Pattern.compile("(importau-bronze:\\S+) SUCCEEDED").matcher(first.out());
        assertThat(id.find()).isTrue();
        Run described = run("sfn", "describe", id.group(1), "--json");
        assertThat(described.status()).as(described.err()).isZero();
        assertThat(described.out()).contains("\"state\" : \"GerarBronze\"", "\"rejeitos_esperados\" : 1", "\"outcome\" : \"SUCCEEDED\"");
    }

    @Test
    void unknownMachinesAndExecutionsAreNamed() {
        Run machine = run("sfn", "run", "nenhuma");
        assertThat(machine.status()).isEqualTo(2);
        assertThat(machine.err()).startsWith("Error: Unknown state machine 'nenhuma'; known: [importau, importau-bronze");

        Run execution = run("sfn", "describe", "importau:nada");
        assertThat(execution.err()).isEqualTo("Error: No execution 'importau:nada' in this workspace" + System.lineSeparator());
    }

    @Test
    void exportsValidatedAslWithTheConfiguredBucket() throws Exception {
        Path out = temp.resolve("asl");
        Run run = run("sfn", "export", "--out", out.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(Files.readString(out.resolve("importau-silver.asl.json"))).contains("\"--lakehouse\" : \"s3://importau-lakehouse-ana-teste/\"",
                "arn:aws:states:::glue:startJobRun.sync", "\"JobName\" : \"lagoa-importau-silver\"");
        assertThat(out.resolve("parameters.json")).exists();
    }
}
