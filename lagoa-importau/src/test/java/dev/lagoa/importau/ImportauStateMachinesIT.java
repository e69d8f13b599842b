package dev.lagoa.importau;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.core.config.JobsConfig;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.statemachine.Execution;
import dev.lagoa.core.statemachine.ExecutionStatus;
import dev.lagoa.core.statemachine.StateMachines;
import dev.lagoa.core.statemachine.StateTransition;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.ProcessJobLauncher;
import dev.lagoa.local.SqliteCatalog;
import dev.lagoa.local.SqliteExecutionStore;
import dev.lagoa.local.Workspace;
import dev.lagoa.orchestrator.StateMachineExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importau state machines end to end on one workspace, with real Spark job runs in child JVMs (the local job
 * runner), the SQLite catalog and execution store: the parent on clean data, a layer whose job fails, and planted
 * defects above the tolerance. The tests build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImportauStateMachinesIT {
    private static final BucketName BUCKET = BucketName.of("importau-lakehouse-it");
    private static final String SMALL = "{\"escala\": 0.005, \"data_inicio\": \"2024-01-01\", \"data_fim\": \"2024-06-30\"}";

    @TempDir
    static Path home;
    private Workspace workspace;
    private LocalObjectStore lake;
    private SqliteCatalog catalog;
    private SqliteExecutionStore store;
    private ProcessJobLauncher launcher;
    private final List<Duration> waits = new ArrayList<>();
    private StateMachineExecutor executor;

    @BeforeAll
    void wire() {
        Clock clock = Clock.systemUTC();
        workspace = Workspace.open(home);
        lake = new LocalObjectStore(workspace);
        catalog = new SqliteCatalog(workspace.metadataDatabase(), clock);
        store = new SqliteExecutionStore(workspace.metadataDatabase());
        JobsConfig jobs = new JobsConfig("local[2]", "1g", Duration.ofMinutes(20), 2, 2, "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                System.getProperty("lagoa.jobs.classpath"), true);
        launcher = new ProcessJobLauncher(workspace, jobs, Pipelines::job, clock);
        ImportauTasks tasks = new ImportauTasks(lake, catalog, BUCKET, "lagoa", clock);
        executor = new StateMachineExecutor(StateMachines::named, launcher, tasks.all(), store, Map.of("importau-bucket", BUCKET.value()),
                id -> launcher.summary(id).map(Object::toString), Duration.ofMillis(200), waits::add, clock);
    }

    @AfterAll
    void close() {
        launcher.close();
        store.close();
        catalog.close();
        lake.close();
    }

    private List<String> history(Execution execution) {
        return store.history(execution.id()).stream().map(step -> step.state() + " " + step.outcome()).toList();
    }

    private long fileCount(String relative) throws IOException {
        try (Stream<Path> files = Files.walk(workspace.lake().resolve(BUCKET.value()).resolve(relative))) {
            return files.filter(path -> path.toString().endsWith(".parquet")).count();
        }
    }

    @Test
    @Order(1)
    void theParentBuildsSevenPlusOnePlusTwoDatasetsAndEveryTestPasses() {
        Execution execution = executor.run("importau", SMALL);

        assertThat(execution.status()).as(execution.cause().orElse("")).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(history(execution)).containsExactly("Bronze SUCCEEDED", "TesteBronze SUCCEEDED", "Silver SUCCEEDED", "TesteSilver SUCCEEDED",
                "Gold SUCCEEDED", "TesteGold SUCCEEDED", "Concluido SUCCEEDED");
        assertThat(catalog.tables("lagoa")).extracting(table -> table.name().table()).containsExactly("agregado_fluxo_de_caixa_mensal",
                "agregado_previsao_demanda_cambio", "bronze_cambio", "bronze_clientes", "bronze_despesas_importacao", "bronze_fornecedores",
                "bronze_itens_pedido", "bronze_pedidos", "bronze_produtos", "fato_pedido_correlacionado", "importau_rejeitos");
        assertThat(store.children(execution.id())).hasSize(6).allSatisfy(child -> assertThat(child.status()).isEqualTo(ExecutionStatus.SUCCEEDED));
        assertThat(execution.output().orElseThrow()).contains("\"camada\":\"bronze\",\"aprovado\":true", "\"camada\":\"silver\",\"aprovado\":true",
                "\"camada\":\"gold\",\"aprovado\":true");
    }

    @Test
    @Order(2)
    void aFailingJobIsRetriedAsDeclaredThenFailsWithItsErrorAndARerunDoesNotDuplicate() throws IOException {
        long factFiles = fileCount("silver/fato_pedido_correlacionado");
        Path orders = workspace.lake().resolve(BUCKET.value()).resolve("bronze/pedidos/part-00000.parquet");
        Path aside = home.resolve("pedidos.parquet");
        Files.move(orders, aside);

        Execution failed = executor.run("importau-silver", "{}");

        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).contains("Importau.CamadaFalhou");
        List<StateTransition> steps = store.history(failed.id());
        assertThat(steps).extracting(StateTransition::outcome).containsExactly("RETRIED", "CAUGHT", "FAILED");
        assertThat(steps.get(1).cause().orElseThrow()).contains("No Bronze dataset pedidos");
        assertThat(waits).contains(Duration.ofSeconds(10));

        Files.move(aside, orders);
        Execution again = executor.run("importau-silver", "{}");

        assertThat(again.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(fileCount("silver/fato_pedido_correlacionado")).isEqualTo(factFiles);
        assertThat(executor.run("importau-teste-silver", "{}").status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    @Order(3)
    void defectsAboveTheToleranceFailTheBronzeTestNamingThem() {
        Execution bronze = executor.run("importau-bronze", "{\"escala\": 0.005, \"data_inicio\": \"2024-01-01\", \"data_fim\": \"2024-06-30\", "
                + "\"taxa_defeitos\": 0.2}");
        assertThat(history(bronze)).contains("GerarBronze SUCCEEDED");

        Execution test = executor.run("importau-teste-bronze", "{}");

        assertThat(test.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(test.error()).contains("Importau.QualidadeReprovada");
        assertThat(test.cause().orElseThrow()).contains("Camada bronze reprovada", "itens_duplicados (observado", "documentos_invalidos (observado",
                "quality/camada=bronze/");
    }
}
