package dev.lagoa.local;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.statemachine.Execution;
import dev.lagoa.core.statemachine.ExecutionStatus;
import dev.lagoa.core.statemachine.ExecutionStore;
import dev.lagoa.core.statemachine.StateTransition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state machine executions of the local workspace and their histories, in its SQLite metadata store
 * ({@code sfn_executions}, {@code sfn_transitions}), shared by every Lagoa process of the workspace.
 */
public final class SqliteExecutionStore implements ExecutionStore {
    private final Connection connection;

    public SqliteExecutionStore(Path database) {
        try {
            connection = MetadataStore.connect(database, false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS sfn_executions (
                          id TEXT PRIMARY KEY,
                          state_machine TEXT NOT NULL,
                          parent_id TEXT,
                          status TEXT NOT NULL,
                          input TEXT NOT NULL,
                          output TEXT,
                          error TEXT,
                          cause TEXT,
                          started_at TEXT NOT NULL,
                          stopped_at TEXT)""");
                statement.execute("CREATE INDEX IF NOT EXISTS sfn_executions_by_machine ON sfn_executions (state_machine, started_at)");
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS sfn_transitions (
                          execution_id TEXT NOT NULL,
                          sequence INTEGER NOT NULL,
                          state TEXT NOT NULL,
                          type TEXT NOT NULL,
                          outcome TEXT NOT NULL,
                          attempt INTEGER NOT NULL,
                          input TEXT NOT NULL,
                          output TEXT,
                          error TEXT,
                          cause TEXT,
                          resource TEXT,
                          entered_at TEXT NOT NULL,
                          exited_at TEXT NOT NULL,
                          PRIMARY KEY (execution_id, sequence))""");
            }
        } catch (SQLException e) {
            throw error("open the metadata store " + database, e);
        }
    }

    private static LagoaException error(String what, SQLException e) {
        return new LagoaException(ErrorCode.METADATA_STORE_ERROR, "Cannot %s: %s".formatted(what, e.getMessage()), e);
    }

    @Override
    public synchronized void insert(Execution execution) {
        update("INSERT INTO sfn_executions (id, state_machine, parent_id, status, input, output, error, cause, started_at, stopped_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "record execution " + execution.id(),
                execution.id(), execution.stateMachine(), execution.parentId().orElse(null), execution.status().name(), execution.input(),
                execution.output().orElse(null), execution.error().orElse(null), execution.cause().orElse(null), execution.startedAt().toString(),
                execution.stoppedAt().map(Instant::toString).orElse(null));
    }

    @Override
    public synchronized void update(Execution execution) {
        update("UPDATE sfn_executions SET status = ?, output = ?, error = ?, cause = ?, stopped_at = ? WHERE id = ?", "update execution " + execution.id(),
                execution.status().name(), execution.output().orElse(null), execution.error().orElse(null), execution.cause().orElse(null),
                execution.stoppedAt().map(Instant::toString).orElse(null), execution.id());
    }

    @Override
    public synchronized void append(StateTransition transition) {
        update("INSERT INTO sfn_transitions (execution_id, sequence, state, type, outcome, attempt, input, output, error, cause, resource, entered_at, "
                        + "exited_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "record a transition of " + transition.executionId(),
                transition.executionId(), transition.sequence(), transition.state(), transition.type(), transition.outcome(), transition.attempt(),
                transition.input(), transition.output().orElse(null), transition.error().orElse(null), transition.cause().orElse(null),
                transition.resource().orElse(null), transition.enteredAt().toString(), transition.exitedAt().toString());
    }

    private void update(String sql, String what, Object... values) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw error(what, e);
        }
    }

    @Override
    public synchronized Optional<Execution> execution(String id) {
        return executions("SELECT * FROM sfn_executions WHERE id = ?", id, 1).stream().findFirst();
    }

    @Override
    public synchronized List<Execution> executions(String stateMachine, int limit) {
        return executions("SELECT * FROM sfn_executions WHERE state_machine = ? ORDER BY started_at DESC, id DESC LIMIT ?", stateMachine, limit);
    }

    @Override
    public synchronized List<Execution> children(String parentId) {
        return executions("SELECT * FROM sfn_executions WHERE parent_id = ? ORDER BY started_at, id LIMIT ?", parentId, 10_000);
    }

    private List<Execution> executions(String sql, String key, int limit) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key);
            if (sql.contains("LIMIT ?")) {
                statement.setInt(2, limit);
            }
            List<Execution> executions = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    executions.add(new Execution(result.getString("id"), result.getString("state_machine"), Optional.ofNullable(result.getString("parent_id")),
                            ExecutionStatus.valueOf(result.getString("status")), result.getString("input"), Optional.ofNullable(result.getString("output")),
                            Optional.ofNullable(result.getString("error")), Optional.ofNullable(result.getString("cause")),
                            Instant.parse(result.getString("started_at")), Optional.ofNullable(result.getString("stopped_at")).map(Instant::parse)));
                }
            }
            return executions;
        } catch (SQLException e) {
            throw error("read the executions", e);
        }
    }

    @Override
    public synchronized List<StateTransition> history(String executionId) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM sfn_transitions WHERE execution_id = ? ORDER BY sequence")) {
            statement.setString(1, executionId);
            List<StateTransition> transitions = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    transitions.add(new StateTransition(result.getString("execution_id"), result.getInt("sequence"), result.getString("state"),
                            result.getString("type"), result.getString("outcome"), result.getInt("attempt"), result.getString("input"),
                            Optional.ofNullable(result.getString("output")), Optional.ofNullable(result.getString("error")),
                            Optional.ofNullable(result.getString("cause")), Optional.ofNullable(result.getString("resource")),
                            Instant.parse(result.getString("entered_at")), Instant.parse(result.getString("exited_at"))));
                }
            }
            return transitions;
        } catch (SQLException e) {
            throw error("read the history of " + executionId, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing to do: the connection is gone either way
        }
    }
}
