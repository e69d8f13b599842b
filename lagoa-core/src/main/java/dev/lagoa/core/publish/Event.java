package dev.lagoa.core.publish;

import static java.util.Objects.requireNonNull;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One event of a batch: a key, a value and headers, all bytes. The value is null for a tombstone (on a compacted
 * topic, "this key is gone"). The key is never null: it decides the partition, so one key always lands on one
 * partition, in order. Headers keep their order.
 */
public record Event(byte[] key, byte[] value, Map<String, byte[]> headers) {
    public Event {
        requireNonNull(key, "key is null");
        headers = headers(headers);
    }

    /**
     * An unmodifiable copy of {@code headers}, in their order, that events can share: an event given it keeps it as
     * it is, and a publisher may recognise it from one event to the next (a source whose events carry a handful of
     * header sets builds each once).
     *
     * @throws NullPointerException if {@code headers}, a name or a value is null
     */
    public static Map<String, byte[]> headers(Map<String, byte[]> headers) {
        requireNonNull(headers, "headers is null");
        if (headers instanceof Headers) {
            return headers;
        }
        Map<String, byte[]> copy = new LinkedHashMap<>();
        headers.forEach((name, header) -> copy.put(requireNonNull(name, "header name is null"), requireNonNull(header, "header value is null")));
        return new Headers(Collections.unmodifiableMap(copy));
    }

    public boolean isTombstone() {
        return value == null;
    }

    /** Bytes of key, value and headers: what the event weighs on the wire, before compression and framing. */
    public long size() {
        long size = key.length + (value == null ? 0 : value.length);
        for (var header : headers.entrySet()) {
            size += header.getKey().length() + header.getValue().length;
        }
        return size;
    }

    /** The headers of events: unmodifiable, in order, made only by {@link #headers(Map)}. */
    private static final class Headers extends AbstractMap<String, byte[]> {
        private final Map<String, byte[]> headers;

        Headers(Map<String, byte[]> headers) {
            this.headers = headers;
        }

        @Override
        public Set<Entry<String, byte[]>> entrySet() {
            return headers.entrySet();
        }

        @Override
        public byte[] get(Object name) {
            return headers.get(name);
        }

        @Override
        public boolean containsKey(Object name) {
            return headers.containsKey(name);
        }

        @Override
        public int size() {
            return headers.size();
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super byte[]> action) {
            headers.forEach(action);
        }
    }
}
