package dev.lagoa.apiload.schema;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * One row of one table made from a record: the record itself (the endpoint's table) or an element of one of its
 * arrays (a child table, linked by {@code parentId} and {@code listIndex}).
 *
 * @param table the table's name
 * @param record the position of the record the row comes from in its batch
 * @param id the row's {@code _lagoa_id}
 * @param rootId the {@code _lagoa_id} of the record's own row (the same as {@code id} for it)
 * @param fields JSON pointer of the field (from the record or the array element) → value, in the record's order; the row
 *        takes the map over (the caller must not change it afterwards)
 */
public record FlatRow(String table, int record, String id, String rootId, Optional<String> parentId, Optional<Integer> listIndex,
        Map<String, JsonNode> fields) {
    public FlatRow {
        requireNonNull(table, "table is null");
        requireNonNull(id, "id is null");
        requireNonNull(rootId, "rootId is null");
        requireNonNull(parentId, "parentId is null");
        requireNonNull(listIndex, "listIndex is null");
        // Taken over, not copied (a row per record and per array element: the copy cost a map each); the caller gives it up.
        requireNonNull(fields, "fields is null");
    }

    /** The fields, read-only. */
    @Override
    public Map<String, JsonNode> fields() {
        return Collections.unmodifiableMap(fields);
    }

    /** The fields as held, for this package's readers: iterating them needs no read-only wrapper around every entry. */
    Map<String, JsonNode> fieldsInPlace() {
        return fields;
    }

    public boolean isChild() {
        return parentId.isPresent();
    }
}
