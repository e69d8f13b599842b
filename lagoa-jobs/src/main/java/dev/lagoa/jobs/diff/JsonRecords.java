package dev.lagoa.jobs.diff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The comparison semantics of the diff, on parsed records: the canonical form (object key order and whitespace never
 * matter, numbers compare by value, JSON types always differ, arrays compare in order), its 128-bit digest, key
 * extraction and the list of changed paths. Not thread-safe: one instance per task.
 */
public final class JsonRecords {
    private final DiffOptions options;
    private final ObjectMapper mapper;
    private final com.fasterxml.jackson.databind.ObjectReader elementReader;
    private final MessageDigest md5;
    /** The streaming reader: the strict one without its duplicate detection, which sorting the names does here. */
    private final JsonFactory streaming;
    /** The key paths and every path leading to one ({@code cliente} for {@code cliente.id}). */
    private final java.util.Set<String> keyPrefixes = new java.util.HashSet<>();
    private byte[] buffer = new byte[4096];
    private int length;

    public JsonRecords(DiffOptions options) {
        this.options = options;
        this.mapper = mapper(options.maxRecordBytes());
        this.elementReader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.streaming = mapper.getFactory().copy().disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        for (String keyPath : options.keyPaths()) {
            for (int dot = keyPath.indexOf('.'); dot >= 0; dot = keyPath.indexOf('.', dot + 1)) {
                keyPrefixes.add(keyPath.substring(0, dot));
            }
            keyPrefixes.add(keyPath);
        }
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The strict reader of snapshot records: floats as exact decimals, duplicate field names and trailing content
     * are errors, strings and nesting bounded.
     */
    public static ObjectMapper mapper(int maxRecordBytes) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(Math.max(maxRecordBytes, 1024))
                        .maxNestingDepth(500)
                        .maxNumberLength(1000)
                        .build())
                .build();
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return new ObjectMapper(factory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Reads one element of a JSON array from a parser positioned on it (what follows it is the array's business). */
    public com.fasterxml.jackson.databind.ObjectReader elementReader() {
        return elementReader;
    }

    /** The key of a record as a JSON object of the key paths, or null with {@code problem[0]} set. */
    public String key(JsonNode record, String[] problem) {
        StringBuilder key = new StringBuilder(32).append('{');
        List<String> keyPaths = options.keyPaths();
        for (int i = 0; i < keyPaths.size(); i++) {
            String path = keyPaths.get(i);
            JsonNode value = at(record, path);
            if (value == null || value.isNull() || value.isMissingNode()) {
                problem[0] = "record has no value for key field '" + path + "'";
                return null;
            }
            if (value.isContainerNode()) {
                problem[0] = "key field '" + path + "' holds " + (value.isObject() ? "an object" : "an array") + "; keys must be strings, numbers or booleans";
                return null;
            }
            if (i > 0) {
                key.append(',');
            }
            appendString(key, path);
            key.append(':');
            appendScalar(key, value);
        }
        return key.append('}').toString();
    }

    private static JsonNode at(JsonNode record, String path) {
        JsonNode node = record;
        int start = 0;
        while (node != null) {
            int dot = path.indexOf('.', start);
            String name = dot < 0 ? path.substring(start) : path.substring(start, dot);
            node = node.isObject() ? node.get(name) : null;
            if (dot < 0) {
                return node;
            }
            start = dot + 1;
        }
        return null;
    }

    /** The 128-bit digest of the record's canonical form, as two longs. */
    public long[] digest(JsonNode record) {
        length = 0;
        canonical(record, "");
        return finishDigest();
    }

    private long[] finishDigest() {
        md5.update(buffer, 0, length);
        byte[] hash = md5.digest();
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (hash[i] & 0xff);
            low = (low << 8) | (hash[i + 8] & 0xff);
        }
        return new long[] {high, low};
    }

    /**
     * The key of a record read from its bytes as a token stream, its digest in {@code digest}: the same key and digest
     * as {@link #key(JsonNode, String[])} and {@link #digest(JsonNode)} give on its tree, without building the tree.
     * Returns null for anything but the plain case — not a JSON object, malformed, content after it, a key field
     * missing, null or not a scalar, an ignored field on the way to a key — and the caller reads the tree, whose
     * reject names the problem.
     */
    public String keyAndDigest(byte[] bytes, int offset, int count, long[] digest) {
        String[] keys = new String[options.keyPaths().size()];
        length = 0;
        try (JsonParser parser = streaming.createParser(bytes, offset, count)) {
            if (parser.nextToken() != JsonToken.START_OBJECT || !streamObject(parser, "", "", keys) || parser.nextToken() != null) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        StringBuilder key = new StringBuilder(32).append('{');
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == null) {
                return null;
            }
            if (i > 0) {
                key.append(',');
            }
            appendString(key, options.keyPaths().get(i));
            key.append(':').append(keys[i]);
        }
        long[] result = finishDigest();
        digest[0] = result[0];
        digest[1] = result[1];
        return key.append('}').toString();
    }

    /**
     * Writes the canonical form of the object the parser is in (after its START_OBJECT) as {@link #canonical} does:
     * its fields sorted by name. A name that appears twice fails, as the strict reader does. {@code keyPath} is the
     * object's path through objects only when it leads to a key field, else null; {@code keys} receives the key
     * fields' texts as {@link #key} writes them.
     */
    private boolean streamObject(JsonParser parser, String path, String keyPath, String[] keys) throws IOException {
        put('{');
        int start = length;
        String[] names = new String[8];
        int[] spans = new int[16];
        int fields = 0;
        boolean sorted = true;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            // a name with a dot is never a step of a key path (a key path's dots step into nested objects)
            String childKeyPath = keyPath == null || name.indexOf('.') >= 0 ? null : child(keyPath, name);
            if (childKeyPath != null && !keyPrefixes.contains(childKeyPath)) {
                childKeyPath = null;
            }
            if (childKeyPath != null) {
                int index = options.keyPaths().indexOf(childKeyPath);
                if (index >= 0) {
                    String text = keyScalar(parser, value);
                    if (text == null) {
                        return false;
                    }
                    keys[index] = text;
                }
            }
            int fieldStart = length;
            boolean skipped = options.nullEqualsAbsent() && value == JsonToken.VALUE_NULL;
            if (!skipped && !options.ignoredPaths().isEmpty() && options.ignoredPaths().contains(child(path, name))) {
                if (childKeyPath != null) {
                    return false;
                }
                parser.skipChildren();
                skipped = true;
            }
            if (!skipped) {
                putString(name);
                if (!streamValue(parser, value, options.ignoredPaths().isEmpty() ? path : child(path, name), childKeyPath, keys)) {
                    return false;
                }
            }
            if (fields == names.length) {
                names = java.util.Arrays.copyOf(names, fields * 2);
                spans = java.util.Arrays.copyOf(spans, fields * 4);
            }
            if (fields > 0 && names[fields - 1].compareTo(name) >= 0) {
                sorted = false;
            }
            names[fields] = name;
            // a skipped field (null, or ignored) has an empty span: it only takes part in finding duplicates
            spans[2 * fields] = fieldStart;
            spans[2 * fields + 1] = length;
            fields++;
        }
        if (token != JsonToken.END_OBJECT) {
            return false;
        }
        if (!sorted) {
            if (fields > 64) {
                return false; // a wide object unsorted: the tree sorts it
            }
            int[] order = new int[fields];
            for (int i = 0; i < fields; i++) {
                order[i] = i;
            }
            for (int i = 1; i < fields; i++) {
                int moving = order[i];
                int j = i - 1;
                while (j >= 0 && names[order[j]].compareTo(names[moving]) > 0) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = moving;
            }
            for (int i = 1; i < fields; i++) {
                if (names[order[i - 1]].equals(names[order[i]])) {
                    return false;
                }
            }
            byte[] written = java.util.Arrays.copyOfRange(buffer, start, length);
            length = start;
            for (int i : order) {
                int from = spans[2 * i];
                int to = spans[2 * i + 1];
                System.arraycopy(written, from - start, buffer, length, to - from);
                length += to - from;
            }
        }
        put('}');
        return true;
    }

    private boolean streamValue(JsonParser parser, JsonToken token, String path, String keyPath, String[] keys) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                return streamObject(parser, path, keyPath, keys);
            }
            case START_ARRAY -> {
                put('[');
                JsonToken element;
                while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (element == null || !streamValue(parser, element, path, null, keys)) {
                        return false;
                    }
                }
                put(']');
            }
            case VALUE_STRING -> {
                put('s');
                putChars(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            }
            case VALUE_NUMBER_INT -> {
                put('n');
                JsonParser.NumberType type = parser.getNumberType();
                if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                    // a JSON integer's text is its canonical form (no leading zeros, no plus sign), "-0" aside
                    char[] text = parser.getTextCharacters();
                    int from = parser.getTextOffset();
                    int count = parser.getTextLength();
                    if (count == 2 && text[from] == '-' && text[from + 1] == '0') {
                        putString("0");
                    } else {
                        putChars(text, from, count);
                    }
                } else {
                    putString(canonicalNumber(new BigDecimal(parser.getBigIntegerValue())));
                }
            }
            case VALUE_NUMBER_FLOAT -> {
                put('n');
                String plain = plainDecimal(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                putString(plain != null ? plain : canonicalNumber(parser.getDecimalValue()));
            }
            case VALUE_TRUE -> put('t');
            case VALUE_FALSE -> put('f');
            case VALUE_NULL -> put('z');
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #canonicalNumber} of a decimal written without exponent ({@code -12.50}), computed on its text: trailing
     * zeros of the fraction dropped, and the point with them when nothing is left; null for anything else (an
     * exponent, or more digits than this shortcut handles), which goes through {@link BigDecimal}.
     */
    static String plainDecimal(char[] text, int from, int count) {
        if (count > 40) {
            return null;
        }
        int end = from + count;
        int point = -1;
        for (int i = from; i < end; i++) {
            char c = text[i];
            if (c == '.') {
                point = i;
            } else if ((c < '0' || c > '9') && !(c == '-' && i == from)) {
                return null;
            }
        }
        if (point < 0) {
            return null;
        }
        int last = end - 1;
        while (last > point && text[last] == '0') {
            last--;
        }
        int integerStart = text[from] == '-' ? from + 1 : from;
        boolean zeroInteger = point - integerStart == 1 && text[integerStart] == '0';
        if (last == point) {
            // a whole number: its integer part, or 0 for any zero; integers with many trailing zeros use BigDecimal
            if (zeroInteger) {
                return "0";
            }
            int zeros = 0;
            for (int i = point - 1; i >= integerStart && text[i] == '0'; i--) {
                zeros++;
            }
            return zeros > 60 ? null : new String(text, from, point - from);
        }
        return new String(text, from, last - from + 1);
    }

    /** A key field's value as {@link #key} writes it, or null when it is null or not a scalar. */
    private static String keyScalar(JsonParser parser, JsonToken value) throws IOException {
        StringBuilder text = new StringBuilder();
        switch (value) {
            case VALUE_STRING -> appendString(text, parser.getText());
            // a long's canonical number is its decimal text
            case VALUE_NUMBER_INT -> text.append(parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? canonicalNumber(new BigDecimal(parser.getBigIntegerValue())) : Long.toString(parser.getLongValue()));
            case VALUE_NUMBER_FLOAT -> text.append(canonicalNumber(parser.getDecimalValue()));
            case VALUE_TRUE -> text.append(true);
            case VALUE_FALSE -> text.append(false);
            default -> {
                return null;
            }
        }
        return text.toString();
    }

    private void canonical(JsonNode node, String path) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>(node.size());
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (options.nullEqualsAbsent() && field.getValue().isNull()) {
                        continue;
                    }
                    if (!options.ignoredPaths().isEmpty() && options.ignoredPaths().contains(child(path, field.getKey()))) {
                        continue;
                    }
                    names.add(field.getKey());
                }
                names.sort(null);
                put('{');
                for (String name : names) {
                    putString(name);
                    canonical(node.get(name), options.ignoredPaths().isEmpty() ? path : child(path, name));
                }
                put('}');
            }
            case ARRAY -> {
                put('[');
                for (JsonNode element : node) {
                    canonical(element, path);
                }
                put(']');
            }
            case STRING -> {
                put('s');
                putString(node.textValue());
            }
            case NUMBER -> {
                put('n');
                // integers that fit a long are already in canonical form; decimals drop their trailing zeros
                putString(node.isInt() || node.isLong() ? Long.toString(node.longValue()) : canonicalNumber(node.decimalValue()));
            }
            case BOOLEAN -> put(node.booleanValue() ? 't' : 'f');
            case NULL -> put('z');
            case BINARY, MISSING, POJO -> throw new IllegalStateException("Unexpected JSON node " + node.getNodeType());
        }
    }

    static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** One text per numeric value: {@code 1}, {@code 1.0} and {@code 1e0} are all {@code 1}. */
    public static String canonicalNumber(BigDecimal value) {
        BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        return Math.abs(stripped.scale()) <= 64 ? stripped.toPlainString() : stripped.toString();
    }

    private void putChars(char[] value, int from, int chars) {
        ensure(4 + chars * 2);
        putInt(chars);
        for (int i = from; i < from + chars; i++) {
            char c = value[i];
            buffer[length++] = (byte) (c >>> 8);
            buffer[length++] = (byte) c;
        }
    }

    private void putString(String value) {
        int chars = value.length();
        ensure(4 + chars * 2);
        putInt(chars);
        for (int i = 0; i < chars; i++) {
            char c = value.charAt(i);
            buffer[length++] = (byte) (c >>> 8);
            buffer[length++] = (byte) c;
        }
    }

    private void putInt(int value) {
        buffer[length++] = (byte) (value >>> 24);
        buffer[length++] = (byte) (value >>> 16);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void put(char tag) {
        ensure(1);
        buffer[length++] = (byte) tag;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    /** The paths whose values differ between two versions of a record, in sorted order. */
    public List<String> changedPaths(JsonNode before, JsonNode after) {
        List<String> changed = new ArrayList<>();
        compare("", "", before, after, changed);
        return changed;
    }

    private void compare(String path, String shape, JsonNode before, JsonNode after, List<String> changed) {
        if (before.isObject() && after.isObject()) {
            java.util.TreeSet<String> names = new java.util.TreeSet<>();
            before.fieldNames().forEachRemaining(names::add);
            after.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String childShape = child(shape, name);
                if (options.ignoredPaths().contains(childShape)) {
                    continue;
                }
                JsonNode left = before.get(name);
                JsonNode right = after.get(name);
                String childPath = child(path, name);
                if (options.nullEqualsAbsent()) {
                    left = left == null || left.isNull() ? null : left;
                    right = right == null || right.isNull() ? null : right;
                }
                if (left == null || right == null) {
                    if (left != right) {
                        changed.add(childPath);
                    }
                } else {
                    compare(childPath, childShape, left, right, changed);
                }
            }
        } else if (before.isArray() && after.isArray() && before.size() == after.size()) {
            for (int i = 0; i < before.size(); i++) {
                compare(path + "[" + i + "]", shape, before.get(i), after.get(i), changed);
            }
        } else if (!sameValue(before, after)) {
            changed.add(path);
        }
    }

    private static boolean sameValue(JsonNode before, JsonNode after) {
        if (before.isNumber() && after.isNumber()) {
            return before.decimalValue().compareTo(after.decimalValue()) == 0;
        }
        if (before.getNodeType() != after.getNodeType()) {
            return false;
        }
        if (before.isContainerNode()) {
            // two arrays of different lengths (objects and same-length arrays are compared member by member)
            return false;
        }
        return before.equals(after);
    }

    /** Appends a JSON string literal. */
    public static void appendString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void appendScalar(StringBuilder out, JsonNode value) {
        if (value.isTextual()) {
            appendString(out, value.textValue());
        } else if (value.isNumber()) {
            out.append(canonicalNumber(value.decimalValue()));
        } else {
            out.append(value.booleanValue());
        }
    }
}
