package dev.lagoa.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The reference paths state machines use: {@code $} or {@code $.a.b} (fields only). */
final class JsonPaths {
    private JsonPaths() {}

    /** The value at {@code path}, or null when absent. */
    static JsonNode read(JsonNode document, String path) {
        JsonNode node = document;
        for (String field : fields(path)) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(field);
        }
        return node;
    }

    /** A copy of {@code document} with {@code value} at {@code path} ({@code $} replaces it); missing objects are created. */
    static JsonNode write(JsonNode document, String path, JsonNode value) {
        String[] fields = fields(path);
        if (fields.length == 0) {
            return value;
        }
        ObjectNode root = document != null && document.isObject() ? ((ObjectNode) document).deepCopy() : JsonNodeFactory.instance.objectNode();
        ObjectNode parent = root;
        for (int i = 0; i < fields.length - 1; i++) {
            JsonNode child = parent.get(fields[i]);
            if (child == null || !child.isObject()) {
                child = parent.putObject(fields[i]);
            }
            parent = (ObjectNode) child;
        }
        parent.set(fields[fields.length - 1], value);
        return root;
    }

    private static String[] fields(String path) {
        if (path.equals("$")) {
            return new String[0];
        }
        return path.substring(2).split("\\.");
    }
}
