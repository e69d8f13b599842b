package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A record, or one value of a record, that was not loaded: one line of the rejects file
 * ({@code errors/<endpoint>/date=YYYY-MM-DD/<load-id>-rejects-<batch>.jsonl}).
 *
 * @param table the table it was meant for; empty when the record never reached one (a malformed page)
 * @param field the JSON pointer of the refused value; empty for a whole record or page
 * @param reason why, as a category ({@link Reason})
 * @param detail why, in words (PostgreSQL's own message for a row the database refused)
 * @param rawValue the value as it was received: the whole record for a row, the value for a value, the body's
 *        text for a malformed page (from the place it broke, at most 100,000 characters: the page stays whole in the lake),
 *        the line's whole text for a JSON line
 * @param source the lake object of the response it came from
 */
public record Reject(String endpoint, String loadId, String table, String field, Reason reason, String detail, JsonNode rawValue,
        String source) {
    /** Why something was rejected. */
    public enum Reason {
        MALFORMED_JSON,
        /** Not valid UTF-8, or a lone UTF-16 surrogate: text that PostgreSQL would store altered. */
        INVALID_UNICODE,
        RECORDS_NOT_FOUND,
        NOT_AN_OBJECT,
        MISSING_PRIMARY_KEY,
        CONTRACT_DISCARD_ROW,
        CONTRACT_DISCARD_VALUE,
        CONTRACT_FREEZE,
        DATABASE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Reject {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(loadId, "loadId is null");
        requireNonNull(table, "table is null");
        requireNonNull(field, "field is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(detail, "detail is null");
        requireNonNull(rawValue, "rawValue is null");
        requireNonNull(source, "source is null");
    }

    /** Whether the whole record was left out (not only one of its values). */
    public boolean isRow() {
        return reason != Reason.CONTRACT_DISCARD_VALUE;
    }
}
