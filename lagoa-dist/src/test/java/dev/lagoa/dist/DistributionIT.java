package dev.lagoa.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.lagoa.dist.LagoaProcesses.Result;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The built distribution as a user runs it: {@code bin/lagoa} in a fresh workspace, real Spark job runs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;
    private Path home;

    @BeforeAll
    void workspace() {
        home = temp.resolve("home");
    }

    Result lagoa(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return LagoaProcesses.run(temp, home, environment, args);
    }

    Result lagoa(String... args) throws IOException, InterruptedException {
        return lagoa(Map.of(), args);
    }

    @Test
    @Order(1)
    void theDemoShowsTheDiffOfTheBundledSampleBesideTheServeOfAnotherWorkspace() throws Exception {
        // another workspace's serve, on the default configuration as the demo's: each gets its own free ports
        Path otherOutput = temp.resolve("other-serve.txt");
        Process other = serve(temp.resolve("other-home"), otherOutput);
        Result result;
        try {
            awaitLine(other, otherOutput, "Serving. Ctrl-C stops.");
            result = lagoa("demo");
        } finally {
            other.destroy();
            assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("changes    2 inserted (c), 5 updated (u), 1 deleted (d); 4 unchanged")
                .contains("rejects    2 (allowed 5): MALFORMED_JSON 1, MISSING_KEY 1 → s3://lagoa-diffs/_rejects/")
                .contains("output     s3://lagoa-diffs/")
                .containsPattern("u \\{\"id\":3\\}\\s+preco: 8.9 → 9.49")
                .containsPattern("u \\{\"id\":4\\}\\s+estoque.quantidade: 120 → 80")
                .containsPattern("u \\{\"id\":9\\}\\s+desconto: \\(absent\\) → 0.1")
                .containsPattern("c \\{\"id\":12\\}\\s+new: Queijo")
                .containsPattern("d \\{\"id\":7\\}\\s+gone: Macarrão")
                .contains("started ElasticMQ (SQS)", "started Kafka (KRaft)")
                .contains("1 new notification sent; 1 message waiting on lagoa-diff-events")
                .containsPattern("ObjectCreated:Put s3://lagoa-diffs/\\d{4}-\\d{2}-\\d{2}/part-00000-jr_\\w+\\.json")
                .contains("records    8 (2 c, 5 u, 1 d)")
                .containsPattern("read back by a read_committed consumer: 8 records of \\S+ on lagoa-diffs — \\{c=2, d=1, u=5\\}")
                .contains("published again: 0 new records")
                // ibov: ingest → event → IbovRefineTrigger → refine run → commits → catalog → SQL
                .contains("B3 IBOV portfolio for 2022-12-08: 92 assets on 1 page")
                .contains("landed s3://lagoa-b3/raw/2022-12-08/dados_originais.parquet")
                .containsPattern("event → function IbovRefineTrigger started lagoa-ibov-refine run jr_\\S+")
                .containsPattern("run jr_\\S+ SUCCEEDED in [0-9.]+ s; its commits → function CatalogCommitHandler → tables ibov_ativos, ibov_header")
                .containsPattern("PETR4 \\| PETROBRAS\\s+\\|\\s+5.720 \\|\\s+3")
                .containsPattern("92 \\|\\s+100.000")
                // petr4: 21 bars in 21 daily partitions, one refine run for the backfill
                .contains("BRAPI PETR4, range 1mo: 21 daily bars; 21 days landed (2025-06-23 … 2025-07-21), 0 unchanged")
                .containsPattern("run jr_\\S+ SUCCEEDED in [0-9.]+ s; its commits → function CatalogCommitHandler → tables petr4_cotacoes, petr4_mensal");
        try (Stream<Path> days = Files.list(home.resolve("lake/lagoa-diffs"))) {
            assertThat(days.map(path -> path.getFileName().toString())).anyMatch(name -> name.matches("\\d{4}-\\d{2}-\\d{2}"));
        }
    }

    @Test
    @Order(2)
    void theDemosTablesAnswerSql() throws Exception {
        Result weight = lagoa("sql", "select participacao_pct from ibov_ativos where acao = 'PETR4' and data_pregao = DATE '2022-12-08'",
                "--format", "csv");
        assertThat(weight.exitCode()).as(weight.err()).isZero();
        assertThat(weight.out()).isEqualTo("participacao_pct\n5.720\n");

        // the 5-day moving average of the last bar is the mean of the fixture's last five closes (30.82, 30.99, 31.47, 31.79, 31.95)
        Result average = lagoa("sql", "select media_movel_5, count(*) over () as dias from petr4_cotacoes order by data_pregao desc limit 1",
                "--format", "json");
        assertThat(average.exitCode()).as(average.err()).isZero();
        JsonNode last = JSON.readTree(average.out()).get(0);
        assertThat(last.get("media_movel_5").decimalValue()).isEqualByComparingTo("31.404");
        assertThat(last.get("dias").asLong()).isEqualTo(21);

        Result tables = lagoa("catalog", "list");
        assertThat(tables.out()).contains("ibov_ativos", "ibov_header", "petr4_cotacoes", "petr4_mensal");
        Result crawl = lagoa("catalog", "crawl");
        assertThat(crawl.exitCode()).as(crawl.err()).isZero();
        assertThat(crawl.out()).containsPattern("ibov_bronze\\s+bronze\\s+parquet\\s+92\\s+1")
                .containsPattern("petr4_raw\\s+raw\\s+parquet\\s+21\\s+21");
        // an unchanged lake: no data file is read again
        assertThat(lagoa("catalog", "crawl").out()).containsPattern("files seen, 0 read");
        assertThat(lagoa("sql", "select count(*) from ibov_bronze where date = DATE '2022-12-08'", "--format", "csv").out()).isEqualTo("count_star()\n92\n");

        Result search = lagoa("search", "carteira teorica", "--type", "dataset", "--limit", "1");
        assertThat(search.exitCode()).as(search.err()).isZero();
        assertThat(search.out()).startsWith("1. dataset ibov-ativos (refined, ibov)");

        // governance after the demo and a crawl: the importau lakehouse catalogued, classified, tagged, traced, found
        assertThat(lagoa("catalog", "list", "--layer", "bronze").out()).contains("bronze_clientes", "bronze_pedidos", "bronze_itens_pedido",
                "bronze_cambio", "bronze_fornecedores", "bronze_produtos", "bronze_despesas_importacao");
        assertThat(lagoa("catalog", "list", "--layer", "gold").out()).contains("agregado_fluxo_de_caixa_mensal", "agregado_previsao_demanda_cambio");
        String clientes = lagoa("catalog", "show", "clientes").out();
        assertThat(clientes).containsPattern("email\\s+string.*\\n\\s+PII.EMAIL \\(classifier, crawler\\): \\d+ of \\d+ non-null values")
                .contains("PII.CPF (classifier, crawler)", "contains personal data (LGPD)");
        assertThat(lagoa("catalog", "show", "pedidos").out()).contains("tag core-domain — Core Domain");
        assertThat(lagoa("lineage", "agregado_fluxo_de_caixa_mensal", "--upstream").out())
                .contains("fato-pedido-correlacionado (fato_pedido_correlacionado)", "bronze-pedidos (bronze_pedidos)", "bronze-cambio (bronze_cambio)");
        // matches are marked in names too (agregado-previsao-demanda-<<cambio>>)
        assertThat(lagoa("search", "risco cambial", "--limit", "1").out()).containsPattern("^1\\. dataset agregado-previsao-demanda-(<<)?cambio(>>)? \\(gold, importau\\)");
        assertThat(lagoa("search", "Forecast", "--limit", "1").out()).containsPattern("^1\\. dataset agregado-(<<)?previsao(>>)?-demanda-cambio \\(gold, importau\\)");

        Result write = lagoa("sql", "copy (select 1) to 'x.csv'");
        assertThat(write.exitCode()).isEqualTo(2);
        assertThat(write.err()).contains("lagoa sql runs one read-only SELECT statement");
    }

    @Test
    @Order(2)
    void diffOfLocalFoldersWritesTheDayAndItsManifest() throws Exception {
        Path yesterday = Files.createDirectories(temp.resolve("ontem"));
        Files.writeString(yesterday.resolve("a.jsonl"), "{\"id\":1,\"v\":1}\n{\"id\":2,\"v\":1}\n{\"id\":3,\"v\":1}\n");
        Path today = Files.createDirectories(temp.resolve("hoje"));
        Files.writeString(today.resolve("a.json"), "[{\"id\":1,\"v\":1.0},{\"id\":2,\"v\":2},{\"id\":4,\"v\":1}]");
        Path out = temp.resolve("diffs");

        Result result = lagoa("diff", "--yesterday", yesterday.toString(), "--today", today.toString(), "--key", "id",
                "--date", "2026-11-21", "--out", out.toString(), "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode manifest = JSON.readTree(result.out());
        assertThat(manifest.get("changes").toString()).isEqualTo("{\"c\":1,\"u\":1,\"d\":1,\"total\":3}");
        Map<String, String> ops = new HashMap<>();
        // the change file is named by the run that wrote it, as the manifest lists it
        String changeFile = manifest.get("output").get("files").get(0).get("name").asText();
        assertThat(changeFile).isEqualTo("part-00000-%s.json".formatted(manifest.get("run_id").asText()));
        for (String line : Files.readAllLines(out.resolve("2026-11-21").resolve(changeFile))) {
            JsonNode change = JSON.readTree(line);
            ops.put(change.get("key").get("id").asText(), change.get("op").asText());
        }
        assertThat(ops).containsExactlyInAnyOrderEntriesOf(Map.of("2", "u", "3", "d", "4", "c"));
        assertThat(out.resolve("2026-11-21/_manifest.json")).exists();
    }

    @Test
    @Order(3)
    void tooManyRejectsExitWithTheUserErrorStatus() throws Exception {
        Path yesterday = Files.createDirectories(temp.resolve("r-ontem"));
        Files.writeString(yesterday.resolve("a.jsonl"), "{\"id\":1}\nnot json\n");
        Path today = Files.createDirectories(temp.resolve("r-hoje"));
        Files.writeString(today.resolve("a.jsonl"), "{\"id\":1}\n");

        Result result = lagoa("diff", "--yesterday", yesterday.toString(), "--today", today.toString(), "--key", "id",
                "--date", "2026-11-21", "--out", temp.resolve("r-out").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).contains("FAILED").contains("nothing published for 2026-11-21");
        assertThat(result.err()).contains("Error: lagoa-diff run jr_")
                .contains("1 input record was rejected, more than the 0 allowed (--max-rejects); nothing was published for 2026-11-21");
    }

    @Test
    @Order(4)
    void jobRunsAreListedWithTheirLogs() throws Exception {
        Result runs = lagoa("jobs", "runs", "--json");

        assertThat(runs.exitCode()).as(runs.err()).isZero();
        JsonNode list = JSON.readTree(runs.out());
        // newest first: the two diff runs of the tests above, the demo's importau, refine and diff runs
        assertThat(list).extracting(run -> run.get("job").asText())
                .containsExactly("lagoa-diff", "lagoa-diff", "lagoa-importau-teste-gold", "lagoa-importau-gold", "lagoa-importau-teste-silver",
                        "lagoa-importau-silver", "lagoa-importau-teste-bronze", "lagoa-petr4-refine", "lagoa-ibov-refine", "lagoa-diff");
        assertThat(list.get(0).get("state").asText()).isEqualTo("FAILED");
        assertThat(list).extracting(run -> run.get("state").asText()).containsOnlyOnce("FAILED");

        Result logs = lagoa("jobs", "logs", list.get(0).get("id").asText());
        assertThat(logs.exitCode()).isZero();
        assertThat(logs.out()).contains("ERROR: 1 input record was rejected");
        assertThat(lagoa("jobs", "runs").out()).contains("RUN", "lagoa-diff", "SUCCEEDED");
    }

    @Test
    @Order(5)
    void configurationIsDescribedAndSecretsAreMasked() throws Exception {
        Result describe = lagoa("config", "describe");
        assertThat(describe.out()).contains("lake.diffs-bucket", "LAGOA_LAKE_DIFFS_BUCKET", "jobs.timeout", "aws.secret-access-key  (password, secret");

        Result show = lagoa(Map.of("LAGOA_AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "LAGOA_AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG"), "config", "show");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("aws.secret-access-key").contains("******").doesNotContain("wJalrXUtnFEMI");
    }

    @Test
    @Order(6)
    void badConfigurationIsReportedWholeWithTheUserStatus() throws Exception {
        Result result = lagoa(Map.of("LAGOA_LAKE_DIFFS_BUCKET", "bucket_diffs"), "-c", "jobs.timeout=soon", "config", "show");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Invalid configuration (2 problems)")
                .contains("invalid bucket name 'bucket_diffs': underscores are not allowed")
                .contains("jobs.timeout = soon");
    }

    @Test
    @Order(7)
    void anInvalidBucketInAUriIsAClearError() throws Exception {
        Result result = lagoa("diff", "--yesterday", "s3://bucket_diffs/ontem/", "--today", "s3://lagoa-demo/x/", "--key", "id");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Invalid bucket name 'bucket_diffs': underscores are not allowed (use hyphens)");
    }

    @Test
    @Order(8)
    void interruptingTheCliStopsItsJobRun() throws Exception {
        Path yesterday = Files.createDirectories(temp.resolve("i-ontem"));
        Files.writeString(yesterday.resolve("a.jsonl"), "{\"id\":1}\n");
        List<String> command = List.of(Path.of(System.getProperty("lagoa.dist"), "bin", "lagoa").toString(), "--home", home.toString(),
                "diff", "--yesterday", yesterday.toString(), "--today", yesterday.toString(), "--key", "id", "--out", temp.resolve("i-out").toString());
        Path err = temp.resolve("interrupted-err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process cli = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(err).contains("Started lagoa-diff run")) {
            assertThat(System.nanoTime()).as("the run starts").isLessThan(deadline);
            assertThat(cli.isAlive()).as(Files.readString(err)).isTrue();
            Thread.sleep(50);
        }
        String runId = Files.readString(err).replaceAll("(?s).*Started lagoa-diff run (jr_[A-Za-z0-9_]+).*", "$1");

        cli.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(ProcessHandle.allProcesses().filter(process -> process.info().commandLine().orElse("").contains(runId)))
                .as("the job run's JVM is gone").isEmpty();
        JsonNode run = JSON.readTree(lagoa("jobs", "runs", "--limit", "1", "--json").out()).get(0);
        assertThat(run.get("id").asText()).isEqualTo(runId);
        assertThat(run.get("state").asText()).isEqualTo("STOPPED");
        assertThat(run.get("error_message").asText()).isEqualTo("Stopped: the launcher was interrupted (Ctrl-C or shutdown)");
    }

    @Test
    @Order(20)
    void theServicesHaveTheirOwnClasspathsThatTheLauncherHandsOn() throws Exception {
        Path dist = Path.of(System.getProperty("lagoa.dist"));
        assertThat(jarNames(dist.resolve("lib/kafka"))).anyMatch(name -> name.startsWith("kafka_2.13-"))
                .anyMatch(name -> name.startsWith("lagoa-kafka-broker-"));
        assertThat(jarNames(dist.resolve("lib/sqs"))).anyMatch(name -> name.startsWith("elasticmq-server_2.13-"))
                .anyMatch(name -> name.startsWith("lagoa-sqs-server-"));
        assertThat(jarNames(dist.resolve("lib/cli"))).as("the control plane loads no Scala and no broker")
                .noneMatch(name -> name.contains("_2.13") || name.contains("_2.12") || name.startsWith("scala-") || name.startsWith("kafka_"));

        Result show = lagoa("config", "show");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out())
                .containsPattern("services\\.kafka\\.classpath\\s+" + Pattern.quote(dist.resolve("lib/kafka") + "/*") + "\\s+\\(environment\\)")
                .containsPattern("services\\.sqs\\.classpath\\s+" + Pattern.quote(dist.resolve("lib/sqs") + "/*") + "\\s+\\(environment\\)");
    }

    @Test
    @Order(21)
    void theCliMapsTheClassArchiveOfTheBuildAndStartsCleanlyWithoutAUsableOne() throws Exception {
        Path dist = Path.of(System.getProperty("lagoa.dist"));
        assertThat(dist.resolve("lib/cli.jsa")).as("the build's class archive of lib/cli").isRegularFile();
        String logClassLoading = "-Xmx512m -Xlog:class+load=info:stderr";

        Result mapped = lagoa(Map.of("LAGOA_JAVA_OPTS", logClassLoading), "--version");
        assertThat(mapped.exitCode()).as(mapped.err()).isZero();
        assertThat(mapped.err()).contains("dev.lagoa.cli.LagoaCli source: shared objects file");

        Result off = lagoa(Map.of("LAGOA_JAVA_OPTS", logClassLoading, "LAGOA_CLI_CLASS_DATA_SHARING", "false"), "--version");
        assertThat(off.exitCode()).as(off.err()).isZero();
        assertThat(off.err()).contains("dev.lagoa.cli.LagoaCli source: ").doesNotContain("dev.lagoa.cli.LagoaCli source: shared");

        // an archive no JVM can map (another JDK's, a damaged file): the CLI starts without it and says nothing of it
        Path other = temp.resolve("dist-with-a-bad-archive");
        Files.createDirectories(other.resolve("bin"));
        Files.createDirectories(other.resolve("lib"));
        Files.copy(dist.resolve("bin/lagoa"), other.resolve("bin/lagoa"));
        Files.createSymbolicLink(other.resolve("lib/cli"), dist.resolve("lib/cli"));
        byte[] archive = Files.readAllBytes(dist.resolve("lib/cli.jsa"));
        for (int i = 0; i < archive.length; i += 4096) {
            archive[i] ^= 0x5A;
        }
        Files.write(other.resolve("lib/cli.jsa"), archive);
        Result damaged = LagoaProcesses.run(other.resolve("bin/lagoa"), temp, home, Map.of(), "--version");
        String output = damaged.out() + damaged.err();
        assertThat(damaged.exitCode()).as(output).isZero();
        assertThat(output).startsWith("lagoa ").doesNotContain("cds", "shared archive", "warning");
    }

    private static List<String> jarNames(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".jar")).toList();
        }
    }

    Process serve(Path err) throws IOException {
        return serve(home, err);
    }

    Process serve(Path workspace, Path err) throws IOException {
        // the console on a free port: a test takes no fixed port
        return LagoaProcesses.start(workspace, err, "-c", "serve.notifications.scan-interval=500ms", "-c", "services.console.port=0", "serve");
    }

    void awaitLine(Process process, Path output, String line) throws Exception {
        LagoaProcesses.awaitLine(process, output, line);
    }

    JsonNode receive() throws Exception {
        Result received = lagoa("queue", "receive", "lagoa-diff-events", "--delete", "--json", "--wait", "5");
        assertThat(received.exitCode()).as(received.err()).isZero();
        return JSON.readTree(received.out());
    }

    @Test
    @Order(9)
    void serveNotifiesEachFileOnceAcrossRestartsAndRefusesASecondServe() throws Exception {
        Path first = temp.resolve("serve-1.txt");
        Process serve = serve(first);
        try {
            awaitLine(serve, first, "Serving. Ctrl-C stops.");
            assertThat(Files.readString(first)).contains("started ElasticMQ (SQS)", "started Kafka (KRaft)", "schedule diff/publish   cron(0 2 * * ? *)")
                    .containsPattern("Console http://127\\.0\\.0\\.1:\\d+/");
            assertThat(Files.readString(home.resolve("serve.lock"))).containsPattern("console http://127\\.0\\.0\\.1:\\d+/");

            Result second = lagoa("serve");
            assertThat(second.exitCode()).isEqualTo(2);
            assertThat(second.err()).contains("Another lagoa serve runs on the workspace");

            Path day = Files.createDirectories(home.resolve("lake/lagoa-diffs/2026-11-30"));
            Files.writeString(day.resolve("copied by hand.json"), "{\"op\":\"c\"}\n");
            Files.writeString(day.resolve("_manifest.json"), "{}");
            Map<String, JsonNode> byKey = new HashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!byKey.containsKey("2026-11-30/copied by hand.json") && System.nanoTime() < deadline) {
                for (JsonNode message : receive()) {
                    String key = message.get("events").get(0).get("key").asText();
                    assertThat(byKey.put(key, message)).as("one message per file: %s", key).isNull();
                }
            }
            assertThat(byKey.keySet()).as("never _manifest.json").noneMatch(key -> key.endsWith("_manifest.json"));
            JsonNode copied = byKey.get("2026-11-30/copied by hand.json");
            assertThat(copied.get("events").get(0).get("date").asText()).isEqualTo("2026-11-30");
            assertThat(copied.get("body").asText()).contains("\"eventSource\":\"aws:s3\"", "2026-11-30/copied+by+hand.json");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ProcessHandle.allProcesses().filter(process -> process.info().commandLine().orElse("").contains("-Dlagoa.service="))
                        .filter(process -> process.info().commandLine().orElse("").contains(home.toString())))
                .as("the services stopped with serve").isEmpty();

        Path again = temp.resolve("serve-2.txt");
        serve = serve(again);
        try {
            awaitLine(serve, again, "Serving. Ctrl-C stops.");
            Thread.sleep(2000); // a few scans
            Files.writeString(home.resolve("lake/lagoa-diffs/2026-11-30/second.json"), "{\"op\":\"d\"}\n");
            List<String> keys = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!keys.contains("2026-11-30/second.json") && System.nanoTime() < deadline) {
                receive().forEach(message -> keys.add(message.get("events").get(0).get("key").asText()));
            }
            assertThat(keys).as("the new file once, and nothing notified before the restart again")
                    .containsOnlyOnce("2026-11-30/second.json")
                    .doesNotContain("2026-11-30/copied by hand.json");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}
