package dev.lagoa.orchestrator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.job.JobRunRequest;
import dev.lagoa.core.job.JobRunState;
import dev.lagoa.core.pipeline.LocationTemplate;
import dev.lagoa.core.statemachine.Catch;
import dev.lagoa.core.statemachine.ChoiceRule;
import dev.lagoa.core.statemachine.Execution;
import dev.lagoa.core.statemachine.ExecutionStatus;
import dev.lagoa.core.statemachine.ExecutionStore;
import dev.lagoa.core.statemachine.Retry;
import dev.lagoa.core.statemachine.State;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.StateMachineErrors;
import dev.lagoa.core.statemachine.StateTransition;
import dev.lagoa.core.statemachine.TaskTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs state machines locally, as AWS Step Functions runs them: Task states start Spark job runs through the
 * {@link JobLauncher} port and wait for them ({@code glue:startJobRun.sync}), run control-plane tasks in-process, or
 * run a child machine and wait for it ({@code states:startExecution.sync}); Parallel states run their branches (one
 * after the other: on one machine the Spark runs would compete for the same cores) and output the list of their
 * outputs; Choice states compare the input; Succeed and Fail end the execution. Retriers and catchers apply to Task and
 * Parallel states as declared: a matching retrier waits {@code interval × backoffRate^(n−1)} before retry n, up to its
 * {@code maxAttempts}; then a matching catcher puts {@code {"Error", "Cause"}} at its {@code ResultPath} and goes on.
 * A Task's {@code TimeoutSeconds} stops its job run and fails the state with {@code States.Timeout}; a machine's
 * stops the execution as {@code TIMED_OUT} (checked between states).
 *
 * <p>Every execution and every state's outcome (each failed attempt included) is kept in the {@link ExecutionStore}
 * with its input, output, error, cause and times. Error names: a job run that ends FAILED or STOPPED is
 * {@code States.TaskFailed} with the run's error message as cause; TIMEOUT is {@code States.Timeout}; a job with its
 * maximum of runs in flight is {@code Glue.ConcurrentRunsExceededException}; a control-plane task that throws is
 * {@code States.TaskFailed}; a child machine that fails passes on its own error and cause; a Fail state's cause is its
 * declared cause followed by the cause of the error a catcher put at {@code $.erro}, so the end of the history names
 * the defect.
 */
public final class StateMachineExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(StateMachineExecutor.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Told of every state transition as it is recorded (the CLI prints them). */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (execution, transition) -> { };

        void onTransition(Execution execution, StateTransition transition);
    }

    private final Function<String, StateMachineDefinition> machines;
    private final JobLauncher launcher;
    private final Map<String, ControlPlaneTask> tasks;
    private final ExecutionStore store;
    private final Map<String, String> placeholders;
    private final Function<JobRunId, Optional<String>> jobSummaries;
    private final Duration pollInterval;
    private final Sleeper sleeper;
    private final Clock clock;
    private final ExecutorService taskThreads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "lagoa-sfn-task");
        thread.setDaemon(true);
        return thread;
    });
    private Listener listener = Listener.NONE;

    /**
     * @param machines the definition of a machine by name; throws {@code STATE_MACHINE_NOT_FOUND}
     * @param tasks the control-plane tasks by name
     * @param placeholders the values of {@code {name}} placeholders in job arguments and task parameters
     * @param jobSummaries the summary (JSON) a job run reported, when the launcher keeps it
     */
    public StateMachineExecutor(Function<String, StateMachineDefinition> machines, JobLauncher launcher, Map<String, ControlPlaneTask> tasks,
            ExecutionStore store, Map<String, String> placeholders, Function<JobRunId, Optional<String>> jobSummaries, Duration pollInterval,
            Sleeper sleeper, Clock clock) {
        this.machines = requireNonNull(machines, "machines is null");
        this.launcher = requireNonNull(launcher, "launcher is null");
        this.tasks = Map.copyOf(requireNonNull(tasks, "tasks is null"));
        this.store = requireNonNull(store, "store is null");
        this.placeholders = Map.copyOf(requireNonNull(placeholders, "placeholders is null"));
        this.jobSummaries = requireNonNull(jobSummaries, "jobSummaries is null");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public StateMachineExecutor withListener(Listener newListener) {
        this.listener = requireNonNull(newListener, "listener is null");
        return this;
    }

    /**
     * Runs an execution of {@code machine} to its end and returns it (SUCCEEDED, FAILED or TIMED_OUT).
     *
     * @param input a JSON object
     * @throws LagoaException {@code STATE_MACHINE_NOT_FOUND}, or {@code INVALID_ARGUMENT} when the input is not a JSON object
     */
    public Execution run(String machine, String input) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(input.isBlank() ? "{}" : input);
        } catch (JsonProcessingException e) {
            throw LagoaException.userError("The input of %s is not JSON: %s", machine, e.getOriginalMessage());
        }
        if (parsed == null || !parsed.isObject()) {
            throw LagoaException.userError("The input of %s must be a JSON object, not %s", machine, input);
        }
        return run(machines.apply(machine), parsed, Optional.empty());
    }

    private Execution run(StateMachineDefinition machine, JsonNode input, Optional<String> parent) {
        Instant started = clock.instant();
        String id = machine.name() + ":" + ID_TIME.format(started) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        Execution execution = new Execution(id, machine.name(), parent, ExecutionStatus.RUNNING, text(input), Optional.empty(), Optional.empty(),
                Optional.empty(), started, Optional.empty());
        store.insert(execution);
        LOG.info("Started execution {} of {}", id, machine.name());
        Context context = new Context(execution, machine.timeoutSeconds() == 0 ? Optional.empty()
                : Optional.of(started.plusSeconds(machine.timeoutSeconds())));
        Execution finished;
        try {
            JsonNode output = graph(context, machine.startAt(), machine.states(), input);
            finished = execution.finish(ExecutionStatus.SUCCEEDED, Optional.of(text(output)), Optional.empty(), Optional.empty(), clock.instant());
        } catch (StateFailure failure) {
            ExecutionStatus status = failure.error().equals(StateMachineErrors.TIMEOUT) && context.timedOut ? ExecutionStatus.TIMED_OUT : ExecutionStatus.FAILED;
            finished = execution.finish(status, Optional.empty(), Optional.of(failure.error()), Optional.of(failure.cause()), clock.instant());
        }
        store.update(finished);
        LOG.info("Execution {} of {} ended {}", id, machine.name(), finished.status());
        return finished;
    }

    /** One execution's running state: its record, the next transition's number, its deadline. */
    private static final class Context {
        final Execution execution;
        final AtomicInteger sequence = new AtomicInteger();
        final Optional<Instant> deadline;
        boolean timedOut;

        Context(Execution execution, Optional<Instant> deadline) {
            this.execution = execution;
            this.deadline = deadline;
        }
    }

    /** Runs states from {@code startAt} until one ends the graph; returns the last output. */
    private JsonNode graph(Context context, String startAt, List<State> states, JsonNode input) throws StateFailure {
        Map<String, State> byName = new LinkedHashMap<>();
        states.forEach(state -> byName.put(state.name(), state));
        String current = startAt;
        JsonNode data = input;
        while (true) {
            if (context.deadline.isPresent() && clock.instant().isAfter(context.deadline.get())) {
                context.timedOut = true;
                throw new StateFailure(StateMachineErrors.TIMEOUT, "The execution exceeded its TimeoutSeconds before state " + current);
            }
            State state = byName.get(current);
            Instant entered = clock.instant();
            if (state instanceof State.Choice choice) {
                String next = choose(choice, data);
                record(context, state, "SUCCEEDED", 0, data, Optional.of(data), Optional.empty(), Optional.of("→ " + next), entered);
                current = next;
                continue;
            }
            if (state instanceof State.Succeed) {
                record(context, state, "SUCCEEDED", 0, data, Optional.of(data), Optional.empty(), Optional.empty(), entered);
                return data;
            }
            if (state instanceof State.Fail fail) {
                JsonNode caught = JsonPaths.read(data, "$.erro.Cause");
                String cause = fail.cause() + (caught != null && caught.isTextual() ? ": " + caught.asText() : "");
                StateFailure failure = new StateFailure(fail.error(), cause);
                record(context, state, "FAILED", 0, data, Optional.empty(), Optional.of(failure), Optional.empty(), entered);
                throw failure;
            }
            List<Retry> retries = state instanceof State.Task task ? task.retries() : ((State.Parallel) state).retries();
            List<Catch> catches = state instanceof State.Task task ? task.catches() : ((State.Parallel) state).catches();
            String resultPath = state instanceof State.Task task ? task.resultPath() : ((State.Parallel) state).resultPath();
            Optional<String> next = state.next();
            int[] used = new int[retries.size()];
            int attempt = 0;
            while (true) {
                Instant attemptStarted = clock.instant();
                String[] resource = new String[1];
                try {
                    JsonNode result = state instanceof State.Task task ? task(context, task, data, resource) : parallel(context, (State.Parallel) state, data);
                    JsonNode output = JsonPaths.write(data, resultPath, result);
                    record(context, state, "SUCCEEDED", attempt, data, Optional.of(output), Optional.empty(), Optional.ofNullable(resource[0]), attemptStarted);
                    data = output;
                    break;
                } catch (StateFailure failure) {
                    int retrier = matchingRetrier(retries, used, failure.error());
                    if (retrier >= 0) {
                        used[retrier]++;
                        Duration delay = retries.get(retrier).delay(used[retrier]);
                        record(context, state, "RETRIED", attempt, data, Optional.empty(), Optional.of(failure), Optional.ofNullable(resource[0]), attemptStarted);
                        LOG.warn("{} of {} failed ({}); retry {} of {} in {}", state.name(), context.execution.id(), failure.getMessage(), used[retrier],
                                retries.get(retrier).maxAttempts(), delay);
                        pause(delay);
                        attempt++;
                        continue;
                    }
                    Optional<Catch> handler = catches.stream().filter(candidate -> candidate.matches(failure.error())).findFirst();
                    if (handler.isPresent()) {
                        ObjectNode error = JSON.createObjectNode().put("Error", failure.error()).put("Cause", failure.cause());
                        JsonNode output = JsonPaths.write(data, handler.get().resultPath(), error);
                        record(context, state, "CAUGHT", attempt, data, Optional.of(output), Optional.of(failure), Optional.ofNullable(resource[0]),
                                attemptStarted);
                        data = output;
                        next = Optional.of(handler.get().next());
                        break;
                    }
                    record(context, state, "FAILED", attempt, data, Optional.empty(), Optional.of(failure), Optional.ofNullable(resource[0]), attemptStarted);
                    throw failure;
                }
            }
            if (next.isEmpty()) {
                return data;
            }
            current = next.get();
        }
    }

    private static int matchingRetrier(List<Retry> retries, int[] used, String error) {
        for (int i = 0; i < retries.size(); i++) {
            if (retries.get(i).matches(error)) {
                // the first retrier that matches decides, as in Step Functions: exhausted means no retry
                return used[i] < retries.get(i).maxAttempts() ? i : -1;
            }
        }
        return -1;
    }

    private void pause(Duration delay) throws StateFailure {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateFailure(StateMachineErrors.TASK_FAILED, "Interrupted while waiting to retry");
        }
    }

    private String choose(State.Choice choice, JsonNode data) {
        for (ChoiceRule rule : choice.rules()) {
            JsonNode value = JsonPaths.read(data, rule.variable());
            Object actual = value == null || value.isNull() ? null
                    : value.isBoolean() ? value.booleanValue() : value.isNumber() ? value.numberValue() : value.isTextual() ? value.textValue() : value.toString();
            if (rule.test(actual)) {
                return rule.next();
            }
        }
        return choice.defaultNext();
    }

    private JsonNode parallel(Context context, State.Parallel parallel, JsonNode input) throws StateFailure {
        ArrayNode outputs = JSON.createArrayNode();
        for (State.Branch branch : parallel.branches()) {
            outputs.add(graph(context, branch.startAt(), branch.states(), input));
        }
        return outputs;
    }

    private JsonNode task(Context context, State.Task task, JsonNode input, String[] resource) throws StateFailure {
        TaskTarget target = task.target();
        if (target instanceof TaskTarget.SparkJob job) {
            return sparkJob(task, job, input, resource);
        }
        if (target instanceof TaskTarget.ControlPlane controlPlane) {
            resource[0] = controlPlane.task();
            return controlPlane(task, controlPlane, input);
        }
        TaskTarget.StartExecution start = (TaskTarget.StartExecution) target;
        Execution child = run(machines.apply(start.stateMachine()), input, Optional.of(context.execution.id()));
        resource[0] = child.id();
        if (child.status() != ExecutionStatus.SUCCEEDED) {
            throw new StateFailure(child.error().orElse(StateMachineErrors.TASK_FAILED),
                    "%s (execution %s of %s ended %s)".formatted(child.cause().orElse("no cause"), child.id(), child.stateMachine(), child.status()));
        }
        return parse(child.output().orElse("{}"));
    }

    private JsonNode sparkJob(State.Task task, TaskTarget.SparkJob job, JsonNode input, String[] resource) throws StateFailure {
        Map<String, String> arguments = new LinkedHashMap<>();
        job.arguments().forEach((name, value) -> arguments.put(name, LocationTemplate.resolve(value, placeholders)));
        JsonNode extra = JsonPaths.read(input, "$.argumentos");
        if (extra != null && extra.isObject()) {
            extra.fields().forEachRemaining(entry -> arguments.put(entry.getKey(), entry.getValue().asText()));
        }
        JobRun run;
        try {
            run = launcher.start(new JobRunRequest(job.jobName(), arguments));
        } catch (LagoaException e) {
            String error = e.errorCode() == ErrorCode.CONCURRENT_RUNS_EXCEEDED ? StateMachineErrors.GLUE_CONCURRENT_RUNS
                    : e.errorCode() == ErrorCode.JOB_NOT_FOUND ? "Glue.EntityNotFoundException"
                    : StateMachineErrors.TASK_FAILED;
            throw new StateFailure(error, e.getMessage());
        }
        resource[0] = run.id().value();
        JobRun finished;
        try {
            finished = launcher.awaitCompletion(run.id(), Duration.ofSeconds(task.timeoutSeconds()), pollInterval);
        } catch (LagoaException e) {
            if (e.errorCode() == ErrorCode.JOB_RUN_TIMEOUT) {
                launcher.stop(run.id());
                throw new StateFailure(StateMachineErrors.TIMEOUT, "Job run %s of %s exceeded the state's TimeoutSeconds of %d and was stopped"
                        .formatted(run.id(), job.jobName(), task.timeoutSeconds()));
            }
            throw new StateFailure(StateMachineErrors.TASK_FAILED, e.getMessage());
        }
        resource[0] = finished.id().value();
        if (finished.state() == JobRunState.SUCCEEDED) {
            ObjectNode result = JSON.createObjectNode().put("JobName", job.jobName()).put("JobRunId", finished.id().value())
                    .put("JobRunState", finished.state().name());
            finished.executionTime().ifPresent(time -> result.put("ExecutionTime", time.toSeconds()));
            jobSummaries.apply(finished.id()).ifPresent(summary -> result.set("Resumo", parse(summary)));
            return result;
        }
        String error = switch (finished.state()) {
            case TIMEOUT -> StateMachineErrors.TIMEOUT;
            case FAILED, STOPPED, STARTING, RUNNING, SUCCEEDED -> StateMachineErrors.TASK_FAILED;
        };
        throw new StateFailure(error, "Job run %s of %s ended %s: %s".formatted(finished.id(), job.jobName(), finished.state(),
                finished.errorMessage().orElse("no error message")));
    }

    private JsonNode controlPlane(State.Task task, TaskTarget.ControlPlane target, JsonNode input) throws StateFailure {
        ControlPlaneTask body = tasks.get(target.task());
        if (body == null) {
            throw new StateFailure(StateMachineErrors.TASK_FAILED, "No control-plane task '%s' here; known: %s".formatted(target.task(),
                    new java.util.TreeSet<>(tasks.keySet())));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        target.parameters().forEach((name, value) -> parameters.put(name, LocationTemplate.resolve(value, placeholders)));
        Map<String, Object> inputMap = JSON.convertValue(input, MAP);
        Future<Map<String, Object>> future = taskThreads.submit(() -> body.run(parameters, inputMap));
        try {
            return JSON.valueToTree(future.get(task.timeoutSeconds(), TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new StateFailure(StateMachineErrors.TIMEOUT, "The task %s exceeded its TimeoutSeconds of %d".formatted(target.task(), task.timeoutSeconds()));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new StateFailure(StateMachineErrors.TASK_FAILED, cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new StateFailure(StateMachineErrors.TASK_FAILED, "Interrupted while running " + target.task());
        }
    }

    private void record(Context context, State state, String outcome, int attempt, JsonNode input, Optional<JsonNode> output,
            Optional<StateFailure> failure, Optional<String> resource, Instant entered) {
        StateTransition transition = new StateTransition(context.execution.id(), context.sequence.incrementAndGet(), state.name(), type(state), outcome,
                attempt, text(input), output.map(StateMachineExecutor::text), failure.map(StateFailure::error), failure.map(StateFailure::cause), resource,
                entered, clock.instant());
        store.append(transition);
        listener.onTransition(context.execution, transition);
    }

    private static String type(State state) {
        return state.getClass().getSimpleName();
    }

    private static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }
}
