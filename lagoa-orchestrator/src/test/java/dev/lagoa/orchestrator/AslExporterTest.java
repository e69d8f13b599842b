package dev.lagoa.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.StateMachines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AslExporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AslExporter exporter = new AslExporter(Map.of("importau-bucket", "importau-lakehouse-ana"));

    @Test
    void everyMachineExportsValidAslWhoseSparkStepsNameDeclaredGlueJobs(@TempDir Path folder) throws Exception {
        List<Path> files = exporter.write(StateMachines.all(), folder);

        assertThat(files).hasSize(2 * StateMachines.all().size() + 1);
        List<String> glueJobs = new ArrayList<>();
        for (StateMachineDefinition machine : StateMachines.all()) {
            JsonNode document = JSON.readTree(folder.resolve(machine.name() + ".asl.json").toFile());
            assertThat(AslValidator.validate(document)).as(machine.name()).isEmpty();
            document.findParents("Resource").stream().filter(state -> state.path("Resource").asText().equals(AslExporter.GLUE_SYNC))
                    .forEach(state -> glueJobs.add(state.path("Parameters").path("JobName").asText()));
        }
        assertThat(glueJobs).containsExactlyInAnyOrder("lagoa-importau-teste-bronze", "lagoa-importau-silver", "lagoa-importau-teste-silver",
                "lagoa-importau-gold", "lagoa-importau-teste-gold");
        assertThat(glueJobs).allSatisfy(job -> assertThat(Pipelines.job(job)).isNotNull());
        JsonNode silver = JSON.readTree(folder.resolve("importau-silver.asl.json").toFile()).path("States").path("CorrelacionarPedidos");
        assertThat(silver.path("Parameters").path("Arguments").path("--lakehouse").asText()).isEqualTo("s3://importau-lakehouse-ana/");
        assertThat(silver.path("Retry").get(1).toString()).isEqualTo(
                "{\"ErrorEquals\":[\"States.TaskFailed\"],\"IntervalSeconds\":10,\"MaxAttempts\":1,\"BackoffRate\":2.0}");
        JsonNode parent = JSON.readTree(folder.resolve("importau.asl.json").toFile()).path("States").path("TesteBronze");
        assertThat(parent.path("Resource").asText()).isEqualTo("arn:aws:states:::states:startExecution.sync:2");
        assertThat(parent.path("Parameters").path("StateMachineArn").asText()).isEqualTo("${StateMachineArnImportauTesteBronze}");
        String parameters = Files.readString(folder.resolve("parameters.json"));
        assertThat(parameters).contains("StateMachineRoleArn", "GlueJobRoleArn", "StateMachineArnImportauGold", "EcsClusterArn");
        assertThat(Files.readString(folder.resolve("importau-bronze.metadata.json"))).contains("\"owner\" : \"importau-dados\"", "bronze-itens-pedido");
    }

    @Test
    void theValidatorNamesEveryProblem() throws Exception {
        ObjectNode broken = (ObjectNode) JSON.readTree("""
                {"StartAt": "A", "Extra": 1, "States": {
                  "A": {"Type": "Task", "Resource": "glue", "Next": "Nada", "End": true,
                        "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 0.5}, {"ErrorEquals": []}]},
                  "B": {"Type": "Choice", "Choices": [{"Variable": "$.x", "Next": "A"}], "Default": "A"},
                  "C": {"Type": "Espera"}}}
                """);

        assertThat(AslValidator.validate(broken)).containsExactly(
                "unknown field Extra",
                "A: needs exactly one of Next and \"End\": true",
                "A: Next names undeclared state Nada",
                "A: Resource must be a service integration or Lambda ARN",
                "A: Retry 1: States.ALL must appear alone, in the last retrier or catcher",
                "A: Retry 1: BackoffRate must be a number of at least 1.0",
                "A: Retry 2: ErrorEquals must be a non-empty array of error names",
                "B: a choice rule needs a Variable and exactly one comparison: {\"Variable\":\"$.x\",\"Next\":\"A\"}",
                "C: unknown Type 'Espera'",
                "state B is unreachable",
                "state C is unreachable");
    }
}
