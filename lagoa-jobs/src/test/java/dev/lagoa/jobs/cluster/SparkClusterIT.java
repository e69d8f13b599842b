package dev.lagoa.jobs.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.core.config.JobsConfig;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunRequest;
import dev.lagoa.core.job.JobRunState;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.jobs.GlueArguments;
import dev.lagoa.jobs.diff.DiffJob;
import dev.lagoa.jobs.diff.DiffRequest;
import dev.lagoa.jobs.diff.GeneratedSnapshots;
import dev.lagoa.jobs.ibov.IbovBronze;
import dev.lagoa.jobs.ibov.IbovRefineJob;
import dev.lagoa.jobs.importau.ImportauBronze;
import dev.lagoa.jobs.importau.ImportauGoldJob;
import dev.lagoa.jobs.importau.ImportauSilverJob;
import dev.lagoa.jobs.quotes.QuotesBronze;
import dev.lagoa.jobs.quotes.QuotesRefineJob;
import dev.lagoa.local.ProcessJobLauncher;
import dev.lagoa.local.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The five Spark jobs of the pipelines, unchanged, on a Spark standalone cluster: a master and two workers started from
 * Spark's own classes ({@link StandaloneCluster}), each its own JVM, the jobs submitted by the local launcher
 * ({@code jobs.spark-master = spark://...}) as spark-submit submits in client mode. Each run's output is compared with
 * the output of the same job, on the same input and with the same run id, run in this JVM on a local Spark; and each
 * run's executors are shown to have run on both workers, with the jobs' code fetched from the driver (the workers'
 * {@code SPARK_HOME} has none of it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    static Path temp;
    private StandaloneCluster cluster;
    private SparkSession spark;
    private Workspace workspace;
    private ProcessJobLauncher launcher;
    private Path reference;

    @BeforeAll
    void start() throws IOException, InterruptedException {
        String classpath = System.getProperty("lagoa.jobs.classpath");
        cluster = StandaloneCluster.start(temp.resolve("cluster"), classpath, 2, "768m");
        spark = SparkSession.builder().master("local[2]").appName("spark-cluster-it")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        workspace = Workspace.open(temp.resolve("home"));
        reference = temp.resolve("reference-lake");
        JobsConfig jobs = new JobsConfig(cluster.masterUrl(), "1g", RUN_TIMEOUT, 2, 2, "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC", classpath, false,
                "512m", 1, "127.0.0.1", "", "spark.executor.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC;spark.cores.max=2", 0, Duration.ofMinutes(15));
        launcher = new ProcessJobLauncher(workspace, jobs, Pipelines::job, Clock.systemUTC());
    }

    @AfterAll
    void stop() {
        if (launcher != null) {
            launcher.close();
        }
        if (spark != null) {
            spark.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theDiffOnSparkGivesTheSameManifestAndChangesAsOnOneMachine() throws Exception {
        for (Path lake : List.of(workspace.lake(), reference)) {
            GeneratedSnapshots.write(lake.resolve("lagoa-ontem/produtos"), lake.resolve("lagoa-hoje/produtos"), 3000, new Random(7));
        }
        Map<String, String> arguments = Map.of("--yesterday", "s3://lagoa-ontem/produtos/", "--today", "s3://lagoa-hoje/produtos/",
                "--out", "s3://lagoa-diffs/", "--date", "2026-11-21", "--key", "id", "--max-rejects", "1000", "--split-bytes", "65536",
                "--ignore-fields", "meta.visto_em", "--engine", "spark");

        JobRun run = runOnCluster("lagoa-diff", arguments);
        JsonNode expected = JSON.readTree(new DiffJob(spark).run(DiffRequest.from(referenceArguments(run, arguments))).toJson());

        JsonNode manifest = launcher.summary(run.id()).orElseThrow();
        assertThat(manifest.get("engine").asText()).isEqualTo("spark");
        assertThat(manifest.get("changes").size()).as("the generated data has every kind of change").isEqualTo(4);
        assertThat(withoutTimings(manifest)).isEqualTo(withoutTimings(expected));
        assertThat(linesByFile(workspace.lake().resolve("lagoa-diffs"))).isNotEmpty().isEqualTo(linesByFile(reference.resolve("lagoa-diffs")));
        assertRanOnTheWorkers(run);
    }

    @Test
    @Order(2)
    void theIbovRefineWritesTheSameTablesAsOnOneMachine() throws Exception {
        for (Path lake : List.of(workspace.lake(), reference)) {
            IbovBronze.write(spark, IbovBronze.response(), lake.resolve("lagoa-b3/raw/2022-12-08/dados_originais.parquet"));
        }
        Map<String, String> arguments = Map.of("--source", "s3://lagoa-b3/raw/2022-12-08/dados_originais.parquet", "--date", "2022-12-08",
                "--target", "s3://lagoa-b3/refined/", "--commits", "s3://lagoa-b3/catalog-commits/");

        JobRun run = runOnCluster("lagoa-ibov-refine", arguments);
        new IbovRefineJob(spark).run(IbovRefineJob.Request.from(referenceArguments(run, arguments)));

        assertSameTables("lagoa-b3/refined", "ativos", "header");
        assertThat(spark.read().parquet(workspace.lake().resolve("lagoa-b3/refined/ativos").toString()).count())
                .as("the 92 stocks of the recorded portfolio").isEqualTo(92);
        assertThat(manifests(workspace.lake().resolve("lagoa-b3/catalog-commits"))).isNotEmpty()
                .isEqualTo(manifests(reference.resolve("lagoa-b3/catalog-commits")));
        assertRanOnTheWorkers(run);
    }

    @Test
    @Order(3)
    void thePetr4RefineWritesTheSameTablesAsOnOneMachine() throws Exception {
        for (Path lake : List.of(workspace.lake(), reference)) {
            QuotesBronze.writeAll(spark, lake);
        }
        Map<String, String> arguments = Map.of("--source", "s3://lagoa-brapi/raw/dataset=petr4/ticker=petr4/", "--ticker", "petr4",
                "--target", "s3://lagoa-brapi/refined/", "--commits", "s3://lagoa-brapi/catalog-commits/");

        JobRun run = runOnCluster("lagoa-petr4-refine", arguments);
        new QuotesRefineJob(spark).run(QuotesRefineJob.Request.from(referenceArguments(run, arguments)));

        List<String> tables = children(workspace.lake().resolve("lagoa-brapi/refined"));
        assertThat(tables).hasSize(2);
        assertSameTables("lagoa-brapi/refined", tables.toArray(String[]::new));
        assertThat(manifests(workspace.lake().resolve("lagoa-brapi/catalog-commits"))).isNotEmpty()
                .isEqualTo(manifests(reference.resolve("lagoa-brapi/catalog-commits")));
        assertRanOnTheWorkers(run);
    }

    @Test
    @Order(4)
    void theImportauSilverAndGoldWriteTheSameLayersAsOnOneMachineWithTheWorkedAnswers() throws Exception {
        for (Path lake : List.of(workspace.lake(), reference)) {
            ImportauBronze.write(spark, lake.resolve("importau-lakehouse-teste"));
        }
        Map<String, String> arguments = Map.of("--lakehouse", "s3://importau-lakehouse-teste/");

        JobRun silver = runOnCluster("lagoa-importau-silver", arguments);
        new ImportauSilverJob(spark).run(referenceArguments(silver, arguments));
        // the worked answers of ImportauJobsIT: three items kept, five rejected
        assertThat(launcher.summary(silver.id()).orElseThrow().get("linhas_fato").asLong()).isEqualTo(3);
        assertThat(launcher.summary(silver.id()).orElseThrow().get("rejeitos").asLong()).isEqualTo(5);
        assertSameTables("importau-lakehouse-teste/silver", children(workspace.lake().resolve("importau-lakehouse-teste/silver")).toArray(String[]::new));
        assertRanOnTheWorkers(silver);

        JobRun gold = runOnCluster("lagoa-importau-gold", arguments);
        new ImportauGoldJob(spark).run(referenceArguments(gold, arguments));
        List<String> goldTables = children(workspace.lake().resolve("importau-lakehouse-teste/gold"));
        assertThat(goldTables).contains("agregado_fluxo_de_caixa_mensal");
        assertSameTables("importau-lakehouse-teste/gold", goldTables.toArray(String[]::new));
        assertThat(spark.read().parquet(workspace.lake().resolve("importau-lakehouse-teste/gold/agregado_fluxo_de_caixa_mensal").toString()).count())
                .as("every month and currency of the worked example").isEqualTo(9);
        assertRanOnTheWorkers(gold);
    }

    private JobRun runOnCluster(String job, Map<String, String> arguments) {
        JobRun started = launcher.start(new JobRunRequest(job, arguments));
        JobRun run = launcher.awaitCompletion(started.id(), RUN_TIMEOUT, Duration.ofMillis(250));
        assertThat(run.state()).as("%s: %s; log %s", job, run.errorMessage().orElse(""), run.logLocation().orElse("")).isEqualTo(JobRunState.SUCCEEDED);
        return run;
    }

    /** The arguments the launcher gave the run, with the reference lake in place of the workspace's. */
    private GlueArguments referenceArguments(JobRun run, Map<String, String> arguments) {
        List<String> args = new ArrayList<>(List.of("--JOB_NAME", run.jobName(), "--JOB_RUN_ID", run.id().value(), "--LAGOA_LAKE_ROOT",
                reference.toUri().toString()));
        arguments.forEach((name, value) -> {
            args.add(name);
            args.add(value.startsWith("s3://") ? reference.toUri() + value.substring("s3://".length()) : value);
        });
        return GlueArguments.parse(args.toArray(String[]::new));
    }

    /**
     * The run was an application of the cluster (named after the job) whose executors ran on both workers, and the jobs' code reached them
     * from the driver (spark.jars): the workers' Spark installation has none of it.
     */
    private void assertRanOnTheWorkers(JobRun run) throws IOException, InterruptedException {
        String applicationId = cluster.applicationId(run.jobName(), Duration.ofSeconds(10));
        assertThat(cluster.executorWorkers(applicationId)).as("the workers the master launched executors of %s on", applicationId).hasSize(2);
        for (int worker = 0; worker < 2; worker++) {
            cluster.awaitExecutorsEnded(worker, applicationId, Duration.ofSeconds(60));
        }
        List<List<String>> logs = cluster.executorLogs(applicationId);
        assertThat(logs).as("an executor of %s on each worker", applicationId)
                .hasSize(2)
                .allSatisfy(lines -> assertThat(lines).anyMatch(line -> line.contains("Successfully registered with driver")));
        List<String> all = logs.stream().flatMap(List::stream).toList();
        assertThat(all).as("the executors fetched the jobs' jar from the driver")
                .anyMatch(line -> line.matches(".*Fetching spark://127\\.0\\.0\\.1:\\d+/jars/lagoa-jobs-[^/]*\\.jar.*"));
        assertThat(all).as("the executors ran the run's tasks").anyMatch(line -> line.contains("Finished task"));
    }

    /** Each table under {@code parent} holds the same rows in both lakes, read as any reader reads it (partitions inferred). */
    private void assertSameTables(String parent, String... tables) {
        assertThat(children(reference.resolve(parent))).containsExactlyInAnyOrder(tables);
        for (String table : tables) {
            Dataset<Row> actual = spark.read().parquet(workspace.lake().resolve(parent).resolve(table).toString());
            Dataset<Row> expected = spark.read().parquet(reference.resolve(parent).resolve(table).toString());
            assertThat(actual.schema()).as(table).isEqualTo(expected.schema());
            assertThat(actual.count()).as(table).isPositive().isEqualTo(expected.count());
            assertThat(actual.exceptAll(expected).count()).as("rows of %s only the cluster wrote", table).isZero();
            assertThat(expected.exceptAll(actual).count()).as("rows of %s only the local run wrote", table).isZero();
        }
    }

    /** The folders under {@code folder} that readers see (not {@code _staging}, not hidden). */
    private static List<String> children(Path folder) {
        try (Stream<Path> paths = Files.list(folder)) {
            return paths.filter(Files::isDirectory).map(path -> path.getFileName().toString())
                    .filter(name -> !name.startsWith("_") && !name.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under {@code root} (by relative path) with its lines sorted; the diff's manifest without its timings. */
    private static Map<String, List<String>> linesByFile(Path root) throws IOException {
        Map<String, List<String>> lines = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                List<String> content = new ArrayList<>(file.getFileName().toString().equals("_manifest.json")
                        ? List.of(withoutTimings(JSON.readTree(file.toFile())).toString())
                        : Files.readAllLines(file, UTF_8));
                content.sort(null);
                lines.put(root.relativize(file).toString(), content);
            }
        }
        return lines;
    }

    /** The catalog's commit manifests under {@code root} (by relative path), without the instant of their commit. */
    private static Map<String, JsonNode> manifests(Path root) throws IOException {
        Map<String, JsonNode> manifests = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                manifests.put(root.relativize(file).toString(), withoutTimings(JSON.readTree(file.toFile())));
            }
        }
        return manifests;
    }

    /** A manifest without what differs between two correct runs: when they ran and for how long. */
    private static JsonNode withoutTimings(JsonNode manifest) {
        ObjectNode copy = manifest.deepCopy();
        copy.remove(List.of("timings_ms", "started_at", "completed_at", "committedAt"));
        return copy;
    }
}
