package dev.lagoa.console;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.catalog.AssetTag;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.pipeline.DataFormat;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TagStore;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.job.JobRunRequest;
import dev.lagoa.core.lineage.DatasetEdge;
import dev.lagoa.core.lineage.LineageDataset;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.query.QueryEngine;
import dev.lagoa.core.statemachine.ExecutionStore;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.StateMachines;
import dev.lagoa.duckdb.DuckDbQueryEngine;
import dev.lagoa.governance.discovery.AssetBuilder;
import dev.lagoa.governance.discovery.DiscoveryIndex;
import dev.lagoa.governance.lineage.LineageGraph;
import dev.lagoa.local.SqliteCatalog;
import dev.lagoa.local.SqliteExecutionStore;
import dev.lagoa.local.SqliteTagStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workspace for console tests: a real SQLite catalog, tag store and execution store, real Parquet files read by DuckDB,
 * and the real discovery index, with one table whose description and values are hostile markup, and a PII-tagged column.
 */
final class ConsoleTestSources implements ConsoleSources {
    static final String HOSTILE = "<script>alert('x')</script>\"onmouseover=\"x";
    static final TableDefinition CLIENTES = new TableDefinition(TableName.of("lagoa", "bronze_clientes"), "s3://lagoa-importau/bronze/clientes/",
            DataFormat.PARQUET, List.of(new TableColumn("id", "bigint", "client id"), new TableColumn("nome", "string", HOSTILE),
                    new TableColumn("cpf", "string", "CPF")),
            List.of(), "Clientes " + HOSTILE, "time-dados", Map.of("lagoa.layer", "bronze", "lagoa.pipeline", "importau", "lagoa.tags", "core-domain"));
    static final TableDefinition FATO = new TableDefinition(TableName.of("lagoa", "fato_pedido_correlacionado"), "s3://lagoa-importau/silver/fato/",
            DataFormat.PARQUET, List.of(new TableColumn("pedido", "bigint", "")), List.of(), "Fato", "time-dados",
            Map.of("lagoa.layer", "silver", "lagoa.pipeline", "importau"));

    private final Path home;
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneId.of("America/Sao_Paulo"));
    private final SqliteCatalog catalog;
    private final SqliteTagStore tags;
    private final SqliteExecutionStore executions;

    ConsoleTestSources(Path home) throws Exception {
        this.home = home;
        Path metadata = Files.createDirectories(home.resolve("metadata"));
        this.catalog = new SqliteCatalog(metadata.resolve("lagoa.db"), clock);
        this.tags = new SqliteTagStore(metadata.resolve("lagoa.db"));
        this.executions = new SqliteExecutionStore(metadata.resolve("lagoa.db"));
        catalog.createOrUpdateTable(CLIENTES);
        catalog.createOrUpdateTable(FATO);
        Path clientes = Files.createDirectories(home.resolve("lake/lagoa-importau/bronze/clientes"));
        Path fato = Files.createDirectories(home.resolve("lake/lagoa-importau/silver/fato"));
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT 1::BIGINT AS id, '" + HOSTILE.replace("'", "''") + "' AS nome, '123.456.789-09' AS cpf) TO '"
                    + clientes.resolve("part-0.parquet") + "' (FORMAT PARQUET)");
            statement.execute("COPY (SELECT 7::BIGINT AS pedido) TO '" + fato.resolve("part-0.parquet") + "' (FORMAT PARQUET)");
        }
        tags.add(new AssetTag(CLIENTES.name(), Optional.of("cpf"), "PII.CPF", AssetTag.Source.CLASSIFIER, "1 of 1 non-null values; e.g. ***.456.789-**",
                "crawler", clock.instant()));
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public List<PipelineDefinition> pipelines() {
        return Pipelines.all();
    }

    @Override
    public List<StateMachineDefinition> stateMachines() {
        return StateMachines.all();
    }

    @Override
    public List<Schedule> schedules() {
        return List.of(new Schedule("diff/publish", "0 0 2 * * ?", "America/Sao_Paulo", Optional.of(clock.instant().atZone(clock.getZone()).plusHours(14))));
    }

    @Override
    public List<Service> services() {
        return List.of(new Service("lagoa serve", Optional.empty(), false));
    }

    @Override
    public Catalog catalog() {
        return catalog;
    }

    @Override
    public String catalogDatabase() {
        return "lagoa";
    }

    @Override
    public TagStore tagStore() {
        return tags;
    }

    @Override
    public DiscoveryIndex discoveryIndex() {
        DiscoveryIndex index = DiscoveryIndex.open(home.resolve("metadata/search"));
        index.update(new AssetBuilder().addPipelines(Pipelines.all()).addStateMachines(StateMachines.all()).addTables(catalog.tables("lagoa")).build());
        return index;
    }

    @Override
    public LineageGraph lineageGraph() {
        return LineageGraph.of(List.of(
                new LineageDataset("bronze-clientes", LineageDataset.Kind.DECLARED, CLIENTES.location(), Optional.of("bronze_clientes"), Optional.of("importau"), "Clientes"),
                new LineageDataset("fato-pedido-correlacionado", LineageDataset.Kind.DECLARED, FATO.location(), Optional.of("fato_pedido_correlacionado"),
                        Optional.of("importau"), "Fato")),
                List.of(new DatasetEdge("bronze-clientes", "fato-pedido-correlacionado", "lagoa-importau-silver", DatasetEdge.Origin.DECLARED)), List.of());
    }

    @Override
    public QueryEngine queryEngine() {
        Path lake = home.resolve("lake");
        return DuckDbQueryEngine.open(catalog.tables("lagoa"), location -> lake.resolve(location.substring("s3://".length())), lake,
                new DuckDbQueryEngine.Limits(home, "256m", Duration.ofSeconds(30)));
    }

    @Override
    public JobLauncher jobLauncher() {
        return new JobLauncher() {
            @Override
            public JobRun start(JobRunRequest request) {
                throw new UnsupportedOperationException("the console never starts a run");
            }

            @Override
            public JobRun get(JobRunId id) {
                throw new LagoaException(ErrorCode.JOB_RUN_NOT_FOUND, "No job run " + id.value());
            }

            @Override
            public List<JobRun> runs(Optional<String> jobName, int limit) {
                return List.of();
            }

            @Override
            public void stop(JobRunId id) {
                throw new UnsupportedOperationException("the console never stops a run");
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public ExecutionStore executions() {
        return executions;
    }

    @Override
    public Optional<Instant> lastModified(String location) {
        return Optional.of(clock.instant());
    }

    @Override
    public String user() {
        return "ana";
    }
}
