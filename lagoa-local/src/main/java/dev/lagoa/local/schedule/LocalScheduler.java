package dev.lagoa.local.schedule;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.schedule.CronExpression;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EventBridge Scheduler for the local runtime: runs each entry's action at the times its cron expression names, in
 * its time zone. The last fire time of every entry is kept in the metadata store; a fire time missed while the
 * scheduler was down runs once on start ({@link MissedRuns#RUN_ONCE}, the default) or is skipped. An entry seen for
 * the first time starts from now: there is nothing to catch up on.
 */
public final class LocalScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalScheduler.class);

    /** What to do with fire times missed while the scheduler was not running. */
    public enum MissedRuns {
        RUN_ONCE,
        SKIP
    }

    /** One schedule: an id ({@code diff/publish}), its expression and zone, and what it runs. */
    public record Entry(String id, CronExpression cron, ZoneId zone, String description, Runnable action) {
        public Entry {
            requireNonNull(id, "id is null");
            requireNonNull(cron, "cron is null");
            requireNonNull(zone, "zone is null");
            requireNonNull(description, "description is null");
            requireNonNull(action, "action is null");
        }
    }

    /** When an entry fires next. */
    public record NextFire(Entry entry, Optional<ZonedDateTime> at, Optional<Instant> lastFired) {}

    private final List<Entry> entries;
    private final Connection ledger;
    private final MissedRuns missedRuns;
    private final Clock clock;
    private Thread thread;
    private volatile boolean running;

    public LocalScheduler(List<Entry> entries, Path database, MissedRuns missedRuns, Clock clock) {
        this.entries = List.copyOf(requireNonNull(entries, "entries is null"));
        this.missedRuns = requireNonNull(missedRuns, "missedRuns is null");
        this.clock = requireNonNull(clock, "clock is null");
        try {
            ledger = dev.lagoa.local.MetadataStore.connect(database, false);
            try (Statement statement = ledger.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schedule_fires (entry_id TEXT PRIMARY KEY, last_fired TEXT NOT NULL)");
            }
        } catch (SQLException e) {
            throw new LagoaException(ErrorCode.METADATA_STORE_ERROR, "Cannot open the schedule ledger: " + e.getMessage(), e);
        }
    }

    /** Every entry with its next fire time after now. */
    public List<NextFire> upcoming() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        List<NextFire> fires = new ArrayList<>();
        for (Entry entry : entries) {
            fires.add(new NextFire(entry, entry.cron().next(now, entry.zone()), lastFired(entry.id())));
        }
        fires.sort(Comparator.comparing(fire -> fire.at().map(ZonedDateTime::toInstant).orElse(Instant.MAX)));
        return fires;
    }

    /** Runs what was missed (per the policy), then fires entries on time in a background thread until closed. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        catchUp();
        running = true;
        thread = new Thread(this::loop, "lagoa-scheduler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Fires entries whose last fire time is older than their latest scheduled time; returns how many ran. */
    synchronized int catchUp() {
        Instant now = clock.instant();
        int ran = 0;
        for (Entry entry : entries) {
            Optional<Instant> last = lastFired(entry.id());
            if (last.isEmpty()) {
                record(entry.id(), now);
                continue;
            }
            Optional<ZonedDateTime> due = entry.cron().next(last.get().atZone(entry.zone()), entry.zone());
            if (due.isPresent() && !due.get().toInstant().isAfter(now)) {
                if (missedRuns == MissedRuns.RUN_ONCE) {
                    LOG.info("{} missed {} while the scheduler was down: running it once now", entry.id(), due.get());
                    fire(entry);
                    ran++;
                }
                record(entry.id(), now);
            }
        }
        return ran;
    }

    private void loop() {
        while (running) {
            ZonedDateTime now = ZonedDateTime.now(clock);
            Optional<Instant> nextAt = nextFire(now);
            if (nextAt.isEmpty()) {
                return;
            }
            try {
                long wait = nextAt.get().toEpochMilli() - clock.millis();
                if (wait > 0) {
                    Thread.sleep(Math.min(wait, 60_000));
                    continue; // re-evaluate: the clock may have jumped, and sleeping in slices keeps close() quick
                }
            } catch (InterruptedException e) {
                return;
            }
            fireAt(now, nextAt.get());
        }
    }

    /**
     * One turn of the background loop without its wait: the earliest fire time after {@code since}, if the clock has
     * reached it, fires every entry due then and records it; returns the ids fired, in entry order (none when nothing
     * is due yet). The loop does the same after sleeping; a caller that moves the clock itself (a test) fires what is
     * due without waiting on wall time, on a scheduler it has not started.
     */
    public List<String> fireDue(Instant since) {
        ZonedDateTime from = requireNonNull(since, "since is null").atZone(clock.getZone());
        Optional<Instant> nextAt = nextFire(from);
        if (nextAt.isEmpty() || nextAt.get().isAfter(clock.instant())) {
            return List.of();
        }
        return fireAt(from, nextAt.get());
    }

    private Optional<Instant> nextFire(ZonedDateTime now) {
        Instant nextAt = null;
        for (Entry entry : entries) {
            Optional<ZonedDateTime> at = entry.cron().next(now, entry.zone());
            if (at.isPresent() && (nextAt == null || at.get().toInstant().isBefore(nextAt))) {
                nextAt = at.get().toInstant();
            }
        }
        return Optional.ofNullable(nextAt);
    }

    private List<String> fireAt(ZonedDateTime now, Instant nextAt) {
        List<String> fired = new ArrayList<>();
        for (Entry entry : entries) {
            Optional<ZonedDateTime> at = entry.cron().next(now, entry.zone());
            if (at.isPresent() && at.get().toInstant().equals(nextAt)) {
                fire(entry);
                record(entry.id(), nextAt);
                fired.add(entry.id());
            }
        }
        return fired;
    }

    private void fire(Entry entry) {
        try {
            LOG.info("Running {} ({})", entry.id(), entry.description());
            entry.action().run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", entry.id(), e.getMessage());
        }
    }

    private synchronized Optional<Instant> lastFired(String id) {
        try (PreparedStatement statement = ledger.prepareStatement("SELECT last_fired FROM schedule_fires WHERE entry_id = ?")) {
            statement.setString(1, id);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.of(Instant.parse(result.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new LagoaException(ErrorCode.METADATA_STORE_ERROR, "Cannot read the schedule ledger: " + e.getMessage(), e);
        }
    }

    private synchronized void record(String id, Instant fired) {
        try (PreparedStatement statement = ledger.prepareStatement(
                "INSERT INTO schedule_fires (entry_id, last_fired) VALUES (?, ?) ON CONFLICT (entry_id) DO UPDATE SET last_fired = excluded.last_fired")) {
            statement.setString(1, id);
            statement.setString(2, fired.toString());
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new LagoaException(ErrorCode.METADATA_STORE_ERROR, "Cannot write the schedule ledger: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        running = false;
        Thread current;
        synchronized (this) {
            current = thread;
            thread = null;
        }
        if (current != null) {
            current.interrupt();
            try {
                current.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            ledger.close();
        } catch (SQLException e) {
            // closing
        }
    }
}
