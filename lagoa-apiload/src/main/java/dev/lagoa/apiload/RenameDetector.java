package dev.lagoa.apiload;

import static dev.lagoa.apiload.schema.Identifiers.quote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.apiload.postgres.Catalog;
import dev.lagoa.apiload.schema.Column;
import dev.lagoa.apiload.schema.ColumnType;
import dev.lagoa.apiload.schema.FlatRow;
import dev.lagoa.apiload.schema.TableSchema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds probable renames in a batch of an endpoint's records: a known field absent from every record of the batch,
 * a new field present, whose values its column would hold, and, for the records whose primary key is already
 * stored, the same values as the stored ones. Needs a primary key (rows are matched on {@code _lagoa_id}).
 */
final class RenameDetector {
    /** The fewest matching stored values for a rename to be applied automatically. */
    static final int MIN_EVIDENCE = 3;
    /** A batch with more (new field, absent field) pairs than this is not searched for renames. */
    static final int MAX_CANDIDATE_PAIRS = 2_000;

    private RenameDetector() {}

    static List<Rename> detect(Connection connection, Catalog catalog, TableSchema table, List<FlatRow> rows) throws SQLException {
        // The fields with a value in the batch, in the order met, with the type of the first value. Most rows have the
        // fields of the row before them at the same places, so a field already met at this place is passed over
        // without a lookup (paths are shared strings: the flattener makes each once).
        Map<String, ColumnType> firstType = new LinkedHashMap<>();
        String[] metAt = new String[0];
        for (FlatRow row : rows) {
            int size = row.size();
            if (metAt.length < size) {
                metAt = Arrays.copyOf(metAt, size);
            }
            for (int i = 0; i < size; i++) {
                String path = row.path(i);
                if (metAt[i] == path) {
                    continue;
                }
                JsonNode value = row.value(i);
                if (!value.isNull()) {
                    if (!firstType.containsKey(path)) {
                        firstType.put(path, ColumnType.of(value));
                    }
                    metAt[i] = path;
                }
            }
        }
        Set<String> present = firstType.keySet();
        List<String> appeared = present.stream().filter(path -> table.columnOf(path).isEmpty()).toList();
        List<String> missing = table.paths().keySet().stream()
                .filter(path -> !path.contains("#") && !present.contains(path))
                .filter(path -> table.pathsOf(table.paths().get(path)).stream().noneMatch(present::contains))
                .toList();
        if ((long) appeared.size() * missing.size() > MAX_CANDIDATE_PAIRS) {
            // Wide, ever-changing objects (keys that are dates or ids) are not renames; comparing every pair would take a
            // query each.
            return List.of();
        }
        List<Rename> renames = new ArrayList<>();
        Set<String> taken = new java.util.HashSet<>();
        for (String toField : appeared) {
            Rename best = null;
            for (String fromField : missing) {
                Column column = table.columnOf(fromField).orElseThrow();
                if (taken.contains(column.name()) || !column.holds(firstType.get(toField))) {
                    continue;
                }
                Rename candidate = evidence(connection, catalog, table, rows, fromField, toField, column);
                if (candidate.matching() * 10 >= candidate.compared() * 8 && candidate.compared() > 0
                        && (best == null || candidate.matching() > best.matching())) {
                    best = candidate;
                }
            }
            if (best != null) {
                taken.add(best.column());
                renames.add(best);
            }
        }
        return renames;
    }

    private static Rename evidence(Connection connection, Catalog catalog, TableSchema table, List<FlatRow> rows, String fromField, String toField,
            Column column) throws SQLException {
        Map<String, JsonNode> newValues = new HashMap<>();
        for (FlatRow row : rows) {
            JsonNode value = row.field(toField);
            if (value != null && !value.isNull()) {
                newValues.put(row.id(), value);
            }
        }
        long compared = 0;
        long matching = 0;
        try (PreparedStatement query = connection.prepareStatement("SELECT " + quote(TableSchema.ID) + ", " + quote(column.name()) + "::text FROM "
                + catalog.table(table.name()) + " WHERE " + quote(TableSchema.ID) + " = ANY(?) AND " + quote(column.name()) + " IS NOT NULL")) {
            query.setArray(1, connection.createArrayOf("text", newValues.keySet().toArray()));
            try (ResultSet stored = query.executeQuery()) {
                while (stored.next()) {
                    compared++;
                    if (same(stored.getString(2), newValues.get(stored.getString(1)))) {
                        matching++;
                    }
                }
            }
        }
        connection.commit();
        boolean confident = compared >= MIN_EVIDENCE && matching == compared;
        return new Rename(table.name(), fromField, toField, column.name(), compared, matching, confident, false);
    }

    private static boolean same(String stored, JsonNode value) {
        if (value.isNumber()) {
            try {
                return new BigDecimal(stored).compareTo(value.decimalValue()) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return stored.equals(value.isValueNode() ? value.asText() : value.toString());
    }

    static Optional<Rename> applied(Rename rename) {
        return Optional.of(new Rename(rename.table(), rename.fromField(), rename.toField(), rename.column(), rename.compared(), rename.matching(),
                rename.confident(), true));
    }
}
