package dev.lagoa.jobs.ibov;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.jobs.GlueArguments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IBOV refine job with the OpenLineage Spark listener, configured as the local job launcher configures a run
 * (file transport, the Glue job's name as namespace and app name, Lagoa's run as the parent): one Spark session for
 * the class, one refine of B3's recorded 2022-12-08 portfolio. The events must link the refined column
 * {@code participacao_pct} to the bronze column {@code part}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IbovRefineLineageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DAY = "2022-12-08";
    private static final String PARENT_RUN = UUID.nameUUIDFromBytes("lagoa-job-run:jr_lineage".getBytes()).toString();

    @TempDir
    static Path temp;
    private Path lake;
    private Path events;
    private Map<String, Object> summary;

    @BeforeAll
    void refineWithTheListener() {
        lake = temp.resolve("lake");
        events = temp.resolve("lineage/events/jr_lineage.jsonl");
        SparkSession spark = SparkSession.builder().master("local[2]").appName(IbovRefineJob.JOB_NAME)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener")
                .config("spark.openlineage.transport.type", "file")
                .config("spark.openlineage.transport.location", events.toString())
                .config("spark.openlineage.namespace", IbovRefineJob.JOB_NAME)
                .config("spark.openlineage.appName", IbovRefineJob.JOB_NAME)
                .config("spark.openlineage.parentJobNamespace", IbovRefineJob.JOB_NAME)
                .config("spark.openlineage.parentJobName", IbovRefineJob.JOB_NAME)
                .config("spark.openlineage.parentRunId", PARENT_RUN)
                .getOrCreate();
        try {
            Path raw = lake.resolve("lagoa-b3/raw/" + DAY + "/dados_originais.parquet");
            IbovBronze.write(spark, IbovBronze.response(), raw);
            String[] args = {"--source", raw.toUri().toString(), "--date", DAY, "--target", lake.resolve("lagoa-b3/refined").toUri().toString(),
                    "--commits", lake.resolve("lagoa-b3/catalog-commits").toUri().toString(), "--JOB_RUN_ID", "jr_lineage",
                    "--LAGOA_LAKE_ROOT", lake.toUri().toString()};
            summary = new IbovRefineJob(spark).run(IbovRefineJob.Request.from(GlueArguments.parse(args)));
        } finally {
            // stopping the session drains the listener bus: every event is in the file afterwards
            spark.stop();
        }
        keep();
    }

    /** The events stay in target/ for a person to read (the temporary folder goes away). */
    private void keep() {
        try {
            Path kept = Path.of("target", "lineage-events", "ibov-refine.jsonl");
            Files.createDirectories(kept.getParent());
            Files.writeString(kept, Files.readString(events).replace(lake.toAbsolutePath().toString(), "/lagoa-home/lake"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    List<JsonNode> events() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (String line : Files.readAllLines(events)) {
            if (!line.isBlank()) {
                all.add(JSON.readTree(line));
            }
        }
        return all;
    }

    /** The output datasets of the events that write the refined ativos table (staged, then swapped in). */
    List<JsonNode> ativosOutputs() throws IOException {
        List<JsonNode> outputs = new ArrayList<>();
        for (JsonNode event : events()) {
            for (JsonNode output : event.path("outputs")) {
                if (output.path("name").asText().contains("/ativos/data=" + DAY)) {
                    outputs.add(output);
                }
            }
        }
        return outputs;
    }

    @Test
    void theRunWroteEventsNamedAfterTheGlueJobWithLagoasRunAsParent() throws IOException {
        assertThat(summary).containsEntry("rows", 92);
        List<JsonNode> all = events();
        assertThat(all).isNotEmpty();
        assertThat(all).as("each Spark action is a run under the application's run, whose root is Lagoa's run").allSatisfy(event -> {
            assertThat(event.path("job").path("namespace").asText()).isEqualTo(IbovRefineJob.JOB_NAME);
            JsonNode root = event.path("run").path("facets").path("parent").path("root");
            assertThat(root.path("run").path("runId").asText()).isEqualTo(PARENT_RUN);
            assertThat(root.path("job").path("name").asText()).isEqualTo(IbovRefineJob.JOB_NAME);
        });
        assertThat(all).extracting(event -> event.path("eventType").asText()).contains("START", "COMPLETE");
    }

    @Test
    void participacaoPctComesFromTheBronzePartColumn() throws IOException {
        String bronze = lake.resolve("lagoa-b3/raw/" + DAY + "/dados_originais.parquet").toAbsolutePath().toString();
        List<JsonNode> outputs = ativosOutputs();
        assertThat(outputs).as("events that write the ativos partition").isNotEmpty();
        List<String> sources = new ArrayList<>();
        for (JsonNode output : outputs) {
            assertThat(output.path("namespace").asText()).isEqualTo("file");
            for (JsonNode input : output.path("facets").path("columnLineage").path("fields").path("participacao_pct").path("inputFields")) {
                sources.add(input.path("namespace").asText() + ":" + input.path("name").asText() + "#" + input.path("field").asText());
            }
        }
        assertThat(sources).contains("file:" + bronze + "#part");
    }
}
