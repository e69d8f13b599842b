package dev.lagoa.core.lake;

import static dev.lagoa.core.ErrorCode.INVALID_OBJECT_KEY;
import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import java.nio.charset.StandardCharsets;

/**
 * An object key inside a bucket. Keys map to files of the local lake, so a key must never name anything outside its
 * bucket folder: no empty, {@code .} or {@code ..} segments, no leading slash, no backslash, no NUL or other control
 * characters, at most 1024 UTF-8 bytes (the S3 limit).
 */
public record ObjectKey(String value) implements Comparable<ObjectKey> {
    public static final int MAX_BYTES = 1024;

    public ObjectKey {
        requireNonNull(value, "value is null");
        String problem = problem(value);
        if (problem != null) {
            throw new LagoaException(INVALID_OBJECT_KEY, "Invalid object key '%s': %s".formatted(BucketName.printable(value), problem));
        }
    }

    public static ObjectKey of(String value) {
        return new ObjectKey(value);
    }

    /** Returns why {@code key} is not a valid object key, or null when it is. */
    public static String problem(String key) {
        if (key.isEmpty()) {
            return "it is empty";
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "longer than " + MAX_BYTES + " bytes";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == 0) {
                return "NUL characters are not allowed";
            }
            if (Character.isISOControl(c)) {
                return "control characters are not allowed";
            }
            if (c == '\\') {
                return "backslashes are not allowed";
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(key.charAt(i - 1)))) {
                return "it is not valid Unicode";
            }
        }
        if (key.startsWith("/")) {
            return "absolute keys are not allowed";
        }
        String[] segments = key.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals(".") || segment.equals("..")) {
                return "'.' and '..' segments are not allowed";
            }
            // a trailing slash (a "folder marker") is allowed; an empty segment in the middle is not
            if (segment.isEmpty() && i < segments.length - 1) {
                return "empty path segments ('//') are not allowed";
            }
        }
        return null;
    }

    public boolean startsWith(String prefix) {
        return value.startsWith(prefix);
    }

    @Override
    public int compareTo(ObjectKey other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
