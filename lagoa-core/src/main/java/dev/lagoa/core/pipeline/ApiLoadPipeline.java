package dev.lagoa.core.pipeline;

import dev.lagoa.contracts.TaskEntryPoint;
import java.util.List;
import java.util.Set;

/**
 * The {@code apiload} pipeline: JSON from HTTP APIs whose shape keeps changing, archived raw in the lake, loaded into
 * PostgreSQL tables that evolve with the data; rejected records and each run's log kept in the lake.
 */
public final class ApiLoadPipeline {
    public static final String NAME = "apiload";
    public static final String OWNER = "data-platform";
    /** The command a container runs for the load step (ECS task on AWS, in-process locally). */

    public static final PipelineDefinition DEFINITION = new PipelineDefinition(
            NAME,
            "Loads JSON from HTTP APIs (and files already in the lake) into PostgreSQL: tables created and evolved from the data "
                    + "(new columns, safe type widening, variant columns, child tables for arrays), renames detected, rejected records "
                    + "kept with their reason, metrics for every run.",
            OWNER,
            Set.of("api", "postgres", "schema-evolution"),
            List.of(
                    new DatasetDefinition("api-raw", Layer.RAW, "s3://{apiload-bucket}/raw/api/{endpoint}/date={date}/", DataFormat.JSON,
                            List.of("endpoint", "date"),
                            "Every API response as received, archived before it is parsed: <time>-<page>.json.", OWNER, Set.of("raw", "api")),
                    new DatasetDefinition("api-tables", Layer.SILVER, "postgresql://{postgres}/{apiload-schema}/{endpoint}", DataFormat.CSV,
                            List.of(),
                            "One table per endpoint (plus <endpoint>__<array> child tables), columns inferred and evolved from the data; "
                                    + "_lagoa_loads, _lagoa_columns and _lagoa_schema_changes describe every load and change.", OWNER,
                            Set.of("postgres")),
                    new DatasetDefinition("api-errors", Layer.QUARANTINE, "s3://{apiload-bucket}/errors/{endpoint}/date={date}/",
                            DataFormat.JSON_LINES, List.of("endpoint", "date"),
                            "Rejected records and values (<load-id>-rejects-<n>.jsonl: endpoint, load id, table, field, reason, raw value) "
                                    + "and each run's structured log with its metrics (<load-id>-log.json).", OWNER, Set.of("rejects"))),
            List.of(new Trigger.Manual("load")),
            List.of(new Step.Task("load",
                    "Task: fetches each endpoint's pages, archives them raw, infers and evolves the tables, loads with COPY through a staging "
                            + "table, bisects failing batches, writes rejects and the run log.",
                    TaskEntryPoint.LAGOA_CLI, List.of("apiload", "run"), List.of("api-raw"), List.of("api-raw", "api-tables", "api-errors"))),
            List.of(),
            List.of());

    private ApiLoadPipeline() {}
}
