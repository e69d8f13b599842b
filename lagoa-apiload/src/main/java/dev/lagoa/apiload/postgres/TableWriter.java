package dev.lagoa.apiload.postgres;

import static dev.lagoa.apiload.schema.Identifiers.quote;
import static java.util.Objects.requireNonNull;

import dev.lagoa.apiload.WriteDisposition;
import dev.lagoa.apiload.schema.Column;
import dev.lagoa.apiload.schema.ColumnType;
import dev.lagoa.apiload.schema.SchemaChange;
import dev.lagoa.apiload.schema.SchemaResolver;
import dev.lagoa.apiload.schema.TableSchema;
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
 * Writes one batch of one table in one transaction: the batch's DDL (create, add, widen), then its rows with
 * {@code COPY} (CSV through PgJDBC's {@link CopyManager}, each row encoded while PostgreSQL reads the ones before it):
 * straight into the table when no row can conflict with one already there (append, child tables, the batch that
 * creates a merge's table), else into a staging table and from it into the table, upserting on {@code _lagoa_id}. When the {@code COPY} fails on the data, the batch is split in
 * halves under savepoints until each bad row is alone (bisection, as pgloader does); those rows are returned with
 * PostgreSQL's reason and the others are loaded. Values only ever travel as COPY data or statement parameters.
 */
public final class TableWriter {
    private static final String STAGE = "_lagoa_stage";
    /** The bytes of CSV handed to the driver at a time. */
    private static final int CHUNK = 1 << 16;

    private final Catalog catalog;
    private final CsvRows.Blocks blocks = new CsvRows.Blocks();

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
            if (table.isChild() && write == WriteDisposition.MERGE && !replacedRoots.isEmpty()) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + catalog.table(table.name()) + " WHERE "
                        + quote(TableSchema.ROOT_ID) + " = ANY(?)")) {
                    delete.setArray(1, connection.createArrayOf("text", replacedRoots.toArray()));
                    delete.executeUpdate();
                }
            }
            boolean staged = isStaged(table, create, write);
            if (staged) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TEMP TABLE " + quote(STAGE) + " (LIKE " + catalog.table(table.name())
                            + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS) ON COMMIT DROP");
                }
            }
            List<RowFailure> failures = new ArrayList<>();
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            String target = staged ? "pg_temp." + quote(STAGE) : catalog.table(table.name());
            String copySql = "COPY " + target + " (" + columnList + ") FROM STDIN WITH (FORMAT csv)";
            CsvRows rows = new CsvRows(table, resolution.rows(), loadId, blocks);
            long copied;
            try {
                copied = bisect(connection, copy, copySql, rows, 0, rows.size(), failures);
            } finally {
                rows.release();
            }
            int loaded = (int) copied;
            if (staged) {
                try (Statement statement = connection.createStatement()) {
                    loaded = statement.executeUpdate("INSERT INTO " + catalog.table(table.name()) + " (" + columnList + ") SELECT " + columnList
                            + " FROM pg_temp." + quote(STAGE) + " ON CONFLICT (" + quote(TableSchema.ID) + ") DO UPDATE SET " + columns.stream().skip(1)
                            .map(column -> quote(column) + " = EXCLUDED." + quote(column)).collect(Collectors.joining(", ")));
                }
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

    /**
     * Whether the batch goes through the staging table: only the rows of a merge's own table that may meet rows
     * already in it (an upsert). Anything else cannot conflict (an append's and a child table's rows have no key; a
     * merge's table created by this very batch holds nothing yet, and a batch has each key once), so it is copied
     * straight into the table.
     */
    static boolean isStaged(TableSchema table, boolean create, WriteDisposition write) {
        return !table.isChild() && write == WriteDisposition.MERGE && !create;
    }

    /** Copies rows {@code [from, to)}, halving around the rows PostgreSQL refuses; returns the number of rows copied. */
    private static long bisect(Connection connection, CopyManager copy, String sql, CsvRows rows, int from, int to, List<RowFailure> failures)
            throws SQLException {
        if (from >= to) {
            return 0;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SAVEPOINT lagoa_copy");
        }
        try {
            long copied = copy(copy, sql, rows, from, to);
            try (Statement statement = connection.createStatement()) {
                statement.execute("RELEASE SAVEPOINT lagoa_copy");
            }
            return copied;
        } catch (SQLException e) {
            if (!Database.isDataError(e)) {
                throw e;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("ROLLBACK TO SAVEPOINT lagoa_copy");
                statement.execute("RELEASE SAVEPOINT lagoa_copy");
            }
            if (to - from == 1) {
                failures.add(new RowFailure(rows.row(from), e.getSQLState(), reason(e)));
                return 0;
            }
            int middle = (from + to) >>> 1;
            return bisect(connection, copy, sql, rows, from, middle, failures) + bisect(connection, copy, sql, rows, middle, to, failures);
        }
    }

    /** One COPY of rows {@code [from, to)}: each row is encoded while PostgreSQL reads the ones before it. */
    private static long copy(CopyManager copy, String sql, CsvRows rows, int from, int to) throws SQLException {
        CopyIn in = copy.copyIn(sql);
        try {
            // Consecutive rows of one block go in one write, at most about CHUNK bytes.
            byte[] block = null;
            int start = 0;
            int end = 0;
            for (int i = from; i < to; i++) {
                byte[] data = rows.data(i);
                if (data != block || end - start >= CHUNK) {
                    if (end > start) {
                        in.writeToCopy(block, start, end - start);
                    }
                    block = data;
                    start = rows.start(i);
                }
                end = rows.end(i);
            }
            if (end > start) {
                in.writeToCopy(block, start, end - start);
            }
            return in.endCopy();
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
