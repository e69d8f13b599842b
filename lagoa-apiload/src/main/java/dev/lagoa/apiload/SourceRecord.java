package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.apiload.schema.Flattener;
import dev.lagoa.apiload.schema.Identifiers;
import java.util.List;

/**
 * A record as read from a page of an endpoint, and the lake object of that page.
 *
 * @param node the record as received (not necessarily a JSON object: a record of another type is rejected later)
 * @param source the page's lake object, {@code s3://<bucket>/<key>}
 * @param keyId the record's {@code _lagoa_id} by its primary key ({@link #keyId(JsonNode, List)}), worked out where the
 *        record is read (the reading thread's work, not the load's); null when the endpoint has no primary key or the
 *        record has no usable one
 */
record SourceRecord(JsonNode node, String source, String keyId) {
    SourceRecord {
        requireNonNull(node, "node is null");
        requireNonNull(source, "source is null");
    }

    /** The endpoint's primary key fields as JSON pointers (empty without a primary key). */
    static List<JsonPointer> keyPointers(EndpointDefinition endpoint) {
        return endpoint.primaryKey().stream().map(field -> JsonPointer.compile(Flattener.pointer(field))).toList();
    }

    /** The record, its key id worked out from the primary key's fields ({@code primaryKey}, JSON pointers; empty: none). */
    static SourceRecord of(JsonNode node, String source, List<JsonPointer> primaryKey) {
        return new SourceRecord(node, source, primaryKey.isEmpty() ? null : keyId(node, primaryKey));
    }

    /**
     * A hash of the values of the primary key's fields, or null when one of them is missing, null or not a scalar.
     * Numbers are keys by their value: 1, 1.0 and 1e0 are one key.
     */
    static String keyId(JsonNode record, List<JsonPointer> primaryKey) {
        StringBuilder key = new StringBuilder();
        for (JsonPointer pointer : primaryKey) {
            JsonNode value = record.at(pointer);
            if (!isUsableKey(value)) {
                return null;
            }
            key.append(!value.isNumber() ? value.asText()
                    : value.isIntegralNumber() && value.canConvertToLong() ? Long.toString(value.longValue())
                    : value.decimalValue().stripTrailingZeros().toPlainString()).append('\u0001');
        }
        return Identifiers.sha256Id(key.toString());
    }

    static boolean isUsableKey(JsonNode value) {
        return !value.isMissingNode() && !value.isNull() && !value.isContainerNode();
    }
}
