package dev.lagoa.apiload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadRetriesTest {
    private final List<Duration> waits = new ArrayList<>();
    private final List<String> retried = new ArrayList<>();

    private static LoadResult result(String loadId, String status, String errorType) {
        return new LoadResult("orders", loadId, status, status.equals(LoadResult.FAILED) ? "GET answered 503" : "1 record read", 1, 0, 1, 1, 0, 0, 0, 0,
                Map.of(), List.of(), List.of(), Map.of("extract", 0.1), 10, List.of(), "s3://lagoa-apiload/errors/orders/log.json", errorType);
    }

    private LoadResult run(int retries, LoadResult... attempts) {
        Deque<LoadResult> queue = new ArrayDeque<>(List.of(attempts));
        return LoadRetries.run(queue::removeFirst, retries, Duration.ofSeconds(10), waits::add, (failed, wait) -> retried.add(failed.loadId()));
    }

    @Test
    void externalFailuresAreTriedAgainWithADoublingWait() {
        LoadResult result = run(3, result("a", LoadResult.FAILED, "EXTERNAL"), result("b", LoadResult.FAILED, "EXTERNAL"),
                result("c", LoadResult.COMPLETED, ""));

        assertThat(result.loadId()).isEqualTo("c");
        assertThat(waits).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20));
        assertThat(retried).containsExactly("a", "b");
    }

    @Test
    void theLastFailureIsReturnedWhenTheRetriesRunOut() {
        LoadResult result = run(1, result("a", LoadResult.FAILED, "EXTERNAL"), result("b", LoadResult.FAILED, "EXTERNAL"));

        assertThat(result.loadId()).isEqualTo("b");
        assertThat(result.isFailed()).isTrue();
        assertThat(waits).containsExactly(Duration.ofSeconds(10));
    }

    @Test
    void userAndInternalFailuresAreNotRetried() {
        assertThat(run(3, result("a", LoadResult.FAILED, "USER")).loadId()).isEqualTo("a");
        assertThat(run(3, result("b", LoadResult.FAILED, "INTERNAL")).loadId()).isEqualTo("b");
        assertThat(waits).isEmpty();
    }

    @Test
    void negativeRetriesAreRefused() {
        assertThatThrownBy(() -> run(-1, result("a", LoadResult.COMPLETED, "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retries must not be negative: -1");
    }
}
