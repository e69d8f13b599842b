package dev.lagoa.orchestrator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.pipeline.LocationTemplate;
import dev.lagoa.core.statemachine.Catch;
import dev.lagoa.core.statemachine.ChoiceRule;
import dev.lagoa.core.statemachine.Retry;
import dev.lagoa.core.statemachine.State;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.TaskTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes state machines as Amazon States Language for AWS Step Functions. Spark steps use the Glue integration
 * {@code arn:aws:states:::glue:startJobRun.sync} with the job's name and arguments; control-plane tasks run the lagoa
 * image as an ECS task ({@code ecs:runTask.sync}, command {@code lagoa sfn task NAME}); child machines are started with
 * {@code states:startExecution.sync:2}. What belongs to a deployment — the ECS cluster, task definition and subnets, the
 * child machines' ARNs — is left as {@code ${Name}} definition substitutions (CloudFormation and CDK fill them in), and
 * no role is created: the machine's role and the Glue jobs' role are ARNs of existing roles, listed in
 * {@code parameters.json}. ASL has no field for owners, tags or lineage: they go into each state's {@code Comment} and,
 * structured, into {@code <machine>.metadata.json}.
 */
public final class AslExporter {
    public static final String GLUE_SYNC = "arn:aws:states:::glue:startJobRun.sync";
    public static final String ECS_SYNC = "arn:aws:states:::ecs:runTask.sync";
    public static final String START_EXECUTION_SYNC = "arn:aws:states:::states:startExecution.sync:2";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, String> placeholders;

    /** @param placeholders the values of {@code {name}} placeholders of job arguments ({@code {importau-bucket}}) */
    public AslExporter(Map<String, String> placeholders) {
        this.placeholders = Map.copyOf(requireNonNull(placeholders, "placeholders is null"));
    }

    /** The machine's ASL document. */
    public ObjectNode export(StateMachineDefinition machine) {
        ObjectNode root = JSON.createObjectNode();
        root.put("Comment", machine.description());
        root.put("StartAt", machine.startAt());
        if (machine.timeoutSeconds() > 0) {
            root.put("TimeoutSeconds", machine.timeoutSeconds());
        }
        root.set("States", states(machine.states()));
        return root;
    }

    private ObjectNode states(List<State> states) {
        ObjectNode out = JSON.createObjectNode();
        for (State state : states) {
            out.set(state.name(), state(state));
        }
        return out;
    }

    private ObjectNode state(State state) {
        ObjectNode node = JSON.createObjectNode();
        if (state instanceof State.Task task) {
            node.put("Type", "Task");
            node.put("Comment", "%s [dono: %s; tags: %s; entradas: %s; saídas: %s]".formatted(task.description(), task.owner(),
                    String.join(", ", new TreeSet<>(task.tags())), String.join(", ", task.inputs()), String.join(", ", task.outputs())));
            target(node, task.target());
            node.put("TimeoutSeconds", task.timeoutSeconds());
            node.put("ResultPath", task.resultPath());
            retries(node, task.retries());
            catches(node, task.catches());
            end(node, task.next());
        } else if (state instanceof State.Parallel parallel) {
            node.put("Type", "Parallel");
            node.put("Comment", parallel.comment());
            ArrayNode branches = node.putArray("Branches");
            for (State.Branch branch : parallel.branches()) {
                ObjectNode branchNode = branches.addObject();
                branchNode.put("StartAt", branch.startAt());
                branchNode.set("States", states(branch.states()));
            }
            node.put("ResultPath", parallel.resultPath());
            retries(node, parallel.retries());
            catches(node, parallel.catches());
            end(node, parallel.next());
        } else if (state instanceof State.Choice choice) {
            node.put("Type", "Choice");
            node.put("Comment", choice.comment());
            ArrayNode rules = node.putArray("Choices");
            for (ChoiceRule rule : choice.rules()) {
                ObjectNode ruleNode = rules.addObject();
                ruleNode.put("Variable", rule.variable());
                ruleNode.set(rule.comparison().aslName(), JSON.valueToTree(rule.value()));
                ruleNode.put("Next", rule.next());
            }
            node.put("Default", choice.defaultNext());
        } else if (state instanceof State.Succeed succeed) {
            node.put("Type", "Succeed");
            node.put("Comment", succeed.comment());
        } else {
            State.Fail fail = (State.Fail) state;
            node.put("Type", "Fail");
            node.put("Comment", fail.comment());
            node.put("Error", fail.error());
            node.put("Cause", fail.cause());
        }
        return node;
    }

    private void target(ObjectNode node, TaskTarget target) {
        ObjectNode parameters = JSON.createObjectNode();
        if (target instanceof TaskTarget.SparkJob job) {
            node.put("Resource", GLUE_SYNC);
            parameters.put("JobName", job.jobName());
            ObjectNode arguments = parameters.putObject("Arguments");
            job.arguments().forEach((name, value) -> arguments.put(name, LocationTemplate.resolve(value, placeholders)));
        } else if (target instanceof TaskTarget.ControlPlane task) {
            node.put("Resource", ECS_SYNC);
            parameters.put("LaunchType", "FARGATE");
            parameters.put("Cluster", "${EcsClusterArn}");
            parameters.put("TaskDefinition", "${LagoaTaskDefinitionArn}");
            ObjectNode network = parameters.putObject("NetworkConfiguration").putObject("AwsvpcConfiguration");
            network.putArray("Subnets").add("${SubnetId}");
            network.put("AssignPublicIp", "DISABLED");
            ObjectNode container = parameters.putObject("Overrides").putArray("ContainerOverrides").addObject();
            container.put("Name", "lagoa");
            ArrayNode command = container.putArray("Command");
            command.add("sfn").add("task").add(task.task());
            task.parameters().forEach((name, value) -> command.add("--parameter").add(name + "=" + LocationTemplate.resolve(value, placeholders)));
        } else {
            TaskTarget.StartExecution start = (TaskTarget.StartExecution) target;
            node.put("Resource", START_EXECUTION_SYNC);
            parameters.put("StateMachineArn", "${" + arnParameter(start.stateMachine()) + "}");
            parameters.put("Input.$", "$");
        }
        node.set("Parameters", parameters);
    }

    /** The substitution naming a child machine's ARN: {@code importau-teste-bronze} is {@code StateMachineArnImportauTesteBronze}. */
    public static String arnParameter(String machine) {
        StringBuilder name = new StringBuilder("StateMachineArn");
        for (String part : machine.split("-")) {
            name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
        return name.toString();
    }

    private static void retries(ObjectNode node, List<Retry> retries) {
        if (retries.isEmpty()) {
            return;
        }
        ArrayNode out = node.putArray("Retry");
        for (Retry retry : retries) {
            ObjectNode entry = out.addObject();
            ArrayNode errors = entry.putArray("ErrorEquals");
            retry.errors().forEach(errors::add);
            entry.put("IntervalSeconds", retry.interval().toSeconds());
            entry.put("MaxAttempts", retry.maxAttempts());
            entry.put("BackoffRate", retry.backoffRate());
        }
    }

    private static void catches(ObjectNode node, List<Catch> catches) {
        if (catches.isEmpty()) {
            return;
        }
        ArrayNode out = node.putArray("Catch");
        for (Catch handler : catches) {
            ObjectNode entry = out.addObject();
            ArrayNode errors = entry.putArray("ErrorEquals");
            handler.errors().forEach(errors::add);
            entry.put("Next", handler.next());
            entry.put("ResultPath", handler.resultPath());
        }
    }

    private static void end(ObjectNode node, java.util.Optional<String> next) {
        if (next.isPresent()) {
            node.put("Next", next.get());
        } else {
            node.put("End", true);
        }
    }

    /** The governance data ASL cannot hold: each task's description, owner, tags, inputs and outputs. */
    public ObjectNode metadata(StateMachineDefinition machine) {
        ObjectNode root = JSON.createObjectNode();
        root.put("stateMachine", machine.name());
        root.put("description", machine.description());
        root.put("owner", machine.owner());
        root.set("tags", JSON.valueToTree(new TreeSet<>(machine.tags())));
        ArrayNode tasks = root.putArray("tasks");
        for (State.Task task : machine.tasks()) {
            ObjectNode entry = tasks.addObject();
            entry.put("state", task.name());
            entry.put("description", task.description());
            entry.put("owner", task.owner());
            entry.set("tags", JSON.valueToTree(new TreeSet<>(task.tags())));
            entry.set("inputs", JSON.valueToTree(task.inputs()));
            entry.set("outputs", JSON.valueToTree(task.outputs()));
        }
        return root;
    }

    /**
     * Writes {@code <machine>.asl.json} and {@code <machine>.metadata.json} for each machine, and {@code parameters.json}
     * (the substitutions and the existing roles a deployment must give). Every document is validated first.
     *
     * @return the files written
     * @throws LagoaException {@code INVALID_STATE_MACHINE} when a document is not valid ASL; {@code STORAGE_ERROR}
     */
    public List<Path> write(List<StateMachineDefinition> machines, Path folder) {
        List<Path> written = new ArrayList<>();
        Map<String, String> substitutions = new LinkedHashMap<>();
        substitutions.put("EcsClusterArn", "ARN of the ECS cluster that runs the control-plane tasks (the lagoa image).");
        substitutions.put("LagoaTaskDefinitionArn", "ARN of the ECS task definition of the lagoa image (container name 'lagoa').");
        substitutions.put("SubnetId", "Subnet of the control-plane tasks.");
        try {
            Files.createDirectories(folder);
            for (StateMachineDefinition machine : machines) {
                ObjectNode document = export(machine);
                List<String> problems = AslValidator.validate(document);
                if (!problems.isEmpty()) {
                    throw new LagoaException(ErrorCode.INVALID_STATE_MACHINE, "The ASL of %s is not valid: %s".formatted(machine.name(), String.join("; ", problems)));
                }
                Path asl = folder.resolve(machine.name() + ".asl.json");
                Files.writeString(asl, JSON.writeValueAsString(document) + "\n");
                Path metadata = folder.resolve(machine.name() + ".metadata.json");
                Files.writeString(metadata, JSON.writeValueAsString(metadata(machine)) + "\n");
                written.add(asl);
                written.add(metadata);
                for (State.Task task : machine.tasks()) {
                    if (task.target() instanceof TaskTarget.StartExecution start) {
                        substitutions.put(arnParameter(start.stateMachine()), "ARN of the state machine " + start.stateMachine() + ".");
                    }
                }
            }
            ObjectNode parameters = JSON.createObjectNode();
            parameters.set("definitionSubstitutions", JSON.valueToTree(substitutions));
            ObjectNode roles = parameters.putObject("existingRoles");
            roles.put("StateMachineRoleArn", "ARN of an existing IAM role that Step Functions assumes: glue:StartJobRun, GetJobRun, GetJobRuns, "
                    + "BatchStopJobRun; ecs:RunTask, StopTask, DescribeTasks and iam:PassRole on the task's roles; states:StartExecution, "
                    + "DescribeExecution, StopExecution on the child machines; events:PutTargets, PutRule, DescribeRule for the .sync integrations.");
            roles.put("GlueJobRoleArn", "ARN of an existing IAM role the Glue jobs run as (read and write the lakehouse bucket).");
            parameters.set("glueJobs", JSON.valueToTree(machines.stream().flatMap(machine -> machine.tasks().stream())
                    .filter(task -> task.target() instanceof TaskTarget.SparkJob)
                    .map(task -> ((TaskTarget.SparkJob) task.target()).jobName()).distinct().sorted().toList()));
            Path file = folder.resolve("parameters.json");
            Files.writeString(file, JSON.writeValueAsString(parameters) + "\n");
            written.add(file);
            return written;
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot write the ASL files to %s: %s".formatted(folder, e.getMessage()), e);
        }
    }
}
