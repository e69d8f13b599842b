package dev.lagoa.apiload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The set of a load's primary-key hashes: the same answers as a {@code HashSet<Long>}, zero and growth included. */
class LongSetTest {
    @Test
    void answersAsAHashSetDoesThroughGrowthWithZeroNegativesAndCollidingKeys() {
        LongSet set = new LongSet();
        Set<Long> reference = new HashSet<>();
        Random random = new Random(20261207);
        for (int i = 0; i < 200_000; i++) {
            long key = switch (i % 4) {
                case 0 -> random.nextLong();
                // Small keys, often again; multiples of a power of two, which a plain mask would pile into one slot.
                case 1 -> random.nextInt(1_000) - 500;
                case 2 -> (long) random.nextInt(50_000) << 20;
                default -> i % 1_000 == 3 ? 0 : Long.MIN_VALUE + random.nextInt(100);
            };
            assertThat(set.add(key)).as("key %d", key).isEqualTo(reference.add(key));
        }
        assertThat(set.size()).isEqualTo(reference.size());
        assertThat(set.add(0)).isFalse();
    }
}
