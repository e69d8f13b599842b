package dev.lagoa.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.cli.AwsWiring;
import dev.lagoa.cli.StateMachineWiring;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.Durations;
import dev.lagoa.core.statemachine.Execution;
import dev.lagoa.core.statemachine.ExecutionStatus;
import dev.lagoa.core.statemachine.ExecutionStore;
import dev.lagoa.core.statemachine.State;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.StateMachines;
import dev.lagoa.core.statemachine.StateTransition;
import dev.lagoa.orchestrator.ControlPlaneTask;
import dev.lagoa.orchestrator.StateMachineExecutor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lagoa sfn list|run|executions|describe|export|task}: the state machines, run locally as Step Functions runs them
 * on the local profile; on the aws profile, {@code run}, {@code executions} and {@code describe} drive the machines
 * deployed to Step Functions ({@link SfnOnAws}).
 */
@Command(mixinStandardHelpOptions = true, name = "sfn", description = "State machines (local Step Functions; with --profile aws, run, executions and describe use the deployed ones): list, run, executions, describe, export.",
        subcommands = {SfnCommand.ListMachines.class, SfnCommand.Run.class, SfnCommand.Executions.class, SfnCommand.Describe.class,
                SfnCommand.Export.class, SfnCommand.Task.class})
public final class SfnCommand {
    private SfnCommand() {}

    @Command(mixinStandardHelpOptions = true, name = "list", description = "Lists the state machines.")
    static final class ListMachines implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(StateMachines.all().stream().map(SfnCommand::describe).toList()));
                return;
            }
            for (StateMachineDefinition machine : StateMachines.all()) {
                out.printf("%-24s %2d states  %s%n", machine.name(), machine.allStates().size(), machine.description());
            }
        }
    }

    static Map<String, Object> describe(StateMachineDefinition machine) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", machine.name());
        document.put("description", machine.description());
        document.put("owner", machine.owner());
        document.put("tags", new java.util.TreeSet<>(machine.tags()));
        document.put("startAt", machine.startAt());
        document.put("timeoutSeconds", machine.timeoutSeconds());
        List<Map<String, Object>> states = new ArrayList<>();
        for (State state : machine.allStates()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", state.name());
            entry.put("type", state.getClass().getSimpleName());
            if (state instanceof State.Task task) {
                entry.put("description", task.description());
                entry.put("owner", task.owner());
                entry.put("tags", new java.util.TreeSet<>(task.tags()));
                entry.put("inputs", task.inputs());
                entry.put("outputs", task.outputs());
                entry.put("target", task.target());
            }
            states.add(entry);
        }
        document.put("states", states);
        return document;
    }

    @Command(mixinStandardHelpOptions = true, name = "run", description = "Runs a state machine to its end and prints its transitions (on the aws profile, an execution of the deployed machine).")
    static final class Run implements Runnable {
        private final Supplier<StateMachineWiring> stateMachines;
        private final Supplier<AwsWiring> aws;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "State machine, e.g. importau.")
        String name;

        @Option(names = "--input", paramLabel = "JSON", defaultValue = "{}",
                description = "The execution's input, a JSON object, e.g. '{\"escala\": 0.05, \"taxa_defeitos\": 0.05}'.")
        String input;

        @Option(names = "--json", description = "Prints the execution and its history as JSON at the end.")
        boolean json;

        Run(Supplier<StateMachineWiring> stateMachines, Supplier<AwsWiring> aws) {
            this.stateMachines = stateMachines;
            this.aws = aws;
        }

        @Override
        public void run() {
            StateMachines.named(name);
            PrintWriter out = spec.commandLine().getOut();
            StateMachineWiring machines = stateMachines.get();
            if (!machines.isLocal()) {
                SfnOnAws.run(aws.get(), name, input, json, out);
                return;
            }
            StateMachineExecutor.Listener listener = json ? StateMachineExecutor.Listener.NONE : (execution, transition) -> {
                out.println(line(execution, transition));
                out.flush();
            };
            if (!json) {
                out.printf("Running %s (input %s)%n", name, input);
                out.flush();
            }
            Execution execution = machines.executor(listener).run(name, input);
            if (json) {
                out.println(Json.write(document(machines.store(), execution)));
            } else {
                out.printf("%s %s in %s%n", execution.id(), execution.status(), execution.duration().map(Durations::format).orElse("-"));
            }
            failIfNotSucceeded(execution);
        }
    }

    /** One transition, for people: {@code importau-silver  CorrelacionarPedidos  SUCCEEDED  jr_...  41 s}. */
    static String line(Execution execution, StateTransition transition) {
        String took = Durations.format(Duration.between(transition.enteredAt(), transition.exitedAt()));
        return "  %-22s %-26s %-9s %s%s%s".formatted(execution.stateMachine(), transition.state(), transition.outcome(), took,
                transition.resource().map(resource -> "  " + resource).orElse(""),
                transition.error().map(error -> "  " + error + ": " + transition.cause().map(cause -> shorten(firstLine(cause))).orElse("")).orElse(""));
    }

    /** Long causes (a quality report's every defect) are cut in the live view; lagoa sfn describe shows them whole. */
    private static String shorten(String text) {
        return text.length() <= 240 ? text : text.substring(0, 239) + "…";
    }

    static void failIfNotSucceeded(Execution execution) {
        if (execution.status() != ExecutionStatus.SUCCEEDED) {
            throw new LagoaException(ErrorCode.EXECUTION_FAILED, "Execution %s of %s ended %s: %s: %s (lagoa sfn describe %s)".formatted(execution.id(),
                    execution.stateMachine(), execution.status(), execution.error().orElse("?"), execution.cause().orElse(""), execution.id()));
        }
    }

    static Map<String, Object> document(ExecutionStore store, Execution execution) {
        return document(execution, store.history(execution.id()), store.children(execution.id()));
    }

    /** An execution as JSON: its fields, its history and its children ("id STATUS"). */
    static Map<String, Object> document(Execution execution, List<StateTransition> transitions, List<Execution> children) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", execution.id());
        document.put("stateMachine", execution.stateMachine());
        execution.parentId().ifPresent(parent -> document.put("parent", parent));
        document.put("status", execution.status());
        document.put("startedAt", execution.startedAt());
        execution.stoppedAt().ifPresent(stopped -> document.put("stoppedAt", stopped));
        execution.error().ifPresent(error -> document.put("error", error));
        execution.cause().ifPresent(cause -> document.put("cause", cause));
        document.put("input", parse(execution.input()));
        execution.output().ifPresent(output -> document.put("output", parse(output)));
        List<Map<String, Object>> history = new ArrayList<>();
        for (StateTransition transition : transitions) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("sequence", transition.sequence());
            step.put("state", transition.state());
            step.put("type", transition.type());
            step.put("outcome", transition.outcome());
            step.put("attempt", transition.attempt());
            step.put("enteredAt", transition.enteredAt());
            step.put("exitedAt", transition.exitedAt());
            transition.resource().ifPresent(resource -> step.put("resource", resource));
            transition.error().ifPresent(error -> step.put("error", error));
            transition.cause().ifPresent(cause -> step.put("cause", cause));
            step.put("input", parse(transition.input()));
            transition.output().ifPresent(output -> step.put("output", parse(output)));
            history.add(step);
        }
        document.put("history", history);
        document.put("children", children.stream().map(child -> child.id() + " " + child.status()).toList());
        return document;
    }

    static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(text);
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    @Command(mixinStandardHelpOptions = true, name = "executions", description = "Lists a state machine's executions, newest first.")
    static final class Executions implements Runnable {
        private final Supplier<StateMachineWiring> stateMachines;
        private final Supplier<AwsWiring> aws;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "State machine, e.g. importau.")
        String name;

        @Option(names = "--limit", defaultValue = "20", description = "How many executions (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        Executions(Supplier<StateMachineWiring> stateMachines, Supplier<AwsWiring> aws) {
            this.stateMachines = stateMachines;
            this.aws = aws;
        }

        @Override
        public void run() {
            StateMachines.named(name);
            if (limit < 1) {
                throw LagoaException.userError("--limit must be at least 1");
            }
            PrintWriter out = spec.commandLine().getOut();
            StateMachineWiring machines = stateMachines.get();
            List<Execution> executions = machines.isLocal() ? machines.store().executions(name, limit) : aws.get().stateMachineExecutions(name, limit);
            if (json) {
                out.println(Json.write(executions.stream().map(execution -> summary(execution)).toList()));
                return;
            }
            if (executions.isEmpty()) {
                out.printf("No executions of %s yet.%n", name);
                return;
            }
            ZoneId zone = machines.zone();
            DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
            out.printf("Times in %s%n%-44s %-10s %-20s %-9s %s%n", zone, "EXECUTION", "STATUS", "STARTED", "DURATION", "ERROR");
            for (Execution execution : executions) {
                out.printf("%-44s %-10s %-20s %-9s %s%n", execution.id(), execution.status(), time.format(execution.startedAt()),
                        execution.duration().map(duration -> Durations.format(duration.withNanos(0))).orElse("-"),
                        execution.error().map(error -> error + ": " + firstLine(execution.cause().orElse(""))).orElse(""));
            }
        }
    }

    static Map<String, Object> summary(Execution execution) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", execution.id());
        document.put("stateMachine", execution.stateMachine());
        document.put("status", execution.status());
        document.put("startedAt", execution.startedAt());
        execution.stoppedAt().ifPresent(stopped -> document.put("stoppedAt", stopped));
        execution.error().ifPresent(error -> document.put("error", error));
        execution.cause().ifPresent(cause -> document.put("cause", cause));
        return document;
    }

    @Command(mixinStandardHelpOptions = true, name = "describe", description = "Shows an execution: status, input, output, error and its history.")
    static final class Describe implements Runnable {
        private final Supplier<StateMachineWiring> stateMachines;
        private final Supplier<AwsWiring> aws;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "EXECUTION", description = "Execution id, as lagoa sfn executions lists it (on the aws profile, the execution's ARN).")
        String id;

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        Describe(Supplier<StateMachineWiring> stateMachines, Supplier<AwsWiring> aws) {
            this.stateMachines = stateMachines;
            this.aws = aws;
        }

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            StateMachineWiring machines = stateMachines.get();
            Execution execution;
            List<StateTransition> history;
            List<Execution> children;
            if (machines.isLocal()) {
                execution = machines.store().execution(id)
                        .orElseThrow(() -> new LagoaException(ErrorCode.EXECUTION_NOT_FOUND, "No execution '" + id + "' in this workspace"));
                history = machines.store().history(execution.id());
                children = machines.store().children(execution.id());
            } else {
                AwsWiring.DeployedExecution deployed = aws.get().stateMachineExecution(id);
                execution = deployed.execution();
                history = deployed.history();
                children = List.of();
            }
            if (json) {
                out.println(Json.write(document(execution, history, children)));
                return;
            }
            out.printf("%s — %s %s%n", execution.id(), execution.stateMachine(), execution.status());
            execution.parentId().ifPresent(parent -> out.printf("started by %s%n", parent));
            out.printf("started %s, %s%n", execution.startedAt(), execution.duration().map(Durations::format).orElse("running"));
            execution.error().ifPresent(error -> out.printf("error: %s%ncause: %s%n", error, execution.cause().orElse("")));
            out.printf("input: %s%n", execution.input());
            execution.output().ifPresent(output -> out.printf("output: %s%n", output));
            out.printf("%nHistory:%n");
            for (StateTransition transition : history) {
                out.println(line(execution, transition) + (transition.attempt() > 0 ? "  (attempt " + (transition.attempt() + 1) + ")" : ""));
            }
            if (!children.isEmpty()) {
                out.printf("%nChild executions (lagoa sfn describe ID):%n");
                children.forEach(child -> out.printf("  %-44s %s%n", child.id(), child.status()));
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "export",
            description = "Writes each state machine as Amazon States Language (<name>.asl.json), its governance metadata and parameters.json.")
    static final class Export implements Runnable {
        private final Supplier<StateMachineWiring> stateMachines;

        @Spec
        CommandSpec spec;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "asl", description = "Folder to write to (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--json", description = "Prints the files written as JSON.")
        boolean json;

        Export(Supplier<StateMachineWiring> stateMachines) {
            this.stateMachines = stateMachines;
        }

        @Override
        public void run() {
            StateMachineWiring machines = stateMachines.get();
            List<Path> files = machines.exporter().write(StateMachines.all(), out.toAbsolutePath().normalize());
            PrintWriter writer = spec.commandLine().getOut();
            if (json) {
                writer.println(Json.write(files.stream().map(Path::toString).toList()));
                return;
            }
            files.forEach(file -> writer.printf("wrote %s%n", file));
            writer.printf("Spark steps use %s; the roles are existing ones, given at deployment (parameters.json).%n",
                    dev.lagoa.orchestrator.AslExporter.GLUE_SYNC);
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "task", description = "Runs one control-plane task of a state machine (the ECS task's command on AWS).")
    static final class Task implements Runnable {
        private final Supplier<StateMachineWiring> stateMachines;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "TASK", description = "Task name, e.g. importau-gerar-bronze.")
        String task;

        @Option(names = "--parameter", paramLabel = "NAME=VALUE", description = "A task parameter (repeatable).")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Option(names = "--input", paramLabel = "JSON", defaultValue = "{}", description = "The state's input, a JSON object.")
        String input;

        Task(Supplier<StateMachineWiring> stateMachines) {
            this.stateMachines = stateMachines;
        }

        @Override
        public void run() {
            try {
                StateMachineWiring machines = stateMachines.get();
                Map<String, ControlPlaneTask> tasks = machines.tasks();
                ControlPlaneTask body = tasks.get(task);
                if (body == null) {
                    throw LagoaException.userError("Unknown task '%s'; known: %s", task, tasks.keySet());
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> parsed = Json.MAPPER.readValue(input, Map.class);
                spec.commandLine().getOut().println(Json.write(body.run(parameters, parsed)));
            } catch (LagoaException e) {
                throw e;
            } catch (IOException e) {
                throw LagoaException.userError("--input is not a JSON object: %s", e.getMessage());
            } catch (Exception e) {
                throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Task " + task + " failed: " + e.getMessage(), e);
            }
        }
    }
}
