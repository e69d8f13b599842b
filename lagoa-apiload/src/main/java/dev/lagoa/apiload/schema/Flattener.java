package dev.lagoa.apiload.schema;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
    /** Prefix → key → path: what {@link #path} has worked out, at most {@link #MAX_PATHS} of them. */
    private final Map<String, Map<String, String>> paths = new HashMap<>();
    private int pathsKept;
    private int expectedFields = 16;

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
        Map<String, JsonNode> fields = new LinkedHashMap<>(parentId.isEmpty() ? expectedFields : 16);
        List<Runnable> children = new ArrayList<>();
        if (node instanceof ObjectNode) {
            walk(node, "", 0, table, position, id, rootId, fields, children, rows);
        } else {
            fields.put(VALUE_FIELD, node);
        }
        if (parentId.isEmpty()) {
            // Records of an endpoint look alike: size the next record's map for as many fields as this one has.
            expectedFields = Math.max(16, fields.size() * 4 / 3 + 1);
        }
        rows.add(new FlatRow(table, position, id, rootId, parentId, index, fields));
        children.forEach(Runnable::run);
    }

    private void walk(JsonNode object, String prefix, int depth, String table, int position, String id, String rootId, Map<String, JsonNode> fields,
            List<Runnable> children, List<FlatRow> rows) {
        Iterator<Map.Entry<String, JsonNode>> entries = object.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String path = path(prefix, entry.getKey());
            JsonNode value = entry.getValue();
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

    /** The JSON pointer of field {@code key} of the object at {@code prefix}, aliases applied; remembered, as the next record has the same. */
    private String path(String prefix, String key) {
        Map<String, String> ofPrefix = paths.get(prefix);
        String path = ofPrefix == null ? null : ofPrefix.get(key);
        if (path == null) {
            String pointer = prefix + "/" + escape(key);
            path = aliases.getOrDefault(pointer, pointer);
            if (++pathsKept > MAX_PATHS) {
                // Keys that are data (dates, ids) would grow this without end: start again.
                paths.clear();
                pathsKept = 1;
            }
            paths.computeIfAbsent(prefix, any -> new HashMap<>()).put(key, path);
        }
        return path;
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
