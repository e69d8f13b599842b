package dev.lagoa.aws;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of one Glue job run that override the job's own: its timeout (Glue counts whole minutes, so it is
 * rounded up) and its capacity in DPUs. Empty values leave the job's settings as they are.
 */
public record GlueRunOptions(Optional<Duration> timeout, Optional<Double> maxCapacity) {
    public static final GlueRunOptions NONE = new GlueRunOptions(Optional.empty(), Optional.empty());

    public GlueRunOptions {
        requireNonNull(timeout, "timeout is null");
        requireNonNull(maxCapacity, "maxCapacity is null");
        timeout.ifPresent(value -> {
            if (value.isNegative() || value.isZero()) {
                throw LagoaException.userError("A Glue job run's timeout must be positive, not %s", value);
            }
        });
        maxCapacity.ifPresent(value -> {
            if (!(value > 0) || value.isInfinite()) {
                throw LagoaException.userError("A Glue job run's capacity must be a positive number of DPUs, not %s", value);
            }
        });
    }

    public static GlueRunOptions timeout(Duration timeout) {
        return new GlueRunOptions(Optional.of(timeout), Optional.empty());
    }

    public GlueRunOptions withMaxCapacity(double dpus) {
        return new GlueRunOptions(timeout, Optional.of(dpus));
    }

    /** The timeout in whole minutes, rounded up, as StartJobRun takes it. */
    public Optional<Integer> timeoutMinutes() {
        return timeout.map(value -> (int) Math.min(Integer.MAX_VALUE, Math.max(1, (value.toSeconds() + 59) / 60)));
    }
}
