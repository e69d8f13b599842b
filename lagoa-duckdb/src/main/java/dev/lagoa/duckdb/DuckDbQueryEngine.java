package dev.lagoa.duckdb;

import static dev.lagoa.duckdb.DuckDbTypes.literal;
import static dev.lagoa.duckdb.DuckDbTypes.quote;
import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.config.Durations;
import dev.lagoa.core.pipeline.DataFormat;
import dev.lagoa.core.query.QueryEngine;
import dev.lagoa.core.query.QueryResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local Athena: DuckDB (in memory, in this process) with one view per catalogued table over the table's files in
 * the local lake. Partitioned tables read their Hive folders ({@code data=2022-12-08/acao=PETR4/}) with the partition
 * keys typed as the catalog declares them, so a filter on a partition key reads only the matching folders.
 *
 * <p>Read-only by construction: only {@code SELECT} statements (with {@code WITH}, {@code UNION}, ...) run; DuckDB may
 * open files under the lake folder only ({@code allowed_directories}, external access off, configuration locked), so a
 * query can neither write nor read outside the lake. DuckDB checks a path's text, not where it leads: every query is
 * refused while the lake holds a symbolic link, or a regular file with more than one hard link (it may be a file from
 * outside). Spills go to the {@link Limits#temporaryDirectory()}, DuckDB's memory is capped and a query that runs past
 * its timeout is cancelled.
 */
public final class DuckDbQueryEngine implements QueryEngine {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DuckDbQueryEngine.class);
    /** The table parameter of a layout that is not Hive's: the path below the location, with {name} placeholders. */
    public static final String PATH_PATTERN = "lagoa.path-pattern";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_]*)}");
    private final Connection connection;
    /** Catalogued tables whose files DuckDB could not read, with why: a query naming one says so. */
    private final Map<String, String> unavailable;
    /** The catalogued tables' names, to suggest one for a mistyped name. */
    private final List<String> tableNames;
    private final Path lakeRoot;
    private final Limits limits;
    private final ScheduledExecutorService canceller;

    /**
     * What a query may use.
     *
     * @param temporaryDirectory where DuckDB spills what does not fit in memory (created when needed)
     * @param memoryLimit DuckDB's memory limit as a JVM size: {@code 512m}, {@code 2g}
     * @param timeout how long a query may run before it is cancelled
     */
    public record Limits(Path temporaryDirectory, String memoryLimit, Duration timeout) {
        public static final String TIMEOUT_KEY = "sql.timeout";

        public Limits {
            requireNonNull(temporaryDirectory, "temporaryDirectory is null");
            requireNonNull(memoryLimit, "memoryLimit is null");
            requireNonNull(timeout, "timeout is null");
            if (!memoryLimit.matches("\\d+[mMgG]")) {
                throw new IllegalArgumentException("memoryLimit is not a JVM memory size (512m, 2g): " + memoryLimit);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
        }

        /** The limit in DuckDB's units: {@code 512m} is {@code 512MiB}. */
        String duckDbMemoryLimit() {
            String amount = memoryLimit.substring(0, memoryLimit.length() - 1);
            return amount + (Character.toLowerCase(memoryLimit.charAt(memoryLimit.length() - 1)) == 'g' ? "GiB" : "MiB");
        }
    }

    private DuckDbQueryEngine(Connection connection, Map<String, String> unavailable, List<String> tableNames, Path lakeRoot, Limits limits) {
        this.connection = connection;
        this.unavailable = Map.copyOf(unavailable);
        this.tableNames = List.copyOf(tableNames);
        this.lakeRoot = lakeRoot;
        this.limits = limits;
        this.canceller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lagoa-sql-timeout");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * An engine over {@code tables}; {@code folderOf} maps a table's {@code s3://} location to its folder in the lake,
     * which lies under {@code lakeRoot}.
     */
    public static DuckDbQueryEngine open(List<TableDefinition> tables, Function<String, Path> folderOf, Path lakeRoot, Limits limits) {
        requireNonNull(tables, "tables is null");
        requireNonNull(folderOf, "folderOf is null");
        requireNonNull(lakeRoot, "lakeRoot is null");
        requireNonNull(limits, "limits is null");
        try {
            Properties properties = new Properties();
            properties.setProperty("autoinstall_known_extensions", "false");
            properties.setProperty("autoload_known_extensions", "false");
            Connection connection = DriverManager.getConnection("jdbc:duckdb:", properties);
            Map<String, String> unavailable = new TreeMap<>();
            try (Statement statement = connection.createStatement()) {
                for (TableDefinition table : tables) {
                    try (Statement view = connection.createStatement()) {
                        view.execute(viewSql(table, folderOf.apply(table.location())));
                    } catch (SQLException | LagoaException e) {
                        // one table whose files do not read as catalogued must not take the others down: it stays unknown
                        LOG.warn("Table {} is left out of lagoa sql: {}", table.name(), firstLine(e.getMessage()));
                        unavailable.put(table.name().table(), firstLine(e.getMessage()));
                    }
                }
                String root = lakeRoot.toAbsolutePath().normalize().toString();
                // DuckDB's default spill folder is .tmp in the working directory: keep spills in the workspace
                statement.execute("SET temp_directory = " + literal(limits.temporaryDirectory().toAbsolutePath().normalize().toString()));
                statement.execute("SET memory_limit = " + literal(limits.duckDbMemoryLimit()));
                statement.execute("SET allowed_directories = [" + literal(root.endsWith("/") ? root : root + "/") + "]");
                statement.execute("SET enable_external_access = false");
                statement.execute("SET lock_configuration = true");
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            return new DuckDbQueryEngine(connection, unavailable, tables.stream().map(table -> table.name().table()).toList(),
                    lakeRoot.toAbsolutePath().normalize(), limits);
        } catch (SQLException e) {
            throw new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot open the local query engine: " + e.getMessage(), e);
        }
    }

    private static String viewSql(TableDefinition table, Path folder) {
        String view = quote(table.name().table());
        String base = folder.toAbsolutePath().normalize() + "/";
        String pathPattern = table.parameters().get(PATH_PATTERN);
        Pattern layout = pathPattern != null ? Pattern.compile(fileRegex(base, pathPattern))
                : Pattern.compile("^" + Pattern.quote(base) + table.partitionKeys().stream()
                        .map(key -> Pattern.quote(key.name() + "=") + "[^/]+/").collect(Collectors.joining()) + (table.isPartitioned() ? "[^/]+$" : ".+$"));
        List<String> files = dataFiles(folder, table.format(), layout);
        if (files.isEmpty()) {
            // a catalogued table without files yet answers with no rows, not an error
            String columns = Stream.concat(table.columns().stream(), table.partitionKeys().stream())
                    .map(column -> "CAST(NULL AS " + DuckDbTypes.of(column.type()) + ") AS " + quote(column.name()))
                    .collect(Collectors.joining(", "));
            return "CREATE VIEW " + view + " AS SELECT " + columns + " WHERE false";
        }
        String list = files.stream().map(DuckDbTypes::literal).collect(Collectors.joining(", ", "[", "]"));
        if (pathPattern != null) {
            // a layout that is not Hive's (raw/{date}/file.parquet): the placeholders' values come from the file names
            StringBuilder keys = new StringBuilder();
            for (int i = 0; i < table.partitionKeys().size(); i++) {
                TableColumn key = table.partitionKeys().get(i);
                keys.append(", TRY_CAST(regexp_extract(filename, ").append(literal(layout.pattern())).append(", ").append(i + 1).append(") AS ")
                        .append(DuckDbTypes.of(key.type())).append(") AS ").append(quote(key.name()));
            }
            return "CREATE VIEW " + view + " AS SELECT " + dataColumns(table) + keys + " FROM " + reader(table, list, false, true);
        }
        String columns = Stream.concat(table.columns().stream(), table.partitionKeys().stream())
                .map(TableColumn::name)
                .map(DuckDbTypes::quote)
                .collect(Collectors.joining(", "));
        return "CREATE VIEW " + view + " AS SELECT " + columns + " FROM " + reader(table, list, table.isPartitioned(), false);
    }

    private static String dataColumns(TableDefinition table) {
        return table.columns().stream().map(TableColumn::name).map(DuckDbTypes::quote).collect(Collectors.joining(", "));
    }

    /** The regular expression of a file's full path under a path pattern, one group per placeholder. */
    private static String fileRegex(String base, String pathPattern) {
        StringBuilder regex = new StringBuilder("^").append(Pattern.quote(base));
        Matcher placeholder = PLACEHOLDER.matcher(pathPattern);
        int last = 0;
        while (placeholder.find()) {
            regex.append(Pattern.quote(pathPattern.substring(last, placeholder.start()))).append("([^/]+)");
            last = placeholder.end();
        }
        regex.append(Pattern.quote(pathPattern.substring(last)));
        return regex + (pathPattern.endsWith("/") ? "[^/]+$" : "$");
    }

    private static String reader(TableDefinition table, String files, boolean hive, boolean filename) {
        StringBuilder source = new StringBuilder(switch (table.format()) {
            case PARQUET -> "read_parquet(";
            case JSON, JSON_LINES -> "read_json_auto(";
            case CSV -> "read_csv_auto(";
        }).append(files);
        if (hive) {
            source.append(", hive_partitioning = true, hive_types = {")
                    .append(table.partitionKeys().stream()
                            .map(key -> literal(key.name()) + ": " + DuckDbTypes.of(key.type()))
                            .collect(Collectors.joining(", ")))
                    .append("}");
        } else {
            source.append(", hive_partitioning = false");
        }
        if (filename) {
            source.append(", filename = true");
        }
        source.append(", union_by_name = true)");
        return source.toString();
    }

    /**
     * The table's data files: visible ones (writers' {@code _staging/}, {@code _temporary/} and hidden files are not
     * part of a table) of its format, laid out as the table says, sorted.
     */
    private static List<String> dataFiles(Path folder, DataFormat format, Pattern layout) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> isVisible(folder.relativize(file)))
                    .filter(file -> hasExtension(file, format))
                    .map(file -> file.toAbsolutePath().normalize().toString())
                    .filter(path -> layout.matcher(path).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasExtension(Path file, DataFormat format) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return switch (format) {
            case PARQUET -> name.endsWith(".parquet");
            case JSON, JSON_LINES -> name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".json.gz") || name.endsWith(".jsonl.gz")
                    || name.endsWith(".ndjson");
            case CSV -> name.endsWith(".csv") || name.endsWith(".csv.gz");
        };
    }

    /** Writers' temporary and hidden files ({@code _staging/}, {@code .crc}) are not part of a table. */
    private static boolean isVisible(Path relative) {
        for (Path segment : relative) {
            String name = segment.toString();
            if (name.startsWith("_") || name.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public QueryResult query(String sql, int maxRows) {
        requireNonNull(sql, "sql is null");
        if (maxRows < 1) {
            throw LagoaException.userError("maxRows must be positive: %d", maxRows);
        }
        requireSelect(sql);
        refuseLinks();
        AtomicBoolean timedOut = new AtomicBoolean();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setMaxRows(maxRows + 1);
            ScheduledFuture<?> timeout = canceller.schedule(() -> {
                timedOut.set(true);
                try {
                    statement.cancel();
                } catch (SQLException e) {
                    LOG.warn("Cannot cancel a query past {}: {}", Limits.TIMEOUT_KEY, e.getMessage());
                }
            }, limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
            try (Cancellation ignored = Cancellation.of(timeout); ResultSet results = statement.executeQuery()) {
                ResultSetMetaData metadata = results.getMetaData();
                List<QueryResult.Column> columns = new ArrayList<>();
                for (int i = 1; i <= metadata.getColumnCount(); i++) {
                    columns.add(new QueryResult.Column(metadata.getColumnLabel(i), metadata.getColumnTypeName(i)));
                }
                List<List<Object>> rows = new ArrayList<>();
                boolean truncated = false;
                while (results.next()) {
                    if (rows.size() == maxRows) {
                        truncated = true;
                        break;
                    }
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(value(results.getObject(i)));
                    }
                    rows.add(row);
                }
                return new QueryResult(columns, rows, truncated);
            }
        } catch (SQLException e) {
            if (timedOut.get()) {
                throw new LagoaException(ErrorCode.INVALID_QUERY, "Query cancelled: it ran longer than %s (%s)".formatted(
                        Durations.format(limits.timeout()), Limits.TIMEOUT_KEY), e);
            }
            for (Map.Entry<String, String> table : unavailable.entrySet()) {
                if (Pattern.compile("\\b" + Pattern.quote(table.getKey()) + "\\b", Pattern.CASE_INSENSITIVE).matcher(sql).find()) {
                    throw new LagoaException(ErrorCode.INVALID_QUERY, "Table %s is catalogued but its files cannot be read: %s".formatted(table.getKey(),
                            table.getValue()), e);
                }
            }
            String missing = QueryMessages.missingTable(firstLine(e.getMessage()), tableNames).orElse(firstLine(e.getMessage()));
            throw new LagoaException(ErrorCode.INVALID_QUERY, "Query failed: " + missing, e);
        }
    }

    /** Cancels the pending timeout when the query is done. */
    private record Cancellation(ScheduledFuture<?> timeout) implements AutoCloseable {
        static Cancellation of(ScheduledFuture<?> timeout) {
            return new Cancellation(timeout);
        }

        @Override
        public void close() {
            timeout.cancel(false);
        }
    }

    /**
     * DuckDB's {@code allowed_directories} checks a path's text: a symbolic link under the lake would let a query read
     * wherever it points, and a hard link a file from outside. Both are refused at every query (a person or a program
     * may add one at any time), naming the link.
     */
    private void refuseLinks() {
        if (!Files.isDirectory(lakeRoot)) {
            return;
        }
        Path root;
        try {
            // the lake folder itself may be reached through a link of the user's own; what lies under it may not
            root = lakeRoot.toRealPath();
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot run the query: cannot read the lake %s: %s".formatted(lakeRoot, e.getMessage()), e);
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isSymbolicLink(path)) {
                    throw new LagoaException(ErrorCode.INVALID_QUERY, ("Cannot run the query: %s is a symbolic link (to %s); lagoa sql reads only "
                            + "files inside the lake, remove the link or copy what it points to").formatted(path, target(path)));
                }
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && links(path) > 1) {
                    throw new LagoaException(ErrorCode.INVALID_QUERY, ("Cannot run the query: %s has %d hard links, so it may be a file from "
                            + "outside the lake; lagoa sql reads only files inside the lake, replace it with a copy").formatted(path, links(path)));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot run the query: cannot list the lake %s: %s".formatted(lakeRoot, e.getMessage()), e);
        }
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "an unreadable target";
        }
    }

    private static int links(Path file) throws IOException {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return 1; // a file system without link counts: nothing to detect
        }
    }

    /**
     * Only a SELECT serializes to JSON in DuckDB: the parser, not a pattern over the text, decides what the statement
     * is, so {@code COPY}, {@code EXPLAIN ANALYZE}, {@code ATTACH}, {@code SET} and several statements at once are refused.
     */
    private void requireSelect(String sql) {
        try (PreparedStatement check = connection.prepareStatement(
                "SELECT json_extract_string(s, '$.error_message'), json_array_length(s, '$.statements') "
                        + "FROM (SELECT json_serialize_sql(?::VARCHAR) AS s)")) {
            check.setString(1, sql);
            try (ResultSet result = check.executeQuery()) {
                result.next();
                String error = result.getString(1);
                if (error == null && result.getLong(2) != 1) {
                    error = result.getLong(2) + " statements";
                }
                if (error != null) {
                    throw new LagoaException(ErrorCode.INVALID_QUERY,
                            "lagoa sql runs one read-only SELECT statement: " + QueryMessages.notASelect(sql, firstLine(error)));
                }
            }
        } catch (SQLException e) {
            throw new LagoaException(ErrorCode.INVALID_QUERY, "Query failed: " + firstLine(e.getMessage()), e);
        }
    }

    private static Object value(Object value) {
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime instant) {
            return instant.toInstant();
        }
        return value;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void close() {
        canceller.shutdownNow();
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing was written: closing an in-memory database loses nothing
        }
    }
}
