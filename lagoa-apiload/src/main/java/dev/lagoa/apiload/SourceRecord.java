package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A record as read from a page of an endpoint, and the lake object of that page.
 *
 * @param node the record as received (not necessarily a JSON object: a record of another type is rejected later)
 * @param source the page's lake object, {@code s3://<bucket>/<key>}
 */
record SourceRecord(JsonNode node, String source) {
    SourceRecord {
        requireNonNull(node, "node is null");
        requireNonNull(source, "source is null");
    }
}
