package dev.lagoa.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.event.Notification;
import dev.lagoa.core.queue.QueueDefinition;
import dev.lagoa.core.queue.QueueName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A pipeline declared once, as data: its datasets, the triggers that start its steps, the steps with their
 * inputs and outputs, its queues and the object-created notifications that feed them. The local runtime runs it, the catalog reads it, the AWS infrastructure is generated from it.
 * The constructor checks that the declaration is coherent and reports every problem at once.
 */
public record PipelineDefinition(
        String name,
        String description,
        String owner,
        Set<String> tags,
        List<DatasetDefinition> datasets,
        List<Trigger> triggers,
        List<Step> steps,
        List<QueueDefinition> queues,
        List<Notification> notifications) {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    public PipelineDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(owner, "owner is null");
        tags = Set.copyOf(requireNonNull(tags, "tags is null"));
        datasets = List.copyOf(requireNonNull(datasets, "datasets is null"));
        triggers = List.copyOf(requireNonNull(triggers, "triggers is null"));
        steps = List.copyOf(requireNonNull(steps, "steps is null"));
        queues = List.copyOf(requireNonNull(queues, "queues is null"));
        notifications = List.copyOf(requireNonNull(notifications, "notifications is null"));
        requireIdentifier(name, "pipeline name");
        List<String> problems = problems(datasets, triggers, steps);
        problems.addAll(eventProblems(datasets, queues, notifications));
        if (!problems.isEmpty()) {
            throw new LagoaException(ErrorCode.INVALID_PIPELINE,
                    "Invalid pipeline '%s': %s".formatted(name, String.join("; ", problems)));
        }
    }

    private static List<String> problems(List<DatasetDefinition> datasets, List<Trigger> triggers, List<Step> steps) {
        List<String> problems = new ArrayList<>();
        Set<String> datasetIds = new HashSet<>();
        for (DatasetDefinition dataset : datasets) {
            if (!datasetIds.add(dataset.id())) {
                problems.add("dataset '" + dataset.id() + "' is declared twice");
            }
        }
        Set<String> stepIds = new HashSet<>();
        for (Step step : steps) {
            if (!stepIds.add(step.id())) {
                problems.add("step '" + step.id() + "' is declared twice");
            }
            for (String input : step.inputs()) {
                if (!datasetIds.contains(input)) {
                    problems.add("step '" + step.id() + "' reads undeclared dataset '" + input + "'");
                }
            }
            for (String output : step.outputs()) {
                if (!datasetIds.contains(output)) {
                    problems.add("step '" + step.id() + "' writes undeclared dataset '" + output + "'");
                }
            }
        }
        for (Trigger trigger : triggers) {
            if (!stepIds.contains(trigger.stepId())) {
                problems.add("a trigger starts undeclared step '" + trigger.stepId() + "'");
            }
            if (trigger instanceof Trigger.ObjectCreated created && !datasetIds.contains(created.datasetId())) {
                problems.add("a trigger watches undeclared dataset '" + created.datasetId() + "'");
            }
        }
        return problems;
    }

    private static List<String> eventProblems(List<DatasetDefinition> datasets, List<QueueDefinition> queues, List<Notification> notifications) {
        List<String> problems = new ArrayList<>();
        Set<QueueName> queueNames = new HashSet<>();
        for (QueueDefinition queue : queues) {
            if (!queueNames.add(queue.name())) {
                problems.add("queue '" + queue.name() + "' is declared twice");
            }
        }
        Set<String> ids = new HashSet<>();
        for (Notification notification : notifications) {
            if (!ids.add(notification.id())) {
                problems.add("notification '" + notification.id() + "' is declared twice");
            }
            if (datasets.stream().noneMatch(dataset -> dataset.id().equals(notification.datasetId()))) {
                problems.add("notification '" + notification.id() + "' watches undeclared dataset '" + notification.datasetId() + "'");
            }
            if (notification.target() instanceof Notification.Target.Queue queue && !queueNames.contains(queue.queue())) {
                problems.add("notification '" + notification.id() + "' sends to undeclared queue '" + queue.queue() + "'");
            }
        }
        return problems;
    }

    static void requireIdentifier(String value, String what) {
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new LagoaException(ErrorCode.INVALID_PIPELINE,
                    "Invalid %s '%s': lower-case letters, digits and '-', starting with a letter, at most 63".formatted(what, value));
        }
    }

    public DatasetDefinition dataset(String id) {
        return datasets.stream().filter(dataset -> dataset.id().equals(id)).findFirst()
                .orElseThrow(() -> LagoaException.userError("Pipeline '%s' has no dataset '%s'", name, id));
    }

    public Step step(String id) {
        return steps.stream().filter(step -> step.id().equals(id)).findFirst()
                .orElseThrow(() -> LagoaException.userError("Pipeline '%s' has no step '%s'", name, id));
    }

    /** The Spark job with this Glue job name, if this pipeline declares one. */
    public Optional<Step.SparkJob> sparkJob(String jobName) {
        return steps.stream()
                .filter(Step.SparkJob.class::isInstance)
                .map(Step.SparkJob.class::cast)
                .filter(step -> step.job().name().equals(jobName))
                .findFirst();
    }
}
