package dev.lagoa.apiload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.apiload.schema.RecordObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a JSON document into a tree keeping every number exactly as written: decimals as {@link BigDecimal} from
 * their text (a generic reader turns {@code 1e400} into a double, that is into infinity), integers in the smallest
 * of int, long, BigInteger.
 */
final class JsonReader {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private static final String[] NO_NAMES = new String[0];
    private static final JsonNode[] NO_VALUES = new JsonNode[0];

    private JsonReader() {}

    /**
     * The names of objects read before, found by depth and first name. Records of a page look alike: an object with the
     * same names, in the same order, as one read before it shares that object's array of names (a {@link RecordObject}
     * copies it before any change), and memory holds the names once rather than once per record. Not thread-safe.
     */
    static final class EarlierNames {
        private static final int DEPTHS = 4;
        private static final int PER_DEPTH = 8;
        private final String[][][] names = new String[DEPTHS][PER_DEPTH][];
        private final int[] next = new int[DEPTHS];

        /** The names of an object read before at {@code depth} whose first name is {@code first}, or null. */
        String[] find(int depth, String first) {
            if (depth < DEPTHS) {
                for (String[] candidate : names[depth]) {
                    if (candidate != null && candidate[0] == first) {
                        return candidate;
                    }
                }
            }
            return null;
        }

        /** Remembers an object's names (at least one), replacing the oldest at its depth. */
        void keep(int depth, String[] object) {
            if (depth < DEPTHS) {
                names[depth][next[depth]] = object;
                next[depth] = (next[depth] + 1) % PER_DEPTH;
            }
        }
    }

    /**
     * The document, or null when the text is empty; one document only (trailing content is an error).
     *
     * @param earlier as for {@link #value}
     */
    static JsonNode read(String json, EarlierNames earlier) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return null;
            }
            JsonNode root = value(parser, token, earlier);
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "unexpected content after the JSON document");
            }
            return root;
        }
    }

    /**
     * The value that starts at {@code token} (the parser's current token), read to its end. An object of up to
     * {@link RecordObject#MAX_FIELDS} fields is a {@link RecordObject}; a larger one is Jackson's own.
     *
     * @param earlier the names of objects read before, which the call updates: one per sequence of records
     */
    static JsonNode value(JsonParser parser, JsonToken token, EarlierNames earlier) throws IOException {
        return value(parser, token, earlier, 0);
    }

    private static JsonNode value(JsonParser parser, JsonToken token, EarlierNames earlier, int depth) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                // The names of an earlier object this one has matched so far, in order (then shared), or null.
                String[] shared = null;
                String[] names = NO_NAMES;
                JsonNode[] values = NO_VALUES;
                int size = 0;
                // A bit per name's hash, modulo 64: a name whose bit is not set was not met before in this object.
                long seen = 0;
                Map<String, JsonNode> large = null;
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    JsonNode value = value(parser, parser.nextToken(), earlier, depth + 1);
                    if (large != null) {
                        large.put(name, value);
                        continue;
                    }
                    if (size == 0 && names == NO_NAMES) {
                        shared = earlier.find(depth, name);
                        names = shared != null ? shared : new String[8];
                        values = new JsonNode[names.length];
                    }
                    int hash = name.hashCode();
                    long bit = 1L << (hash ^ hash >>> 16);
                    int same = (seen & bit) == 0 ? -1 : RecordObject.indexOf(names, size, name);
                    seen |= bit;
                    if (same >= 0) {
                        // A name given twice: the later value, in the first one's place, as Jackson's own reader does.
                        values[same] = value;
                    } else if (size < RecordObject.MAX_FIELDS) {
                        if (shared != null && (size == shared.length || shared[size] != name)) {
                            // Not the earlier object's names after all: an array of its own from here.
                            names = Arrays.copyOf(shared, Math.min(RecordObject.MAX_FIELDS, Math.max(shared.length, size + 1)));
                            shared = null;
                        }
                        if (shared == null) {
                            if (size == names.length) {
                                names = Arrays.copyOf(names, Math.min(size * 2, RecordObject.MAX_FIELDS));
                            }
                            names[size] = name;
                        }
                        if (size == values.length) {
                            values = Arrays.copyOf(values, names.length);
                        }
                        values[size++] = value;
                    } else {
                        large = new LinkedHashMap<>(size * 4);
                        for (int i = 0; i < size; i++) {
                            large.put(names[i], values[i]);
                        }
                        large.put(name, value);
                    }
                }
                if (large != null) {
                    return new ObjectNode(NODES, large);
                }
                if (shared == null && size > 0) {
                    names = names.length == size ? names : Arrays.copyOf(names, size);
                    earlier.keep(depth, names);
                }
                return RecordObject.of(NODES, names, values.length == size ? values : Arrays.copyOf(values, size), size);
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(parser, next, earlier, depth + 1));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                // From the parser's characters: no string made only to be read once.
                return NODES.numberNode(new BigDecimal(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength()));
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new JsonParseException(parser, "unexpected token " + token);
        }
    }
}
