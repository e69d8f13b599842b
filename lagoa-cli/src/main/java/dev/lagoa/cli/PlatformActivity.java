package dev.lagoa.cli;

import dev.lagoa.core.job.JobRun;
import java.time.Duration;

/**
 * What the local platform does, as it does it: the lake's events it delivers (or cannot deliver yet) and the job runs
 * this process starts and sees end. {@code lagoa serve} prints one line for each ({@link LocalPlatform#report}). Called
 * from the platform's threads; arguments are never null.
 */
public interface PlatformActivity {
    /**
     * The event of {@code object} ({@code s3://bucket/key}) reached {@code target} ({@code queue lagoa-diff-events},
     * {@code function IbovRefineTrigger}) in {@code took}.
     */
    void eventDelivered(String object, String target, Duration took);

    /**
     * The event of {@code object} did not reach {@code target} for {@code reason} (a job at its limit of runs in flight);
     * it is sent again at every scan until it does. Told once per object and reason, not at every scan.
     */
    void eventWaiting(String object, String target, String reason);

    void runStarted(JobRun run);

    /** {@code run} ended: its state, times and error say how. */
    void runFinished(JobRun run);
}
