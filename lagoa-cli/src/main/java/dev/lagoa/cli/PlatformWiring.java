package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import dev.lagoa.apiload.EndpointDefinition;
import dev.lagoa.core.config.Configuration;
import dev.lagoa.core.config.Profile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The wiring of a workspace and its local platform ({@code lagoa serve}, {@code schedules}, {@code config show}, the
 * demo): where the workspace is, its profile and configuration, and the {@link LocalPlatform} that runs its embedded
 * services, notifications and schedules. Arguments are never null; starting the platform, locking the workspace and
 * reading the schedules throw {@code LagoaException} as {@link LocalPlatform} says.
 */
public final class PlatformWiring {
    private final LagoaRuntime runtime;

    /** Throws {@code NullPointerException} for a null runtime. */
    public PlatformWiring(LagoaRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    /** The workspace folder ({@code --home}, {@code LAGOA_HOME}), absolute. */
    public Path home() {
        return runtime.home();
    }

    public Profile profile() {
        return runtime.profile();
    }

    /** In {@code lagoa.time-zone}. */
    public Clock clock() {
        return runtime.clock();
    }

    /** Every key's effective value, and where it came from. */
    public Configuration configuration() {
        return runtime.configuration();
    }

    /** Starts the local platform without PostgreSQL (see {@link LocalPlatform#start}); the caller closes it. */
    public LocalPlatform start(PrintWriter progress) {
        return start(progress, false);
    }

    /** Starts the local platform, PostgreSQL too when {@code withPostgres} (see {@link LocalPlatform#start}); the caller closes it. */
    public LocalPlatform start(PrintWriter progress, boolean withPostgres) {
        return LocalPlatform.start(runtime.localPlatformParts(), progress, withPostgres);
    }

    /** Holds the workspace's serve lock until closed (see {@link ServeLock#lock}). */
    public ServeLock lockServe() {
        return ServeLock.lock(runtime.home());
    }

    /** What the lake's notifications watch, for people (see {@link LocalPlatform#watchedLocations}). */
    public List<String> watchedLocations() {
        return LocalPlatform.watchedLocations(runtime.configuration());
    }

    /**
     * When each schedule fires next, and when it last fired: the pipelines' and those of the API load's endpoints that
     * carry one (read with the process's environment).
     */
    public List<LocalPlatform.ScheduleView> schedules() {
        List<EndpointDefinition> endpoints = new ApiLoadWiring(runtime).scheduledEndpoints(System.getenv());
        return LocalPlatform.schedules(runtime.localPlatformParts(), endpoints);
    }

    /** The workspace's embedded services, by name, with their address when they run (see {@link LocalPlatform#runningServices}). */
    public Map<String, java.util.Optional<String>> services() {
        return LocalPlatform.runningServices(runtime.localPlatformParts());
    }

    /**
     * The scheduler {@code lagoa serve} runs, with {@code actions} by schedule id and the schedules of
     * {@code scheduledEndpoints}, not started: its caller fires what is due ({@code catchUp}, {@code fireDue}) on a
     * clock it moves, and closes it.
     */
    public ManualScheduler scheduler(Map<String, Runnable> actions, List<EndpointDefinition> scheduledEndpoints) {
        return LocalPlatform.manualScheduler(runtime.localPlatformParts(), requireNonNull(actions, "actions is null"),
                requireNonNull(scheduledEndpoints, "scheduledEndpoints is null"));
    }

    /** Serve's scheduler, not started: its caller moves the clock and fires what is due. */
    public interface ManualScheduler extends AutoCloseable {
        /** The earliest fire time after now, of any schedule. */
        java.util.Optional<java.time.Instant> nextFire();

        /** Fires every schedule due at the earliest fire time after {@code since}, if the clock has reached it; returns their ids. */
        List<String> fireDue(java.time.Instant since);

        @Override
        void close();
    }
}
