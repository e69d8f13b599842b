package dev.lagoa.governance.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.core.lineage.LineageRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenLineageFileEmitterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String B3_API = "https://sistemaswebb3-listados.b3.com.br/indexProxy/indexCall/GetPortfolioDay";
    static final LineageRun IBOV_INGEST = new LineageRun("ibov/ingest", "jr_20221208T230000_0a1b2c3d", Instant.parse("2022-12-08T23:00:00Z"),
            Instant.parse("2022-12-08T23:00:02.500Z"), true, List.of(B3_API),
            List.of("s3://lagoa-b3/raw/2022-12-08/resposta_b3.json", "s3://lagoa-b3/raw/2022-12-08/dados_originais.parquet"), Optional.empty());

    private final OpenLineageSchemas schemas = new OpenLineageSchemas();

    @TempDir
    Path folder;

    static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    @Test
    void anIngestRunIsAStartAndACompleteEventThatTheOfficialSchemaAccepts() throws IOException {
        OpenLineageFileEmitter emitter = new OpenLineageFileEmitter(folder);
        emitter.emit(IBOV_INGEST);

        Path file = folder.resolve("ibov.ingest-jr_20221208T230000_0a1b2c3d.jsonl");
        assertThat(emitter.file(IBOV_INGEST)).isEqualTo(file);
        List<JsonNode> events = lines(file);
        assertThat(events).extracting(event -> event.path("eventType").asText()).containsExactly("START", "COMPLETE");
        for (JsonNode event : events) {
            assertThat(schemas.problems(event)).as("schema problems of %s", event).isEmpty();
            assertThat(event.path("job").path("namespace").asText()).isEqualTo("lagoa");
            assertThat(event.path("job").path("name").asText()).isEqualTo("ibov/ingest");
            assertThat(event.path("run").path("runId").asText()).isEqualTo(OpenLineageFileEmitter.runId("ibov/ingest", IBOV_INGEST.runId()).toString());
            assertThat(event.path("inputs").get(0).path("namespace").asText()).isEqualTo("https://sistemaswebb3-listados.b3.com.br");
            assertThat(event.path("inputs").get(0).path("name").asText()).isEqualTo("/indexProxy/indexCall/GetPortfolioDay");
        }
        JsonNode complete = events.get(1);
        assertThat(complete.path("eventTime").asText()).isEqualTo("2022-12-08T23:00:02.5Z");
        assertThat(complete.path("outputs")).extracting(output -> output.path("namespace").asText() + " " + output.path("name").asText())
                .containsExactly("s3://lagoa-b3 raw/2022-12-08/resposta_b3.json", "s3://lagoa-b3 raw/2022-12-08/dados_originais.parquet");
        assertThat(events.get(0).path("outputs")).as("a run's outputs are told when it completes").isEmpty();
    }

    @Test
    void aFailedRunIsAFailEventWithItsErrorAndNoOutputs() throws IOException {
        LineageRun failed = new LineageRun("ibov/ingest", "jr_1", IBOV_INGEST.startedAt(), IBOV_INGEST.endedAt(), false, IBOV_INGEST.inputs(),
                IBOV_INGEST.outputs(), Optional.of("The B3 portfolio of IBOV for 2022-12-08 failed validation"));
        new OpenLineageFileEmitter(folder).emit(failed);

        JsonNode fail = lines(folder.resolve("ibov.ingest-jr_1.jsonl")).get(1);
        assertThat(schemas.problems(fail)).isEmpty();
        assertThat(fail.path("eventType").asText()).isEqualTo("FAIL");
        assertThat(fail.path("outputs")).isEmpty();
        assertThat(fail.path("run").path("facets").path("errorMessage").path("message").asText())
                .isEqualTo("The B3 portfolio of IBOV for 2022-12-08 failed validation");
    }

    @Test
    void theSchemasRejectAnEventWithoutRunIdOrWithABadColumnLineageFacet() throws IOException {
        new OpenLineageFileEmitter(folder).emit(IBOV_INGEST);
        ObjectNode event = (ObjectNode) lines(folder.resolve("ibov.ingest-jr_20221208T230000_0a1b2c3d.jsonl")).get(1);
        ((ObjectNode) event.get("run")).put("runId", "not-a-uuid");
        ObjectNode facets = ((ObjectNode) event.get("outputs").get(0)).putObject("facets");
        facets.putObject("columnLineage").put("_producer", "https://lagoa.dev").put("_schemaURL", "https://openlineage.io/spec/facets/1-0-1/ColumnLineageDatasetFacet.json")
                .putObject("fields").putObject("part").putArray("inputFields").addObject().put("namespace", "s3://lagoa-b3");

        assertThat(schemas.problems(event)).hasSize(3).anyMatch(problem -> problem.contains("runId") && problem.contains("uuid"))
                .anyMatch(problem -> problem.contains("name")).anyMatch(problem -> problem.contains("field"));
    }

    @Test
    void aFolderThatCannotBeWrittenLosesTheEventsButNotTheStep() throws IOException {
        Path notAFolder = Files.writeString(folder.resolve("file"), "x");
        new OpenLineageFileEmitter(notAFolder).emit(IBOV_INGEST);
        assertThat(Files.readString(notAFolder)).isEqualTo("x");
    }
}
