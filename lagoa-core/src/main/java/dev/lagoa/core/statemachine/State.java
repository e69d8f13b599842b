package dev.lagoa.core.statemachine;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A state of a state machine, as Amazon States Language knows it. {@code next} empty means {@code "End": true}.
 * Tasks carry what governance needs: a Portuguese description rich enough to be searched, an owner, tags, and the
 * datasets they read and write (their declared lineage).
 */
public sealed interface State {
    String name();

    /** The state that follows, or empty when the state ends its machine (or branch). */
    default Optional<String> next() {
        return Optional.empty();
    }

    /** Every state this one may go to: next, catchers, choices. */
    List<String> transitions();

    /** A unit of work: a Spark job, a control-plane task or a child state machine. */
    record Task(String name, String description, String owner, Set<String> tags, List<String> inputs, List<String> outputs,
            TaskTarget target, int timeoutSeconds, List<Retry> retries, List<Catch> catches, String resultPath,
            Optional<String> next) implements State {
        public Task {
            requireNonNull(name, "name is null");
            requireNonNull(description, "description is null");
            requireNonNull(owner, "owner is null");
            tags = Set.copyOf(requireNonNull(tags, "tags is null"));
            inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
            outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
            requireNonNull(target, "target is null");
            retries = List.copyOf(requireNonNull(retries, "retries is null"));
            catches = List.copyOf(requireNonNull(catches, "catches is null"));
            requireNonNull(resultPath, "resultPath is null");
            requireNonNull(next, "next is null");
        }

        @Override
        public List<String> transitions() {
            return StateTransitions.of(next, catches);
        }
    }

    /** Branches run side by side; the output is the list of the branches' outputs, in order. */
    record Parallel(String name, String comment, List<Branch> branches, List<Retry> retries, List<Catch> catches, String resultPath,
            Optional<String> next) implements State {
        public Parallel {
            requireNonNull(name, "name is null");
            requireNonNull(comment, "comment is null");
            branches = List.copyOf(requireNonNull(branches, "branches is null"));
            retries = List.copyOf(requireNonNull(retries, "retries is null"));
            catches = List.copyOf(requireNonNull(catches, "catches is null"));
            requireNonNull(resultPath, "resultPath is null");
            requireNonNull(next, "next is null");
        }

        @Override
        public List<String> transitions() {
            return StateTransitions.of(next, catches);
        }
    }

    /** Goes to the first rule that holds, else to {@code defaultNext}. */
    record Choice(String name, String comment, List<ChoiceRule> rules, String defaultNext) implements State {
        public Choice {
            requireNonNull(name, "name is null");
            requireNonNull(comment, "comment is null");
            rules = List.copyOf(requireNonNull(rules, "rules is null"));
            requireNonNull(defaultNext, "defaultNext is null");
        }

        @Override
        public List<String> transitions() {
            List<String> targets = new java.util.ArrayList<>(rules.stream().map(ChoiceRule::next).toList());
            targets.add(defaultNext);
            return targets;
        }
    }

    /** Ends the machine (or branch) successfully. */
    record Succeed(String name, String comment) implements State {
        public Succeed {
            requireNonNull(name, "name is null");
            requireNonNull(comment, "comment is null");
        }

        @Override
        public List<String> transitions() {
            return List.of();
        }
    }

    /** Ends the execution as failed with an error name and a cause. */
    record Fail(String name, String comment, String error, String cause) implements State {
        public Fail {
            requireNonNull(name, "name is null");
            requireNonNull(comment, "comment is null");
            requireNonNull(error, "error is null");
            requireNonNull(cause, "cause is null");
        }

        @Override
        public List<String> transitions() {
            return List.of();
        }
    }

    /** One branch of a Parallel state: its own states, starting at {@code startAt}. */
    record Branch(String startAt, List<State> states) {
        public Branch {
            requireNonNull(startAt, "startAt is null");
            states = List.copyOf(requireNonNull(states, "states is null"));
        }
    }
}
