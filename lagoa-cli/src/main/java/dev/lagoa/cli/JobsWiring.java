package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.job.JobLauncher;
import java.time.ZoneId;

/**
 * The wiring of the Spark job runs ({@code lagoa jobs}, the demo): the launcher of this profile (child JVMs locally,
 * Glue on AWS) and the time zone its times are shown in. The launcher is created on first use and may throw
 * {@code LagoaException} then.
 */
public final class JobsWiring {
    private final LagoaRuntime runtime;

    /** Throws {@code NullPointerException} for a null runtime. */
    public JobsWiring(LagoaRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    public JobLauncher jobLauncher() {
        return runtime.jobLauncher();
    }

    /** How often a run's state is read while waiting for it: often locally, at Glue's pace on AWS. */
    public java.time.Duration pollInterval() {
        return runtime.jobPollInterval();
    }

    /** {@code lagoa.time-zone}. */
    public ZoneId zone() {
        return runtime.clock().getZone();
    }
}
