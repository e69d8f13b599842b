package dev.lagoa.governance.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.core.lineage.ColumnEdge;
import dev.lagoa.core.lineage.DatasetEdge;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.statemachine.StateMachines;
import dev.lagoa.local.SqliteLineageStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingestion of the declared lineage of every pipeline and of real run events: the Spark listener's events of a refine
 * of B3's 2022-12-08 portfolio (test resource {@code lineage/jr_ibov_refine.jsonl}, lake at {@code /lagoa-home/lake})
 * and the ingest's own events, into the SQLite store.
 */
class LineageIngesterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> BUCKETS = Map.of("b3-bucket", "lagoa-b3", "brapi-bucket", "lagoa-brapi", "diffs-bucket", "lagoa-diffs");

    @TempDir
    Path temp;
    Path events;
    SqliteLineageStore store;
    LineageIngester ingester;

    @BeforeEach
    void setUp() throws IOException {
        events = Files.createDirectories(temp.resolve("lineage/events"));
        store = new SqliteLineageStore(temp.resolve("lagoa.db"));
        ingester = new LineageIngester(store, Pipelines.all(), new LineageLocations(Optional.of(Path.of("/lagoa-home/lake")), Pipelines.all(), BUCKETS));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    void copyRefineEvents() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/lineage/jr_ibov_refine.jsonl")) {
            Files.copy(in, events.resolve("jr_ibov_refine.jsonl"));
        }
    }

    @Test
    void theListenersEventsPassTheOfficialSchema() throws IOException {
        OpenLineageSchemas schemas = new OpenLineageSchemas();
        try (InputStream in = getClass().getResourceAsStream("/lineage/jr_ibov_refine.jsonl")) {
            List<String> lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(17);
            for (String line : lines) {
                assertThat(schemas.problems(JSON.readTree(line))).isEmpty();
            }
        }
    }

    @Test
    void declaredEdgesNameTheStepsJobs() {
        ingester.declare();
        assertThat(store.edges()).contains(
                new DatasetEdge("ibov-bronze", "ibov-ativos", "lagoa-ibov-refine", DatasetEdge.Origin.DECLARED),
                new DatasetEdge("ibov-ativos", "ibov-ativos", "lagoa-ibov-refine", DatasetEdge.Origin.DECLARED));
        assertThat(store.datasets()).anySatisfy(dataset -> {
            assertThat(dataset.key()).isEqualTo("ibov-bronze");
            assertThat(dataset.location()).isEqualTo("s3://lagoa-b3/raw/{date}/dados_originais.parquet");
            assertThat(dataset.table()).contains("ibov_bronze");
        });
    }

    @Test
    void theStateMachinesTasksAreEdgesNamedByTheTaskAndABronzeDatasetReachesTheTestsThatReadIt() {
        LineageIngester withMachines = new LineageIngester(store, Pipelines.all(), StateMachines.all(),
                new LineageLocations(Optional.of(Path.of("/lagoa-home/lake")), Pipelines.all(), BUCKETS));
        withMachines.declare();

        assertThat(store.edges()).contains(
                new DatasetEdge("bronze-clientes", "importau-relatorios-qualidade", "importau-teste-bronze/TestarBronze", DatasetEdge.Origin.DECLARED),
                new DatasetEdge("bronze-itens-pedido", "importau-relatorios-qualidade", "importau-teste-silver/TestarSilver", DatasetEdge.Origin.DECLARED),
                new DatasetEdge("bronze-clientes", "fato-pedido-correlacionado", "importau-silver/CorrelacionarPedidos", DatasetEdge.Origin.DECLARED),
                new DatasetEdge("fato-pedido-correlacionado", "agregado-fluxo-de-caixa-mensal", "importau-gold/AgregarGold", DatasetEdge.Origin.DECLARED),
                // the pipeline's own step of the same Spark job is still there
                new DatasetEdge("bronze-clientes", "fato-pedido-correlacionado", "lagoa-importau-silver", DatasetEdge.Origin.DECLARED));
        assertThat(store.edges()).as("the parent's tasks start child machines: their children's tasks give the edges")
                .noneMatch(edge -> edge.job().startsWith("importau/") && Character.isUpperCase(edge.job().charAt("importau/".length())))
                .noneMatch(edge -> edge.source().startsWith("bronze-") && edge.target().startsWith("bronze-"));

        LineageGraph graph = LineageGraph.of(store);
        String tree = LineageFormat.TEXT.write(graph.datasetLineage("bronze_clientes", LineageGraph.Direction.DOWNSTREAM, 1),
                LineageGraph.Direction.DOWNSTREAM);
        assertThat(tree).contains("importau-relatorios-qualidade (importau_relatorios_qualidade)")
                .contains("[via importau-teste-bronze/TestarBronze, lagoa-importau-teste-bronze]")
                .contains("[via importau-silver/CorrelacionarPedidos, lagoa-importau-silver");
    }

    @Test
    void withoutStateMachinesOnlyThePipelinesAreDeclared() {
        ingester.declare();

        assertThat(store.edges()).noneMatch(edge -> edge.job().equals("importau-teste-bronze/TestarBronze"));
    }

    @Test
    void theRefinesEventsBecomeEdgesOfTheDeclaredDatasetsDownToColumns() throws IOException {
        ingester.declare();
        copyRefineEvents();
        new OpenLineageFileEmitter(events).emit(OpenLineageFileEmitterTest.IBOV_INGEST);

        LineageIngester.Summary summary = ingester.ingest(events);

        assertThat(summary.files()).isEqualTo(2);
        assertThat(summary.events()).isEqualTo(19);
        assertThat(summary.skippedLines()).isZero();
        assertThat(store.edges()).contains(
                new DatasetEdge("ibov-bronze", "ibov-ativos", "lagoa-ibov-refine", DatasetEdge.Origin.OBSERVED),
                new DatasetEdge("ibov-bronze", "ibov-header", "lagoa-ibov-refine", DatasetEdge.Origin.OBSERVED),
                new DatasetEdge(OpenLineageFileEmitterTest.B3_API, "ibov-bronze", "ibov/ingest", DatasetEdge.Origin.OBSERVED),
                new DatasetEdge(OpenLineageFileEmitterTest.B3_API, "ibov-raw", "ibov/ingest", DatasetEdge.Origin.OBSERVED));
        assertThat(store.edges()).as("staging folders and partitions are the declared tables").allSatisfy(edge -> {
            assertThat(edge.source()).doesNotContain("_staging", "data=");
            assertThat(edge.target()).doesNotContain("_staging", "data=");
        });
        assertThat(store.columnEdges()).contains(
                new ColumnEdge("ibov-bronze", "part", "ibov-ativos", "participacao_pct", "lagoa-ibov-refine", "DIRECT/TRANSFORMATION"));

        LineageGraph graph = LineageGraph.of(store);
        String tree = LineageFormat.TEXT.write(graph.datasetLineage("ibov_ativos", LineageGraph.Direction.UPSTREAM, 5), LineageGraph.Direction.UPSTREAM);
        // the refine reads the earlier days of the table it writes: an edge to itself, left out of the tree
        assertThat(tree).doesNotContain("cycle")
                .contains("└── ibov-bronze (ibov_bronze)  s3://lagoa-b3/raw/{date}/dados_originais.parquet  [via lagoa-ibov-refine]")
                .contains("\n    └── " + OpenLineageFileEmitterTest.B3_API + "  [via ibov/ingest]");
        String columns = LineageFormat.TEXT.write(graph.columnLineage("ibov_ativos", "participacao_pct", LineageGraph.Direction.UPSTREAM, 3),
                LineageGraph.Direction.UPSTREAM);
        assertThat(columns).startsWith("ibov-ativos.participacao_pct (ibov_ativos)")
                .contains("└── ibov-bronze.part (ibov_bronze)  s3://lagoa-b3/raw/{date}/dados_originais.parquet  [via lagoa-ibov-refine; DIRECT/TRANSFORMATION");
    }

    @Test
    void eventsAreReadOnceAndAnUnfinishedLineWaitsForItsEnd() throws IOException {
        ingester.declare();
        copyRefineEvents();
        assertThat(ingester.ingest(events).events()).isEqualTo(17);
        assertThat(ingester.ingest(events)).isEqualTo(new LineageIngester.Summary(0, 0, 0, 0, 0));

        Path file = new OpenLineageFileEmitter(events).file(OpenLineageFileEmitterTest.IBOV_INGEST);
        new OpenLineageFileEmitter(events).emit(OpenLineageFileEmitterTest.IBOV_INGEST);
        String complete = Files.readAllLines(file).get(1);
        Files.writeString(file, "not json\n" + complete.substring(0, 40), StandardOpenOption.APPEND);
        LineageIngester.Summary partial = ingester.ingest(events);
        assertThat(partial.events()).as("the two emitted events; the broken line is skipped, the unfinished one waits").isEqualTo(2);
        assertThat(partial.skippedLines()).isEqualTo(1);

        Files.writeString(file, complete.substring(40) + "\n", StandardOpenOption.APPEND);
        assertThat(ingester.ingest(events).events()).as("the finished line only").isEqualTo(1);
        assertThat(store.readOffsets()).containsEntry(file.getFileName().toString(), Files.size(file));
    }

    @Test
    void redeclaringKeepsTheObservedLineage() throws IOException {
        ingester.declare();
        copyRefineEvents();
        ingester.ingest(events);
        int observed = (int) store.edges().stream().filter(edge -> edge.origin() == DatasetEdge.Origin.OBSERVED).count();
        ingester.declare();
        assertThat(store.edges().stream().filter(edge -> edge.origin() == DatasetEdge.Origin.OBSERVED)).hasSize(observed);
        assertThat(store.columnEdges()).isNotEmpty();
    }
}
