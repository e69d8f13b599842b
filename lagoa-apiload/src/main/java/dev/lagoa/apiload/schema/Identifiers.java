package dev.lagoa.apiload.schema;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * PostgreSQL identifiers made from JSON keys: {@code snake_case}, lower-case ASCII (accents folded, camelCase split,
 * anything else becomes {@code _}), at most {@value #MAX_BYTES} bytes (a longer name keeps its start and ends with a
 * hash of the whole name), and always quoted when written into SQL. A double underscore is reserved for nesting
 * ({@code parent__child}), so runs of underscores in a key collapse to one.
 */
public final class Identifiers {
    /** PostgreSQL's NAMEDATALEN - 1: a longer identifier would be silently truncated by the server. */
    public static final int MAX_BYTES = 63;
    private static final int HASH_LENGTH = 8;

    private Identifiers() {}

    /** The column-name form of one JSON key; never empty, at most {@value #MAX_BYTES} bytes. */
    public static String normalize(String key) {
        requireNonNull(key, "key is null");
        String split = key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2");
        String folded = Normalizer.normalize(split, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String name = folded.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("_+", "_");
        name = strip(name);
        if (name.isEmpty()) {
            // A key made only of symbols or emoji: named after its hash so that two such keys stay apart.
            return "field_" + hash(key);
        }
        if (Character.isDigit(name.charAt(0))) {
            name = "_" + name;
        }
        return limit(name);
    }

    /** {@code name} cut to {@value #MAX_BYTES} bytes: its start, {@code _} and a hash of the whole name. */
    public static String limit(String name) {
        requireNonNull(name, "name is null");
        if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return name;
        }
        String start = name.substring(0, MAX_BYTES - HASH_LENGTH - 1);
        return start + "_" + hash(name);
    }

    /**
     * A name based on {@code base} that is not in {@code taken}: {@code base}, else {@code base_2}, {@code base_3}...
     * (each within the length limit). Keys that differ only by case get distinct, stable names this way.
     */
    public static String unique(String base, Set<String> taken) {
        String candidate = limit(base);
        for (int suffix = 2; taken.contains(candidate); suffix++) {
            String end = "_" + suffix;
            String limited = limit(base);
            candidate = limited.length() + end.length() > MAX_BYTES ? limited.substring(0, MAX_BYTES - end.length()) + end : limited + end;
        }
        return candidate;
    }

    /** The identifier quoted for SQL: {@code "name"}, with inner quotes doubled. */
    public static String quote(String identifier) {
        requireNonNull(identifier, "identifier is null");
        if (identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Not an identifier: '" + identifier + "'");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * {@code text} as a SQL string literal, for the statements that take no parameters ({@code COMMENT ON}): quotes
     * doubled, and, when it holds a backslash, an escape string with the backslashes doubled ({@code E'...'}), as
     * PostgreSQL's own {@code quote_literal} does, so that it reads the same whatever {@code standard_conforming_strings} says.
     */
    public static String literal(String text) {
        requireNonNull(text, "text is null");
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("A SQL literal cannot hold the character NUL");
        }
        String quoted = text.replace("'", "''");
        return quoted.indexOf('\\') >= 0 ? "E'" + quoted.replace("\\", "\\\\") + "'" : "'" + quoted + "'";
    }

    /** {@code "schema"."name"}. */
    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    /** The first 8 hexadecimal digits of the SHA-256 of {@code text}. */
    static String hash(String text) {
        return sha256(text).substring(0, HASH_LENGTH);
    }

    /** The SHA-256 of {@code text} in hexadecimal. */
    public static String sha256(String text) {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The first 32 hexadecimal digits (128 bits) of the SHA-256 of {@code text}: the loader's row ids. */
    public static String sha256Id(String text) {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    /** A digest per thread: looking one up costs more than hashing a key. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    });

    private static String strip(String name) {
        int start = 0;
        int end = name.length();
        while (start < end && name.charAt(start) == '_') {
            start++;
        }
        while (end > start && name.charAt(end - 1) == '_') {
            end--;
        }
        return name.substring(start, end);
    }
}
