package dev.lagoa.aws;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.ConfigType;
import dev.lagoa.core.statemachine.Execution;
import dev.lagoa.core.statemachine.ExecutionStatus;
import dev.lagoa.core.statemachine.StateTransition;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * The executions of the state machines deployed to AWS Step Functions ({@code lagoa deploy} names them as their
 * definitions: {@code importau}, {@code importau-bronze}, ...): starts one and follows it to its end, lists them, and
 * reads one with its history, in the core's {@link Execution} and {@link StateTransition} records (an execution's id is
 * its ARN). A transition is a state entered and exited (outcome {@code SUCCEEDED}), a task attempt that failed and was
 * retried ({@code RETRIED}), a failure caught by a catcher ({@code CAUGHT}), or the state the execution stopped in
 * ({@code FAILED}). Failures are {@link LagoaException}s from {@link AwsErrors#stepFunctions}; arguments are never null.
 */
public final class StepFunctionsExecutions implements Closeable {
    public static final ConfigField POLL_INTERVAL = ConfigField.create("aws.sfn.poll-interval", ConfigType.DURATION, "5s",
            "How often lagoa sfn run --profile aws reads the state and the history of the execution it started.");
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    /** Step Functions' longest execution name. */
    private static final int NAME_LENGTH = 80;

    private final SfnClient client;
    private final String arnPrefix;
    private final Duration pollInterval;
    private final Clock clock;

    /**
     * Executions through {@code client} (closed by {@link #close()}) of the machines in {@code partition},
     * {@code region} and {@code account}, read every {@code pollInterval} while one runs.
     */
    public StepFunctionsExecutions(SfnClient client, String partition, String region, String account, Duration pollInterval, Clock clock) {
        this.client = requireNonNull(client, "client is null");
        this.arnPrefix = "arn:%s:states:%s:%s:stateMachine:".formatted(requireNonNull(partition, "partition is null"),
                requireNonNull(region, "region is null"), requireNonNull(account, "account is null"));
        this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "%s must be positive: %s".formatted(POLL_INTERVAL.name(), pollInterval));
        }
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A client with the region, endpoint and credentials of {@code aws}, for the caller's {@code account} in {@code partition}. */
    public static StepFunctionsExecutions create(AwsConfig aws, String partition, String account, Duration pollInterval, Clock clock) {
        SfnClient client = aws.applyTo(SfnClient.builder()).httpClientBuilder(ApacheHttpClient.builder()).build();
        return new StepFunctionsExecutions(client, partition, aws.region(), account, pollInterval, clock);
    }

    /** {@code arn:<partition>:states:<region>:<account>:stateMachine:<machine>}. */
    public String stateMachineArn(String machine) {
        return arnPrefix + requireNonNull(machine, "machine is null");
    }

    /**
     * A valid and unique execution name: {@code <machine>-<yyyyMMddTHHmmss>-<8 hex digits>}, the machine's name cut so
     * that the whole fits Step Functions' 80 characters.
     */
    String executionName(String machine) {
        String suffix = "-" + NAME_TIME.format(clock.instant().atZone(java.time.ZoneOffset.UTC)) + "-" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = machine.length() + suffix.length() > NAME_LENGTH ? machine.substring(0, NAME_LENGTH - suffix.length()) : machine;
        return prefix + suffix;
    }

    /**
     * Starts {@code machine} with {@code input} (a JSON object's text), gives {@code started} the new execution, then each
     * new transition to {@code listener} as the history grows, and returns the execution as it ended.
     */
    public Execution run(String machine, String input, Consumer<Execution> started, Consumer<StateTransition> listener) {
        requireNonNull(machine, "machine is null");
        requireNonNull(input, "input is null");
        requireNonNull(started, "started is null");
        requireNonNull(listener, "listener is null");
        String arn;
        try {
            arn = client.startExecution(request -> request.stateMachineArn(stateMachineArn(machine)).name(executionName(machine)).input(input))
                    .executionArn();
        } catch (SdkException e) {
            throw AwsErrors.stepFunctions("start", "state machine " + machine, machine, e);
        }
        started.accept(execution(arn));
        int shown = 0;
        while (true) {
            Execution execution = execution(arn);
            List<StateTransition> history = history(arn);
            history.subList(shown, history.size()).forEach(listener);
            shown = history.size();
            if (execution.status().isTerminal()) {
                return execution;
            }
            pause(arn);
        }
    }

    /** The execution {@code executionArn}, as DescribeExecution gives it. */
    public Execution execution(String executionArn) {
        requireNonNull(executionArn, "executionArn is null");
        DescribeExecutionResponse response;
        try {
            response = client.describeExecution(request -> request.executionArn(executionArn));
        } catch (SdkException e) {
            throw AwsErrors.stepFunctions("read", "execution " + executionArn, "", e);
        }
        return new Execution(response.executionArn(), machineName(response.stateMachineArn()), Optional.empty(), status(response.statusAsString()),
                Optional.ofNullable(response.input()).orElse("{}"), Optional.ofNullable(response.output()), Optional.ofNullable(response.error()),
                Optional.ofNullable(response.cause()), response.startDate(), Optional.ofNullable(response.stopDate()));
    }

    /** The newest {@code limit} executions of {@code machine}, newest first, without their input and output. */
    public List<Execution> executions(String machine, int limit) {
        requireNonNull(machine, "machine is null");
        if (limit < 1) {
            throw LagoaException.userError("The number of executions must be at least 1: %d", limit);
        }
        List<Execution> executions = new ArrayList<>();
        try {
            for (ExecutionListItem item : client.listExecutionsPaginator(request -> request.stateMachineArn(stateMachineArn(machine))
                    .maxResults(Math.min(limit, 1000))).executions()) {
                executions.add(new Execution(item.executionArn(), machine, Optional.empty(), status(item.statusAsString()), "{}", Optional.empty(),
                        Optional.empty(), Optional.empty(), item.startDate(), Optional.ofNullable(item.stopDate())));
                if (executions.size() == limit) {
                    break;
                }
            }
        } catch (SdkException e) {
            throw AwsErrors.stepFunctions("list the executions of", "state machine " + machine, machine, e);
        }
        return executions;
    }

    /** The transitions of {@code executionArn} so far, read from every page of GetExecutionHistory. */
    public List<StateTransition> history(String executionArn) {
        requireNonNull(executionArn, "executionArn is null");
        List<HistoryEvent> events = new ArrayList<>();
        try {
            client.getExecutionHistoryPaginator(request -> request.executionArn(executionArn).maxResults(1000)).events().forEach(events::add);
        } catch (SdkException e) {
            throw AwsErrors.stepFunctions("read the history of", "execution " + executionArn, "", e);
        }
        return transitions(executionArn, events);
    }

    /** Pairs the history's events into transitions, in the order they ended. */
    static List<StateTransition> transitions(String executionArn, List<HistoryEvent> events) {
        Map<String, Open> open = new HashMap<>();
        List<StateTransition> transitions = new ArrayList<>();
        Open current = null;
        for (HistoryEvent event : events) {
            String type = event.typeAsString();
            if (type == null) {
                continue;
            }
            if (type.endsWith("StateEntered") && event.stateEnteredEventDetails() != null) {
                current = new Open(event.stateEnteredEventDetails().name(), type.substring(0, type.length() - "StateEntered".length()),
                        Optional.ofNullable(event.stateEnteredEventDetails().input()).orElse("{}"), event.timestamp());
                open.put(current.name, current);
            } else if (type.endsWith("StateExited") && event.stateExitedEventDetails() != null) {
                Open state = open.remove(event.stateExitedEventDetails().name());
                if (state != null) {
                    transitions.add(state.transition(executionArn, transitions.size() + 1, state.error.isPresent() ? "CAUGHT" : "SUCCEEDED",
                            Optional.ofNullable(event.stateExitedEventDetails().output()), event.timestamp()));
                }
            } else if (type.equals("TaskScheduled") && current != null && event.taskScheduledEventDetails() != null) {
                Open state = current;
                if (state.error.isPresent()) {
                    transitions.add(state.transition(executionArn, transitions.size() + 1, "RETRIED", Optional.empty(), event.timestamp()));
                    state.retried(event.timestamp());
                }
                state.resource = Optional.of(event.taskScheduledEventDetails().resourceType() + ":" + event.taskScheduledEventDetails().resource());
            } else if (current != null && failure(event).isPresent() && !type.startsWith("Execution")) {
                String[] failure = failure(event).orElseThrow();
                current.error = Optional.ofNullable(failure[0]);
                current.cause = Optional.ofNullable(failure[1]);
            } else if (type.startsWith("Execution") && failure(event).isPresent()) {
                String[] failure = failure(event).orElseThrow();
                for (Open state : open.values()) {
                    state.error = state.error.or(() -> Optional.ofNullable(failure[0]));
                    state.cause = state.cause.or(() -> Optional.ofNullable(failure[1]));
                    transitions.add(state.transition(executionArn, transitions.size() + 1, "FAILED", Optional.empty(), event.timestamp()));
                }
                open.clear();
            }
        }
        return transitions;
    }

    /** The error and cause of a failure event (a task's, a Lambda's, an activity's, the execution's), when it is one. */
    private static Optional<String[]> failure(HistoryEvent event) {
        if (event.taskFailedEventDetails() != null) {
            return Optional.of(new String[] {event.taskFailedEventDetails().error(), event.taskFailedEventDetails().cause()});
        }
        if (event.taskTimedOutEventDetails() != null) {
            return Optional.of(new String[] {event.taskTimedOutEventDetails().error(), event.taskTimedOutEventDetails().cause()});
        }
        if (event.taskStartFailedEventDetails() != null) {
            return Optional.of(new String[] {event.taskStartFailedEventDetails().error(), event.taskStartFailedEventDetails().cause()});
        }
        if (event.taskSubmitFailedEventDetails() != null) {
            return Optional.of(new String[] {event.taskSubmitFailedEventDetails().error(), event.taskSubmitFailedEventDetails().cause()});
        }
        if (event.lambdaFunctionFailedEventDetails() != null) {
            return Optional.of(new String[] {event.lambdaFunctionFailedEventDetails().error(), event.lambdaFunctionFailedEventDetails().cause()});
        }
        if (event.activityFailedEventDetails() != null) {
            return Optional.of(new String[] {event.activityFailedEventDetails().error(), event.activityFailedEventDetails().cause()});
        }
        if (event.executionFailedEventDetails() != null) {
            return Optional.of(new String[] {event.executionFailedEventDetails().error(), event.executionFailedEventDetails().cause()});
        }
        if (event.executionTimedOutEventDetails() != null) {
            return Optional.of(new String[] {event.executionTimedOutEventDetails().error(), event.executionTimedOutEventDetails().cause()});
        }
        if (event.executionAbortedEventDetails() != null) {
            return Optional.of(new String[] {event.executionAbortedEventDetails().error(), event.executionAbortedEventDetails().cause()});
        }
        return Optional.empty();
    }

    /** A state entered and not yet left, with the failure of its current attempt. */
    private static final class Open {
        private final String name;
        private final String type;
        private final String input;
        private Instant enteredAt;
        private int attempt;
        private Optional<String> error = Optional.empty();
        private Optional<String> cause = Optional.empty();
        private Optional<String> resource = Optional.empty();

        Open(String name, String type, String input, Instant enteredAt) {
            this.name = name;
            this.type = type;
            this.input = input;
            this.enteredAt = enteredAt;
        }

        StateTransition transition(String executionArn, int sequence, String outcome, Optional<String> output, Instant exitedAt) {
            return new StateTransition(executionArn, sequence, name, type, outcome, attempt, input, output, error, cause, resource, enteredAt, exitedAt);
        }

        void retried(Instant at) {
            attempt++;
            enteredAt = at;
            error = Optional.empty();
            cause = Optional.empty();
        }
    }

    private String machineName(String stateMachineArn) {
        return stateMachineArn == null ? "?" : stateMachineArn.substring(stateMachineArn.lastIndexOf(':') + 1);
    }

    /** Step Functions' status; PENDING_REDRIVE (a redrive about to start) and any newer one read as running. */
    static ExecutionStatus status(String status) {
        return switch (status == null ? "" : status) {
            case "SUCCEEDED" -> ExecutionStatus.SUCCEEDED;
            case "FAILED" -> ExecutionStatus.FAILED;
            case "TIMED_OUT" -> ExecutionStatus.TIMED_OUT;
            case "ABORTED" -> ExecutionStatus.ABORTED;
            default -> ExecutionStatus.RUNNING;
        };
    }

    private void pause(String executionArn) {
        try {
            Thread.sleep(pollInterval.toMillis(), pollInterval.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagoaException(ErrorCode.AWS_ERROR, "Stopped following execution %s: interrupted (it goes on in Step Functions)".formatted(executionArn), e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "StepFunctionsExecutions[" + arnPrefix + "*, pollInterval=" + pollInterval + "]";
    }
}
