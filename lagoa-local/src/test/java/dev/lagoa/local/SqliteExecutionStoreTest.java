package dev.lagoa.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.core.statemachine.Execution;
import dev.lagoa.core.statemachine.ExecutionStatus;
import dev.lagoa.core.statemachine.StateTransition;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteExecutionStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");

    @TempDir
    Path home;

    @Test
    void executionsAndHistoriesReadBackAcrossConnections() {
        Path database = home.resolve("lagoa.db");
        Execution parent = new Execution("importau:1", "importau", Optional.empty(), ExecutionStatus.RUNNING, "{}", Optional.empty(), Optional.empty(),
                Optional.empty(), T0, Optional.empty());
        Execution child = new Execution("importau-silver:1", "importau-silver", Optional.of("importau:1"), ExecutionStatus.RUNNING, "{\"a\":1}",
                Optional.empty(), Optional.empty(), Optional.empty(), T0.plusSeconds(1), Optional.empty());
        StateTransition failed = new StateTransition("importau-silver:1", 1, "CorrelacionarPedidos", "Task", "RETRIED", 0, "{\"a\":1}", Optional.empty(),
                Optional.of("States.TaskFailed"), Optional.of("disco cheio"), Optional.of("jr_1"), T0.plusSeconds(1), T0.plusSeconds(9));
        try (SqliteExecutionStore store = new SqliteExecutionStore(database)) {
            store.insert(parent);
            store.insert(child);
            store.append(failed);
            store.update(child.finish(ExecutionStatus.FAILED, Optional.empty(), Optional.of("States.TaskFailed"), Optional.of("disco cheio"),
                    T0.plusSeconds(10)));
        }
        try (SqliteExecutionStore store = new SqliteExecutionStore(database)) {
            assertThat(store.execution("importau-silver:1")).hasValueSatisfying(execution -> {
                assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
                assertThat(execution.cause()).contains("disco cheio");
                assertThat(execution.duration()).contains(java.time.Duration.ofSeconds(9));
            });
            assertThat(store.children("importau:1")).extracting(Execution::id).containsExactly("importau-silver:1");
            assertThat(store.history("importau-silver:1")).containsExactly(failed);
            assertThat(store.executions("importau", 10)).extracting(Execution::status).containsExactly(ExecutionStatus.RUNNING);
            assertThat(store.execution("nada")).isEmpty();
        }
    }
}
