package dev.lagoa.core.statemachine;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.pipeline.DatasetDefinition;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.pipeline.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The state machines Lagoa ships, checked against the pipelines: every Spark job a task runs is a job a pipeline
 * declares, every child machine exists, every dataset a task reads or writes is declared (every problem at once).
 */
public final class StateMachines {
    private static final List<StateMachineDefinition> ALL = validated(ImportauStateMachines.ALL);

    private StateMachines() {}

    public static List<StateMachineDefinition> all() {
        return ALL;
    }

    public static StateMachineDefinition named(String name) {
        return ALL.stream().filter(machine -> machine.name().equals(name)).findFirst()
                .orElseThrow(() -> new LagoaException(ErrorCode.STATE_MACHINE_NOT_FOUND, "Unknown state machine '%s'; known: %s".formatted(name,
                        ALL.stream().map(StateMachineDefinition::name).toList())));
    }

    /** Checks machines against the pipelines and each other; throws {@code INVALID_STATE_MACHINE} naming every problem. */
    public static List<StateMachineDefinition> validated(List<StateMachineDefinition> machines) {
        Set<String> datasets = Pipelines.all().stream().flatMap(pipeline -> pipeline.datasets().stream()).map(DatasetDefinition::id)
                .collect(Collectors.toSet());
        Set<String> jobs = Pipelines.all().stream().map(PipelineDefinition::steps).flatMap(List::stream)
                .filter(Step.SparkJob.class::isInstance).map(step -> ((Step.SparkJob) step).job().name()).collect(Collectors.toSet());
        Set<String> names = machines.stream().map(StateMachineDefinition::name).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        if (names.size() != machines.size()) {
            problems.add("two state machines share a name");
        }
        for (StateMachineDefinition machine : machines) {
            for (State.Task task : machine.tasks()) {
                String where = machine.name() + "/" + task.name();
                task.inputs().stream().filter(id -> !datasets.contains(id))
                        .forEach(id -> problems.add(where + " reads undeclared dataset '" + id + "'"));
                task.outputs().stream().filter(id -> !datasets.contains(id))
                        .forEach(id -> problems.add(where + " writes undeclared dataset '" + id + "'"));
                if (task.target() instanceof TaskTarget.SparkJob job && !jobs.contains(job.jobName())) {
                    problems.add(where + " runs undeclared Spark job '" + job.jobName() + "'");
                }
                if (task.target() instanceof TaskTarget.StartExecution start && !names.contains(start.stateMachine())) {
                    problems.add(where + " starts undeclared state machine '" + start.stateMachine() + "'");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new LagoaException(ErrorCode.INVALID_STATE_MACHINE, "Invalid state machines: " + String.join("; ", problems));
        }
        return List.copyOf(machines);
    }
}
