package dev.lagoa.console;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.job.JobRunRequest;
import dev.lagoa.core.statemachine.Execution;
import dev.lagoa.core.statemachine.ExecutionStore;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.StateTransition;
import dev.lagoa.core.job.JobRunState;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workspace for the console's tests: job runs, executions and their histories held in memory (the job launcher and
 * the execution store as the console reads them), the state machines it is given, and nothing else (the other sources
 * throw, so a page that reads them fails its test).
 */
final class RunsTestSources extends UnusedSources {
    private final Path home;
    private final Clock clock;
    private final List<StateMachineDefinition> machines;
    private final InMemoryJobLauncher jobLauncher = new InMemoryJobLauncher();
    private final InMemoryExecutionStore executions = new InMemoryExecutionStore();

    RunsTestSources(Path home, Clock clock, List<StateMachineDefinition> machines) {
        this.home = home;
        this.clock = clock;
        this.machines = List.copyOf(machines);
    }

    /** Adds a job run as the launcher would report it. */
    RunsTestSources run(JobRun run) {
        jobLauncher.runs.put(run.id(), run);
        return this;
    }

    /** Adds the summary a run reported. */
    RunsTestSources summary(JobRunId id, String json) {
        jobLauncher.summaries.put(id, json);
        return this;
    }

    /** Adds an execution and its history. */
    RunsTestSources execution(Execution execution, List<StateTransition> history) {
        executions.insert(execution);
        history.forEach(executions::append);
        return this;
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public List<StateMachineDefinition> stateMachines() {
        return machines;
    }

    @Override
    public JobLauncher jobLauncher() {
        return jobLauncher;
    }

    @Override
    public ExecutionStore executions() {
        return executions;
    }

    /** Runs as a launcher that keeps them reports them: newest first, {@code JOB_RUN_NOT_FOUND} for an unknown id. */
    private static final class InMemoryJobLauncher implements JobLauncher {
        final Map<JobRunId, JobRun> runs = new LinkedHashMap<>();
        final Map<JobRunId, String> summaries = new LinkedHashMap<>();

        @Override
        public synchronized JobRun start(JobRunRequest request) {
            JobRun run = new JobRun(JobRunId.of("jr_rerun_" + (runs.size() + 1)), request.jobName(), 0, Optional.empty(), request.arguments(),
                    JobRunState.STARTING, Instant.parse("2026-12-06T12:00:00Z"), Optional.empty(), Optional.empty(), Optional.empty());
            runs.put(run.id(), run);
            return run;
        }

        @Override
        public JobRun get(JobRunId id) {
            JobRun run = runs.get(id);
            if (run == null) {
                throw new LagoaException(ErrorCode.JOB_RUN_NOT_FOUND, "No job run " + id);
            }
            return run;
        }

        @Override
        public List<JobRun> runs(Optional<String> jobName, int limit) {
            return runs.values().stream().filter(run -> jobName.isEmpty() || jobName.get().equals(run.jobName()))
                    .sorted(Comparator.comparing(JobRun::startedOn).reversed()).limit(limit).toList();
        }

        @Override
        public void stop(JobRunId id) {
            throw new UnsupportedOperationException("the console stops no run");
        }

        @Override
        public Optional<String> runSummary(JobRunId id) {
            get(id);
            return Optional.ofNullable(summaries.get(id));
        }

        @Override
        public void close() {
        }
    }

    private static final class InMemoryExecutionStore implements ExecutionStore {
        private final Map<String, Execution> executions = new LinkedHashMap<>();
        private final List<StateTransition> transitions = new ArrayList<>();

        @Override
        public synchronized void insert(Execution execution) {
            executions.put(execution.id(), execution);
        }

        @Override
        public synchronized void update(Execution execution) {
            executions.put(execution.id(), execution);
        }

        @Override
        public synchronized void append(StateTransition transition) {
            transitions.add(transition);
        }

        @Override
        public synchronized Optional<Execution> execution(String id) {
            return Optional.ofNullable(executions.get(id));
        }

        @Override
        public synchronized List<Execution> executions(String stateMachine, int limit) {
            return executions.values().stream().filter(execution -> execution.stateMachine().equals(stateMachine))
                    .sorted(Comparator.comparing(Execution::startedAt).reversed()).limit(limit).toList();
        }

        @Override
        public synchronized List<Execution> children(String parentId) {
            return executions.values().stream().filter(execution -> execution.parentId().equals(Optional.of(parentId)))
                    .sorted(Comparator.comparing(Execution::startedAt)).toList();
        }

        @Override
        public synchronized List<StateTransition> history(String executionId) {
            return transitions.stream().filter(transition -> transition.executionId().equals(executionId))
                    .sorted(Comparator.comparingInt(StateTransition::sequence)).toList();
        }

        @Override
        public void close() {
        }
    }
}
