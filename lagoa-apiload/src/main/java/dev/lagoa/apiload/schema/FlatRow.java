package dev.lagoa.apiload.schema;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * One row of one table made from a record: the record itself (the endpoint's table) or an element of one of its
 * arrays (a child table, linked by {@code parentId} and {@code listIndex}). Its fields are JSON pointers (of the record
 * or the array element) with their values, in the record's order, each pointer at most once. They are held in two
 * arrays, not a map: a batch holds a row per record and per array element, and the loader reads their fields in order.
 */
public final class FlatRow {
    private final String table;
    private final int record;
    private final String id;
    private final String rootId;
    private final Optional<String> parentId;
    private final Optional<Integer> listIndex;
    private final String[] paths;
    private final JsonNode[] values;
    private final int size;

    /**
     * @param table the table's name
     * @param record the position of the record the row comes from in its batch
     * @param id the row's {@code _lagoa_id}
     * @param rootId the {@code _lagoa_id} of the record's own row (the same as {@code id} for it)
     * @param paths the fields' JSON pointers, distinct, in the record's order; the row takes the array over
     * @param values the fields' values, at the same positions; the row takes the array over
     * @param size how many of the arrays' first elements are fields
     */
    FlatRow(String table, int record, String id, String rootId, Optional<String> parentId, Optional<Integer> listIndex, String[] paths,
            JsonNode[] values, int size) {
        this.table = requireNonNull(table, "table is null");
        this.record = record;
        this.id = requireNonNull(id, "id is null");
        this.rootId = requireNonNull(rootId, "rootId is null");
        this.parentId = requireNonNull(parentId, "parentId is null");
        this.listIndex = requireNonNull(listIndex, "listIndex is null");
        // Taken over, not copied (a row per record and per array element: the copy cost arrays each); the caller gives them up.
        this.paths = requireNonNull(paths, "paths is null");
        this.values = requireNonNull(values, "values is null");
        if (size < 0 || size > paths.length || size > values.length) {
            throw new IllegalArgumentException("size %d out of the arrays' bounds".formatted(size));
        }
        this.size = size;
    }

    public String table() {
        return table;
    }

    public int record() {
        return record;
    }

    public String id() {
        return id;
    }

    public String rootId() {
        return rootId;
    }

    public Optional<String> parentId() {
        return parentId;
    }

    public Optional<Integer> listIndex() {
        return listIndex;
    }

    public boolean isChild() {
        return parentId.isPresent();
    }

    /** The number of fields. */
    public int size() {
        return size;
    }

    /** The JSON pointer of the field at {@code index}, in the record's order. */
    public String path(int index) {
        return paths[Objects.checkIndex(index, size)];
    }

    /** The value of the field at {@code index}. */
    public JsonNode value(int index) {
        return values[Objects.checkIndex(index, size)];
    }

    /** The value of the field at {@code path}, or null when the row has none. */
    public JsonNode field(String path) {
        for (int i = 0; i < size; i++) {
            if (paths[i].equals(path)) {
                return values[i];
            }
        }
        return null;
    }

    /** Calls {@code action} with each field's path and value, in order. */
    public void forEachField(BiConsumer<String, JsonNode> action) {
        for (int i = 0; i < size; i++) {
            action.accept(paths[i], values[i]);
        }
    }

    /** The fields as a read-only map, made at each call. */
    public Map<String, JsonNode> fields() {
        Map<String, JsonNode> fields = new LinkedHashMap<>(size * 4 / 3 + 1);
        forEachField(fields::put);
        return Collections.unmodifiableMap(fields);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FlatRow row && record == row.record && table.equals(row.table) && id.equals(row.id) && rootId.equals(row.rootId)
                && parentId.equals(row.parentId) && listIndex.equals(row.listIndex) && Arrays.equals(paths, 0, size, row.paths, 0, row.size)
                && Arrays.equals(values, 0, size, row.values, 0, row.size);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, record, id, rootId, parentId, listIndex, size);
    }

    @Override
    public String toString() {
        return "FlatRow[table=%s, record=%d, id=%s, rootId=%s, parentId=%s, listIndex=%s, fields=%s]".formatted(table, record, id, rootId,
                parentId, listIndex, fields());
    }
}
