package dev.lagoa.core.query;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows of a query: column names and SQL types, then the values (Java objects: {@code String}, {@code Long},
 * {@code BigDecimal}, {@code LocalDate}, ..., null for SQL NULL). {@code truncated} says that more rows were left out.
 */
public record QueryResult(List<Column> columns, List<List<Object>> rows, boolean truncated) {
    public QueryResult {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        requireNonNull(rows, "rows is null");
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            // values may be null, so no List.copyOf
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /** A column of the result: its name and its SQL type as the engine names it. */
    public record Column(String name, String type) {
        public Column {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }
}
