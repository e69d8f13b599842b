package dev.lagoa.core.statemachine;

import java.io.Closeable;
import java.util.List;
import java.util.Optional;

/**
 * Where the executions of state machines and their histories are kept: the workspace's metadata store locally
 * ({@code SqliteExecutionStore}); on AWS, Step Functions keeps its own. Arguments are never null; failures are
 * {@code LagoaException}s ({@code METADATA_STORE_ERROR}).
 */
public interface ExecutionStore extends Closeable {
    /** Records a new execution. */
    void insert(Execution execution);

    /** Replaces the execution of the same id (its end). */
    void update(Execution execution);

    /** Appends a step of an execution's history. */
    void append(StateTransition transition);

    Optional<Execution> execution(String id);

    /** The most recent executions of a state machine, newest first. */
    List<Execution> executions(String stateMachine, int limit);

    /** The executions a parent started, oldest first. */
    List<Execution> children(String parentId);

    /** An execution's history, in order. */
    List<StateTransition> history(String executionId);

    @Override
    void close();
}
