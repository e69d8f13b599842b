package dev.lagoa.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.job.JobRunState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job runs of the local workspace, in its SQLite metadata store. Several Lagoa processes may share it: writes
 * that must see a consistent picture (checking the concurrency limit, then inserting) run in one immediate
 * transaction.
 */
public final class SqliteJobRunRepository implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> ARGUMENTS = new TypeReference<>() {};

    private final Connection connection;

    public SqliteJobRunRepository(Path database) {
        try {
            connection = MetadataStore.connect(database, true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS job_runs (
                          id TEXT PRIMARY KEY,
                          job_name TEXT NOT NULL,
                          attempt INTEGER NOT NULL,
                          previous_run_id TEXT,
                          arguments TEXT NOT NULL,
                          state TEXT NOT NULL,
                          started_on TEXT NOT NULL,
                          completed_on TEXT,
                          error_message TEXT,
                          log_location TEXT,
                          pid INTEGER,
                          exit_code INTEGER)""");
                statement.execute("CREATE INDEX IF NOT EXISTS job_runs_by_job ON job_runs (job_name, started_on)");
            }
        } catch (SQLException e) {
            throw error("open the metadata store " + database, e);
        }
    }

    private static LagoaException error(String what, SQLException e) {
        return new LagoaException(ErrorCode.METADATA_STORE_ERROR, "Cannot %s: %s".formatted(what, e.getMessage()), e);
    }

    /** A run in flight as the store sees it: state and, when known, the process that runs it. */
    public record ActiveRun(JobRun run, Optional<Long> pid) {}

    /**
     * Inserts {@code run} unless the job already has {@code maxPerJob} runs in flight or all jobs together have
     * {@code maxTotal}; returns the runs in the way otherwise (empty when inserted).
     */
    public synchronized List<JobRun> insertIfBelowLimits(JobRun run, int maxPerJob, int maxTotal) {
        try {
            connection.setAutoCommit(false);
            try {
                List<JobRun> active = query("SELECT * FROM job_runs WHERE state IN ('STARTING','RUNNING') ORDER BY started_on", List.of());
                List<JobRun> sameJob = active.stream().filter(other -> other.jobName().equals(run.jobName())).toList();
                if (sameJob.size() >= maxPerJob) {
                    connection.rollback();
                    return sameJob;
                }
                if (active.size() >= maxTotal) {
                    connection.rollback();
                    return active;
                }
                insert(run);
                connection.commit();
                return List.of();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw error("record job run " + run.id(), e);
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the next statement reports a broken connection
            }
        }
    }

    public synchronized void insert(JobRun run) {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO job_runs (id, job_name, attempt, previous_run_id, arguments, state, started_on, completed_on, error_message, log_location) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, run.id().value());
            statement.setString(2, run.jobName());
            statement.setInt(3, run.attempt());
            statement.setString(4, run.previousRunId().map(JobRunId::value).orElse(null));
            statement.setString(5, JSON.writeValueAsString(run.arguments()));
            statement.setString(6, run.state().name());
            statement.setString(7, run.startedOn().toString());
            statement.setString(8, run.completedOn().map(Instant::toString).orElse(null));
            statement.setString(9, run.errorMessage().orElse(null));
            statement.setString(10, run.logLocation().orElse(null));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw error("record job run " + run.id(), e);
        } catch (JsonProcessingException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot encode the arguments of " + run.id(), e);
        }
    }

    public synchronized void setProcess(JobRunId id, long pid) {
        update("UPDATE job_runs SET pid = ?, state = 'RUNNING' WHERE id = ?", pid, id.value());
    }

    /** Finishes a run; a run already finished keeps its first outcome. Returns whether this call finished it. */
    public synchronized boolean finish(JobRunId id, JobRunState state, Instant completedOn, String errorMessage, Integer exitCode) {
        return update("UPDATE job_runs SET state = ?, completed_on = ?, error_message = ?, exit_code = ? "
                + "WHERE id = ? AND state IN ('STARTING','RUNNING')", state.name(), completedOn.toString(), errorMessage, exitCode, id.value()) > 0;
    }

    private int update(String sql, Object... values) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw error("update the job runs", e);
        }
    }

    public synchronized Optional<JobRun> find(JobRunId id) {
        return query("SELECT * FROM job_runs WHERE id = ?", List.of(id.value())).stream().findFirst();
    }

    public synchronized Optional<Long> pid(JobRunId id) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pid FROM job_runs WHERE id = ?")) {
            statement.setString(1, id.value());
            try (ResultSet result = statement.executeQuery()) {
                if (result.next()) {
                    long pid = result.getLong(1);
                    return result.wasNull() ? Optional.empty() : Optional.of(pid);
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw error("read job run " + id, e);
        }
    }

    /** The newest runs first, of one job or of all. */
    public synchronized List<JobRun> recent(Optional<String> jobName, int limit) {
        return jobName.isPresent()
                ? query("SELECT * FROM job_runs WHERE job_name = ? ORDER BY started_on DESC, id DESC LIMIT ?", List.of(jobName.get(), limit))
                : query("SELECT * FROM job_runs ORDER BY started_on DESC, id DESC LIMIT ?", List.of(limit));
    }

    public synchronized List<JobRun> active() {
        return query("SELECT * FROM job_runs WHERE state IN ('STARTING','RUNNING')", List.of());
    }

    private List<JobRun> query(String sql, List<Object> parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            List<JobRun> runs = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    runs.add(new JobRun(
                            JobRunId.of(result.getString("id")),
                            result.getString("job_name"),
                            result.getInt("attempt"),
                            Optional.ofNullable(result.getString("previous_run_id")).map(JobRunId::of),
                            JSON.readValue(result.getString("arguments"), ARGUMENTS),
                            JobRunState.valueOf(result.getString("state")),
                            Instant.parse(result.getString("started_on")),
                            Optional.ofNullable(result.getString("completed_on")).map(Instant::parse),
                            Optional.ofNullable(result.getString("error_message")),
                            Optional.ofNullable(result.getString("log_location"))));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw error("read the job runs", e);
        } catch (JsonProcessingException e) {
            throw new LagoaException(ErrorCode.METADATA_STORE_ERROR, "A job run's arguments are not readable: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            requireNonNull(e, "e is null");
        }
    }
}
