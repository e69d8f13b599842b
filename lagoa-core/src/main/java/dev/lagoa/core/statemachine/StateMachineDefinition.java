package dev.lagoa.core.statemachine;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A state machine declared once, as data, in the shape of Amazon States Language: the local executor runs it, the ASL
 * export writes it for AWS Step Functions, and governance reads its tasks' descriptions, owners, tags and lineage. The
 * constructor checks that the declaration is coherent and reports every problem at once.
 *
 * @param timeoutSeconds the longest an execution may take (0: no limit)
 */
public record StateMachineDefinition(String name, String description, String owner, Set<String> tags, String startAt,
        List<State> states, int timeoutSeconds) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern STATE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,79}");
    private static final Pattern RESULT_PATH = Pattern.compile("\\$(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    public StateMachineDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(owner, "owner is null");
        tags = Set.copyOf(requireNonNull(tags, "tags is null"));
        requireNonNull(startAt, "startAt is null");
        states = List.copyOf(requireNonNull(states, "states is null"));
        List<String> problems = new ArrayList<>();
        if (!NAME.matcher(name).matches()) {
            problems.add("the name must be lower-case letters, digits and '-', starting with a letter, at most 63");
        }
        if (description.isBlank()) {
            problems.add("it has no description");
        }
        if (timeoutSeconds < 0) {
            problems.add("timeoutSeconds must not be negative: " + timeoutSeconds);
        }
        graphProblems("", startAt, states, problems, new HashSet<>());
        if (!problems.isEmpty()) {
            throw new LagoaException(ErrorCode.INVALID_STATE_MACHINE,
                    "Invalid state machine '%s': %s".formatted(name, String.join("; ", problems)));
        }
    }

    /** Checks one graph of states (the machine's, or a branch's); state names are unique across the whole machine. */
    private static void graphProblems(String where, String startAt, List<State> states, List<String> problems, Set<String> allNames) {
        Map<String, State> byName = new LinkedHashMap<>();
        for (State state : states) {
            if (!STATE_NAME.matcher(state.name()).matches()) {
                problems.add(where + "state name '" + state.name() + "' must be letters and digits, starting with a letter, at most 80");
            }
            if (!allNames.add(state.name())) {
                problems.add(where + "state '" + state.name() + "' is declared twice");
            }
            byName.putIfAbsent(state.name(), state);
        }
        if (states.isEmpty()) {
            problems.add(where + "it has no states");
            return;
        }
        if (!byName.containsKey(startAt)) {
            problems.add(where + "StartAt names undeclared state '" + startAt + "'");
        }
        for (State state : states) {
            for (String target : state.transitions()) {
                if (!byName.containsKey(target)) {
                    problems.add(where + "state '" + state.name() + "' goes to undeclared state '" + target + "'");
                }
            }
            stateProblems(where, state, problems, allNames);
        }
        Set<String> reached = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(startAt));
        while (!pending.isEmpty()) {
            String current = pending.pop();
            State state = byName.get(current);
            if (state != null && reached.add(current)) {
                pending.addAll(state.transitions());
            }
        }
        for (String stateName : byName.keySet()) {
            if (!reached.contains(stateName)) {
                problems.add(where + "state '" + stateName + "' cannot be reached from '" + startAt + "'");
            }
        }
    }

    private static void stateProblems(String where, State state, List<String> problems, Set<String> allNames) {
        String prefix = where + "state '" + state.name() + "' ";
        if (state instanceof State.Task task) {
            if (task.description().isBlank()) {
                problems.add(prefix + "has no description");
            }
            if (task.owner().isBlank()) {
                problems.add(prefix + "has no owner");
            }
            if (task.tags().isEmpty()) {
                problems.add(prefix + "has no tags");
            }
            if (task.timeoutSeconds() <= 0) {
                problems.add(prefix + "needs a positive TimeoutSeconds, not " + task.timeoutSeconds());
            }
            retryProblems(prefix, task.retries(), problems);
            catchProblems(prefix, task.catches(), problems);
            resultPathProblem(prefix, task.resultPath(), problems);
        } else if (state instanceof State.Parallel parallel) {
            if (parallel.branches().isEmpty()) {
                problems.add(prefix + "has no branches");
            }
            for (int i = 0; i < parallel.branches().size(); i++) {
                State.Branch branch = parallel.branches().get(i);
                graphProblems(prefix + "branch " + (i + 1) + ": ", branch.startAt(), branch.states(), problems, allNames);
            }
            retryProblems(prefix, parallel.retries(), problems);
            catchProblems(prefix, parallel.catches(), problems);
            resultPathProblem(prefix, parallel.resultPath(), problems);
        } else if (state instanceof State.Choice choice) {
            if (choice.rules().isEmpty()) {
                problems.add(prefix + "has no choice rules");
            }
            for (ChoiceRule rule : choice.rules()) {
                if (!RESULT_PATH.matcher(rule.variable()).matches()) {
                    problems.add(prefix + "compares an invalid path '" + rule.variable() + "'");
                }
                boolean valueFits = switch (rule.comparison()) {
                    case STRING_EQUALS -> rule.value() instanceof String;
                    case BOOLEAN_EQUALS, IS_PRESENT -> rule.value() instanceof Boolean;
                    case NUMERIC_GREATER_THAN, NUMERIC_LESS_THAN_EQUALS -> rule.value() instanceof Number;
                };
                if (!valueFits) {
                    problems.add(prefix + "compares " + rule.variable() + " by " + rule.comparison().aslName() + " with a "
                            + (rule.value() instanceof String ? "string" : rule.value() instanceof Boolean ? "boolean" : rule.value() instanceof Number
                                    ? "number" : "value of another kind"));
                }
            }
        } else if (state instanceof State.Fail fail && fail.error().isBlank()) {
            problems.add(prefix + "has no error name");
        }
    }

    private static void retryProblems(String prefix, List<Retry> retries, List<String> problems) {
        for (Retry retry : retries) {
            if (retry.errors().isEmpty()) {
                problems.add(prefix + "has a retrier without error names");
            }
            if (retry.interval().isNegative() || retry.interval().isZero() || retry.interval().toMillis() % 1000 != 0) {
                problems.add(prefix + "has a retry interval that is not a positive whole number of seconds: " + retry.interval());
            }
            if (retry.maxAttempts() < 0 || retry.maxAttempts() > 99_999_999) {
                problems.add(prefix + "has a retrier with MaxAttempts " + retry.maxAttempts());
            }
            if (retry.backoffRate() < 1.0) {
                problems.add(prefix + "has a retrier with BackoffRate " + retry.backoffRate() + " (at least 1.0)");
            }
        }
    }

    private static void catchProblems(String prefix, List<Catch> catches, List<String> problems) {
        for (Catch handler : catches) {
            if (handler.errors().isEmpty()) {
                problems.add(prefix + "has a catcher without error names");
            }
            resultPathProblem(prefix, handler.resultPath(), problems);
        }
    }

    private static void resultPathProblem(String prefix, String path, List<String> problems) {
        if (!RESULT_PATH.matcher(path).matches()) {
            problems.add(prefix + "has an invalid ResultPath '" + path + "'");
        }
    }

    /** The state of this name, in the machine or in one of its branches. */
    public Optional<State> state(String stateName) {
        return allStates().stream().filter(state -> state.name().equals(stateName)).findFirst();
    }

    /** Every state, branches' states included, in declaration order. */
    public List<State> allStates() {
        List<State> all = new ArrayList<>();
        collect(states, all);
        return all;
    }

    private static void collect(List<State> states, List<State> into) {
        for (State state : states) {
            into.add(state);
            if (state instanceof State.Parallel parallel) {
                parallel.branches().forEach(branch -> collect(branch.states(), into));
            }
        }
    }

    /** Every Task state, branches' included. */
    public List<State.Task> tasks() {
        return allStates().stream().filter(State.Task.class::isInstance).map(State.Task.class::cast).toList();
    }
}
