package dev.lagoa.apiload.postgres;

import static dev.lagoa.apiload.schema.Identifiers.quote;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.apiload.WriteDisposition;
import dev.lagoa.apiload.schema.Column;
import dev.lagoa.apiload.schema.ColumnType;
import dev.lagoa.apiload.schema.FlatRow;
import dev.lagoa.apiload.schema.SchemaChange;
import dev.lagoa.apiload.schema.SchemaResolver;
import dev.lagoa.apiload.schema.TableSchema;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Writes one batch of one table in one transaction: the batch's DDL (create, add, widen), its rows into a staging
 * table with {@code COPY} (CSV through PgJDBC's {@link CopyManager}), then from the staging table into the table
 * (append, or upsert on {@code _lagoa_id} for merge). When the {@code COPY} fails on the data, the batch is split in
 * halves under savepoints until each bad row is alone (bisection, as pgloader does); those rows are returned with
 * PostgreSQL's reason and the others are loaded. Values only ever travel as COPY data or statement parameters.
 */
public final class TableWriter {
    private static final String STAGE = "_lagoa_stage";

    private final Catalog catalog;

    public TableWriter(Catalog catalog) {
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    /** A row PostgreSQL refused, with its reason. */
    public record RowFailure(SchemaResolver.ResolvedRow row, String sqlState, String reason) {
    }

    /** What a batch did: rows loaded, rows refused, changes applied. */
    public record Outcome(int loaded, List<RowFailure> failures, List<SchemaChange> changes) {
        public Outcome {
            failures = List.copyOf(failures);
            changes = List.copyOf(changes);
        }
    }

    /**
     * Writes a resolved batch and commits.
     *
     * @param create whether the table is created by this batch
     * @param replacedRoots for a child table of a merge: the {@code _lagoa_id}s of the records whose children this
     *        batch replaces (their old child rows are deleted first)
     * @param extraChanges changes already applied to {@code table}'s layout that only need recording (aliases)
     */
    public Outcome write(Connection connection, TableSchema table, SchemaResolver.Resolution resolution, boolean create, WriteDisposition write,
            String loadId, Collection<String> replacedRoots, List<SchemaChange> extraChanges) throws SQLException {
        try {
            List<SchemaChange> changes = new ArrayList<>(extraChanges);
            try (Statement statement = connection.createStatement()) {
                for (SchemaChange change : ddl(table, resolution, create, write)) {
                    statement.execute(change.ddl());
                    changes.add(change);
                }
            }
            if (create) {
                catalog.registerTable(connection, table, loadId);
            }
            catalog.registerColumns(connection, table, resolution.newPaths());
            List<String> columns = new ArrayList<>(table.systemColumns());
            table.columns().forEach(column -> columns.add(column.name()));
            String columnList = columns.stream().map(dev.lagoa.apiload.schema.Identifiers::quote).collect(Collectors.joining(", "));
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE " + quote(STAGE) + " (LIKE " + catalog.table(table.name())
                        + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS) ON COMMIT DROP");
            }
            List<byte[]> encoded = new ArrayList<>(resolution.rows().size());
            for (SchemaResolver.ResolvedRow row : resolution.rows()) {
                encoded.add(encode(table, row, loadId));
            }
            List<RowFailure> failures = new ArrayList<>();
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            String copySql = "COPY pg_temp." + quote(STAGE) + " (" + columnList + ") FROM STDIN WITH (FORMAT csv)";
            bisect(connection, copy, copySql, resolution.rows(), encoded, 0, encoded.size(), failures);
            if (table.isChild() && write == WriteDisposition.MERGE && !replacedRoots.isEmpty()) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + catalog.table(table.name()) + " WHERE "
                        + quote(TableSchema.ROOT_ID) + " = ANY(?)")) {
                    delete.setArray(1, connection.createArrayOf("text", replacedRoots.toArray()));
                    delete.executeUpdate();
                }
            }
            int loaded;
            try (Statement statement = connection.createStatement()) {
                String insert = "INSERT INTO " + catalog.table(table.name()) + " (" + columnList + ") SELECT " + columnList + " FROM pg_temp."
                        + quote(STAGE);
                if (!table.isChild() && write == WriteDisposition.MERGE) {
                    insert += " ON CONFLICT (" + quote(TableSchema.ID) + ") DO UPDATE SET " + columns.stream().skip(1)
                            .map(column -> quote(column) + " = EXCLUDED." + quote(column)).collect(Collectors.joining(", "));
                }
                loaded = statement.executeUpdate(insert);
            }
            catalog.recordChanges(connection, loadId, table.endpoint(), changes);
            connection.commit();
            return new Outcome(loaded, failures, changes);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    private List<SchemaChange> ddl(TableSchema table, SchemaResolver.Resolution resolution, boolean create, WriteDisposition write) {
        String name = catalog.table(table.name());
        List<SchemaChange> changes = new ArrayList<>();
        if (create) {
            List<String> definitions = new ArrayList<>();
            for (String system : table.systemColumns()) {
                definitions.add(quote(system) + (system.equals(TableSchema.LIST_INDEX) ? " integer" : " text") + " NOT NULL");
            }
            for (Column column : table.columns()) {
                definitions.add(quote(column.name()) + " " + column.type().sql());
            }
            if (!table.isChild() && write == WriteDisposition.MERGE) {
                definitions.add("PRIMARY KEY (" + quote(TableSchema.ID) + ")");
            }
            changes.add(new SchemaChange(table.name(), "", SchemaChange.Kind.CREATE_TABLE,
                    "CREATE TABLE " + name + " (" + String.join(", ", definitions) + ")",
                    "new table with %d column%s".formatted(table.columns().size(), table.columns().size() == 1 ? "" : "s")));
            if (table.isChild()) {
                changes.add(new SchemaChange(table.name(), TableSchema.ROOT_ID, SchemaChange.Kind.CREATE_TABLE,
                        "CREATE INDEX ON " + name + " (" + quote(TableSchema.ROOT_ID) + ")", "child rows found by their record"));
            }
            return changes;
        }
        for (Column column : resolution.added()) {
            if (column.name().equals(TableSchema.EXTRA)) {
                changes.add(new SchemaChange(table.name(), column.name(), SchemaChange.Kind.ADD_COLUMN,
                        "ALTER TABLE " + name + " ADD COLUMN " + quote(column.name()) + " " + column.type().sql(),
                        "the table is at its column budget (apiload.max-columns): fields without a column are kept here by path"));
                continue;
            }
            boolean variant = table.pathsOf(column.name()).stream().anyMatch(path -> path.contains("#"));
            changes.add(new SchemaChange(table.name(), column.name(), variant ? SchemaChange.Kind.ADD_VARIANT_COLUMN : SchemaChange.Kind.ADD_COLUMN,
                    "ALTER TABLE " + name + " ADD COLUMN " + quote(column.name()) + " " + column.type().sql(),
                    variant ? "values of another type than their column's, from " + table.pathsOf(column.name())
                            : "new field " + table.pathsOf(column.name())));
        }
        for (Map.Entry<String, ColumnType> widened : resolution.widened().entrySet()) {
            Column column = table.column(widened.getKey()).orElseThrow();
            changes.add(new SchemaChange(table.name(), column.name(), SchemaChange.Kind.WIDEN_COLUMN,
                    "ALTER TABLE " + name + " ALTER COLUMN " + quote(column.name()) + " TYPE " + column.type().sql() + " USING "
                            + quote(column.name()) + "::" + column.type().sql(),
                    "%s → %s".formatted(widened.getValue().sql(), column.type().sql())));
        }
        return changes;
    }

    private static void bisect(Connection connection, CopyManager copy, String sql, List<SchemaResolver.ResolvedRow> rows, List<byte[]> encoded,
            int from, int to, List<RowFailure> failures) throws SQLException {
        if (from >= to) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SAVEPOINT lagoa_copy");
        }
        try {
            copy(copy, sql, encoded, from, to);
            try (Statement statement = connection.createStatement()) {
                statement.execute("RELEASE SAVEPOINT lagoa_copy");
            }
        } catch (SQLException e) {
            if (!Database.isDataError(e)) {
                throw e;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("ROLLBACK TO SAVEPOINT lagoa_copy");
                statement.execute("RELEASE SAVEPOINT lagoa_copy");
            }
            if (to - from == 1) {
                failures.add(new RowFailure(rows.get(from), e.getSQLState(), reason(e)));
                return;
            }
            int middle = (from + to) >>> 1;
            bisect(connection, copy, sql, rows, encoded, from, middle, failures);
            bisect(connection, copy, sql, rows, encoded, middle, to, failures);
        }
    }

    private static void copy(CopyManager copy, String sql, List<byte[]> encoded, int from, int to) throws SQLException {
        CopyIn in = copy.copyIn(sql);
        try {
            byte[] buffer = new byte[1 << 16];
            int length = 0;
            for (int i = from; i < to; i++) {
                byte[] row = encoded.get(i);
                if (length + row.length > buffer.length) {
                    in.writeToCopy(buffer, 0, length);
                    length = 0;
                }
                if (row.length > buffer.length) {
                    in.writeToCopy(row, 0, row.length);
                } else {
                    System.arraycopy(row, 0, buffer, length, row.length);
                    length += row.length;
                }
            }
            if (length > 0) {
                in.writeToCopy(buffer, 0, length);
            }
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /** PostgreSQL's own message, without the driver's decoration. */
    private static String reason(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException psql && psql.getServerErrorMessage() != null) {
            var server = psql.getServerErrorMessage();
            return server.getMessage() + (server.getWhere() == null ? "" : " (" + server.getWhere().replaceAll("\\s+", " ") + ")");
        }
        return String.valueOf(e.getMessage());
    }

    /** One CSV line: every value quoted, NULL as nothing. */
    static byte[] encode(TableSchema table, SchemaResolver.ResolvedRow resolved, String loadId) {
        FlatRow row = resolved.row();
        StringBuilder line = new StringBuilder(128);
        for (String system : table.systemColumns()) {
            String value = switch (system) {
                case TableSchema.ID -> row.id();
                case TableSchema.LOAD_ID -> loadId;
                case TableSchema.ROOT_ID -> row.rootId();
                case TableSchema.PARENT_ID -> row.parentId().orElseThrow();
                case TableSchema.LIST_INDEX -> String.valueOf(row.listIndex().orElseThrow());
                default -> throw new IllegalStateException("Unknown system column " + system);
            };
            field(line, value);
        }
        for (Column column : table.columns()) {
            JsonNode value = resolved.values().get(column.name());
            field(line, value == null ? null : text(value, column.type()));
        }
        line.setCharAt(line.length() - 1, '\n');
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String text(JsonNode value, ColumnType type) {
        if (type == ColumnType.JSONB) {
            return value.toString();
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBigDecimal()) {
            return value.decimalValue().toString();
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static void field(StringBuilder line, String value) {
        if (value != null) {
            line.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"') {
                    line.append('"');
                }
                line.append(c);
            }
            line.append('"');
        }
        line.append(',');
    }

    /** Deletes the rows of the given loads from the tables (an unfinished load's partial rows, a replaced load's rows). */
    public int deleteLoads(Connection connection, Collection<String> tables, Collection<String> loadIds, boolean keepListed) throws SQLException {
        int deleted = 0;
        for (String table : tables) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + catalog.table(table) + " WHERE "
                    + (keepListed ? "NOT (" : "(") + quote(TableSchema.LOAD_ID) + " = ANY(?))")) {
                delete.setArray(1, connection.createArrayOf("text", loadIds.toArray()));
                deleted += delete.executeUpdate();
            }
        }
        return deleted;
    }
}
