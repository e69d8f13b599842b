package dev.lagoa.core.publish;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event of a batch: a key, a value and headers, all bytes. The value is null for a tombstone (on a compacted
 * topic, "this key is gone"). The key is never null: it decides the partition, so one key always lands on one
 * partition, in order. Headers keep their order.
 */
public record Event(byte[] key, byte[] value, Map<String, byte[]> headers) {
    public Event {
        requireNonNull(key, "key is null");
        requireNonNull(headers, "headers is null");
        Map<String, byte[]> copy = new LinkedHashMap<>();
        headers.forEach((name, header) -> copy.put(requireNonNull(name, "header name is null"), requireNonNull(header, "header value is null")));
        headers = Collections.unmodifiableMap(copy);
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
}
