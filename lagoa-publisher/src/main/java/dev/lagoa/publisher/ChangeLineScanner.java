package dev.lagoa.publisher;

import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Checks one change line in place and finds its top-level {@code op} and {@code key}, allocating nothing for a valid
 * line: one pass over the bytes that accepts exactly what Jackson's strict parser accepts of a JSON object (RFC 8259:
 * no comments, no single quotes, no leading zeros, no {@code NaN}, no trailing commas; Jackson's default limits of
 * 1,000 levels of nesting and 1,000 digits per number), and checks the UTF-8 of the whole line strictly (no overlong
 * forms, no encoded surrogates, nothing above U+10FFFF), which Jackson only does loosely.
 *
 * <p>Members may repeat; the last {@code op} and the last {@code key} count, as they do for Jackson. A {@code key}
 * that is neither an object nor {@code null} stops the scan at once, as it stopped Jackson's pass.
 *
 * <p>Not thread-safe: one scanner per reader, reused line after line.
 */
final class ChangeLineScanner {
    /** Jackson's default {@code StreamReadConstraints}: the deepest nesting and the longest number accepted. */
    static final int MAX_DEPTH = 1000;
    static final int MAX_NUMBER_LENGTH = 1000;

    /** Eight bytes at a time, to pass over plain text and find newlines (the first match is the lowest byte). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * ' ';

    private static final byte PLAIN = 0;
    private static final byte QUOTE = 1;
    private static final byte BACKSLASH = 2;
    private static final byte CONTROL = 3;
    private static final byte NOT_UTF8 = 4;
    /** A UTF-8 lead byte: the class is the number of bytes of its sequence (2, 3 or 4), see {@link #utf8Sequence}. */
    private static final byte[] STRING_BYTES = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            byte kind;
            if (c < 0x20) {
                kind = CONTROL;
            } else if (c == '"') {
                kind = QUOTE;
            } else if (c == '\\') {
                kind = BACKSLASH;
            } else if (c < 0x80) {
                kind = PLAIN;
            } else if (c >= 0xC2 && c <= 0xDF) {
                kind = 5;
            } else if (c >= 0xE0 && c <= 0xEF) {
                kind = 6;
            } else if (c >= 0xF0 && c <= 0xF4) {
                kind = 7;
            } else {
                kind = NOT_UTF8; // continuation bytes, C0 and C1 (always overlong), F5 to FF (above U+10FFFF)
            }
            STRING_BYTES[c] = kind;
        }
    }

    private byte[] bytes;
    private int position;
    private int end;
    /** Per open container, deepest last: true for an array, false for an object. */
    private final boolean[] arrays = new boolean[MAX_DEPTH + 2];
    private int opFrom;
    private int opTo;
    private char op;
    private int keyFrom;
    private int keyTo;

    /**
     * Scans {@code bytes[from, to)}: null when the line is a JSON object with a usable {@code op} and {@code key},
     * else the reason it is not a change record ({@code not JSON: ...}, {@code not valid UTF-8}, {@code not a JSON
     * object}, {@code no op}, {@code op 'x' is not c, u or d}, {@code no key}, {@code key is not a JSON object}).
     */
    String scan(byte[] line, int from, int to) {
        bytes = line;
        position = from;
        end = to;
        opFrom = -1;
        keyFrom = -1;
        try {
            if (end - position >= 3 && bytes[position] == (byte) 0xEF && bytes[position + 1] == (byte) 0xBB && bytes[position + 2] == (byte) 0xBF) {
                position += 3; // a byte order mark, which Jackson skips
            }
            skipWhitespace();
            if (position == end) {
                return "not a JSON object";
            }
            if (bytes[position] != '{') {
                return rootValue();
            }
            position++;
            members();
            skipWhitespace();
            if (position < end) {
                return "not JSON: content after the object";
            }
        } catch (Malformed e) {
            return e.reason;
        }
        return meaning();
    }

    /** After a successful {@link #scan}: {@code c}, {@code u} or {@code d}. */
    char op() {
        return op;
    }

    /** After a successful {@link #scan}: where the key's object starts in the line, and ends (exclusive). */
    int keyFrom() {
        return keyFrom;
    }

    int keyTo() {
        return keyTo;
    }

    /** The checks of a well-formed object, in Jackson's pass's order: op present, op one of c/u/d, key present. */
    private String meaning() {
        if (opFrom < 0 || bytes[opFrom] == 'n') {
            return "no op";
        }
        if (opTo - opFrom == 3 && bytes[opFrom] == '"') {
            op = (char) bytes[opFrom + 1];
        } else {
            String text = opText(); // rare: an escape, or not a one-letter string
            op = text.length() == 1 ? text.charAt(0) : 0;
        }
        if (op != 'c' && op != 'u' && op != 'd') {
            return "op '%s' is not c, u or d".formatted(opText());
        }
        if (keyFrom < 0) {
            return "no key";
        }
        return null;
    }

    /** The op's text as Jackson's {@code getText()} gives it: a string's decoded value, else the value as written. */
    private String opText() {
        if (bytes[opFrom] != '"') {
            return new String(bytes, opFrom, opTo - opFrom, StandardCharsets.UTF_8);
        }
        return decodeString(opFrom, opTo);
    }

    /** The top-level object's members, after its '{'. */
    private void members() {
        arrays[1] = false;
        skipWhitespace();
        if (peek() == '}') {
            position++;
            return;
        }
        while (true) {
            if (peek() != '"') {
                throw unexpected("a field name in double quotes");
            }
            int nameFrom = position;
            string();
            int nameTo = position;
            skipWhitespace();
            if (peek() != ':') {
                throw unexpected("':' after a field name");
            }
            position++;
            skipWhitespace();
            int name = memberName(nameFrom, nameTo);
            if (name == 'o') {
                opFrom = position;
                value(1);
                opTo = position;
            } else if (name == 'k') {
                keyValue();
            } else {
                value(1);
            }
            skipWhitespace();
            int c = peek();
            if (c == ',') {
                position++;
                skipWhitespace();
            } else if (c == '}') {
                position++;
                return;
            } else {
                throw unexpected("',' or '}' after a field's value");
            }
        }
    }

    /** 'o' for {@code "op"}, 'k' for {@code "key"}, 0 for any other name; names with escapes are decoded first. */
    private int memberName(int from, int to) {
        int length = to - from;
        if (length == 4 && bytes[from + 1] == 'o' && bytes[from + 2] == 'p') {
            return 'o';
        }
        if (length == 5 && bytes[from + 1] == 'k' && bytes[from + 2] == 'e' && bytes[from + 3] == 'y') {
            return 'k';
        }
        for (int i = from + 1; i < to - 1; i++) {
            if (bytes[i] == '\\') {
                String name = decodeString(from, to);
                return name.equals("op") ? 'o' : name.equals("key") ? 'k' : 0;
            }
        }
        return 0;
    }

    /** The top-level key's value: an object (kept as a byte span), null (no key), or anything else, which stops here. */
    private void keyValue() {
        int c = peek();
        if (c == '{') {
            keyFrom = position;
            value(1);
            keyTo = position;
        } else if (c == 'n') {
            literal("null");
            keyFrom = -1;
        } else if (c == '[' || c == '"') {
            throw new Malformed("key is not a JSON object");
        } else if (c == 't' || c == 'f' || c == '-' || (c >= '0' && c <= '9')) {
            value(1); // a scalar Jackson reads whole before its pass looks at it: a malformed one is not JSON
            throw new Malformed("key is not a JSON object");
        } else {
            throw unexpected("a value");
        }
    }

    /**
     * A value that is not an object at the top of the line: Jackson's first token decides (an array, a string, a
     * number or a literal is "not a JSON object"; a malformed number or literal, or any other character, is not JSON).
     */
    private String rootValue() {
        int c = peek();
        if (c == '[' || c == '"') {
            return "not a JSON object";
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            number();
            if (position < end) {
                int next = bytes[position];
                if (next != ' ' && next != '\t' && next != '\r' && next != '\n') {
                    throw unexpected("white space after a number at the top level");
                }
            }
            return "not a JSON object";
        }
        if (c == 't') {
            literal("true");
        } else if (c == 'f') {
            literal("false");
        } else if (c == 'n') {
            literal("null");
        } else {
            throw unexpected("a JSON object");
        }
        return "not a JSON object";
    }

    /** One value at {@code position}, inside containers {@code depth} deep; the position ends after it. */
    private void value(int depth) {
        int base = depth;
        next:
        while (true) {
            skipWhitespace();
            switch (peek()) {
                case '"' -> string();
                case '{' -> {
                    depth = open(depth, false);
                    skipWhitespace();
                    if (peek() == '}') {
                        position++;
                        depth--;
                    } else {
                        name();
                        continue next;
                    }
                }
                case '[' -> {
                    depth = open(depth, true);
                    skipWhitespace();
                    if (peek() == ']') {
                        position++;
                        depth--;
                    } else {
                        continue next;
                    }
                }
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> number();
                default -> throw unexpected("a value");
            }
            // a value is complete: what follows it closes containers or starts the next value
            while (depth > base) {
                skipWhitespace();
                int c = peek();
                boolean array = arrays[depth];
                if (c == ',') {
                    position++;
                    if (!array) {
                        skipWhitespace();
                        name();
                    }
                    continue next;
                }
                if (c == (array ? ']' : '}')) {
                    position++;
                    depth--;
                } else {
                    throw unexpected(array ? "',' or ']' in an array" : "',' or '}' in an object");
                }
            }
            return;
        }
    }

    private int open(int depth, boolean array) {
        if (depth + 1 > MAX_DEPTH) {
            throw new Malformed("not JSON: nested deeper than %d levels".formatted(MAX_DEPTH));
        }
        position++;
        arrays[depth + 1] = array;
        return depth + 1;
    }

    /** A member's name and its colon, up to the start of its value. */
    private void name() {
        if (peek() != '"') {
            throw unexpected("a field name in double quotes");
        }
        string();
        skipWhitespace();
        if (peek() != ':') {
            throw unexpected("':' after a field name");
        }
        position++;
    }

    /** A string from its opening quote: escapes and UTF-8 checked; the position ends after the closing quote. */
    private void string() {
        int i = position + 1;
        byte[] b = bytes;
        int limit = end;
        while (true) {
            while (i + 8 <= limit) {
                long word = (long) LONGS.get(b, i);
                // quotes, backslashes, control characters and bytes beyond ASCII; else eight plain bytes
                long special = matches(word, QUOTES) | matches(word, BACKSLASHES) | ((word - SPACES) & ~word & HIGH_BITS) | (word & HIGH_BITS);
                if (special != 0) {
                    i += Long.numberOfTrailingZeros(special) >>> 3;
                    break;
                }
                i += 8;
            }
            if (i >= limit) {
                position = i;
                throw new Malformed("not JSON: the line ends inside a string");
            }
            int c = b[i] & 0xFF;
            switch (STRING_BYTES[c]) {
                case PLAIN -> i++;
                case QUOTE -> {
                    position = i + 1;
                    return;
                }
                case BACKSLASH -> i = escape(i);
                case CONTROL -> {
                    position = i;
                    throw new Malformed("not JSON: control character 0x%02x in a string at byte %d; it must be escaped".formatted(c, i));
                }
                case NOT_UTF8 -> throw new Malformed("not valid UTF-8");
                default -> i = utf8Sequence(i, STRING_BYTES[c] - 3);
            }
        }
    }

    /**
     * Where the first newline in {@code bytes[from, to)} is, or {@code to} when there is none. Eight bytes at a time:
     * of a word's flagged bytes, only those above a true match can be false, so the lowest flagged byte is the first.
     */
    static int indexOfNewline(byte[] bytes, int from, int to) {
        int i = from;
        while (i + 8 <= to) {
            long found = matches((long) LONGS.get(bytes, i), NEWLINES);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += 8;
        }
        while (i < to && bytes[i] != '\n') {
            i++;
        }
        return i;
    }

    /** The high bit of each byte of {@code word} equal to the byte repeated in {@code pattern} (and maybe of bytes above it). */
    private static long matches(long word, long pattern) {
        long x = word ^ pattern;
        return (x - ONES) & ~x & HIGH_BITS;
    }

    /** An escape at {@code i} (its backslash): where the string goes on after it. */
    private int escape(int i) {
        if (i + 1 >= end) {
            throw new Malformed("not JSON: the line ends inside a string");
        }
        int c = bytes[i + 1];
        switch (c) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return i + 2;
            }
            case 'u' -> {
                for (int k = i + 2; k < i + 6; k++) {
                    if (k >= end) {
                        throw new Malformed("not JSON: the line ends inside a string");
                    }
                    if (hex(bytes[k]) < 0) {
                        position = k;
                        throw unexpected("a hexadecimal digit in a \\u escape");
                    }
                }
                return i + 6;
            }
            default -> {
                position = i + 1;
                throw unexpected("an escape (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u)");
            }
        }
    }

    /** A multi-byte UTF-8 sequence of {@code length} bytes at {@code i}, checked strictly: where the string goes on. */
    private int utf8Sequence(int i, int length) {
        if (i + length > end) {
            throw new Malformed("not valid UTF-8");
        }
        int lead = bytes[i] & 0xFF;
        int second = bytes[i + 1] & 0xFF;
        int low = 0x80;
        int high = 0xBF;
        if (lead == 0xE0) {
            low = 0xA0; // else overlong
        } else if (lead == 0xED) {
            high = 0x9F; // else a surrogate
        } else if (lead == 0xF0) {
            low = 0x90; // else overlong
        } else if (lead == 0xF4) {
            high = 0x8F; // else above U+10FFFF
        }
        if (second < low || second > high) {
            throw new Malformed("not valid UTF-8");
        }
        for (int k = i + 2; k < i + length; k++) {
            if ((bytes[k] & 0xC0) != 0x80) {
                throw new Malformed("not valid UTF-8");
            }
        }
        return i + length;
    }

    /** A number, as RFC 8259 writes it, at most {@link #MAX_NUMBER_LENGTH} digits (Jackson's count). */
    private void number() {
        if (bytes[position] == '-') {
            position++;
        }
        int intFrom = position;
        int c = peekOrEnd();
        if (c == '0') {
            position++;
            if (isDigit(peekOrEnd())) {
                throw new Malformed("not JSON: a number with a leading zero at byte %d".formatted(position - 1));
            }
        } else if (isDigit(c)) {
            digits();
        } else {
            throw unexpected("a digit");
        }
        int intLength = position - intFrom;
        int length = intLength;
        boolean integer = true;
        if (peekOrEnd() == '.') {
            position++;
            int from = position;
            digits();
            if (position == from) {
                throw unexpected("a digit after a decimal point");
            }
            length += position - from;
            integer = false;
        }
        c = peekOrEnd();
        if (c == 'e' || c == 'E') {
            position++;
            c = peekOrEnd();
            if (c == '+' || c == '-') {
                position++;
            }
            int from = position;
            digits();
            if (position == from) {
                throw unexpected("a digit in an exponent");
            }
            length += position - from;
            integer = false;
        }
        if ((integer ? intLength : length) > MAX_NUMBER_LENGTH) {
            throw new Malformed("not JSON: a number of more than %d digits".formatted(MAX_NUMBER_LENGTH));
        }
    }

    private void digits() {
        byte[] b = bytes;
        int limit = end;
        int i = position;
        while (i < limit && (b[i] - '0' & 0xFF) < 10) {
            i++;
        }
        position = i;
    }

    /**
     * {@code true}, {@code false} or {@code null}; like Jackson, a letter, digit, underscore or any character beyond
     * ASCII right after it makes it an unknown word, at the top level too.
     */
    private void literal(String word) {
        int length = word.length();
        for (int k = 0; k < length; k++) {
            if (position + k >= end || bytes[position + k] != word.charAt(k)) {
                position += k;
                throw position >= end ? new Malformed("not JSON: the line ends inside '%s'".formatted(word)) : unexpected("'" + word + "'");
            }
        }
        position += length;
        if (position < end) {
            int c = bytes[position] & 0xFF;
            if (c >= 0x80) {
                codePointAt(position); // Jackson takes any character beyond ASCII here for part of the word
                throw new Malformed("not JSON: an unknown word at byte %d".formatted(position - length));
            }
            if (c >= '0' && c != ']' && c != '}' && Character.isJavaIdentifierPart(c)) {
                throw new Malformed("not JSON: an unknown word at byte %d".formatted(position - length));
            }
        }
    }

    private void skipWhitespace() {
        byte[] b = bytes;
        int limit = end;
        int i = position;
        // white space is rare in change lines: one test of the byte (all four are at most ' ') settles most calls
        while (i < limit && b[i] <= ' ' && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        position = i;
    }

    /** The byte at the position; the end of the line here is an error. */
    private int peek() {
        if (position >= end) {
            throw new Malformed("not JSON: the line ends before the object does");
        }
        return bytes[position];
    }

    private int peekOrEnd() {
        return position < end ? bytes[position] : -1;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The code point of a valid UTF-8 sequence at {@code i}; a sequence that is not valid UTF-8 is an error. */
    private int codePointAt(int i) {
        byte kind = STRING_BYTES[bytes[i] & 0xFF];
        if (kind < 5) {
            throw new Malformed("not valid UTF-8");
        }
        int length = kind - 3;
        utf8Sequence(i, length);
        return new String(bytes, i, length, StandardCharsets.UTF_8).codePointAt(0);
    }

    /** An unexpected byte at the position; one that starts no valid UTF-8 sequence makes the line not valid UTF-8. */
    private Malformed unexpected(String expected) {
        if (position >= end) {
            return new Malformed("not JSON: the line ends before the object does");
        }
        int c = bytes[position] & 0xFF;
        if (c >= 0x80) {
            codePointAt(position);
            return new Malformed("not JSON: unexpected character U+%04X at byte %d, expected %s".formatted(codePointAt(position), position, expected));
        }
        String shown = c < 0x20 || c == 0x7F ? "0x%02x".formatted(c) : "'" + (char) c + "'";
        return new Malformed("not JSON: unexpected character %s at byte %d, expected %s".formatted(shown, position, expected));
    }

    /** A string's value (from its opening quote to after its closing one, checked already), escapes decoded. */
    private String decodeString(int from, int to) {
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream(to - from);
        StringBuilder text = new StringBuilder(to - from);
        for (int i = from + 1; i < to - 1; i++) {
            byte c = bytes[i];
            if (c != '\\') {
                utf8.write(c);
                continue;
            }
            text.append(utf8.toString(StandardCharsets.UTF_8));
            utf8.reset();
            char escaped = (char) bytes[++i];
            switch (escaped) {
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> {
                    text.append((char) (hex(bytes[i + 1]) << 12 | hex(bytes[i + 2]) << 8 | hex(bytes[i + 3]) << 4 | hex(bytes[i + 4])));
                    i += 4;
                }
                default -> text.append(escaped);
            }
        }
        return text.append(utf8.toString(StandardCharsets.UTF_8)).toString();
    }

    /** A line that is not a change record, with its reason; no stack trace (it is an answer, not a fault). */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String reason;

        Malformed(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }
    }
}
