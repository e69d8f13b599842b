package dev.lagoa.core.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.Configuration;
import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.core.pipeline.ImportauPipeline;
import dev.lagoa.core.pipeline.Layer;
import dev.lagoa.core.pipeline.Pipelines;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateMachineDefinitionTest {
    @Test
    void theImportauMachinesAreTheSixOfTheDesignAndTheirParent() {
        assertThat(StateMachines.all()).extracting(StateMachineDefinition::name).containsExactly("importau", "importau-bronze",
                "importau-teste-bronze", "importau-silver", "importau-teste-silver", "importau-gold", "importau-teste-gold");
        StateMachineDefinition parent = StateMachines.named("importau");
        assertThat(parent.tasks()).extracting(task -> ((TaskTarget.StartExecution) task.target()).stateMachine())
                .containsExactly("importau-bronze", "importau-teste-bronze", "importau-silver", "importau-teste-silver", "importau-gold",
                        "importau-teste-gold");
        for (StateMachineDefinition machine : StateMachines.all()) {
            for (State.Task task : machine.tasks()) {
                assertThat(task.description()).as(machine.name() + "/" + task.name()).hasSizeGreaterThan(60);
                assertThat(task.owner()).isEqualTo("importau-dados");
                assertThat(task.tags()).contains("importau");
            }
        }
    }

    @Test
    void theImportauPipelineDeclaresSevenBronzeOneSilverAndTwoGoldDatasets() {
        var importau = Pipelines.named("importau");

        assertThat(importau.datasets().stream().filter(dataset -> dataset.layer() == Layer.BRONZE && dataset.id().startsWith("bronze-")))
                .extracting(dataset -> dataset.tableName())
                .containsExactly("bronze_clientes", "bronze_fornecedores", "bronze_produtos", "bronze_pedidos", "bronze_itens_pedido",
                        "bronze_cambio", "bronze_despesas_importacao");
        assertThat(importau.dataset(ImportauPipeline.FACT).tableName()).isEqualTo("fato_pedido_correlacionado");
        assertThat(importau.dataset(ImportauPipeline.FACT).partitionColumns()).containsExactly("ano_mes");
        assertThat(importau.datasets().stream().filter(dataset -> dataset.layer() == Layer.GOLD && dataset.format().name().equals("PARQUET")))
                .hasSize(2);
        assertThat(Pipelines.job(ImportauPipeline.TEST_SILVER_JOB).defaultArguments()).containsEntry("--camada", "silver");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        State.Task task = new State.Task("Trabalhar", "", "", Set.of(), List.of(), List.of(), new TaskTarget.ControlPlane("x", Map.of()), 0,
                List.of(new Retry(List.of(), Duration.ofMillis(500), 2, 0.5)), List.of(new Catch(List.of("States.ALL"), "Sumiu", "$.erro")),
                "resultado", Optional.of("Nada"));
        assertThatThrownBy(() -> new StateMachineDefinition("quebrada", "d", "o", Set.of(), "Inicio",
                List.of(task, new State.Succeed("Trabalhar", ""), new State.Succeed("Isolado", "")), 0))
                .isInstanceOf(LagoaException.class)
                .hasMessage("Invalid state machine 'quebrada': state 'Trabalhar' is declared twice; StartAt names undeclared state 'Inicio'; "
                        + "state 'Trabalhar' goes to undeclared state 'Nada'; state 'Trabalhar' goes to undeclared state 'Sumiu'; "
                        + "state 'Trabalhar' has no description; state 'Trabalhar' has no owner; state 'Trabalhar' has no tags; "
                        + "state 'Trabalhar' needs a positive TimeoutSeconds, not 0; state 'Trabalhar' has a retrier without error names; "
                        + "state 'Trabalhar' has a retry interval that is not a positive whole number of seconds: PT0.5S; "
                        + "state 'Trabalhar' has a retrier with BackoffRate 0.5 (at least 1.0); state 'Trabalhar' has an invalid ResultPath 'resultado'; "
                        + "state 'Trabalhar' cannot be reached from 'Inicio'; state 'Isolado' cannot be reached from 'Inicio'");
    }

    @Test
    void machinesThatNameUnknownJobsOrDatasetsAreRefused() {
        State.Task task = new State.Task("Rodar", "descrição", "dono", Set.of("t"), List.of("fantasma"), List.of(),
                new TaskTarget.SparkJob("lagoa-nao-existe", Map.of()), 60, List.of(), List.of(), "$", Optional.empty());
        StateMachineDefinition machine = new StateMachineDefinition("avulsa", "d", "o", Set.of(), "Rodar", List.of(task), 0);

        assertThatThrownBy(() -> StateMachines.validated(List.of(machine)))
                .hasMessage("Invalid state machines: avulsa/Rodar reads undeclared dataset 'fantasma'; avulsa/Rodar runs undeclared Spark job 'lagoa-nao-existe'");
    }

    @Test
    void retriesBackOffAndMatchStatesAllExceptRuntime() {
        Retry retry = new Retry(List.of("States.ALL"), Duration.ofSeconds(2), 3, 2.0);

        assertThat(List.of(retry.delay(1), retry.delay(2), retry.delay(3))).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8));
        assertThat(retry.matches("States.TaskFailed")).isTrue();
        assertThat(retry.matches("States.Runtime")).isFalse();
    }

    @Test
    void theImportauBucketIsNamedAfterTheUser() {
        assertThat(LakeConfig.importauBucketOf("Maria.Silva_2")).isEqualTo("importau-lakehouse-maria-silva-2");
        assertThat(LakeConfig.importauBucketOf("__")).isEqualTo("importau-lakehouse-local");
        assertThat(LakeConfig.importauBucketOf("x".repeat(80))).hasSize(63);
        Configuration configured = Configuration.load(LakeConfig.fields(), Map.of(), null, Map.of(), Map.of("importau.user", "Joao"));
        assertThat(LakeConfig.from(configured).importauBucket().value()).isEqualTo("importau-lakehouse-joao");
        assertThat(LakeConfig.from(configured).locationValues()).containsEntry("importau-bucket", "importau-lakehouse-joao");
        Configuration explicit = Configuration.load(LakeConfig.fields(), Map.of(), null, Map.of(), Map.of("lake.importau-bucket", "meu-lake"));
        assertThat(LakeConfig.from(explicit).importauBucket().value()).isEqualTo("meu-lake");
    }
}
