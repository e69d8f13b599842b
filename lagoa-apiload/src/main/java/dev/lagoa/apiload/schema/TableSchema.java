package dev.lagoa.apiload.schema;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The layout of one loaded table as the loader knows it: its columns in order, and which source field (JSON
 * pointer) loads into which column. Several fields may load into one column (aliases, applied renames).
 */
public final class TableSchema {
    public static final String ID = "_lagoa_id";
    public static final String LOAD_ID = "_lagoa_load_id";
    public static final String ROOT_ID = "_lagoa_root_id";
    public static final String PARENT_ID = "_lagoa_parent_id";
    public static final String LIST_INDEX = "_lagoa_list_idx";
    /**
     * The jsonb column of the fields that found no column within the table's column budget, each kept under its path
     * as the record has it ({@code {"daily": {"2024-05-01": 5}}}).
     */
    public static final String EXTRA = "_lagoa_extra";
    /** The source path recorded for {@link #EXTRA}: not a JSON pointer, so no field is ever mistaken for it. */
    public static final String EXTRA_PATH = "#extra";

    private final String name;
    private final String endpoint;
    private final Optional<String> parent;
    private final boolean exists;
    private final Map<String, Column> columns = new LinkedHashMap<>();
    private final Map<String, String> columnOfPath = new LinkedHashMap<>();

    public TableSchema(String name, String endpoint, Optional<String> parent, boolean exists) {
        this.name = requireNonNull(name, "name is null");
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.parent = requireNonNull(parent, "parent is null");
        this.exists = exists;
    }

    public String name() {
        return name;
    }

    public String endpoint() {
        return endpoint;
    }

    public Optional<String> parent() {
        return parent;
    }

    /** Whether the table existed before the current load (its contract then applies). */
    public boolean exists() {
        return exists;
    }

    public boolean isChild() {
        return parent.isPresent();
    }

    /** The loader's own columns, before the data's. */
    public List<String> systemColumns() {
        return isChild() ? List.of(ID, ROOT_ID, PARENT_ID, LIST_INDEX, LOAD_ID) : List.of(ID, LOAD_ID);
    }

    /** The data columns in the order they were added. */
    public List<Column> columns() {
        return List.copyOf(columns.values());
    }

    public Optional<Column> column(String columnName) {
        return Optional.ofNullable(columns.get(columnName));
    }

    /** The column a source field loads into. */
    public Optional<Column> columnOf(String path) {
        return Optional.ofNullable(columnOfPath.get(path)).map(columns::get);
    }

    /** Source field → column name. */
    public Map<String, String> paths() {
        return Collections.unmodifiableMap(columnOfPath);
    }

    /** The number of data columns, {@link #EXTRA} aside: what the column budget counts. */
    public int budgetedColumns() {
        return columns.size() - (columns.containsKey(EXTRA) ? 1 : 0);
    }

    public boolean hasExtra() {
        return columns.containsKey(EXTRA);
    }

    /** Every name in use, the loader's own columns included. */
    public Set<String> names() {
        Set<String> names = new HashSet<>(systemColumns());
        names.addAll(columns.keySet());
        return names;
    }

    /** Records that {@code path} loads into {@code column}, adding the column when it is new. */
    public void put(String path, Column column) {
        columns.putIfAbsent(column.name(), column);
        columnOfPath.put(path, column.name());
    }

    /** Replaces a column's definition (a widening). */
    public void replace(Column column) {
        if (!columns.containsKey(column.name())) {
            throw new IllegalArgumentException("No column " + column.name() + " in " + name);
        }
        columns.put(column.name(), column);
    }

    /** The source fields that load into {@code columnName}. */
    public List<String> pathsOf(String columnName) {
        List<String> paths = new ArrayList<>();
        columnOfPath.forEach((path, column) -> {
            if (column.equals(columnName)) {
                paths.add(path);
            }
        });
        return paths;
    }
}
