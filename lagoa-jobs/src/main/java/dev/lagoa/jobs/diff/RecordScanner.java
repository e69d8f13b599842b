package dev.lagoa.jobs.diff;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a record's key and the {@link CanonicalForm} of its value straight from its UTF-8 bytes, in one pass that
 * creates no object per field: names and strings are decoded into the canonical form's buffer, numbers canonicalised
 * from their digits, and an object's fields put in order by moving their bytes. The same key and form as
 * {@link JsonRecords} writes from the record's tree, for every record it accepts; it accepts only the plain case —
 * strict JSON (RFC 8259, with well-formed UTF-8 and no encoded surrogates), a JSON object, no name twice in an object,
 * every key field a string, number or boolean reached through objects, no key under an ignored field, nesting and
 * numbers within bounds — and leaves anything else to the tree, whose reject names the problem. Not thread-safe.
 */
final class RecordScanner {
    /** Deeper records go to the tree, whose reader allows 500 levels. */
    private static final int MAX_DEPTH = 256;
    /** Longer numbers go to the tree, whose reader allows 1000 characters. */
    private static final int MAX_NUMBER_LENGTH = 900;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final boolean nullEqualsAbsent;
    private final byte[][] keyPaths;
    /** The key paths and every path leading to one ({@code cliente} for {@code cliente.id}). */
    private final byte[][] keyPrefixes;
    private final byte[][] ignoredPaths;
    /** Bit {@code n} set when some path of the array of the same name is {@code n} bytes long (63: any longer). */
    private final long keyPathLengths;
    private final long keyPrefixLengths;
    private final long ignoredPathLengths;
    /** {@code "id":} for each key path, as the key's text writes it. */
    private final String[] keyNames;
    private final CanonicalForm form = new CanonicalForm();

    private byte[] in;
    private int pos;
    private int end;
    /** The path of the object being read (names joined by dots), kept while it may lead to a key or an ignored field. */
    private byte[] path = new byte[256];
    private int pathLength;
    /** The key fields' canonical texts, and their kinds ({@code s}, {@code n}, {@code t}, {@code f}; 0 while unseen). */
    private byte[] keyBytes = new byte[256];
    private int keyBytesLength;
    private final int[] keyStarts;
    private final int[] keyEnds;
    private final char[] keyKinds;
    private final StringBuilder key = new StringBuilder(64);

    RecordScanner(DiffOptions options) {
        this.nullEqualsAbsent = options.nullEqualsAbsent();
        int keys = options.keyPaths().size();
        this.keyPaths = new byte[keys][];
        this.keyNames = new String[keys];
        List<byte[]> prefixes = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            String keyPath = options.keyPaths().get(i);
            keyPaths[i] = utf8(keyPath);
            StringBuilder name = new StringBuilder();
            JsonRecords.appendString(name, keyPath);
            keyNames[i] = name.append(':').toString();
            for (int dot = keyPath.indexOf('.'); dot >= 0; dot = keyPath.indexOf('.', dot + 1)) {
                prefixes.add(utf8(keyPath.substring(0, dot)));
            }
            prefixes.add(keyPaths[i]);
        }
        this.keyPrefixes = prefixes.toArray(new byte[0][]);
        this.ignoredPaths = options.ignoredPaths().stream().map(RecordScanner::utf8).toArray(byte[][]::new);
        this.keyPathLengths = lengths(keyPaths);
        this.keyPrefixLengths = lengths(keyPrefixes);
        this.ignoredPathLengths = lengths(ignoredPaths);
        this.keyStarts = new int[keys];
        this.keyEnds = new int[keys];
        this.keyKinds = new char[keys];
    }

    private static long lengths(byte[][] paths) {
        long lengths = 0;
        for (byte[] path : paths) {
            lengths |= 1L << Math.min(63, path.length);
        }
        return lengths;
    }

    /** A path's bytes as the canonical form writes a name. */
    private static byte[] utf8(String path) {
        CanonicalForm text = new CanonicalForm();
        text.putText(path);
        return Arrays.copyOfRange(text.bytes, 4, text.length);
    }

    /** The record's key (as {@link JsonRecords#key} writes it), its digest in {@code digest}; null when it is not the plain case. */
    String keyAndDigest(byte[] bytes, int offset, int count, long[] digest) {
        String text = scan(bytes, offset, count) ? keyText() : null;
        if (text != null) {
            form.digest(digest);
        }
        return text;
    }

    /** A copy of the record's canonical form, or null when it is not the plain case. */
    byte[] canonicalForm(byte[] bytes, int offset, int count) {
        return scan(bytes, offset, count) && keyText() != null ? Arrays.copyOf(form.bytes, form.length) : null;
    }

    /** Reads the record into the form and the key fields; false when it is not the plain case. */
    private boolean scan(byte[] bytes, int offset, int count) {
        in = bytes;
        pos = offset;
        end = offset + count;
        form.reset();
        pathLength = 0;
        keyBytesLength = 0;
        Arrays.fill(keyKinds, (char) 0);
        skipWhitespace();
        if (pos >= end || in[pos] != '{') {
            return false;
        }
        pos++;
        if (!object(1, true, true)) {
            return false;
        }
        skipWhitespace();
        return pos == end;
    }

    private String keyText() {
        key.setLength(0);
        for (int i = 0; i < keyKinds.length; i++) {
            key.append(i == 0 ? '{' : ',').append(keyNames[i]);
            int from = keyStarts[i];
            int to = keyEnds[i];
            switch (keyKinds[i]) {
                case 's' -> {
                    boolean plain = true;
                    for (int at = from; at < to && plain; at++) {
                        byte b = keyBytes[at];
                        plain = b >= 0x20 && b != '"' && b != '\\' && b != 0x7f;
                    }
                    if (plain) {
                        key.append('"');
                        for (int at = from; at < to; at++) {
                            key.append((char) keyBytes[at]);
                        }
                        key.append('"');
                    } else {
                        for (int at = from; at + 1 < to; at++) {
                            if (keyBytes[at] == (byte) 0xED && (keyBytes[at + 1] & 0xff) >= 0xA0) {
                                return null; // a lone surrogate, which a Java string holds and UTF-8 does not
                            }
                        }
                        JsonRecords.appendString(key, new String(keyBytes, from, to - from, StandardCharsets.UTF_8));
                    }
                }
                case 'n' -> {
                    for (int at = from; at < to; at++) {
                        key.append((char) keyBytes[at]);
                    }
                }
                case 't' -> key.append("true");
                case 'f' -> key.append("false");
                default -> {
                    return null; // a key field is missing
                }
            }
        }
        return key.append('}').toString();
    }

    /**
     * Reads an object's fields, after its {@code {}. {@code tracked}: {@link #path} holds the object's path;
     * {@code keyChain}: that path, through objects only, leads to a key field.
     */
    private boolean object(int depth, boolean tracked, boolean keyChain) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        form.put('{');
        int regionStart = form.length;
        int fields = form.startFields();
        boolean sorted = true;
        skipWhitespace();
        if (pos < end && in[pos] == '}') {
            pos++;
            form.put('}');
            return form.endFields(fields, regionStart, true);
        }
        while (true) {
            if (pos >= end || in[pos] != '"') {
                return false;
            }
            pos++;
            int fieldStart = form.length;
            if (!text()) {
                return false;
            }
            int nameStart = fieldStart + 4;
            int nameLength = form.length - nameStart;
            long prefix = form.prefix(fieldStart);
            if (sorted && !form.follows(fields, fieldStart, prefix)) {
                sorted = false;
            }
            skipWhitespace();
            if (pos >= end || in[pos] != ':') {
                return false;
            }
            pos++;
            skipWhitespace();
            if (pos >= end) {
                return false;
            }
            int keyIndex = -1;
            boolean childKeyChain = false;
            boolean ignored = false;
            if (tracked) {
                if (keyChain) {
                    keyIndex = match(keyPaths, keyPathLengths, nameStart, nameLength);
                    childKeyChain = match(keyPrefixes, keyPrefixLengths, nameStart, nameLength) >= 0;
                    if ((keyIndex >= 0 || childKeyChain) && contains(form.bytes, nameStart, nameLength, (byte) '.')) {
                        // a name with a dot is never a step of a key path, whose dots step into nested objects
                        keyIndex = -1;
                        childKeyChain = false;
                    }
                }
                ignored = ignoredPaths.length > 0 && match(ignoredPaths, ignoredPathLengths, nameStart, nameLength) >= 0;
            }
            byte first = in[pos];
            boolean dropped = nullEqualsAbsent && first == 'n';
            if (ignored && !dropped) {
                if (childKeyChain) {
                    return false;
                }
                dropped = true;
            }
            boolean childTracked = ignoredPaths.length > 0 || childKeyChain;
            int savedPath = pathLength;
            if (childTracked && (first == '{' || first == '[')) {
                appendPath(nameStart, nameLength);
            }
            int valueStart = form.length;
            boolean read = value(depth, childTracked, childKeyChain);
            pathLength = savedPath;
            if (!read) {
                return false;
            }
            if (keyIndex >= 0 && !keepKey(keyIndex, valueStart)) {
                return false;
            }
            form.field(fieldStart, prefix, !dropped);
            skipWhitespace();
            if (pos >= end) {
                return false;
            }
            byte next = in[pos++];
            if (next == '}') {
                break;
            }
            if (next != ',') {
                return false;
            }
            skipWhitespace();
        }
        if (!form.endFields(fields, regionStart, sorted)) {
            return false;
        }
        form.put('}');
        return true;
    }

    private boolean array(int depth, boolean tracked) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        form.put('[');
        skipWhitespace();
        if (pos < end && in[pos] == ']') {
            pos++;
            form.put(']');
            return true;
        }
        while (true) {
            if (pos >= end || !value(depth, tracked, false)) {
                return false;
            }
            skipWhitespace();
            if (pos >= end) {
                return false;
            }
            byte next = in[pos++];
            if (next == ']') {
                form.put(']');
                return true;
            }
            if (next != ',') {
                return false;
            }
            skipWhitespace();
        }
    }

    /** Reads the value at {@link #pos} (not at the end) into the form. */
    private boolean value(int depth, boolean tracked, boolean keyChain) {
        byte first = in[pos];
        switch (first) {
            case '{' -> {
                pos++;
                return object(depth + 1, tracked, keyChain);
            }
            case '[' -> {
                pos++;
                return array(depth + 1, tracked);
            }
            case '"' -> {
                pos++;
                form.put('s');
                return text();
            }
            case 't' -> {
                return literal("true", 't');
            }
            case 'f' -> {
                return literal("false", 'f');
            }
            case 'n' -> {
                return literal("null", 'z');
            }
            default -> {
                return number();
            }
        }
    }

    /** Copies the key field's text (the value just written at {@code valueStart}); false when it is not a scalar. */
    private boolean keepKey(int index, int valueStart) {
        char kind = (char) form.bytes[valueStart];
        if (kind != 's' && kind != 'n' && kind != 't' && kind != 'f') {
            return false;
        }
        int from = kind == 't' || kind == 'f' ? valueStart + 1 : valueStart + 5;
        int length = form.length - from;
        if (keyBytesLength + length > keyBytes.length) {
            keyBytes = Arrays.copyOf(keyBytes, Math.max(keyBytes.length * 2, keyBytesLength + length));
        }
        System.arraycopy(form.bytes, from, keyBytes, keyBytesLength, length);
        keyStarts[index] = keyBytesLength;
        keyBytesLength += length;
        keyEnds[index] = keyBytesLength;
        keyKinds[index] = kind;
        return true;
    }

    private boolean literal(String word, char tag) {
        int length = word.length();
        if (end - pos < length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (in[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        pos += length;
        form.put(tag);
        return true;
    }

    /**
     * Decodes a string's text, after its opening quote, into the form (its length, then its bytes), up to and past its
     * closing quote. Decoding never makes it longer, so room for the rest of the input is room enough.
     */
    private boolean text() {
        form.ensure(4 + end - pos);
        byte[] out = form.bytes;
        int start = form.length;
        int o = start + 4;
        int p = pos;
        byte[] bytes = in;
        int limit = end;
        while (true) {
            // eight plain bytes (ASCII, no quote, backslash or control character) at a time, then one at a time
            while (p + 8 <= limit) {
                long eight = (long) LONGS.get(bytes, p);
                if (((eight - 0x2020202020202020L | eight | (eight ^ 0x2222222222222222L) - 0x0101010101010101L
                        | (eight ^ 0x5C5C5C5C5C5C5C5CL) - 0x0101010101010101L) & 0x8080808080808080L) != 0) {
                    break;
                }
                LONGS.set(out, o, eight);
                p += 8;
                o += 8;
            }
            int run = p;
            while (p < limit) {
                byte b = bytes[p];
                if (b < 0x20 || b == '"' || b == '\\') {
                    break;
                }
                p++;
            }
            System.arraycopy(bytes, run, out, o, p - run);
            o += p - run;
            if (p >= limit) {
                return false;
            }
            byte b = bytes[p];
            if (b == '"') {
                p++;
                break;
            } else if (b < 0) {
                int n = utf8Sequence(bytes, p, limit);
                if (n == 0) {
                    return false;
                }
                for (int i = 0; i < n; i++) {
                    out[o++] = bytes[p++];
                }
            } else if (b == '\\') {
                if (p + 1 >= limit) {
                    return false;
                }
                byte e = bytes[p + 1];
                p += 2;
                switch (e) {
                    case '"', '\\', '/' -> out[o++] = e;
                    case 'b' -> out[o++] = '\b';
                    case 'f' -> out[o++] = '\f';
                    case 'n' -> out[o++] = '\n';
                    case 'r' -> out[o++] = '\r';
                    case 't' -> out[o++] = '\t';
                    case 'u' -> {
                        int unit = hex4(bytes, p, limit);
                        if (unit < 0) {
                            return false;
                        }
                        p += 4;
                        if (Character.isHighSurrogate((char) unit) && p + 6 <= limit && bytes[p] == '\\' && bytes[p + 1] == 'u') {
                            int low = hex4(bytes, p + 2, limit);
                            if (low >= 0 && Character.isLowSurrogate((char) low)) {
                                p += 6;
                                form.length = o;
                                form.putCodePoint(Character.toCodePoint((char) unit, (char) low));
                                o = form.length;
                                continue;
                            }
                        }
                        if (unit < 0x80) {
                            out[o++] = (byte) unit;
                        } else if (unit < 0x800) {
                            out[o++] = (byte) (0xC0 | (unit >>> 6));
                            out[o++] = (byte) (0x80 | (unit & 0x3F));
                        } else {
                            out[o++] = (byte) (0xE0 | (unit >>> 12));
                            out[o++] = (byte) (0x80 | ((unit >>> 6) & 0x3F));
                            out[o++] = (byte) (0x80 | (unit & 0x3F));
                        }
                    }
                    default -> {
                        return false;
                    }
                }
            } else {
                return false; // a control character, which JSON wants escaped
            }
        }
        pos = p;
        form.length = o;
        form.patchLength(start);
        return true;
    }

    /**
     * The length of the well-formed UTF-8 sequence of two to four bytes at {@code p}, or 0: no overlong form, no
     * surrogate, nothing above U+10FFFF.
     */
    private static int utf8Sequence(byte[] bytes, int p, int limit) {
        int b0 = bytes[p] & 0xff;
        if (b0 < 0xC2) {
            return 0;
        }
        if (b0 < 0xE0) {
            return p + 1 < limit && continuation(bytes[p + 1]) ? 2 : 0;
        }
        if (b0 < 0xF0) {
            if (p + 2 >= limit) {
                return 0;
            }
            int b1 = bytes[p + 1] & 0xff;
            boolean second = b0 == 0xE0 ? b1 >= 0xA0 && b1 <= 0xBF : b0 == 0xED ? b1 >= 0x80 && b1 <= 0x9F : b1 >= 0x80 && b1 <= 0xBF;
            return second && continuation(bytes[p + 2]) ? 3 : 0;
        }
        if (b0 < 0xF5) {
            if (p + 3 >= limit) {
                return 0;
            }
            int b1 = bytes[p + 1] & 0xff;
            boolean second = b0 == 0xF0 ? b1 >= 0x90 && b1 <= 0xBF : b0 == 0xF4 ? b1 >= 0x80 && b1 <= 0x8F : b1 >= 0x80 && b1 <= 0xBF;
            return second && continuation(bytes[p + 2]) && continuation(bytes[p + 3]) ? 4 : 0;
        }
        return 0;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    private static int hex4(byte[] bytes, int p, int limit) {
        if (p + 4 > limit) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(bytes[p + i], 16);
            if (digit < 0 || bytes[p + i] < 0) {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    /** Reads a number (RFC 8259's grammar) and writes its canonical text. */
    private boolean number() {
        int start = pos;
        int p = pos;
        if (p < end && in[p] == '-') {
            p++;
        }
        if (p >= end) {
            return false;
        }
        if (in[p] == '0') {
            p++;
        } else if (in[p] >= '1' && in[p] <= '9') {
            while (p < end && isDigit(in[p])) {
                p++;
            }
        } else {
            return false;
        }
        int point = -1;
        boolean exponent = false;
        if (p < end && in[p] == '.') {
            point = p++;
            int digits = p;
            while (p < end && isDigit(in[p])) {
                p++;
            }
            if (p == digits) {
                return false;
            }
        }
        if (p < end && (in[p] == 'e' || in[p] == 'E')) {
            exponent = true;
            p++;
            if (p < end && (in[p] == '+' || in[p] == '-')) {
                p++;
            }
            int digits = p;
            while (p < end && isDigit(in[p])) {
                p++;
            }
            if (p == digits) {
                return false;
            }
        }
        int length = p - start;
        if (length > MAX_NUMBER_LENGTH) {
            return false;
        }
        pos = p;
        form.put('n');
        if (point < 0 && !exponent) {
            // an integer's text is its canonical form (JSON allows no leading zero, no plus sign), but for -0 and
            // integers with so many trailing zeros that their canonical form has an exponent
            if (length == 2 && in[start] == '-' && in[start + 1] == '0') {
                return putAscii(start + 1, 1);
            }
            return length <= 64 || trailingZeros(start, p) <= 64 ? putAscii(start, length) : putBigDecimal(start, length);
        }
        if (!exponent && length <= 40) {
            return plainDecimal(start, point, p);
        }
        return putBigDecimal(start, length);
    }

    /** The canonical text of a decimal without exponent: trailing zeros of the fraction dropped, and the point with them when nothing is left. */
    private boolean plainDecimal(int start, int point, int end) {
        int last = end - 1;
        while (last > point && in[last] == '0') {
            last--;
        }
        if (last > point) {
            return putAscii(start, last - start + 1);
        }
        int integerStart = in[start] == '-' ? start + 1 : start;
        if (point - integerStart == 1 && in[integerStart] == '0') {
            return putAscii(point - 1, 1); // any zero is 0
        }
        return putAscii(start, point - start);
    }

    private int trailingZeros(int start, int end) {
        int zeros = 0;
        for (int at = end - 1; at >= start && in[at] == '0'; at--) {
            zeros++;
        }
        return zeros;
    }

    private boolean putAscii(int from, int length) {
        form.ensure(4 + length);
        int start = form.length;
        form.length += 4;
        System.arraycopy(in, from, form.bytes, form.length, length);
        form.length += length;
        form.patchLength(start);
        return true;
    }

    private boolean putBigDecimal(int from, int length) {
        try {
            form.putText(JsonRecords.canonicalNumber(new BigDecimal(new String(in, from, length, StandardCharsets.ISO_8859_1))));
            return true;
        } catch (NumberFormatException | ArithmeticException e) {
            return false;
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    private static boolean contains(byte[] bytes, int from, int length, byte wanted) {
        for (int i = from; i < from + length; i++) {
            if (bytes[i] == wanted) {
                return true;
            }
        }
        return false;
    }

    /** The index of the path in {@code paths} that equals {@link #path} followed by the name at {@code nameStart}, or -1. */
    private int match(byte[][] paths, long lengths, int nameStart, int nameLength) {
        int length = pathLength == 0 ? nameLength : pathLength + 1 + nameLength;
        if ((lengths & (1L << Math.min(63, length))) == 0) {
            return -1;
        }
        byte[] bytes = form.bytes;
        for (int i = 0; i < paths.length; i++) {
            byte[] candidate = paths[i];
            if (candidate.length != length) {
                continue;
            }
            int at = 0;
            if (pathLength > 0) {
                while (at < pathLength && candidate[at] == path[at]) {
                    at++;
                }
                if (at < pathLength || candidate[at++] != '.') {
                    continue;
                }
            }
            int name = 0;
            while (name < nameLength && candidate[at + name] == bytes[nameStart + name]) {
                name++;
            }
            if (name == nameLength) {
                return i;
            }
        }
        return -1;
    }

    private void appendPath(int nameStart, int nameLength) {
        int length = pathLength + (pathLength == 0 ? 0 : 1) + nameLength;
        if (length > path.length) {
            path = Arrays.copyOf(path, Math.max(length, path.length * 2));
        }
        if (pathLength > 0) {
            path[pathLength++] = '.';
        }
        System.arraycopy(form.bytes, nameStart, path, pathLength, nameLength);
        pathLength += nameLength;
    }
}
