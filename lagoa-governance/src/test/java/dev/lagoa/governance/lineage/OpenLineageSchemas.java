package dev.lagoa.governance.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.net.URI;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Checks run events against the OpenLineage model: the rules of the spec's {@code RunEvent} (required
 * {@code eventTime} date-time, {@code producer} and {@code schemaURL} URIs, a {@code run} with a UUID {@code runId}, a
 * {@code job} and datasets with {@code namespace} and {@code name}, the event types) and of the {@code columnLineage}
 * facet (each field's input fields with namespace, name and field; the facet's {@code _producer} and
 * {@code _schemaURL}), then reads the event with {@code openlineage-java}, the client generated from the spec, which
 * refuses values of the wrong JSON type. The spec's JSON files are not published on Maven Central or npm, the
 * registries the build reaches; the generated client is.
 */
final class OpenLineageSchemas {
    private static final Set<String> EVENT_TYPES = Set.of("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER");

    /** What is wrong with an event; empty when it is valid. */
    List<String> problems(JsonNode event) {
        List<String> problems = new ArrayList<>();
        text(event, "eventTime", "eventTime", problems).ifPresent(value -> {
            try {
                ZonedDateTime.parse(value);
            } catch (DateTimeParseException e) {
                problems.add("eventTime: '" + value + "' is not a date-time");
            }
        });
        text(event, "producer", "producer", problems).ifPresent(value -> uri("producer", value, problems));
        text(event, "schemaURL", "schemaURL", problems).ifPresent(value -> uri("schemaURL", value, problems));
        if (event.has("eventType") && !EVENT_TYPES.contains(event.path("eventType").asText())) {
            problems.add("eventType: '" + event.path("eventType").asText() + "' is not one of " + EVENT_TYPES);
        }
        text(event.path("run"), "run.runId", "runId", problems).ifPresent(value -> {
            try {
                UUID.fromString(value);
            } catch (IllegalArgumentException e) {
                problems.add("run.runId: '" + value + "' is not a uuid");
            }
        });
        text(event.path("job"), "job.namespace", "namespace", problems);
        text(event.path("job"), "job.name", "name", problems);
        for (String side : List.of("inputs", "outputs")) {
            int index = 0;
            for (JsonNode dataset : event.path(side)) {
                String where = side + "[" + index++ + "]";
                text(dataset, where + ".namespace", "namespace", problems);
                text(dataset, where + ".name", "name", problems);
                JsonNode lineage = dataset.path("facets").path("columnLineage");
                if (!lineage.isMissingNode()) {
                    columnLineage(where + ".facets.columnLineage", lineage, problems);
                }
            }
        }
        if (problems.isEmpty()) {
            try {
                OpenLineage.RunEvent parsed = OpenLineageClientUtils.runEventFromJson(event.toString());
                if (parsed.getRun() == null || parsed.getJob() == null) {
                    problems.add("the OpenLineage client reads no run or job");
                }
            } catch (RuntimeException e) {
                problems.add("the OpenLineage client cannot read it: " + e.getMessage());
            }
        }
        return problems;
    }

    private static void columnLineage(String where, JsonNode facet, List<String> problems) {
        text(facet, where + "._producer", "_producer", problems);
        text(facet, where + "._schemaURL", "_schemaURL", problems);
        if (!facet.path("fields").isObject()) {
            problems.add(where + ".fields: required object");
            return;
        }
        facet.path("fields").fields().forEachRemaining(field -> {
            JsonNode inputs = field.getValue().path("inputFields");
            if (!inputs.isArray()) {
                problems.add(where + ".fields." + field.getKey() + ".inputFields: required array");
                return;
            }
            int index = 0;
            for (JsonNode input : inputs) {
                String path = where + ".fields." + field.getKey() + ".inputFields[" + index++ + "]";
                text(input, path + ".namespace", "namespace", problems);
                text(input, path + ".name", "name", problems);
                text(input, path + ".field", "field", problems);
            }
        });
    }

    private static Optional<String> text(JsonNode node, String path, String field, List<String> problems) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            problems.add(path + ": required string");
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    private static void uri(String field, String value, List<String> problems) {
        try {
            if (!URI.create(value).isAbsolute()) {
                problems.add(field + ": '" + value + "' is not an absolute uri");
            }
        } catch (IllegalArgumentException e) {
            problems.add(field + ": '" + value + "' is not a uri");
        }
    }
}
