package dev.lagoa.market.http;

import java.time.Duration;

/** Waits between attempts. Tests pass one that records the waits and returns at once. */
@FunctionalInterface
public interface Sleeper {
    /** The real one: {@link Thread#sleep}. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
