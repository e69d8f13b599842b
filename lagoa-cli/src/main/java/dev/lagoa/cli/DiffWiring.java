package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorType;
import dev.lagoa.core.config.Configuration;
import dev.lagoa.core.config.Profile;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.lake.ObjectStore;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The wiring of the diff pipeline's runs ({@code lagoa diff}, its schedule, the demo): the job launcher that runs the
 * {@code lagoa-diff} job, the lake it reads and writes, and the configuration of its defaults. Arguments are never
 * null; the adapters are created on first use and may throw {@code LagoaException} then.
 */
public final class DiffWiring {
    private final LagoaRuntime runtime;
    private final LakeLocations locations;

    /** Throws {@code NullPointerException} for a null runtime. */
    public DiffWiring(LagoaRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.locations = new LakeLocations(runtime);
    }

    /** The configuration: {@code diff.*}, {@code jobs.*}, {@code lake.*}. */
    public Configuration configuration() {
        return runtime.configuration();
    }

    /** Today in {@code lagoa.time-zone}. */
    public LocalDate today() {
        return LocalDate.now(runtime.clock());
    }

    /** The lake the snapshots are in. */
    public ObjectStore objectStore() {
        return runtime.objectStore();
    }

    /** Whether the lake is the workspace's ({@code local} profile), so that looking into it costs no network call. */
    public boolean isLocalLake() {
        return runtime.profile() == Profile.LOCAL;
    }

    public JobLauncher jobLauncher() {
        return runtime.jobLauncher();
    }

    /** How often to ask the launcher about a run. */
    public Duration jobPollInterval() {
        return runtime.jobPollInterval();
    }

    /** Who was at fault when a job run failed, when the launcher knows. */
    public Optional<ErrorType> jobRunFailureType(JobRunId id) {
        return runtime.jobLauncher().failureType(id);
    }

    /** As {@link LakeLocations#jobLocation}. */
    public String jobLocation(String location) {
        return locations.jobLocation(location);
    }

    /** As {@link LakeLocations#display}. */
    public String display(String location) {
        return locations.display(location);
    }

    /** As {@link LakeLocations#readText}. */
    public Optional<String> readText(String location) {
        return locations.readText(location);
    }
}
