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

    private JsonReader() {}

    /**
     * The document, or null when the text is empty; one document only (trailing content is an error).
     *
     * @param sizes as for {@link #value}
     */
    static JsonNode read(String json, int[] sizes) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return null;
            }
            JsonNode root = value(parser, token, sizes);
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "unexpected content after the JSON document");
            }
            return root;
        }
    }

    /**
     * The value that starts at {@code token} (the parser's current token), read to its end. An object of up to
     * {@link RecordObject#MAX_FIELDS} fields is a {@link RecordObject}, its arrays made for as many fields as the last
     * object read at its depth had (records of a page look alike); a larger one is Jackson's own.
     *
     * @param sizes the field counts of the last objects by depth, which the call updates: one array per sequence of
     *        records, of the depths worth remembering
     */
    static JsonNode value(JsonParser parser, JsonToken token, int[] sizes) throws IOException {
        return value(parser, token, sizes, 0);
    }

    /** The position of {@code name} among the first {@code size} names, or -1. */
    private static int indexOf(String[] names, int size, String name, int hash) {
        for (int i = 0; i < size; i++) {
            String other = names[i];
            if (other == name || other.hashCode() == hash && other.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode value(JsonParser parser, JsonToken token, int[] sizes, int depth) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                int expected = depth < sizes.length ? sizes[depth] : 0;
                String[] names = new String[Math.max(4, Math.min(expected, RecordObject.MAX_FIELDS))];
                JsonNode[] values = new JsonNode[names.length];
                int size = 0;
                // A bit per name's hash, modulo 64: a name whose bit is not set was not met before in this object.
                long seen = 0;
                Map<String, JsonNode> large = null;
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    JsonNode value = value(parser, parser.nextToken(), sizes, depth + 1);
                    if (large != null) {
                        large.put(name, value);
                        continue;
                    }
                    int hash = name.hashCode();
                    long bit = 1L << (hash ^ hash >>> 16);
                    int same = (seen & bit) == 0 ? -1 : indexOf(names, size, name, hash);
                    seen |= bit;
                    if (same >= 0) {
                        // A name given twice: the later value, in the first one's place, as Jackson's own reader does.
                        values[same] = value;
                    } else if (size < RecordObject.MAX_FIELDS) {
                        if (size == names.length) {
                            names = Arrays.copyOf(names, Math.min(size * 2, RecordObject.MAX_FIELDS));
                            values = Arrays.copyOf(values, names.length);
                        }
                        names[size] = name;
                        values[size++] = value;
                    } else {
                        large = new LinkedHashMap<>(size * 4);
                        for (int i = 0; i < size; i++) {
                            large.put(names[i], values[i]);
                        }
                        large.put(name, value);
                    }
                }
                if (depth < sizes.length) {
                    sizes[depth] = large != null ? large.size() : size;
                }
                return large != null ? new ObjectNode(NODES, large) : RecordObject.of(NODES, names, values, size);
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(parser, next, sizes, depth + 1));
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
