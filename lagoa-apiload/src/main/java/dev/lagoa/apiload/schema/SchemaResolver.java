package dev.lagoa.apiload.schema;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, for a batch of rows of one table, which column each value loads into and which schema changes that
 * needs: a new field adds a column; a value that its column does not hold widens the column when that is safe
 * ({@link ColumnType#widenedFor}), else goes to the variant column {@code <column>__v_<family>}. A table that
 * existed before the load follows its {@link Contract}: anything but {@code evolve} turns such a change into a
 * {@link Violation}. The {@link TableSchema} is updated in place; nothing is executed here.
 *
 * <p>The width of a table is bounded by a column budget, checked before any DDL: a field that would need a new column
 * (or a new variant column) in a table that already has {@code maxColumns} data columns gets none; its value is kept in
 * the table's {@link TableSchema#EXTRA} jsonb column, under its path, so nothing is lost and no load ever meets
 * PostgreSQL's 1,600-column limit. Once a table is at its budget, a field without a column goes there under every
 * contract (that needs no schema change).
 */
public final class SchemaResolver {
    private SchemaResolver() {}

    /**
     * A row with its values by column: {@code values[i]} loads into the table's {@code i}-th data column
     * ({@link TableSchema#columns()} order); a missing or null one, and every column past the array's end (added after
     * the row was resolved), is NULL. The row takes the array over (the caller must not change it afterwards).
     */
    public record ResolvedRow(FlatRow row, JsonNode[] values) {
        public ResolvedRow {
            requireNonNull(row, "row is null");
            requireNonNull(values, "values is null");
        }

        /** The value of the table's data column at {@code index}, or null for NULL. */
        public JsonNode value(int index) {
            return index < values.length ? values[index] : null;
        }

        /** The value of {@code table}'s column {@code column}, or null for NULL. */
        public JsonNode value(TableSchema table, String column) {
            List<Column> columns = table.columns();
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(column)) {
                    return value(i);
                }
            }
            throw new IllegalArgumentException("No column " + column + " in " + table.name());
        }
    }

    /** A value the contract refused: the whole row ({@code discard_row}, {@code freeze}) or only the value. */
    public record Violation(FlatRow row, String field, JsonNode value, boolean wholeRow, String detail) {
        public Violation {
            requireNonNull(row, "row is null");
            requireNonNull(field, "field is null");
            requireNonNull(value, "value is null");
            requireNonNull(detail, "detail is null");
        }
    }

    /**
     * The outcome for a batch.
     *
     * @param rows the rows to load (without the rows the contract rejected)
     * @param added columns added by this batch, in order, with their final type
     * @param widened columns that existed and must change type: name → the type they had
     * @param newPaths source fields mapped to a column by this batch (new columns, variants)
     */
    public record Resolution(List<ResolvedRow> rows, List<Violation> violations, List<Column> added, Map<String, ColumnType> widened,
            Map<String, String> newPaths) {
        public Resolution {
            rows = List.copyOf(rows);
            violations = List.copyOf(violations);
            added = List.copyOf(added);
            widened = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(widened));
            newPaths = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(newPaths));
        }

        public boolean changesSchema() {
            return !added.isEmpty() || !widened.isEmpty();
        }
    }

    /**
     * Resolves {@code rows} (all of {@code table}) under {@code contract}, updating {@code table}.
     *
     * @param maxColumns the table's column budget, at least 1
     */
    public static Resolution resolve(TableSchema table, List<FlatRow> rows, Contract contract, int maxColumns) {
        requireNonNull(table, "table is null");
        requireNonNull(rows, "rows is null");
        requireNonNull(contract, "contract is null");
        if (maxColumns < 1) {
            throw new IllegalArgumentException("maxColumns must be at least 1: " + maxColumns);
        }
        boolean evolve = !table.exists() || contract == Contract.EVOLVE;
        Set<String> added = new LinkedHashSet<>();
        Map<String, ColumnType> widened = new LinkedHashMap<>();
        Map<String, String> newPaths = new LinkedHashMap<>();
        List<ResolvedRow> resolved = new ArrayList<>(rows.size());
        List<Violation> violations = new ArrayList<>();
        Ordinals ordinals = new Ordinals(table);
        // Field → the column its values of one type went to last: rows of a batch look alike, so most values skip the lookups.
        Map<String, Fit> fits = new HashMap<>();
        // The same by the field's position in the row, for a row whose field there is the same (the flattener gives the
        // same path the same string): no hashing at all.
        Fit[] fitAt = new Fit[16];
        for (FlatRow row : rows) {
            JsonNode[] values = new JsonNode[ordinals.size()];
            ObjectNode extra = null;
            boolean rejected = false;
            if (fitAt.length < row.size()) {
                fitAt = Arrays.copyOf(fitAt, row.size());
            }
            for (int i = 0; i < row.size(); i++) {
                JsonNode value = row.value(i);
                if (value == null || value instanceof NullNode || value instanceof MissingNode) {
                    continue;
                }
                String path = row.path(i);
                ColumnType type = ColumnType.of(value);
                Fit fit = fitAt[i];
                if (fit == null || fit.path() != path || fit.type() != type) {
                    fit = fits.get(path);
                    if (fit == null || fit.type() != type) {
                        Optional<String> column = evolve
                                ? evolve(table, path, type, added, widened, newPaths, maxColumns)
                                : fitting(table, path, type);
                        fit = column.isEmpty() ? null : new Fit(path, type, ordinals.of(column.get()));
                        if (fit != null) {
                            fits.put(path, fit);
                        }
                    }
                    fitAt[i] = fit;
                }
                if (fit != null) {
                    values = put(values, fit.ordinal(), value);
                    continue;
                }
                if (evolve || table.hasExtra() && table.budgetedColumns() >= maxColumns) {
                    extra = extra == null ? JsonNodeFactory.instance.objectNode() : extra;
                    putAtPath(extra, path, value);
                    continue;
                }
                boolean wholeRow = contract != Contract.DISCARD_VALUE;
                violations.add(new Violation(row, path, value, wholeRow, refusal(table, path, value, contract)));
                if (wholeRow && contract == Contract.DISCARD_ROW) {
                    rejected = true;
                    break;
                }
            }
            if (!rejected && extra != null) {
                if (!table.hasExtra()) {
                    table.put(TableSchema.EXTRA_PATH, new Column(TableSchema.EXTRA, ColumnType.JSONB, false));
                    added.add(TableSchema.EXTRA);
                    newPaths.put(TableSchema.EXTRA_PATH, TableSchema.EXTRA);
                }
                values = put(values, ordinals.of(TableSchema.EXTRA), extra);
            }
            if (!rejected) {
                resolved.add(new ResolvedRow(row, values));
            }
        }
        List<Column> addedColumns = added.stream().map(name -> table.column(name).orElseThrow()).toList();
        return new Resolution(resolved, violations, addedColumns, widened, newPaths);
    }

    /** The column a field's values of {@code type} load into, by its position in the table. */
    private record Fit(String path, ColumnType type, int ordinal) {}

    /** The positions of a table's data columns, the ones added while a batch is resolved included (they come last). */
    private static final class Ordinals {
        private final TableSchema table;
        private final Map<String, Integer> ordinals = new HashMap<>();

        Ordinals(TableSchema table) {
            this.table = table;
            for (Column column : table.columns()) {
                ordinals.put(column.name(), ordinals.size());
            }
        }

        int size() {
            return ordinals.size();
        }

        int of(String column) {
            Integer ordinal = ordinals.get(column);
            if (ordinal == null) {
                // Added since: columns are only ever added at the end.
                List<Column> columns = table.columns();
                for (int i = ordinals.size(); i < columns.size(); i++) {
                    ordinals.put(columns.get(i).name(), i);
                }
                ordinal = requireNonNull(ordinals.get(column), () -> "no column " + column + " in " + table.name());
            }
            return ordinal;
        }
    }

    /** {@code values} with {@code value} at {@code ordinal}, grown when the column was added after the array was made. */
    private static JsonNode[] put(JsonNode[] values, int ordinal, JsonNode value) {
        JsonNode[] into = ordinal < values.length ? values : Arrays.copyOf(values, ordinal + 1);
        into[ordinal] = value;
        return into;
    }

    /** The column that holds the value as the table is, without any change. */
    private static Optional<String> fitting(TableSchema table, String path, ColumnType type) {
        Optional<Column> column = table.columnOf(path);
        if (column.isPresent() && column.get().holds(type)) {
            return Optional.of(column.get().name());
        }
        if (column.isPresent()) {
            Optional<Column> variant = table.columnOf(variantPath(path, type));
            if (variant.isPresent() && variant.get().holds(type)) {
                return Optional.of(variant.get().name());
            }
        }
        return Optional.empty();
    }

    /** The column of the value, changing the layout as needed; empty when that needs a column past the budget. */
    private static Optional<String> evolve(TableSchema table, String path, ColumnType type, Set<String> added, Map<String, ColumnType> widened,
            Map<String, String> newPaths, int maxColumns) {
        Optional<Column> existing = table.columnOf(path);
        if (existing.isEmpty()) {
            if (table.budgetedColumns() >= maxColumns) {
                return Optional.empty();
            }
            String base = path.contains("#") ? variantBase(table, path) : Flattener.columnBase(path);
            Column column = new Column(Identifiers.unique(base, table.names()), type, false);
            table.put(path, column);
            added.add(column.name());
            newPaths.put(path, column.name());
            return Optional.of(column.name());
        }
        Column column = existing.get();
        if (column.holds(type)) {
            return Optional.of(column.name());
        }
        Optional<ColumnType> wider = column.type().widenedFor(type);
        if (wider.isPresent()) {
            if (!added.contains(column.name())) {
                widened.putIfAbsent(column.name(), column.type());
            }
            table.replace(new Column(column.name(), wider.get(), wider.get() == ColumnType.TEXT || column.widenedToText()));
            return Optional.of(column.name());
        }
        return evolve(table, variantPath(path, type), type, added, widened, newPaths, maxColumns);
    }

    /** Puts {@code value} into {@code extra} at the JSON pointer {@code path}, making the objects on the way. */
    private static void putAtPath(ObjectNode extra, String path, JsonNode value) {
        List<String> segments = Flattener.segments(path);
        ObjectNode parent = extra;
        for (int i = 0; i < segments.size() - 1; i++) {
            JsonNode next = parent.get(segments.get(i));
            if (next == null) {
                next = parent.putObject(segments.get(i));
            } else if (!next.isObject()) {
                // A leaf where this path needs an object cannot happen within one row; keep the value by its whole path.
                extra.set(path, value);
                return;
            }
            parent = (ObjectNode) next;
        }
        parent.set(segments.isEmpty() ? path : segments.get(segments.size() - 1), value);
    }

    /** The source path of a field's variant for values of {@code type}: {@code <path>#v_<family>}. */
    static String variantPath(String path, ColumnType type) {
        return path + "#v_" + type.variantFamily();
    }

    private static String variantBase(TableSchema table, String variantPath) {
        int hash = variantPath.indexOf('#');
        String original = variantPath.substring(0, hash);
        String column = table.columnOf(original).map(Column::name).orElse(Flattener.columnBase(original));
        return Identifiers.limit(column + "__" + variantPath.substring(hash + 1));
    }

    private static String refusal(TableSchema table, String path, JsonNode value, Contract contract) {
        Optional<Column> column = table.columnOf(path);
        String change = column.isEmpty()
                ? "new field '%s' needs a new column".formatted(path)
                : "field '%s' is %s but its column \"%s\" is %s".formatted(path, ColumnType.of(value).sql(), column.get().name(),
                        column.get().type().sql());
        return "%s; the contract of table %s is %s".formatted(change, table.name(), contract.configName());
    }
}
