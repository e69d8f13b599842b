package dev.lagoa.governance.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The official OpenLineage JSON schemas of the test resources ({@code openlineage/}, see its README): a run event
 * against the core model, and each dataset's {@code columnLineage} facet against its facet schema. The facet's
 * reference to the core model's {@code DatasetFacet} is resolved to the core file's own definition.
 */
final class OpenLineageSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CORE_DATASET_FACET = "https://openlineage.io/spec/1-0-2/OpenLineage.json#/$defs/DatasetFacet";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private final JsonSchema runEvent;
    private final JsonSchema columnLineage;

    OpenLineageSchemas() {
        JsonNode core = read("OpenLineage.json");
        runEvent = FACTORY.getSchema(core, CONFIG);
        ObjectNode facet = (ObjectNode) read("ColumnLineageDatasetFacet.json");
        ObjectNode defs = (ObjectNode) facet.get("$defs");
        defs.set("DatasetFacet", core.get("definitions").get("BaseFacet"));
        ((ObjectNode) defs.get("ColumnLineageDatasetFacet").get("allOf").get(0)).put("$ref", "#/$defs/DatasetFacet");
        if (!facet.toString().contains("#/$defs/DatasetFacet") || facet.toString().contains(CORE_DATASET_FACET)) {
            throw new IllegalStateException("The facet schema no longer refers to " + CORE_DATASET_FACET);
        }
        facet.remove("$id");
        columnLineage = FACTORY.getSchema(facet, CONFIG);
    }

    private static JsonNode read(String name) {
        try (InputStream in = OpenLineageSchemas.class.getResourceAsStream("/openlineage/" + name)) {
            if (in == null) {
                throw new IllegalStateException("No test resource /openlineage/" + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the schemas find wrong with an event; empty when it is valid. */
    List<String> problems(JsonNode event) {
        List<String> problems = new ArrayList<>();
        if (event.path("eventType").asText().equals("RUNNING")) {
            // RUNNING came to the spec after the version kept here (see the README): checked as the OTHER it was before
            event = ((ObjectNode) event.deepCopy()).put("eventType", "OTHER");
        }
        runEvent.validate(event).stream().map(ValidationMessage::getMessage).forEach(problems::add);
        for (String side : List.of("inputs", "outputs")) {
            for (JsonNode dataset : event.path(side)) {
                JsonNode facets = dataset.path("facets");
                if (facets.has("columnLineage")) {
                    ObjectNode only = JSON.createObjectNode().set("columnLineage", facets.get("columnLineage"));
                    columnLineage.validate(only).stream().map(message -> dataset.path("name").asText() + ": " + message.getMessage()).forEach(problems::add);
                }
            }
        }
        return problems;
    }
}
