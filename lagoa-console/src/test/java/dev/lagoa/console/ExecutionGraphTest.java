package dev.lagoa.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.core.statemachine.Catch;
import dev.lagoa.core.statemachine.State;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.StateTransition;
import dev.lagoa.core.statemachine.TaskTarget;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExecutionGraphTest {
    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");

    /** As importau: each layer's task catches every error into one Fail state. */
    private static final StateMachineDefinition LAYERS = new StateMachineDefinition("camadas", "Camadas", "time", Set.of("teste"), "Bronze", List.of(
            task("Bronze", Optional.of("Paralelo"), true),
            new State.Parallel("Paralelo", "", List.of(new State.Branch("Silver", List.of(task("Silver", Optional.empty(), false))),
                    new State.Branch("Gold", List.of(task("Gold", Optional.empty(), false)))), List.of(), List.of(), "$.p", Optional.of("Fim")),
            new State.Succeed("Fim", ""),
            new State.Fail("Falhou", "", "Camadas.Falhou", "Uma camada falhou")), 0);

    private static State.Task task(String name, Optional<String> next, boolean catches) {
        return new State.Task(name, "Tarefa " + name, "time", Set.of("teste"), List.of(), List.of(), new TaskTarget.StartExecution("filha"), 60,
                List.of(), catches ? List.of(new Catch(List.of("States.ALL"), "Falhou", "$.erro")) : List.of(), "$.r", next);
    }

    private static StateTransition transition(int sequence, String state, String type, String outcome) {
        boolean failed = !outcome.equals("SUCCEEDED");
        return new StateTransition("camadas:1", sequence, state, type, outcome, 0, "{}", Optional.empty(),
                failed ? Optional.of("Erro." + state) : Optional.empty(), failed ? Optional.of("porque " + state) : Optional.empty(), Optional.empty(),
                T0.plusSeconds(sequence), T0.plusSeconds(sequence + 1));
    }

    private static Map<String, ExecutionGraph.Outcome> outcomes(ExecutionGraph graph) {
        return graph.nodes().stream().collect(Collectors.toMap(ExecutionGraph.Node::name, ExecutionGraph.Node::outcome));
    }

    @Test
    void aCaughtErrorThatEndsInAFailStateFailsAtTheStateThatCaughtIt() {
        ExecutionGraph graph = ExecutionGraph.of(LAYERS, List.of(transition(1, "Bronze", "Task", "CAUGHT"), transition(2, "Falhou", "Fail", "FAILED")),
                false);

        // the Fail state only ends the execution; the error happened in Bronze
        assertThat(graph.failing()).contains("Bronze");
        assertThat(outcomes(graph)).containsEntry("Bronze", ExecutionGraph.Outcome.CAUGHT).containsEntry("Falhou", ExecutionGraph.Outcome.FAILED)
                .containsEntry("Paralelo", ExecutionGraph.Outcome.NOT_REACHED);
        assertThat(graph.nodes().get(0).error()).contains("Erro.Bronze");
        assertThat(graph.edges()).filteredOn(ExecutionGraph.Edge::taken).containsExactly(new ExecutionGraph.Edge("Bronze", "Falhou", "catch", "States.ALL", true));
    }

    @Test
    void whileItRunsTheStatesItWentToAreEnteredAndNothingFailsYet() {
        ExecutionGraph graph = ExecutionGraph.of(LAYERS, List.of(transition(1, "Bronze", "Task", "SUCCEEDED"), transition(2, "Gold", "Task", "RETRIED")),
                true);

        assertThat(graph.failing()).isEmpty();
        // Silver runs (its branch started, and the history only names a state when it ends); Fim waits for the Parallel
        assertThat(outcomes(graph)).containsEntry("Paralelo", ExecutionGraph.Outcome.ENTERED).containsEntry("Gold", ExecutionGraph.Outcome.ENTERED)
                .containsEntry("Silver", ExecutionGraph.Outcome.ENTERED).containsEntry("Fim", ExecutionGraph.Outcome.NOT_REACHED)
                .containsEntry("Falhou", ExecutionGraph.Outcome.NOT_REACHED);
        assertThat(graph.nodes()).filteredOn(node -> node.name().equals("Gold")).singleElement()
                .satisfies(node -> assertThat(node.parent()).contains("Paralelo"));
        assertThat(graph.edges()).contains(new ExecutionGraph.Edge("Bronze", "Paralelo", "next", "", true),
                new ExecutionGraph.Edge("Paralelo", "Silver", "branch", "branch 1", true), new ExecutionGraph.Edge("Paralelo", "Fim", "next", "", false),
                new ExecutionGraph.Edge("Bronze", "Falhou", "catch", "States.ALL", false));
    }

    @Test
    void aFinishedExecutionLeavesWhatItNeverEndedUnreached() {
        ExecutionGraph graph = ExecutionGraph.of(LAYERS, List.of(transition(1, "Bronze", "Task", "SUCCEEDED"), transition(2, "Gold", "Task", "RETRIED")),
                false);

        assertThat(outcomes(graph)).containsEntry("Silver", ExecutionGraph.Outcome.NOT_REACHED);
    }

    @Test
    void withoutItsDefinitionTheGraphHoldsTheStatesTheHistoryNames() {
        ExecutionGraph graph = ExecutionGraph.ofHistory(List.of(transition(1, "Bronze", "Task", "SUCCEEDED"), transition(2, "Silver", "Task", "FAILED")));

        assertThat(graph.nodes()).extracting(ExecutionGraph.Node::name).containsExactly("Bronze", "Silver");
        assertThat(graph.edges()).isEmpty();
        assertThat(graph.failing()).contains("Silver");
    }
}
