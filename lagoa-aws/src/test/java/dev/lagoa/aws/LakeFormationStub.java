package dev.lagoa.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A small stateful AWS Lake Formation for WireMock: LF-Tags (keys with their values) and the LF-Tags assigned to tables
 * and columns, answered as Lake Formation answers (REST-JSON, {@code POST /<Operation>}). Keys and values are stored
 * in lower case; a resource carries one value per key and adding a key again replaces its value; a value that the key
 * does not declare is refused as {@code InvalidInputException}, an unknown key or table as {@code EntityNotFoundException}.
 */
final class LakeFormationStub implements ResponseDefinitionTransformerV2 {
    static final String NAME = "lake-formation";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Values by key. */
    final Map<String, TreeSet<String>> keys = new TreeMap<>();
    /** Assigned LF-Tags by "database.table" or "database.table.column", then key → value. */
    final Map<String, Map<String, String>> assigned = new TreeMap<>();
    /** Tables that exist, "database.table", unless {@link #tableExists} says. */
    final TreeSet<String> tables = new TreeSet<>();
    /** Whether a table exists: by default, whether {@link #tables} holds it; another stub's catalog otherwise. */
    java.util.function.Predicate<String> tableExists = tables::contains;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    synchronized void reset(WireMockServer server) {
        keys.clear();
        assigned.clear();
        tables.clear();
        server.resetAll();
        server.stubFor(post(anyUrl()).atPriority(10).willReturn(aResponse().withTransformers(NAME)));
    }

    static MappingBuilder operation(String operation) {
        return post(urlEqualTo("/" + operation)).atPriority(1);
    }

    static ResponseDefinitionBuilder error(int status, String type, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withHeader("x-amzn-ErrorType", type)
                .withHeader("x-amzn-RequestId", "req-" + type).withBody("{\"Message\":\"%s\"}".formatted(message));
    }

    private static final class LakeFormationError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String type;

        LakeFormationError(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
        String operation = serveEvent.getRequest().getUrl().substring(1);
        try {
            JsonNode request = JSON.readTree(serveEvent.getRequest().getBodyAsString());
            ObjectNode response = handle(operation, request);
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(JSON.writeValueAsString(response)).build();
        } catch (LakeFormationError e) {
            return error(400, e.type, e.getMessage()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode handle(String operation, JsonNode request) {
        ObjectNode response = JSON.createObjectNode();
        switch (operation) {
            case "GetLFTag" -> {
                TreeSet<String> values = requireKey(request.path("TagKey").asText());
                response.put("TagKey", lower(request.path("TagKey").asText()));
                ArrayNode array = response.putArray("TagValues");
                values.forEach(array::add);
            }
            case "CreateLFTag" -> {
                String key = lower(request.path("TagKey").asText());
                if (keys.containsKey(key)) {
                    throw new LakeFormationError("AlreadyExistsException", "Tag key already exists");
                }
                requireAtMost50(request.path("TagValues"));
                TreeSet<String> values = new TreeSet<>();
                request.path("TagValues").forEach(value -> values.add(lower(value.asText())));
                keys.put(key, values);
            }
            case "UpdateLFTag" -> {
                TreeSet<String> values = requireKey(request.path("TagKey").asText());
                requireAtMost50(request.path("TagValuesToAdd"));
                request.path("TagValuesToAdd").forEach(value -> values.add(lower(value.asText())));
            }
            case "GetResourceLFTags" -> {
                String table = requireTable(request.path("Resource").path("Table"));
                ArrayNode onTable = response.putArray("LFTagsOnTable");
                pairs(assigned.getOrDefault(table, Map.of()), onTable);
                ArrayNode onColumns = response.putArray("LFTagsOnColumns");
                assigned.forEach((target, tags) -> {
                    if (target.startsWith(table + ".") && !tags.isEmpty()) {
                        ObjectNode column = onColumns.addObject().put("Name", target.substring(table.length() + 1));
                        pairs(tags, column.putArray("LFTags"));
                    }
                });
            }
            case "AddLFTagsToResource", "RemoveLFTagsFromResource" -> {
                boolean add = operation.startsWith("Add");
                response.putArray("Failures");
                for (String target : targets(request.path("Resource"))) {
                    Map<String, String> tags = assigned.computeIfAbsent(target, name -> new TreeMap<>());
                    for (JsonNode pair : request.path("LFTags")) {
                        String key = lower(pair.path("TagKey").asText());
                        TreeSet<String> values = requireKey(key);
                        if (pair.path("TagValues").size() != 1) {
                            throw new LakeFormationError("InvalidInputException", "Only one value for a LF-tag can be assigned to a resource");
                        }
                        String value = lower(pair.path("TagValues").get(0).asText());
                        if (!values.contains(value)) {
                            throw new LakeFormationError("InvalidInputException", "Tag value " + value + " is not a value of " + key);
                        }
                        if (add) {
                            tags.put(key, value);
                        } else {
                            tags.remove(key, value);
                        }
                    }
                }
            }
            default -> throw new LakeFormationError("UnknownOperationException", "The stub does not know " + operation);
        }
        return response;
    }

    private static void requireAtMost50(JsonNode values) {
        if (values.size() > 50) {
            throw new LakeFormationError("InvalidInputException", "At most 50 values per call");
        }
    }

    private java.util.List<String> targets(JsonNode resource) {
        if (resource.has("Table")) {
            return java.util.List.of(requireTable(resource.path("Table")));
        }
        String table = requireTable(resource.path("TableWithColumns"));
        java.util.List<String> columns = new java.util.ArrayList<>();
        resource.path("TableWithColumns").path("ColumnNames").forEach(column -> columns.add(table + "." + column.asText()));
        return columns;
    }

    private String requireTable(JsonNode table) {
        String name = table.path("DatabaseName").asText() + "." + table.path("Name").asText();
        if (!tableExists.test(name)) {
            throw new LakeFormationError("EntityNotFoundException", "Table not found: " + name);
        }
        return name;
    }

    private TreeSet<String> requireKey(String key) {
        TreeSet<String> values = keys.get(lower(key));
        if (values == null) {
            throw new LakeFormationError("EntityNotFoundException", "Tag key not found");
        }
        return values;
    }

    private static void pairs(Map<String, String> tags, ArrayNode array) {
        tags.forEach((key, value) -> array.addObject().put("TagKey", key).putArray("TagValues").add(value));
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
