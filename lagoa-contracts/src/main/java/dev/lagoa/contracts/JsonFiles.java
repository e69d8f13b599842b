package dev.lagoa.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** How the contracts' JSON files are written and how their root object is read, the same for every format. */
final class JsonFiles {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private JsonFiles() {}

    /** Indented UTF-8 JSON, ending with a new line; {@code what} names the file in the error. */
    static byte[] write(Map<String, Object> json, String what) {
        try {
            return (JSON.writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + what, e);
        }
    }

    /**
     * The file's root object.
     *
     * @throws MalformedFileException naming the file as {@code what} when it is not JSON, holds a field twice or is not an object
     */
    static JsonNode readObject(byte[] json, String what, String file) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new MalformedFileException(what, file, "not valid JSON (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedFileException(what, file, "not a JSON object");
        }
        return root;
    }
}
