package dev.lagoa.cli.command;

import dev.lagoa.core.catalog.Glossary;
import dev.lagoa.core.pipeline.DatasetDefinition;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.statemachine.State;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.TaskTarget;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A state machine as {@code lagoa catalog show} presents it: what it does, who owns it, its tags, and each task with what
 * it runs, its owner, tags and the datasets it reads and writes (named with their layer and catalog table).
 */
final class StateMachineView {
    private final StateMachineDefinition machine;
    private final List<PipelineDefinition> pipelines;

    StateMachineView(StateMachineDefinition machine, List<PipelineDefinition> pipelines) {
        this.machine = machine;
        this.pipelines = List.copyOf(pipelines);
    }

    void print(PrintWriter out) {
        List<String> owning = pipelinesOf();
        out.printf("state machine %s%s%n  %s%n  owner %s · starts at %s · %d task%s%s%n", machine.name(),
                owning.isEmpty() ? "" : " (pipeline " + String.join(", ", owning) + ")", machine.description(), machine.owner(),
                machine.startAt(), machine.tasks().size(), machine.tasks().size() == 1 ? "" : "s",
                machine.timeoutSeconds() == 0 ? "" : " · timeout " + machine.timeoutSeconds() + " s");
        for (String tag : new TreeSet<>(machine.tags())) {
            out.printf("  tag %s%s%n", tag, Glossary.term(tag).map(term -> " — " + term.name() + ": " + term.definition()).orElse(""));
        }
        for (State.Task task : machine.tasks()) {
            out.println();
            out.printf("  task %s — %s · owner %s%n", task.name(), runs(task.target()), task.owner());
            out.printf("    %s%n", task.description());
            if (!task.inputs().isEmpty()) {
                out.printf("    reads   %s%n", String.join(", ", task.inputs().stream().map(this::dataset).toList()));
            }
            if (!task.outputs().isEmpty()) {
                out.printf("    writes  %s%n", String.join(", ", task.outputs().stream().map(this::dataset).toList()));
            }
            out.printf("    tags    %s%n", String.join(", ", new TreeSet<>(task.tags())));
        }
    }

    Map<String, Object> document() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("type", "state-machine");
        document.put("name", machine.name());
        document.put("description", machine.description());
        document.put("owner", machine.owner());
        document.put("tags", List.copyOf(new TreeSet<>(machine.tags())));
        document.put("pipelines", pipelinesOf());
        document.put("start_at", machine.startAt());
        document.put("timeout_seconds", machine.timeoutSeconds());
        document.put("tasks", machine.tasks().stream().map(StateMachineView::task).toList());
        return document;
    }

    private static Map<String, Object> task(State.Task task) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", task.name());
        document.put("description", task.description());
        document.put("owner", task.owner());
        document.put("tags", List.copyOf(new TreeSet<>(task.tags())));
        document.put("runs", runs(task.target()));
        document.put("reads", task.inputs());
        document.put("writes", task.outputs());
        return document;
    }

    /** What a task runs, in words: {@code Spark job lagoa-importau-silver}, {@code task importau-gerar-bronze}, ... */
    private static String runs(TaskTarget target) {
        if (target instanceof TaskTarget.SparkJob job) {
            return "Spark job " + job.jobName();
        }
        if (target instanceof TaskTarget.ControlPlane task) {
            return "task " + task.task();
        }
        return "state machine " + ((TaskTarget.StartExecution) target).stateMachine();
    }

    /** A dataset id with its layer and, when it differs from the id, its catalog table: {@code bronze-clientes (bronze, bronze_clientes)}. */
    private String dataset(String id) {
        Optional<DatasetDefinition> declared = pipelines.stream().flatMap(pipeline -> pipeline.datasets().stream())
                .filter(dataset -> dataset.id().equals(id)).findFirst();
        return declared.map(dataset -> id + " (" + dataset.layer().name().toLowerCase(Locale.ROOT)
                + (dataset.tableName().equals(id) ? "" : ", " + dataset.tableName()) + ")").orElse(id);
    }

    /** The pipelines that declare a dataset the machine's tasks read or write. */
    private List<String> pipelinesOf() {
        return pipelines.stream()
                .filter(pipeline -> machine.tasks().stream().anyMatch(task -> pipeline.datasets().stream()
                        .anyMatch(dataset -> task.inputs().contains(dataset.id()) || task.outputs().contains(dataset.id()))))
                .map(PipelineDefinition::name)
                .toList();
    }
}
