package dev.lagoa.orchestrator;

import java.time.Duration;

/** Waits between retries; tests pass one that records the waits instead. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
