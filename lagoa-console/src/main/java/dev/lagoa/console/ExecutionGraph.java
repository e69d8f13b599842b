package dev.lagoa.console;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.statemachine.Catch;
import dev.lagoa.core.statemachine.ChoiceRule;
import dev.lagoa.core.statemachine.State;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.StateTransition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The states of one execution's machine as a graph: a node per state (branches' states included), an edge per transition
 * the definition allows (next, a catcher, a choice rule or its default, the start of a Parallel's branch), and each node
 * marked with what the execution's history says happened to it. The failing state is the first that the history records
 * as {@code FAILED} (inside a Parallel, the branch's state rather than the Parallel that failed with it), or, when that is
 * a Fail state a catcher led to, the state whose error was caught.
 */
record ExecutionGraph(String startAt, List<Node> nodes, List<Edge> edges, Optional<String> failing) {
    /** What the history says of a state. */
    enum Outcome {
        /** It ended with {@code SUCCEEDED}. */
        SUCCEEDED,
        /** It failed and nothing caught it. */
        FAILED,
        /** It failed and a catcher went on. */
        CAUGHT,
        /** It started (a retry waits, or a Parallel's branches run) and has no end yet. */
        ENTERED,
        /** The history does not name it. */
        NOT_REACHED;

        /** The CSS class and JSON value: {@code not-reached}. */
        String key() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One state: {@code parent} names the Parallel whose branch holds it; {@code attempts} counts its transitions in
     * the history; {@code error} and {@code cause} are its last failure's.
     */
    record Node(String name, String type, Optional<String> parent, Outcome outcome, int attempts, Optional<String> error, Optional<String> cause) {
        Node {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            requireNonNull(parent, "parent is null");
            requireNonNull(outcome, "outcome is null");
            requireNonNull(error, "error is null");
            requireNonNull(cause, "cause is null");
        }
    }

    /** A transition the definition allows; {@code kind} is next, catch, choice, default or branch; {@code label} says when. */
    record Edge(String source, String target, String kind, String label) {}

    ExecutionGraph {
        requireNonNull(startAt, "startAt is null");
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        requireNonNull(failing, "failing is null");
    }

    /** The graph of {@code machine} marked by {@code history}. */
    static ExecutionGraph of(StateMachineDefinition machine, List<StateTransition> history) {
        Map<String, List<StateTransition>> byState = byState(history);
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        walk(machine.states(), Optional.empty(), byState, nodes, edges);
        return new ExecutionGraph(machine.startAt(), nodes, edges, failing(history));
    }

    /** Without the machine's definition (it is no longer declared): the states the history names, in order, without edges. */
    static ExecutionGraph ofHistory(List<StateTransition> history) {
        Map<String, List<StateTransition>> byState = byState(history);
        List<Node> nodes = new ArrayList<>();
        byState.forEach((name, transitions) -> nodes.add(node(name, transitions.get(0).type(), Optional.empty(), transitions, false)));
        return new ExecutionGraph(history.isEmpty() ? "" : history.get(0).state(), nodes, List.of(), failing(history));
    }

    private static Map<String, List<StateTransition>> byState(List<StateTransition> history) {
        Map<String, List<StateTransition>> byState = new LinkedHashMap<>();
        history.stream().sorted(java.util.Comparator.comparingInt(StateTransition::sequence))
                .forEach(transition -> byState.computeIfAbsent(transition.state(), name -> new ArrayList<>()).add(transition));
        return byState;
    }

    /**
     * The first state recorded {@code FAILED}; when that is a Fail state reached through a catcher, the state whose
     * caught error led there (the Fail state only ends the execution, the error happened before).
     */
    private static Optional<String> failing(List<StateTransition> history) {
        List<StateTransition> ordered = history.stream().sorted(java.util.Comparator.comparingInt(StateTransition::sequence)).toList();
        Optional<StateTransition> caught = Optional.empty();
        for (StateTransition transition : ordered) {
            if (transition.outcome().equals("CAUGHT")) {
                caught = Optional.of(transition);
            } else if (transition.outcome().equals("FAILED")) {
                return Optional.of(transition.type().equals("Fail") ? caught.orElse(transition).state() : transition.state());
            }
        }
        return Optional.empty();
    }

    private static void walk(List<State> states, Optional<String> parent, Map<String, List<StateTransition>> byState, List<Node> nodes,
            List<Edge> edges) {
        for (State state : states) {
            List<StateTransition> transitions = byState.getOrDefault(state.name(), List.of());
            boolean branchesStarted = false;
            if (state instanceof State.Parallel parallel) {
                branchesStarted = parallel.branches().stream().flatMap(branch -> branch.states().stream())
                        .anyMatch(inner -> byState.containsKey(inner.name()));
            }
            nodes.add(node(state.name(), state.getClass().getSimpleName(), parent, transitions, branchesStarted));
            if (state instanceof State.Task task) {
                task.next().ifPresent(next -> edges.add(new Edge(task.name(), next, "next", "")));
                catches(task.name(), task.catches(), edges);
            } else if (state instanceof State.Parallel parallel) {
                for (int i = 0; i < parallel.branches().size(); i++) {
                    edges.add(new Edge(parallel.name(), parallel.branches().get(i).startAt(), "branch", "branch " + (i + 1)));
                }
                parallel.next().ifPresent(next -> edges.add(new Edge(parallel.name(), next, "next", "")));
                catches(parallel.name(), parallel.catches(), edges);
                parallel.branches().forEach(branch -> walk(branch.states(), Optional.of(parallel.name()), byState, nodes, edges));
            } else if (state instanceof State.Choice choice) {
                for (ChoiceRule rule : choice.rules()) {
                    edges.add(new Edge(choice.name(), rule.next(), "choice", "%s %s %s".formatted(rule.variable(), rule.comparison().aslName(), rule.value())));
                }
                edges.add(new Edge(choice.name(), choice.defaultNext(), "default", "Default"));
            }
        }
    }

    private static void catches(String source, List<Catch> catches, List<Edge> edges) {
        for (Catch handler : catches) {
            edges.add(new Edge(source, handler.next(), "catch", String.join(", ", handler.errors())));
        }
    }

    private static Node node(String name, String type, Optional<String> parent, List<StateTransition> transitions, boolean branchesStarted) {
        if (transitions.isEmpty()) {
            return new Node(name, type, parent, branchesStarted ? Outcome.ENTERED : Outcome.NOT_REACHED, 0, Optional.empty(), Optional.empty());
        }
        StateTransition last = transitions.get(transitions.size() - 1);
        Outcome outcome = switch (last.outcome()) {
            case "SUCCEEDED" -> Outcome.SUCCEEDED;
            case "FAILED" -> Outcome.FAILED;
            case "CAUGHT" -> Outcome.CAUGHT;
            default -> Outcome.ENTERED;
        };
        Optional<StateTransition> failed = transitions.stream().filter(transition -> transition.error().isPresent()).reduce((first, second) -> second);
        return new Node(name, type, parent, outcome, transitions.size(), failed.flatMap(StateTransition::error), failed.flatMap(StateTransition::cause));
    }

    /** The document {@code execution.js} draws. */
    Map<String, Object> document() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("start_at", startAt);
        document.put("failing", failing.orElse(null));
        document.put("nodes", nodes.stream().map(node -> {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("id", node.name());
            value.put("type", node.type());
            value.put("parent", node.parent().orElse(null));
            value.put("outcome", node.outcome().key());
            value.put("attempts", node.attempts());
            value.put("start", node.name().equals(startAt));
            value.put("failing", failing.filter(node.name()::equals).isPresent());
            value.put("error", node.error().orElse(null));
            value.put("cause", node.cause().orElse(null));
            return value;
        }).toList());
        document.put("edges", edges.stream().map(edge -> Map.of("source", edge.source(), "target", edge.target(), "kind", edge.kind(),
                "label", edge.label())).toList());
        return document;
    }
}
