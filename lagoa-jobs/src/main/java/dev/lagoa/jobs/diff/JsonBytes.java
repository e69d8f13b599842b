package dev.lagoa.jobs.diff;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON text built straight as UTF-8 bytes, reused from one record to the next: the change records embed whole
 * input records, whose bytes are copied as they are rather than decoded to text and encoded again. Not thread-safe.
 */
final class JsonBytes {
    private final StringBuilder escaped = new StringBuilder(64);
    private byte[] bytes = new byte[1 << 12];
    private int size;

    void reset() {
        size = 0;
    }

    /** Appends text known to be ASCII and to need no escaping (JSON punctuation, names, dates, ids). */
    JsonBytes ascii(String text) {
        room(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
        return this;
    }

    /** Appends JSON text as it is (such as a key already in JSON form), encoded as UTF-8. */
    JsonBytes text(String json) {
        return raw(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends a JSON value given as its UTF-8 bytes, or {@code null}. */
    JsonBytes json(byte[] value) {
        return value == null ? ascii("null") : raw(value);
    }

    /** Appends a JSON string literal of {@code value}. */
    JsonBytes string(String value) {
        escaped.setLength(0);
        JsonRecords.appendString(escaped, value);
        return text(escaped.toString());
    }

    JsonBytes number(long value) {
        return ascii(Long.toString(value));
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private JsonBytes raw(byte[] value) {
        room(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    private void room(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
        }
    }
}
