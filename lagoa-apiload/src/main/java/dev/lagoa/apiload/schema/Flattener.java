package dev.lagoa.apiload.schema;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a JSON record into rows: nested objects become {@code parent__child} fields down to {@code maxNesting}
 * levels (deeper objects, and the fields named in {@code jsonbPaths}, stay whole as jsonb); every array becomes a
 * child table {@code <table>__<field>} with one row per element, linked to its parent row by {@code _lagoa_parent_id}
 * and {@code _lagoa_list_idx} (an array of scalars gives rows with one column, {@code value}). Aliases rename source
 * fields before anything else.
 *
 * <p>Not thread-safe: it remembers the paths of the fields it has met.
 */
public final class Flattener {
    /** The field of a child row made from an array element that is not an object. */
    public static final String VALUE_FIELD = "/value";
    private static final int MAX_PATHS = 10_000;

    private final int maxNesting;
    private final Set<String> jsonbPaths;
    private final Map<String, String> aliases;
    /** Prefix → the paths of its objects' fields: what {@link #path} has worked out, at most {@link #MAX_PATHS} of them. */
    private final Map<String, Prefix> prefixes = new HashMap<>();
    private int pathsKept;
    private int expectedFields = 8;

    /**
     * @param aliases JSON pointer of a source field → JSON pointer of the field it stands for
     */
    public Flattener(int maxNesting, Set<String> jsonbPaths, Map<String, String> aliases) {
        if (maxNesting < 0) {
            throw new IllegalArgumentException("maxNesting must be at least 0: " + maxNesting);
        }
        this.maxNesting = maxNesting;
        this.jsonbPaths = Set.copyOf(requireNonNull(jsonbPaths, "jsonbPaths is null"));
        this.aliases = Map.copyOf(requireNonNull(aliases, "aliases is null"));
    }

    /** The rows of one record: its own row first, then its child rows (depth first). */
    public List<FlatRow> flatten(ObjectNode record, String table, int position, String id) {
        List<FlatRow> rows = new ArrayList<>();
        row(record, table, position, id, id, Optional.empty(), Optional.empty(), rows);
        return rows;
    }

    private void row(JsonNode node, String table, int position, String id, String rootId, Optional<String> parentId, Optional<Integer> index, List<FlatRow> rows) {
        Fields fields = new Fields(parentId.isEmpty() ? expectedFields : 8, !aliases.isEmpty());
        List<Runnable> children = new ArrayList<>();
        if (node instanceof ObjectNode) {
            walk(node, "", 0, table, position, id, rootId, fields, children, rows);
        } else {
            fields.put(VALUE_FIELD, node);
        }
        if (parentId.isEmpty()) {
            // Records of an endpoint look alike: size the next record's arrays for as many fields as this one has.
            expectedFields = Math.max(8, fields.size);
        }
        rows.add(new FlatRow(table, position, id, rootId, parentId, index, fields.paths, fields.values, fields.size));
        children.forEach(Runnable::run);
    }

    private void walk(JsonNode object, String prefix, int depth, String table, int position, String id, String rootId, Fields fields,
            List<Runnable> children, List<FlatRow> rows) {
        Prefix paths = prefixes.computeIfAbsent(prefix, Prefix::new);
        RecordObject fieldsOf = object instanceof RecordObject record ? record : null;
        Iterator<Map.Entry<String, JsonNode>> entries = fieldsOf == null ? object.fields() : null;
        for (int index = 0, count = object.size(); index < count; index++) {
            // The reader's objects by position; any other through its entries.
            Map.Entry<String, JsonNode> entry = entries == null ? null : entries.next();
            String path = path(paths, index, entry == null ? fieldsOf.fieldName(index) : entry.getKey());
            JsonNode value = entry == null ? fieldsOf.fieldValue(index) : entry.getValue();
            // Node classes tested with instanceof: a virtual call on a JsonNode of any of a dozen classes costs more.
            if (!jsonbPaths.isEmpty() && jsonbPaths.contains(path)) {
                fields.put(path, value);
            } else if (value instanceof ObjectNode && depth < maxNesting) {
                walk(value, path, depth + 1, table, position, id, rootId, fields, children, rows);
            } else if (value instanceof ArrayNode) {
                String childTable = childTable(table, path);
                children.add(() -> {
                    for (int i = 0; i < value.size(); i++) {
                        row(value.get(i), childTable, position, childId(id, path, i), rootId, Optional.of(id), Optional.of(i), rows);
                    }
                });
            } else {
                fields.put(path, value);
            }
        }
    }

    /** The fields of a row as they are met: JSON pointers and values in two growing arrays. */
    private static final class Fields {
        private String[] paths;
        private JsonNode[] values;
        private int size;
        /** Whether two fields may have the same pointer: only when aliases rename a field to another's. */
        private final boolean aliased;

        Fields(int capacity, boolean aliased) {
            this.paths = new String[capacity];
            this.values = new JsonNode[capacity];
            this.aliased = aliased;
        }

        /** Adds the field, or replaces the value of the one met before with the same pointer (in its place, as a map would). */
        void put(String path, JsonNode value) {
            if (aliased) {
                for (int i = 0; i < size; i++) {
                    if (paths[i].equals(path)) {
                        values[i] = value;
                        return;
                    }
                }
            }
            if (size == paths.length) {
                paths = Arrays.copyOf(paths, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            paths[size] = path;
            values[size++] = value;
        }
    }

    /**
     * The JSON pointer of field {@code key}, the {@code index}-th of an object at {@code at}, aliases applied; remembered,
     * as the next record has the same, most often at the same place (then found with no hashing: the parser gives a
     * name the same string each time).
     */
    private String path(Prefix at, int index, String key) {
        if (index < at.keys.length && at.keys[index] == key) {
            return at.pathsAt[index];
        }
        String path = at.byKey.get(key);
        if (path == null) {
            String pointer = at.prefix + "/" + escape(key);
            path = aliases.getOrDefault(pointer, pointer);
            if (++pathsKept > MAX_PATHS) {
                // Keys that are data (dates, ids) would grow this without end: start again.
                prefixes.clear();
                pathsKept = 1;
            }
            at.byKey.put(key, path);
        }
        if (index < Prefix.MAX_POSITIONS) {
            if (index >= at.keys.length) {
                at.keys = Arrays.copyOf(at.keys, Math.min(Prefix.MAX_POSITIONS, Math.max(index + 1, at.keys.length * 2)));
                at.pathsAt = Arrays.copyOf(at.pathsAt, at.keys.length);
            }
            at.keys[index] = key;
            at.pathsAt[index] = path;
        }
        return path;
    }

    /** The paths of the fields of the objects at one prefix: by key, and by position as the last such object had them. */
    private static final class Prefix {
        static final int MAX_POSITIONS = 1024;
        final String prefix;
        final Map<String, String> byKey = new HashMap<>();
        String[] keys = new String[8];
        String[] pathsAt = new String[8];

        Prefix(String prefix) {
            this.prefix = prefix;
        }
    }

    /** The name of the child table of the array at {@code path} in {@code table}. */
    public static String childTable(String table, String path) {
        return Identifiers.limit(table + "__" + columnBase(path));
    }

    /** The column-name form of a JSON pointer: each key normalized, joined by {@code __}. */
    public static String columnBase(String path) {
        StringBuilder name = new StringBuilder();
        for (String segment : segments(path)) {
            if (!name.isEmpty()) {
                name.append("__");
            }
            name.append(Identifiers.normalize(segment));
        }
        return Identifiers.limit(name.toString());
    }

    /** The keys of a JSON pointer, unescaped. */
    public static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        if (path.isEmpty()) {
            return segments;
        }
        for (String part : path.substring(1).split("/", -1)) {
            segments.add(part.replace("~1", "/").replace("~0", "~"));
        }
        return segments;
    }

    /** A key as one JSON pointer segment. */
    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** A field as written in configuration ({@code name} or {@code /a/b}) as a JSON pointer. */
    public static String pointer(String field) {
        return field.startsWith("/") ? field : "/" + escape(field);
    }

    static String childId(String parentId, String path, int index) {
        return Identifiers.sha256Id(parentId + "\u0001" + path + "\u0001" + index);
    }
}
