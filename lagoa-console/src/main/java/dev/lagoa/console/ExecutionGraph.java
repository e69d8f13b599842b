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
import java.util.Set;

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

    /**
     * A transition the definition allows; {@code kind} is next, catch, choice, default or branch; {@code label} says when;
     * {@code taken} whether the history shows the execution going that way.
     */
    record Edge(String source, String target, String kind, String label, boolean taken) {}

    ExecutionGraph {
        requireNonNull(startAt, "startAt is null");
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        requireNonNull(failing, "failing is null");
    }

    /**
     * The graph of {@code machine} marked by {@code history}. While the execution is {@code running}, a state that a
     * taken transition leads to is entered even though the history, which records a state when it ends, does not name it yet.
     */
    static ExecutionGraph of(StateMachineDefinition machine, List<StateTransition> history, boolean running) {
        Map<String, List<StateTransition>> byState = byState(history);
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        walk(machine.states(), Optional.empty(), byState, nodes, edges);
        if (running) {
            Set<String> entered = edges.stream().filter(Edge::taken).map(Edge::target).collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
            if (history.isEmpty()) {
                entered.add(machine.startAt());
            }
            nodes.replaceAll(node -> node.outcome() == Outcome.NOT_REACHED && entered.contains(node.name())
                    ? new Node(node.name(), node.type(), node.parent(), Outcome.ENTERED, node.attempts(), node.error(), node.cause()) : node);
        }
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
            boolean succeeded = transitions.stream().anyMatch(transition -> transition.outcome().equals("SUCCEEDED"));
            if (state instanceof State.Task task) {
                task.next().ifPresent(next -> edges.add(new Edge(task.name(), next, "next", "", succeeded)));
                catches(task.name(), task.catches(), transitions, edges);
            } else if (state instanceof State.Parallel parallel) {
                for (int i = 0; i < parallel.branches().size(); i++) {
                    edges.add(new Edge(parallel.name(), parallel.branches().get(i).startAt(), "branch", "branch " + (i + 1),
                            branchesStarted || !transitions.isEmpty()));
                }
                parallel.next().ifPresent(next -> edges.add(new Edge(parallel.name(), next, "next", "", succeeded)));
                catches(parallel.name(), parallel.catches(), transitions, edges);
                parallel.branches().forEach(branch -> walk(branch.states(), Optional.of(parallel.name()), byState, nodes, edges));
            } else if (state instanceof State.Choice choice) {
                Set<String> chosen = transitions.stream().flatMap(transition -> transition.resource().stream())
                        .filter(resource -> resource.startsWith("→ ")).map(resource -> resource.substring(2).strip())
                        .collect(java.util.stream.Collectors.toSet());
                for (ChoiceRule rule : choice.rules()) {
                    edges.add(new Edge(choice.name(), rule.next(), "choice", "%s %s %s".formatted(rule.variable(), rule.comparison().aslName(), rule.value()),
                            chosen.contains(rule.next())));
                }
                edges.add(new Edge(choice.name(), choice.defaultNext(), "default", "Default", chosen.contains(choice.defaultNext())));
            }
        }
    }

    /** A catcher's edge is taken when the state caught an error that this catcher is the first to match. */
    private static void catches(String source, List<Catch> catches, List<StateTransition> transitions, List<Edge> edges) {
        Set<Integer> used = new java.util.HashSet<>();
        for (StateTransition transition : transitions) {
            if (transition.outcome().equals("CAUGHT")) {
                String error = transition.error().orElse("");
                for (int i = 0; i < catches.size(); i++) {
                    if (catches.get(i).matches(error)) {
                        used.add(i);
                        break;
                    }
                }
            }
        }
        for (int i = 0; i < catches.size(); i++) {
            edges.add(new Edge(source, catches.get(i).next(), "catch", String.join(", ", catches.get(i).errors()), used.contains(i)));
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
                "label", edge.label(), "taken", edge.taken())).toList());
        return document;
    }
}
