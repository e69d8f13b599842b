package dev.lagoa.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small stateful AWS Glue Data Catalog for WireMock: the databases, tables and partitions it is sent are kept in
 * memory and answered as Glue answers (JSON 1.1, {@code X-Amz-Target: AWSGlue.<operation>}), with Glue's batch limits
 * (100 partitions per create or update, 1,000 per get, 25 per delete), its paging, and its errors: a missing entity
 * is {@code EntityNotFoundException}, a second create {@code AlreadyExistsException}, per entry in batch calls. Tables
 * and partitions are listed in the order they were created, not sorted, as Glue does not promise an order.
 */
final class GlueCatalogStub implements ResponseDefinitionTransformerV2 {
    static final String NAME = "glue-catalog";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> databases = new LinkedHashSet<>();
    /** Tables by "database.table". */
    private final Map<String, ObjectNode> tables = new LinkedHashMap<>();
    /** Partitions by "database.table", then by their values as JSON. */
    private final Map<String, Map<String, ObjectNode>> partitions = new LinkedHashMap<>();

    /** Whether the catalog holds the table "database.table" (for stubs of services that see the same catalog). */
    synchronized boolean hasTable(String qualifiedName) {
        return tables.containsKey(qualifiedName);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    /** The catch-all mapping that hands every Glue call to this stub; specific stubs of a test take precedence. */
    static MappingBuilder mapping() {
        return post(urlEqualTo("/")).atPriority(10).willReturn(aResponse().withTransformers(NAME));
    }

    /** Starts with an empty catalog and the catch-all mapping only. */
    synchronized void reset(WireMockServer server) {
        databases.clear();
        tables.clear();
        partitions.clear();
        server.resetAll();
        server.stubFor(mapping());
    }

    static MappingBuilder operation(String operation) {
        return post(urlEqualTo("/")).atPriority(1).withHeader("X-Amz-Target", equalTo("AWSGlue." + operation));
    }

    static ResponseDefinitionBuilder ok(String json) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(json);
    }

    static ResponseDefinitionBuilder error(int status, String type, String message) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-RequestId", "req-" + type)
                .withBody("{\"__type\":\"%s\",\"Message\":\"%s\"}".formatted(type, message));
    }

    private static final class GlueError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String type;

        GlueError(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
        String target = serveEvent.getRequest().getHeader("X-Amz-Target");
        String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
        try {
            JsonNode request = JSON.readTree(serveEvent.getRequest().getBodyAsString());
            ObjectNode response = handle(operation, request);
            return ok(JSON.writeValueAsString(response)).build();
        } catch (GlueError e) {
            return error(400, e.type, e.getMessage()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode handle(String operation, JsonNode request) {
        ObjectNode response = JSON.createObjectNode();
        switch (operation) {
            case "GetDatabase" -> response.putObject("Database").put("Name", requireDatabase(request.path("Name").asText()));
            case "CreateDatabase" -> {
                String name = request.path("DatabaseInput").path("Name").asText();
                if (!databases.add(name)) {
                    throw new GlueError("AlreadyExistsException", "Database already exists.");
                }
            }
            case "GetTable" -> response.set("Table", requireTable(request.path("DatabaseName").asText(), request.path("Name").asText()));
            case "GetTables" -> {
                String database = requireDatabase(request.path("DatabaseName").asText());
                List<ObjectNode> all = tables.values().stream().filter(table -> table.path("DatabaseName").asText().equals(database)).toList();
                page(all, request, 100, response.putArray("TableList"), response);
            }
            case "CreateTable" -> {
                String database = requireDatabase(request.path("DatabaseName").asText());
                ObjectNode table = ((ObjectNode) request.path("TableInput")).deepCopy();
                String key = database + "." + table.path("Name").asText();
                if (tables.containsKey(key)) {
                    throw new GlueError("AlreadyExistsException", "Table already exists.");
                }
                table.put("DatabaseName", database).put("CreateTime", 1_763_700_000);
                tables.put(key, table);
                partitions.put(key, new LinkedHashMap<>());
            }
            case "UpdateTable" -> {
                String database = request.path("DatabaseName").asText();
                ObjectNode table = ((ObjectNode) request.path("TableInput")).deepCopy();
                requireTable(database, table.path("Name").asText());
                table.put("DatabaseName", database).put("UpdateTime", 1_763_700_100);
                tables.put(database + "." + table.path("Name").asText(), table);
            }
            case "DeleteTable" -> {
                requireTable(request.path("DatabaseName").asText(), request.path("Name").asText());
                String key = key(request.path("DatabaseName").asText(), request.path("Name").asText());
                tables.remove(key);
                partitions.remove(key);
            }
            case "BatchCreatePartition" -> {
                Map<String, ObjectNode> existing = partitionsOf(request, "PartitionInputList", 100);
                int keys = tables.get(key(request)).path("PartitionKeys").size();
                ArrayNode errors = response.putArray("Errors");
                for (JsonNode input : request.path("PartitionInputList")) {
                    String values = input.path("Values").toString();
                    if (input.path("Values").size() != keys) {
                        entryError(errors, "PartitionValues", input.path("Values"), "InvalidInputException",
                                "The number of partition keys do not match the number of partition values");
                    } else if (existing.containsKey(values)) {
                        entryError(errors, "PartitionValues", input.path("Values"), "AlreadyExistsException", "Partition already exists.");
                    } else {
                        existing.put(values, partition(request, input));
                    }
                }
            }
            case "BatchGetPartition" -> {
                Map<String, ObjectNode> existing = partitionsOf(request, "PartitionsToGet", 1000);
                ArrayNode found = response.putArray("Partitions");
                response.putArray("UnprocessedKeys");
                for (JsonNode wanted : request.path("PartitionsToGet")) {
                    ObjectNode partition = existing.get(wanted.path("Values").toString());
                    if (partition != null) {
                        found.add(partition);
                    }
                }
            }
            case "BatchUpdatePartition" -> {
                Map<String, ObjectNode> existing = partitionsOf(request, "Entries", 100);
                ArrayNode errors = response.putArray("Errors");
                for (JsonNode entry : request.path("Entries")) {
                    String values = entry.path("PartitionValueList").toString();
                    if (!existing.containsKey(values)) {
                        entryError(errors, "PartitionValueList", entry.path("PartitionValueList"), "EntityNotFoundException", "Partition not found.");
                    } else {
                        existing.put(values, partition(request, entry.path("PartitionInput")));
                    }
                }
            }
            case "GetPartitions" -> page(new ArrayList<>(partitionsOf(request, null, 0).values()), request, 1000, response.putArray("Partitions"), response);
            case "BatchDeletePartition" -> {
                Map<String, ObjectNode> existing = partitionsOf(request, "PartitionsToDelete", 25);
                ArrayNode errors = response.putArray("Errors");
                for (JsonNode doomed : request.path("PartitionsToDelete")) {
                    if (existing.remove(doomed.path("Values").toString()) == null) {
                        entryError(errors, "PartitionValues", doomed.path("Values"), "EntityNotFoundException", "Partition not found.");
                    }
                }
            }
            default -> throw new GlueError("UnknownOperationException", "The stub does not know " + operation);
        }
        return response;
    }

    private String requireDatabase(String name) {
        if (!databases.contains(name)) {
            throw new GlueError("EntityNotFoundException", "Database %s not found.".formatted(name));
        }
        return name;
    }

    private ObjectNode requireTable(String database, String name) {
        requireDatabase(database);
        ObjectNode table = tables.get(key(database, name));
        if (table == null) {
            throw new GlueError("EntityNotFoundException", "Table %s not found.".formatted(name));
        }
        return table;
    }

    private static String key(String database, String table) {
        return database + "." + table;
    }

    private static String key(JsonNode request) {
        return key(request.path("DatabaseName").asText(), request.path("TableName").asText());
    }

    /** The partitions of the request's table, after checking that its list {@code field} has at most {@code limit} entries. */
    private Map<String, ObjectNode> partitionsOf(JsonNode request, String field, int limit) {
        if (field != null && request.path(field).size() > limit) {
            throw new GlueError("InvalidInputException", "1 validation error detected: Value at '%s' failed to satisfy constraint: "
                    .formatted(Character.toLowerCase(field.charAt(0)) + field.substring(1)) + "Member must have length less than or equal to " + limit);
        }
        requireTable(request.path("DatabaseName").asText(), request.path("TableName").asText());
        return partitions.get(key(request));
    }

    private static ObjectNode partition(JsonNode request, JsonNode input) {
        ObjectNode partition = ((ObjectNode) input).deepCopy();
        partition.put("DatabaseName", request.path("DatabaseName").asText()).put("TableName", request.path("TableName").asText())
                .put("CreationTime", 1_763_700_000);
        return partition;
    }

    private static void entryError(ArrayNode errors, String valuesField, JsonNode values, String code, String message) {
        ObjectNode error = errors.addObject();
        error.set(valuesField, values.deepCopy());
        error.putObject("ErrorDetail").put("ErrorCode", code).put("ErrorMessage", message);
    }

    /** One page of {@code all}: from the index in NextToken, at most MaxResults (or {@code defaultSize}). */
    private static void page(List<ObjectNode> all, JsonNode request, int defaultSize, ArrayNode out, ObjectNode response) {
        int from = request.hasNonNull("NextToken") ? Integer.parseInt(request.path("NextToken").asText()) : 0;
        int size = request.hasNonNull("MaxResults") ? request.path("MaxResults").asInt() : defaultSize;
        int to = Math.min(all.size(), from + size);
        all.subList(from, to).forEach(out::add);
        if (to < all.size()) {
            response.put("NextToken", Integer.toString(to));
        }
    }
}
