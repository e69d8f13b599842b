package dev.lagoa.jobs.diff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of one snapshot in one partition of the local engine, by key: an open-addressing table of where each
 * serialised record is (its block and offset, packed in a {@code long}), so that a million records take a few
 * arrays rather than a million keys, entries and positions for the garbage collector to copy. Keys are compared as
 * the UTF-8 bytes they are serialised as; the records of a key that appears more than once are kept apart.
 */
final class KeyIndex {
    private final List<byte[]> blocks;
    private final long[] slots;
    private final int[] hashes;
    private final boolean[] taken;
    private final int mask;
    /** The second and later records of duplicated keys, by slot. */
    private final Map<Integer, List<Long>> more = new HashMap<>();

    /**
     * @param blocks the blocks that references point into (block {@code i} is {@code blocks.get(i)})
     * @param records how many records will be added at most
     */
    KeyIndex(List<byte[]> blocks, long records) {
        this.blocks = blocks;
        int capacity = Integer.highestOneBit((int) Math.min(1 << 30, Math.max(16, records * 3 / 2 + 1))) << 1;
        this.slots = new long[capacity];
        this.hashes = new int[capacity];
        this.taken = new boolean[capacity];
        this.mask = capacity - 1;
    }

    /** A reference to the record at {@code offset} of block {@code block}; never 0, which marks an empty slot. */
    static long reference(int block, int offset) {
        return ((long) (block + 1) << 32) | offset;
    }

    byte[] block(long reference) {
        return blocks.get((int) (reference >>> 32) - 1);
    }

    static int blockNumber(long reference) {
        return (int) (reference >>> 32) - 1;
    }

    static int offset(long reference) {
        return (int) reference;
    }

    /** Adds the record at {@code reference}. */
    void add(long reference) {
        byte[] block = block(reference);
        int offset = offset(reference);
        int hash = hash(block, offset);
        int slot = find(block, offset, hash);
        if (slots[slot] == 0) {
            slots[slot] = reference;
            hashes[slot] = hash;
        } else {
            more.computeIfAbsent(slot, any -> new ArrayList<>(1)).add(reference);
        }
    }

    /** The slot of the key of the record at {@code offset} of {@code block} (a record of another index), or -1. */
    int slotOf(byte[] block, int offset) {
        int slot = find(block, offset, hash(block, offset));
        return slots[slot] == 0 ? -1 : slot;
    }

    int capacity() {
        return slots.length;
    }

    /** The first record in {@code slot}, or 0 when it is empty. */
    long first(int slot) {
        return slots[slot];
    }

    /** Whether more than one record has the key in {@code slot}. */
    boolean isDuplicated(int slot) {
        return more.containsKey(slot);
    }

    /** Every record with the key in {@code slot}, in the order they were added. */
    long[] all(int slot) {
        List<Long> rest = more.getOrDefault(slot, List.of());
        long[] references = new long[1 + rest.size()];
        references[0] = slots[slot];
        for (int i = 0; i < rest.size(); i++) {
            references[i + 1] = rest.get(i);
        }
        return references;
    }

    void take(int slot) {
        taken[slot] = true;
    }

    boolean isTaken(int slot) {
        return taken[slot];
    }

    private int find(byte[] block, int offset, int hash) {
        int keyLength = LocalDiff.SerialisedRecords.keyLength(block, offset);
        int slot = hash & mask;
        while (true) {
            long existing = slots[slot];
            if (existing == 0) {
                return slot;
            }
            if (hashes[slot] == hash) {
                byte[] other = block(existing);
                int otherOffset = offset(existing);
                if (LocalDiff.SerialisedRecords.keyLength(other, otherOffset) == keyLength
                        && Arrays.equals(block, offset + 8, offset + 8 + keyLength, other, otherOffset + 8, otherOffset + 8 + keyLength)) {
                    return slot;
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    private static int hash(byte[] block, int offset) {
        int keyLength = LocalDiff.SerialisedRecords.keyLength(block, offset);
        int hash = 0;
        for (int i = offset + 8; i < offset + 8 + keyLength; i++) {
            hash = 31 * hash + block[i];
        }
        hash ^= hash >>> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >>> 13;
        hash *= 0xc2b2ae35;
        return hash ^ (hash >>> 16);
    }
}
