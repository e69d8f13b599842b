package dev.lagoa.jobs.diff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
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
    private final CanonicalForm form = new CanonicalForm();
    private final RecordScanner scanner;

    public JsonRecords(DiffOptions options) {
        this.options = options;
        this.mapper = mapper(options.maxRecordBytes());
        this.elementReader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.scanner = new RecordScanner(options);
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

    /** The 128-bit digest of the record's {@linkplain CanonicalForm canonical form}, as two longs. */
    public long[] digest(JsonNode record) {
        form.reset();
        canonical(record, "");
        long[] digest = new long[2];
        form.digest(digest);
        return digest;
    }

    /**
     * The key of a record read from its bytes, its digest in {@code digest}: the same key and digest as
     * {@link #key(JsonNode, String[])} and {@link #digest(JsonNode)} give on its tree, without building the tree (see
     * {@link RecordScanner}). Returns null for anything but the plain case — not a JSON object, malformed, content
     * after it, a key field missing, null or not a scalar, an ignored field on the way to a key — and the caller reads
     * the tree, whose reject names the problem.
     */
    public String keyAndDigest(byte[] bytes, int offset, int count, long[] digest) {
        return scanner.keyAndDigest(bytes, offset, count, digest);
    }

    private void canonical(JsonNode node, String path) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                form.put('{');
                int regionStart = form.length;
                int fields = form.startFields();
                Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
                while (entries.hasNext()) {
                    Map.Entry<String, JsonNode> field = entries.next();
                    if (options.nullEqualsAbsent() && field.getValue().isNull()) {
                        continue;
                    }
                    if (!options.ignoredPaths().isEmpty() && options.ignoredPaths().contains(child(path, field.getKey()))) {
                        continue;
                    }
                    int fieldStart = form.length;
                    form.putText(field.getKey());
                    canonical(field.getValue(), options.ignoredPaths().isEmpty() ? path : child(path, field.getKey()));
                    form.field(fieldStart, true);
                }
                form.endFields(fields, regionStart, false);
                form.put('}');
            }
            case ARRAY -> {
                form.put('[');
                for (JsonNode element : node) {
                    canonical(element, path);
                }
                form.put(']');
            }
            case STRING -> {
                form.put('s');
                form.putText(node.textValue());
            }
            case NUMBER -> {
                form.put('n');
                // integers that fit a long are already in canonical form; decimals drop their trailing zeros
                form.putText(node.isInt() || node.isLong() ? Long.toString(node.longValue()) : canonicalNumber(node.decimalValue()));
            }
            case BOOLEAN -> form.put(node.booleanValue() ? 't' : 'f');
            case NULL -> form.put('z');
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

    /**
     * {@link #changedPaths(JsonNode, JsonNode)} read from the records' bytes ({@code null} for a side without a record,
     * which compares as an empty object) through their canonical forms, without trees; null when either record is not
     * the scanner's plain case, or a name is one only the tree can name.
     */
    public List<String> changedPaths(byte[] before, byte[] after) {
        byte[] left = before == null ? ChangedPaths.EMPTY_OBJECT : scanner.canonicalForm(before, 0, before.length);
        byte[] right = after == null ? ChangedPaths.EMPTY_OBJECT : scanner.canonicalForm(after, 0, after.length);
        return left == null || right == null ? null : ChangedPaths.between(left, right);
    }

    /** The paths whose values differ between two versions of a record, in sorted order. */
    public List<String> changedPaths(JsonNode before, JsonNode after) {
        List<String> changed = new ArrayList<>();
        compare("", "", before, after, changed);
        return changed;
    }

    private void compare(String path, String shape, JsonNode before, JsonNode after, List<String> changed) {
        if (before.isObject() && after.isObject()) {
            // only the names whose values are not equal as trees can hold a change; they are few, so they alone are sorted
            List<String> names = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = before.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().equals(after.get(field.getKey()))) {
                    names.add(field.getKey());
                }
            }
            for (Iterator<String> fields = after.fieldNames(); fields.hasNext(); ) {
                String name = fields.next();
                if (!before.has(name)) {
                    names.add(name);
                }
            }
            names.sort(null);
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
                if (!before.get(i).equals(after.get(i))) {
                    compare(path + "[" + i + "]", shape, before.get(i), after.get(i), changed);
                }
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
