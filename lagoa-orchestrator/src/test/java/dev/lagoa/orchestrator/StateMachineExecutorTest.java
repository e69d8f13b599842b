package dev.lagoa.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.statemachine.Catch;
import dev.lagoa.core.statemachine.ChoiceRule;
import dev.lagoa.core.statemachine.Execution;
import dev.lagoa.core.statemachine.ExecutionStatus;
import dev.lagoa.core.statemachine.Retry;
import dev.lagoa.core.statemachine.State;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.StateTransition;
import dev.lagoa.core.statemachine.TaskTarget;
import dev.lagoa.local.SqliteExecutionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateMachineExecutorTest {
    private static final Retry TWICE = new Retry(List.of("States.TaskFailed"), Duration.ofSeconds(1), 2, 2.0);

    @TempDir
    Path home;
    private SqliteExecutionStore store;
    private final ScriptedJobLauncher launcher = new ScriptedJobLauncher();
    private final List<Duration> waits = new ArrayList<>();
    private final CountDownLatch never = new CountDownLatch(1);

    @BeforeEach
    void open() {
        store = new SqliteExecutionStore(home.resolve("lagoa.db"));
    }

    @AfterEach
    void close() {
        never.countDown();
        store.close();
    }

    private static State.Task spark(String name, String job, List<Retry> retries, List<Catch> catches, Optional<String> next) {
        return new State.Task(name, "Roda o job " + job, "dados", Set.of("teste"), List.of("entrada"), List.of("saida"),
                new TaskTarget.SparkJob(job, Map.of("--lakehouse", "s3://{importau-bucket}/")), 60, retries, catches, "$." + name.toLowerCase(), next);
    }

    private static State.Task control(String name, String task, int timeout, Optional<String> next) {
        return new State.Task(name, "Tarefa " + task, "dados", Set.of("teste"), List.of(), List.of(), new TaskTarget.ControlPlane(task, Map.of("p", "{importau-bucket}")),
                timeout, List.of(), List.of(), "$." + name.toLowerCase(), next);
    }

    private StateMachineExecutor executor(StateMachineDefinition... machines) {
        Function<String, StateMachineDefinition> byName = name -> List.of(machines).stream().filter(machine -> machine.name().equals(name)).findFirst()
                .orElseThrow();
        Map<String, ControlPlaneTask> tasks = Map.of(
                "eco", (parameters, input) -> new java.util.TreeMap<>(Map.of("bucket", parameters.get("p"), "viu", input.getOrDefault("x", "nada"))),
                "trava", (parameters, input) -> {
                    never.await();
                    return Map.of();
                },
                "quebra", (parameters, input) -> {
                    throw new IllegalStateException("a tarefa quebrou");
                });
        return new StateMachineExecutor(byName, launcher, tasks, store, Map.of("importau-bucket", "importau-lakehouse-ana"),
                id -> Optional.of("{\"linhas\": 3}"), Duration.ofMillis(1), waits::add, Clock.systemUTC());
    }

    private List<String> history(Execution execution) {
        return store.history(execution.id()).stream()
                .map(step -> step.state() + " " + step.outcome() + step.error().map(error -> " " + error).orElse("")).toList();
    }

    @Test
    void aFailingJobIsRetriedAsDeclaredThenTheExecutionFailsWithTheJobsError() {
        StateMachineDefinition machine = new StateMachineDefinition("camada", "Uma camada", "dados", Set.of(), "Rodar",
                List.of(spark("Rodar", "lagoa-silver", List.of(TWICE), List.of(), Optional.empty())), 0);
        launcher.script("lagoa-silver", "disco cheio", "disco cheio", "disco cheio");

        Execution failed = executor(machine).run("camada", "{}");

        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).contains("States.TaskFailed");
        assertThat(failed.cause()).contains("Job run jr_3 of lagoa-silver ended FAILED: disco cheio");
        assertThat(history(failed)).containsExactly("Rodar RETRIED States.TaskFailed", "Rodar RETRIED States.TaskFailed", "Rodar FAILED States.TaskFailed");
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(launcher.started).extracting(request -> request.arguments().get("--lakehouse")).containsOnly("s3://importau-lakehouse-ana/");

        Execution again = executor(machine).run("camada", "{}");

        assertThat(again.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(again.output().orElseThrow()).contains("\"rodar\":{\"JobName\":\"lagoa-silver\",\"JobRunId\":\"jr_4\"").contains("\"Resumo\":{\"linhas\":3}");
        assertThat(store.executions("camada", 10)).extracting(Execution::status).containsExactly(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED);
    }

    @Test
    void aCatcherLeadsToAFailStateThatNamesTheCaughtCause() {
        StateMachineDefinition machine = new StateMachineDefinition("testes", "Testes", "dados", Set.of(), "Testar", List.of(
                spark("Testar", "lagoa-teste", List.of(), List.of(new Catch(List.of("States.ALL"), "Reprovado", "$.erro")), Optional.of("Aprovado")),
                new State.Succeed("Aprovado", ""),
                new State.Fail("Reprovado", "", "Importau.QualidadeReprovada", "A camada foi reprovada")), 0);
        launcher.script("lagoa-teste", "Camada bronze reprovada em 1 de 32 verificações: itens_duplicados");

        Execution failed = executor(machine).run("testes", "{}");

        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).contains("Importau.QualidadeReprovada");
        assertThat(failed.cause().orElseThrow()).startsWith("A camada foi reprovada: Job run jr_1 of lagoa-teste ended FAILED: Camada bronze reprovada")
                .endsWith("itens_duplicados");
        assertThat(history(failed)).containsExactly("Testar CAUGHT States.TaskFailed", "Reprovado FAILED Importau.QualidadeReprovada");
    }

    @Test
    void choiceParallelAndControlPlaneTasksPassTheirDataOn() {
        StateMachineDefinition machine = new StateMachineDefinition("fluxo", "Fluxo", "dados", Set.of(), "Escolher", List.of(
                new State.Choice("Escolher", "", List.of(new ChoiceRule("$.pular", ChoiceRule.Comparison.BOOLEAN_EQUALS, true, "Fim")), "Ambos"),
                new State.Parallel("Ambos", "", List.of(
                        new State.Branch("Eco", List.of(control("Eco", "eco", 10, Optional.empty()))),
                        new State.Branch("Job", List.of(spark("Job", "lagoa-gold", List.of(), List.of(), Optional.empty())))),
                        List.of(), List.of(), "$.ramos", Optional.of("Fim")),
                new State.Succeed("Fim", "")), 0);

        Execution ran = executor(machine).run("fluxo", "{\"x\": 7}");

        assertThat(ran.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ran.output().orElseThrow()).startsWith("{\"x\":7,\"ramos\":[{\"x\":7,\"eco\":{\"bucket\":\"importau-lakehouse-ana\",\"viu\":7}},");
        assertThat(history(ran)).containsExactly("Escolher SUCCEEDED", "Eco SUCCEEDED", "Job SUCCEEDED", "Ambos SUCCEEDED", "Fim SUCCEEDED");
        assertThat(store.history(ran.id()).get(0).resource()).contains("→ Ambos");

        Execution skipped = executor(machine).run("fluxo", "{\"pular\": true}");
        assertThat(history(skipped)).containsExactly("Escolher SUCCEEDED", "Fim SUCCEEDED");
    }

    @Test
    void aTaskPastItsTimeoutFailsWithStatesTimeout() {
        StateMachineDefinition machine = new StateMachineDefinition("lenta", "Lenta", "dados", Set.of(), "Travar",
                List.of(control("Travar", "trava", 1, Optional.empty())), 0);

        Execution failed = executor(machine).run("lenta", "{}");

        assertThat(failed.error()).contains("States.Timeout");
        assertThat(failed.cause()).contains("The task trava exceeded its TimeoutSeconds of 1");
    }

    @Test
    void aChildMachinesFailureEndsItsParentWithTheChildsErrorAndBothHistoriesAreKept() {
        StateMachineDefinition child = new StateMachineDefinition("filha", "Filha", "dados", Set.of(), "Quebrar",
                List.of(control("Quebrar", "quebra", 10, Optional.empty())), 0);
        StateMachineDefinition parent = new StateMachineDefinition("mae", "Mãe", "dados", Set.of(), "Filha", List.of(
                new State.Task("Filha", "Executa a filha", "dados", Set.of("t"), List.of(), List.of(), new TaskTarget.StartExecution("filha"), 60,
                        List.of(), List.of(), "$.filha", Optional.empty())), 0);

        Execution failed = executor(parent, child).run("mae", "{}");

        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).contains("States.TaskFailed");
        assertThat(failed.cause().orElseThrow()).startsWith("a tarefa quebrou (execution filha:");
        List<Execution> children = store.children(failed.id());
        assertThat(children).singleElement().satisfies(execution -> assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED));
        assertThat(store.history(failed.id())).extracting(StateTransition::resource).containsExactly(Optional.of(children.get(0).id()));
    }

    @Test
    void aJobThatCannotStartIsAGlueError() {
        StateMachineDefinition machine = new StateMachineDefinition("cheia", "Cheia", "dados", Set.of(), "Rodar",
                List.of(spark("Rodar", "ocupado", List.of(), List.of(), Optional.empty())), 0);

        assertThat(executor(machine).run("cheia", "{}").error()).contains("Glue.ConcurrentRunsExceededException");
        assertThatThrownBy(() -> executor(machine).run("cheia", "[1]")).hasMessage("The input of cheia must be a JSON object, not [1]");
    }
}
