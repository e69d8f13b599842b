package dev.lagoa.jobs.diff;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * MurmurHash3's 128-bit variant for x64 (Austin Appleby's {@code MurmurHash3_x64_128}, public domain), the digest of
 * the diff's canonical form: 128 bits, several times faster than MD5. Like MD5 here, it tells equal records from
 * different ones; it is not meant to resist a writer who crafts records to collide.
 */
final class Murmur3 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Murmur3() {}

    /** The 128-bit hash of {@code bytes[offset, offset + length)} with seed 0, into {@code out[0]} (high) and {@code out[1]} (low). */
    static void hash128(byte[] bytes, int offset, int length, long[] out) {
        long h1 = 0;
        long h2 = 0;
        int end = offset + (length & ~15);
        int at = offset;
        for (; at < end; at += 16) {
            long k1 = (long) LONGS.get(bytes, at);
            long k2 = (long) LONGS.get(bytes, at + 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        long k1 = 0;
        long k2 = 0;
        int tail = length & 15;
        for (int i = tail - 1; i >= 8; i--) {
            k2 = (k2 << 8) | (bytes[at + i] & 0xffL);
        }
        for (int i = Math.min(tail, 8) - 1; i >= 0; i--) {
            k1 = (k1 << 8) | (bytes[at + i] & 0xffL);
        }
        if (tail > 8) {
            h2 ^= mixK2(k2);
        }
        if (tail > 0) {
            h1 ^= mixK1(k1);
        }
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 += h2;
        h2 += h1;
        out[0] = h1;
        out[1] = h2;
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
