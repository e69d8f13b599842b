package dev.lagoa.apiload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Batches written behind the load's thread: one at a time, in order, failures thrown to the load's thread. */
class WriteBehindTest {
    @Test
    void writesRunOneAtATimeInOrderOnAThreadOfTheirOwn() throws Exception {
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        try (WriteBehind writes = new WriteBehind("e")) {
            for (int i = 0; i < 200; i++) {
                int batch = i;
                writes.submit(() -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    threads.add(Thread.currentThread().getName());
                    written.add(batch);
                    running.decrementAndGet();
                });
            }
            writes.await();
        }

        assertThat(written).hasSize(200).isSorted();
        assertThat(mostAtOnce).hasValue(1);
        assertThat(threads).containsOnly("lagoa-apiload-write-e");
    }

    @Test
    void aWritesFailureIsThrownAsItWasByTheNextSubmitAndNothingAfterItRuns() throws Exception {
        AtomicBoolean later = new AtomicBoolean();
        try (WriteBehind writes = new WriteBehind("e")) {
            writes.submit(() -> {
                throw new SQLException("refused", "23505");
            });

            assertThatThrownBy(() -> writes.submit(() -> later.set(true))).isInstanceOf(SQLException.class).hasMessage("refused");
            writes.await();
        }
        assertThat(later).isFalse();

        try (WriteBehind writes = new WriteBehind("e")) {
            writes.submit(() -> {
                throw new IllegalStateException("killed after batch 2");
            });

            assertThatThrownBy(writes::await).isInstanceOf(IllegalStateException.class).hasMessage("killed after batch 2");
        }
    }

    @Test
    void closingWaitsForTheWriteInFlight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        WriteBehind writes = new WriteBehind("e");
        writes.submit(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.set(true);
        });
        AtomicBoolean finishedWhenClosed = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            writes.close();
            finishedWhenClosed.set(finished.get());
        });
        closer.start();

        // Whatever the machine's speed, close() cannot return while the write waits for the latch.
        closer.join(200);
        assertThat(closer.isAlive()).isTrue();
        release.countDown();
        closer.join();

        assertThat(finishedWhenClosed).isTrue();
    }
}
