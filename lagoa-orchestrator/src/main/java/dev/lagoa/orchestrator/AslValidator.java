package dev.lagoa.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a document against the Amazon States Language specification, as {@code asl-validator} does with its JSON
 * schema: the top-level fields, each state's type and the fields it may and must have, transitions to declared states
 * ({@code Next}, {@code Default}, catchers, choices), {@code End} or {@code Next} exclusively, retriers' and catchers'
 * shapes ({@code States.ALL} alone and last), Choice rules with one comparison each, Parallel branches as machines of
 * their own, resources that are ARNs, and states that cannot be reached.
 */
public final class AslValidator {
    private static final Pattern RESOURCE = Pattern.compile("arn:aws:states:::[a-z0-9-]+:[A-Za-z.]+(\\.sync(:2)?|\\.waitForTaskToken)?|arn:aws:lambda:.+");
    private static final Pattern REFERENCE_PATH = Pattern.compile("\\$(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    private static final Set<String> COMMON = Set.of("Type", "Comment");
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "Task", Set.of("Resource", "Parameters", "ResultPath", "ResultSelector", "InputPath", "OutputPath", "TimeoutSeconds",
                    "TimeoutSecondsPath", "HeartbeatSeconds", "Retry", "Catch", "Next", "End", "Credentials"),
            "Parallel", Set.of("Branches", "Parameters", "ResultPath", "ResultSelector", "InputPath", "OutputPath", "Retry", "Catch", "Next", "End"),
            "Choice", Set.of("Choices", "Default", "InputPath", "OutputPath"),
            "Succeed", Set.of("InputPath", "OutputPath"),
            "Fail", Set.of("Error", "Cause", "ErrorPath", "CausePath"),
            "Pass", Set.of("Result", "ResultPath", "Parameters", "InputPath", "OutputPath", "Next", "End"),
            "Wait", Set.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath", "InputPath", "OutputPath", "Next", "End"),
            "Map", Set.of("Iterator", "ItemProcessor", "ItemsPath", "MaxConcurrency", "Parameters", "ResultPath", "Retry", "Catch", "Next", "End"));
    private static final Set<String> COMPARISONS = Set.of("StringEquals", "StringLessThan", "StringGreaterThan", "NumericEquals", "NumericLessThan",
            "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals", "BooleanEquals", "TimestampEquals", "IsPresent", "IsNull",
            "IsString", "IsNumeric", "IsBoolean", "StringMatches");

    private AslValidator() {}

    /** Every problem of the document; empty when it is valid. */
    public static List<String> validate(JsonNode document) {
        List<String> problems = new ArrayList<>();
        machine("", document, problems, true);
        return problems;
    }

    private static void machine(String where, JsonNode machine, List<String> problems, boolean topLevel) {
        if (machine == null || !machine.isObject()) {
            problems.add(where + "not a JSON object");
            return;
        }
        Set<String> allowed = topLevel ? Set.of("Comment", "StartAt", "States", "TimeoutSeconds", "Version") : Set.of("Comment", "StartAt", "States");
        for (Iterator<String> fields = machine.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!allowed.contains(field)) {
                problems.add(where + "unknown field " + field);
            }
        }
        if (topLevel && machine.has("TimeoutSeconds") && !(machine.get("TimeoutSeconds").canConvertToInt() && machine.get("TimeoutSeconds").asInt() > 0)) {
            problems.add(where + "TimeoutSeconds must be a positive integer");
        }
        JsonNode states = machine.get("States");
        if (states == null || !states.isObject() || states.isEmpty()) {
            problems.add(where + "States must be a non-empty object");
            return;
        }
        JsonNode startAt = machine.get("StartAt");
        if (startAt == null || !startAt.isTextual() || !states.has(startAt.asText())) {
            problems.add(where + "StartAt must name a state of States");
        }
        Set<String> names = new HashSet<>();
        states.fieldNames().forEachRemaining(names::add);
        for (Iterator<Map.Entry<String, JsonNode>> entries = states.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (entry.getKey().length() > 80) {
                problems.add(where + "state name " + entry.getKey() + " is longer than 80 characters");
            }
            state(where + entry.getKey() + ": ", entry.getValue(), names, problems);
        }
        if (startAt != null && startAt.isTextual()) {
            Set<String> reached = new HashSet<>();
            Deque<String> pending = new ArrayDeque<>(List.of(startAt.asText()));
            while (!pending.isEmpty()) {
                String name = pending.pop();
                if (reached.add(name) && states.has(name)) {
                    pending.addAll(targets(states.get(name)));
                }
            }
            names.stream().filter(name -> !reached.contains(name)).sorted().forEach(name -> problems.add(where + "state " + name + " is unreachable"));
        }
    }

    private static List<String> targets(JsonNode state) {
        List<String> targets = new ArrayList<>();
        if (state.path("Next").isTextual()) {
            targets.add(state.get("Next").asText());
        }
        if (state.path("Default").isTextual()) {
            targets.add(state.get("Default").asText());
        }
        state.path("Catch").forEach(handler -> targets.add(handler.path("Next").asText()));
        state.path("Choices").forEach(rule -> targets.add(rule.path("Next").asText()));
        return targets;
    }

    private static void state(String where, JsonNode state, Set<String> names, List<String> problems) {
        if (!state.isObject()) {
            problems.add(where + "not a JSON object");
            return;
        }
        String type = state.path("Type").asText("");
        Set<String> allowed = ALLOWED.get(type);
        if (allowed == null) {
            problems.add(where + "unknown Type '" + type + "'");
            return;
        }
        for (Iterator<String> fields = state.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!COMMON.contains(field) && !allowed.contains(field)) {
                problems.add(where + "field " + field + " is not allowed in a " + type + " state");
            }
        }
        boolean terminalType = type.equals("Choice") || type.equals("Succeed") || type.equals("Fail");
        if (!terminalType) {
            boolean hasNext = state.has("Next");
            boolean end = state.path("End").asBoolean(false);
            if (hasNext == end) {
                problems.add(where + "needs exactly one of Next and \"End\": true");
            }
            if (hasNext && !names.contains(state.path("Next").asText())) {
                problems.add(where + "Next names undeclared state " + state.path("Next").asText());
            }
        }
        for (String path : List.of("ResultPath", "InputPath", "OutputPath")) {
            if (state.has(path) && !state.get(path).isNull() && !REFERENCE_PATH.matcher(state.get(path).asText()).matches()) {
                problems.add(where + path + " is not a reference path: " + state.get(path));
            }
        }
        switch (type) {
            case "Task" -> {
                if (!state.path("Resource").isTextual() || !RESOURCE.matcher(state.get("Resource").asText()).matches()) {
                    problems.add(where + "Resource must be a service integration or Lambda ARN");
                }
                if (state.has("TimeoutSeconds") && !(state.get("TimeoutSeconds").canConvertToInt() && state.get("TimeoutSeconds").asInt() > 0)) {
                    problems.add(where + "TimeoutSeconds must be a positive integer");
                }
                if (state.path("Resource").asText().startsWith("arn:aws:states:::glue:") && !state.path("Parameters").path("JobName").isTextual()) {
                    problems.add(where + "a Glue task needs Parameters.JobName");
                }
                retriersAndCatchers(where, state, names, problems);
            }
            case "Parallel" -> {
                JsonNode branches = state.get("Branches");
                if (branches == null || !branches.isArray() || branches.isEmpty()) {
                    problems.add(where + "Branches must be a non-empty array");
                } else {
                    for (int i = 0; i < branches.size(); i++) {
                        machine(where + "branch " + (i + 1) + ": ", branches.get(i), problems, false);
                    }
                }
                retriersAndCatchers(where, state, names, problems);
            }
            case "Choice" -> {
                JsonNode choices = state.get("Choices");
                if (choices == null || !choices.isArray() || choices.isEmpty()) {
                    problems.add(where + "Choices must be a non-empty array");
                } else {
                    for (JsonNode rule : choices) {
                        long comparisons = COMPARISONS.stream().filter(rule::has).count();
                        if (!rule.path("Variable").isTextual() || comparisons != 1) {
                            problems.add(where + "a choice rule needs a Variable and exactly one comparison: " + rule);
                        }
                        if (!names.contains(rule.path("Next").asText())) {
                            problems.add(where + "a choice rule goes to undeclared state " + rule.path("Next").asText());
                        }
                    }
                }
                if (state.has("Default") && !names.contains(state.get("Default").asText())) {
                    problems.add(where + "Default names undeclared state " + state.get("Default").asText());
                }
            }
            case "Fail" -> {
                if (state.has("Error") && !state.get("Error").isTextual() || state.has("Cause") && !state.get("Cause").isTextual()) {
                    problems.add(where + "Error and Cause must be strings");
                }
            }
            default -> {
                // Succeed, Pass, Wait, Map: their fields were checked above
            }
        }
    }

    private static void retriersAndCatchers(String where, JsonNode state, Set<String> names, List<String> problems) {
        JsonNode retries = state.get("Retry");
        if (retries != null) {
            if (!retries.isArray()) {
                problems.add(where + "Retry must be an array");
            } else {
                for (int i = 0; i < retries.size(); i++) {
                    JsonNode retry = retries.get(i);
                    errors(where + "Retry " + (i + 1) + ": ", retry, i == retries.size() - 1, problems);
                    if (retry.has("IntervalSeconds") && !(retry.get("IntervalSeconds").canConvertToInt() && retry.get("IntervalSeconds").asInt() >= 1)) {
                        problems.add(where + "Retry " + (i + 1) + ": IntervalSeconds must be a positive integer");
                    }
                    if (retry.has("MaxAttempts") && !(retry.get("MaxAttempts").canConvertToInt() && retry.get("MaxAttempts").asInt() >= 0)) {
                        problems.add(where + "Retry " + (i + 1) + ": MaxAttempts must be a non-negative integer");
                    }
                    if (retry.has("BackoffRate") && !(retry.get("BackoffRate").isNumber() && retry.get("BackoffRate").asDouble() >= 1.0)) {
                        problems.add(where + "Retry " + (i + 1) + ": BackoffRate must be a number of at least 1.0");
                    }
                }
            }
        }
        JsonNode catches = state.get("Catch");
        if (catches != null) {
            if (!catches.isArray()) {
                problems.add(where + "Catch must be an array");
            } else {
                for (int i = 0; i < catches.size(); i++) {
                    JsonNode handler = catches.get(i);
                    errors(where + "Catch " + (i + 1) + ": ", handler, i == catches.size() - 1, problems);
                    if (!names.contains(handler.path("Next").asText())) {
                        problems.add(where + "Catch " + (i + 1) + ": Next names undeclared state " + handler.path("Next").asText());
                    }
                }
            }
        }
    }

    private static void errors(String where, JsonNode entry, boolean last, List<String> problems) {
        JsonNode errors = entry.get("ErrorEquals");
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            problems.add(where + "ErrorEquals must be a non-empty array of error names");
            return;
        }
        for (JsonNode error : errors) {
            if (!error.isTextual()) {
                problems.add(where + "ErrorEquals holds a value that is not a string: " + error);
            } else if (error.asText().equals("States.ALL") && (errors.size() > 1 || !last)) {
                problems.add(where + "States.ALL must appear alone, in the last retrier or catcher");
            }
        }
    }
}
