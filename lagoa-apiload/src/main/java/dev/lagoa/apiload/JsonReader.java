package dev.lagoa.apiload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
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
     * The value that starts at {@code token} (the parser's current token), read to its end. Each object's map is made
     * for as many fields as the last object read at its depth had: records of a page look alike, and a map grown field
     * by field is copied at 12, 24, 48... fields.
     *
     * @param sizes the field counts of the last objects by depth, which the call updates: one array per sequence of
     *        records, of the depths worth remembering
     */
    static JsonNode value(JsonParser parser, JsonToken token, int[] sizes) throws IOException {
        return value(parser, token, sizes, 0);
    }

    private static JsonNode value(JsonParser parser, JsonToken token, int[] sizes, int depth) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                int expected = depth < sizes.length ? sizes[depth] : 0;
                Map<String, JsonNode> fields = expected == 0 ? new LinkedHashMap<>() : new LinkedHashMap<>(expected * 4 / 3 + 1);
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    fields.put(name, value(parser, parser.nextToken(), sizes, depth + 1));
                }
                if (depth < sizes.length) {
                    sizes[depth] = fields.size();
                }
                return new ObjectNode(NODES, fields);
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
                return NODES.numberNode(new BigDecimal(parser.getText()));
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
