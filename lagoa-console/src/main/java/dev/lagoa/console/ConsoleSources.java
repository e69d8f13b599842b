package dev.lagoa.console;

import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.TagStore;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.query.QueryEngine;
import dev.lagoa.core.statemachine.ExecutionStore;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.governance.discovery.DiscoveryIndex;
import dev.lagoa.governance.lineage.LineageGraph;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * What the console reads from a workspace, and the little it may change (tags and dismissed classifications). The CLI
 * implements it from the wirings its commands use, so the console answers as {@code lagoa catalog}, {@code search},
 * {@code lineage}, {@code sql}, {@code jobs runs} and {@code sfn executions} do. Arguments are never null; failures are
 * {@code LagoaException}s.
 */
public interface ConsoleSources {
    /** The workspace folder; the console reads no file outside it. */
    Path home();

    /** In {@code lagoa.time-zone}: the times the console shows. */
    Clock clock();

    List<PipelineDefinition> pipelines();

    List<StateMachineDefinition> stateMachines();

    /** The schedules of the pipelines and the API load endpoints, with their next fire time in their own zone. */
    List<Schedule> schedules();

    /** The embedded services of the workspace and whether each answers now. */
    List<Service> services();

    Catalog catalog();

    /** {@code lake.catalog-database}. */
    String catalogDatabase();

    TagStore tagStore();

    /** The discovery index, brought up to date first; the caller closes it. */
    DiscoveryIndex discoveryIndex();

    /** The lineage graph after taking in the declarations and the run events written since the last time. */
    LineageGraph lineageGraph();

    /** A read-only query engine over the catalogued tables (the sandbox of {@code lagoa sql}); the caller closes it. */
    QueryEngine queryEngine();

    /** The job runs; the console only reads them. */
    JobLauncher jobLauncher();

    /** The state machine executions and their histories; the console only reads them. */
    ExecutionStore executions();

    /** When the newest object under an {@code s3://} location was written, if there is one. */
    Optional<Instant> lastModified(String location);

    /** Who the console acts as when it tags or dismisses (the user running it). */
    String user();

    /** A schedule: its id ({@code diff/publish}), its cron expression, its zone and its next fire time. */
    record Schedule(String id, String cron, String zone, Optional<ZonedDateTime> next) {}

    /** An embedded service: its name, its address when it has one, and whether it answered. */
    record Service(String name, Optional<String> address, boolean up) {}
}
