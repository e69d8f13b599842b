package dev.lagoa.jobs.diff;

import java.util.Arrays;

/**
 * The bytes of a record's canonical form, which its digest is taken of; written by {@link JsonRecords} from a tree
 * and by {@link RecordScanner} from the record's bytes, the same bytes for the same value:
 *
 * <ul>
 *   <li>an object: {@code {}, its fields sorted by the bytes of their names (a name, then its value), {@code }};
 *   <li>an array: {@code [}, its elements in order, {@code ]};
 *   <li>a string: {@code s} and its text; a number: {@code n} and the text of {@link JsonRecords#canonicalNumber};
 *       {@code t}, {@code f} and {@code z} for true, false and null;
 *   <li>a text (a name, a string's value, a number): its length in bytes (4 bytes, big-endian), then its UTF-8, where a
 *       surrogate that is not half of a pair (which JSON's {@code \ud800} escape can write) takes the three bytes of
 *       its code unit (WTF-8), so that every string has one encoding and no two strings share it.
 * </ul>
 *
 * Not thread-safe.
 */
final class CanonicalForm {
    byte[] bytes = new byte[4096];
    int length;
    /** The fields of the objects being written, innermost last: where each starts, and where it ends ({@code ~end} if dropped). */
    private int[] spans = new int[64];
    /** The first 8 bytes of each field's name (zeros after a shorter name), which decide most comparisons of names. */
    private long[] prefixes = new long[32];
    private int spanTop;
    private int[] order = new int[64];
    private static final int ORDERS_KEPT = 128;
    /** The order last found for an object of {@code n} fields, by {@code n}. */
    private final int[][] lastOrders = new int[ORDERS_KEPT][];
    private byte[] scratch = new byte[4096];

    void reset() {
        length = 0;
        spanTop = 0;
    }

    /** Starts the fields of an object; returns what {@link #endFields} takes. */
    int startFields() {
        return spanTop;
    }

    /**
     * Notes a field written from {@code start} (its name) to here; a dropped field (a null taken as absent, an ignored
     * field) only takes part in finding names written twice, and leaves no bytes.
     */
    void field(int start, boolean kept) {
        field(start, prefix(start), kept);
    }

    /** {@link #field(int, boolean)} with the name's {@link #prefix} already known. */
    void field(int start, long prefix, boolean kept) {
        if (spanTop + 2 > spans.length) {
            spans = Arrays.copyOf(spans, spans.length * 2);
            prefixes = Arrays.copyOf(prefixes, spans.length / 2);
        }
        prefixes[spanTop / 2] = prefix;
        spans[spanTop++] = start;
        spans[spanTop++] = kept ? length : ~length;
    }

    /** Whether the name of the field starting at {@code start} (whose {@link #prefix} is given) sorts after that of the object's previous field. */
    boolean follows(int fields, int start, long prefix) {
        if (spanTop == fields) {
            return true;
        }
        int previous = spanTop / 2 - 1;
        int byPrefix = Long.compareUnsigned(prefixes[previous], prefix);
        return byPrefix < 0 || byPrefix == 0 && compareTexts(spans[spanTop - 2], start) < 0;
    }

    /** The first 8 bytes of the text at {@code start}, zeros after a shorter one, as an unsigned number. */
    long prefix(int start) {
        int length = Math.min(8, textLength(start));
        long prefix = 0;
        for (int i = 0; i < length; i++) {
            prefix = (prefix << 8) | (bytes[start + 4 + i] & 0xff);
        }
        return prefix << (8 * (8 - length));
    }

    /** Compares the names of the {@code left}-th and {@code right}-th fields of the object whose fields start at {@code fields}. */
    private int compareFields(int fields, int left, int right) {
        int byPrefix = Long.compareUnsigned(prefixes[fields / 2 + left], prefixes[fields / 2 + right]);
        return byPrefix != 0 ? byPrefix : compareTexts(spans[fields + 2 * left], spans[fields + 2 * right]);
    }

    /**
     * Ends the fields of an object that started at {@code regionStart}: puts them in the order of their names (unless
     * {@code sorted} says they are) and drops the dropped ones. Returns false when two fields have the same name.
     */
    boolean endFields(int fields, int regionStart, boolean sorted) {
        int count = (spanTop - fields) / 2;
        if (order.length < count) {
            order = new int[Math.max(count, order.length * 2)];
        }
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        boolean compact = !sorted;
        if (!sorted && !orderedAsBefore(fields, count)) {
            sort(fields, count);
            for (int i = 1; i < count; i++) {
                if (compareFields(fields, order[i - 1], order[i]) == 0) {
                    spanTop = fields;
                    return false;
                }
            }
            if (count < ORDERS_KEPT) {
                lastOrders[count] = Arrays.copyOf(order, count);
            }
        } else if (sorted) {
            for (int i = 0; i < count && !compact; i++) {
                compact = spans[fields + 2 * i + 1] < 0;
            }
        }
        if (compact) {
            int region = length - regionStart;
            if (scratch.length < region) {
                scratch = new byte[Math.max(region, scratch.length * 2)];
            }
            System.arraycopy(bytes, regionStart, scratch, 0, region);
            length = regionStart;
            for (int i = 0; i < count; i++) {
                int from = spans[fields + 2 * order[i]];
                int to = spans[fields + 2 * order[i] + 1];
                if (to >= 0) {
                    System.arraycopy(scratch, from - regionStart, bytes, length, to - from);
                    length += to - from;
                }
            }
        }
        spanTop = fields;
        return true;
    }

    /**
     * Whether the last order found for an object of as many fields puts these in strictly increasing order (records
     * of a snapshot mostly share their shapes); if so, it is in {@link #order}.
     */
    private boolean orderedAsBefore(int fields, int count) {
        int[] last = count < ORDERS_KEPT ? lastOrders[count] : null;
        if (last == null) {
            return false;
        }
        for (int i = 1; i < count; i++) {
            if (compareFields(fields, last[i - 1], last[i]) >= 0) {
                return false;
            }
        }
        System.arraycopy(last, 0, order, 0, count);
        return true;
    }

    private void sort(int fields, int count) {
        if (count <= 32) {
            for (int i = 1; i < count; i++) {
                int moving = order[i];
                int j = i - 1;
                while (j >= 0 && compareFields(fields, order[j], moving) > 0) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = moving;
            }
            return;
        }
        Integer[] boxed = new Integer[count];
        for (int i = 0; i < count; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (left, right) -> compareFields(fields, left, right));
        for (int i = 0; i < count; i++) {
            order[i] = boxed[i];
        }
    }

    void put(char tag) {
        ensure(1);
        bytes[length++] = (byte) tag;
    }

    /** Writes a text: its length, then its bytes as the class comment says. */
    void putText(String value) {
        int chars = value.length();
        ensure(4 + 3 * chars);
        int start = length;
        length += 4;
        for (int i = 0; i < chars; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                bytes[length++] = (byte) c;
            } else if (c < 0x800) {
                bytes[length++] = (byte) (0xC0 | (c >>> 6));
                bytes[length++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(value.charAt(i + 1))) {
                putCodePoint(Character.toCodePoint(c, value.charAt(++i)));
            } else {
                bytes[length++] = (byte) (0xE0 | (c >>> 12));
                bytes[length++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
                bytes[length++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        patchLength(start);
    }

    /** Writes a code point of four UTF-8 bytes (above U+FFFF); room for it must have been ensured. */
    void putCodePoint(int codePoint) {
        bytes[length++] = (byte) (0xF0 | (codePoint >>> 18));
        bytes[length++] = (byte) (0x80 | ((codePoint >>> 12) & 0x3F));
        bytes[length++] = (byte) (0x80 | ((codePoint >>> 6) & 0x3F));
        bytes[length++] = (byte) (0x80 | (codePoint & 0x3F));
    }

    /** Writes the length of the text that starts at {@code start} (where 4 bytes were kept for it) and ends here. */
    void patchLength(int start) {
        int value = length - start - 4;
        bytes[start] = (byte) (value >>> 24);
        bytes[start + 1] = (byte) (value >>> 16);
        bytes[start + 2] = (byte) (value >>> 8);
        bytes[start + 3] = (byte) value;
    }

    void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    /** The length of the text at {@code at}. */
    int textLength(int at) {
        return ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8) | (bytes[at + 3] & 0xff);
    }

    /** Compares the bytes, unsigned, of the texts at {@code left} and {@code right}. */
    int compareTexts(int left, int right) {
        int leftLength = textLength(left);
        int rightLength = textLength(right);
        int common = Math.min(leftLength, rightLength);
        for (int i = 0; i < common; i++) {
            int difference = (bytes[left + 4 + i] & 0xff) - (bytes[right + 4 + i] & 0xff);
            if (difference != 0) {
                return difference;
            }
        }
        return leftLength - rightLength;
    }

    /** The 128-bit digest of the bytes written, into {@code digest[0]} and {@code digest[1]}. */
    void digest(long[] digest) {
        Murmur3.hash128(bytes, 0, length, digest);
    }
}
