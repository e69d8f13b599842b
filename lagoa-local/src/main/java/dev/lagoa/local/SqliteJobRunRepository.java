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
                          exit_code INTEGER,
                          process_started TEXT,
                          supervisor_pid INTEGER,
                          supervisor_started TEXT)""");
                if (!hasColumn(statement, "process_started")) {
                    // stores written before process start times were recorded
                    statement.execute("ALTER TABLE job_runs ADD COLUMN process_started TEXT");
                }
                if (!hasColumn(statement, "supervisor_pid")) {
                    // stores written before the launcher's own process was recorded
                    statement.execute("ALTER TABLE job_runs ADD COLUMN supervisor_pid INTEGER");
                    statement.execute("ALTER TABLE job_runs ADD COLUMN supervisor_started TEXT");
                }
                statement.execute("CREATE INDEX IF NOT EXISTS job_runs_by_job ON job_runs (job_name, started_on)");
            }
        } catch (SQLException e) {
            throw error("open the metadata store " + database, e);
        }
    }

    private static boolean hasColumn(Statement statement, String column) throws SQLException {
        try (ResultSet columns = statement.executeQuery("PRAGMA table_info(job_runs)")) {
            while (columns.next()) {
                if (columns.getString("name").equals(column)) {
                    return true;
                }
            }
            return false;
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
    public synchronized List<JobRun> insertIfBelowLimits(JobRun run, Optional<RecordedProcess> supervisor, int maxPerJob, int maxTotal) {
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
                insert(run, supervisor);
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

    /**
     * Records a new run. {@code supervisor} is the process of the launcher that watches it and will finish it (empty
     * for a run no launcher watches): while that process lives, the run is not taken for an orphan.
     */
    public synchronized void insert(JobRun run, Optional<RecordedProcess> supervisor) {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO job_runs (id, job_name, attempt, previous_run_id, arguments, state, started_on, completed_on, error_message, log_location, "
                        + "supervisor_pid, supervisor_started) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
            statement.setObject(11, supervisor.map(RecordedProcess::pid).orElse(null));
            statement.setString(12, supervisor.flatMap(RecordedProcess::started).map(Instant::toString).orElse(null));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw error("record job run " + run.id(), e);
        } catch (JsonProcessingException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot encode the arguments of " + run.id(), e);
        }
    }

    /**
     * Records the process that runs {@code id} and marks the run RUNNING. The process's start time (empty where the
     * platform does not tell it) identifies the process later: a process id alone may be reused by another program
     * after the run's process ended.
     */
    public synchronized void setProcess(JobRunId id, long pid, Optional<Instant> started) {
        update("UPDATE job_runs SET pid = ?, process_started = ?, state = 'RUNNING' WHERE id = ?",
                pid, started.map(Instant::toString).orElse(null), id.value());
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

    /** The process recorded for a run: its id and, when the platform told it, its start time. */
    public record RecordedProcess(long pid, Optional<Instant> started) {
        public RecordedProcess {
            requireNonNull(started, "started is null");
        }

        /**
         * The live process that this record names: same id and same start time. A process id alone proves nothing
         * (after the run's process ended, or after a reboot, another program may hold it); a record without a start
         * time names a live process only on a platform that tells no start times.
         */
        public static RecordedProcess of(ProcessHandle process) {
            return new RecordedProcess(process.pid(), process.info().startInstant());
        }

        public Optional<ProcessHandle> live() {
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> handle.info().startInstant().equals(started));
        }
    }

    public synchronized Optional<RecordedProcess> process(JobRunId id) {
        return recordedProcess(id, "pid", "process_started");
    }

    /** The process of the launcher that watches the run, when one was recorded. */
    public synchronized Optional<RecordedProcess> supervisor(JobRunId id) {
        return recordedProcess(id, "supervisor_pid", "supervisor_started");
    }

    private Optional<RecordedProcess> recordedProcess(JobRunId id, String pidColumn, String startedColumn) {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT %s, %s FROM job_runs WHERE id = ?".formatted(pidColumn, startedColumn))) {
            statement.setString(1, id.value());
            try (ResultSet result = statement.executeQuery()) {
                if (result.next()) {
                    long pid = result.getLong(1);
                    if (result.wasNull()) {
                        return Optional.empty();
                    }
                    return Optional.of(new RecordedProcess(pid, Optional.ofNullable(result.getString(2)).map(Instant::parse)));
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
