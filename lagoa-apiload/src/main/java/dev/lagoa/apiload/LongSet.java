package dev.lagoa.apiload;

/**
 * A set of {@code long}s held in one array (open addressing, linear probing): a load's million keys cost 8 to 16 bytes
 * each and no object per key, so the collector neither copies nor scans them. Not thread-safe.
 */
final class LongSet {
    private static final long EMPTY = 0;
    private long[] slots = new long[1024];
    private int size;
    /** {@link #EMPTY} marks a free slot, so the key 0 itself is kept here. */
    private boolean hasZero;

    /** Adds {@code key}; false when it was there already. */
    boolean add(long key) {
        if (key == EMPTY) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        if (!insert(slots, key)) {
            return false;
        }
        size++;
        return true;
    }

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    private static boolean insert(long[] table, long key) {
        int mask = table.length - 1;
        for (int i = slot(key, mask); ; i = i + 1 & mask) {
            if (table[i] == EMPTY) {
                table[i] = key;
                return true;
            }
            if (table[i] == key) {
                return false;
            }
        }
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long key : slots) {
            if (key != EMPTY) {
                insert(bigger, key);
            }
        }
        slots = bigger;
    }

    private static int slot(long key, int mask) {
        // The keys are parts of SHA-256 digests, well spread already; mixing keeps any other keys from clustering.
        long mixed = key * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ mixed >>> 32) & mask;
    }
}
