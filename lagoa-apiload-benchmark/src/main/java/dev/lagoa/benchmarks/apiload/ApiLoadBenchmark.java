package dev.lagoa.benchmarks.apiload;

import dev.lagoa.apiload.ApiLoader;
import dev.lagoa.apiload.EndpointDefinition;
import dev.lagoa.apiload.LoadResult;
import dev.lagoa.apiload.WriteDisposition;
import dev.lagoa.apiload.postgres.Database;
import dev.lagoa.apiload.ApiLoadConfig;
import dev.lagoa.core.config.PostgresConfig;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.Workspace;
import dev.lagoa.local.services.EmbeddedPostgres;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * The API load benchmark: the same generated records loaded into the same embedded PostgreSQL three ways, in one run —
 * {@code loader} (JSON responses, already on disk as the HTTP source leaves them, through {@link ApiLoader}: raw archive
 * in the lake, parsing, flattening, inference and evolution, COPY straight into the table), {@code copy} (the equivalent flat CSV, already on disk, through
 * {@code CopyManager} into a table created beforehand: the practical limit) and {@code insert} (a prepared INSERT,
 * batches of 1,000, {@code reWriteBatchedInserts=true}; its values are generated as it goes); then {@code copy-loader-rows}
 * (the loader's own rows COPY'd again: PostgreSQL's share of the load) and {@code loader-again} (the next day's responses
 * into the table of the first load). Reports records per second and the JVM's peak heap in each,
 * and the ratios against the targets (loader at least 50% of COPY, at least 3× INSERT).
 *
 * <p>Options: {@code --records N} (default 1000000), {@code --work DIR} (default {@code target/bench-work}),
 * {@code --page-size N} (records per API response, default 10000), {@code --seed N}.
 */
public final class ApiLoadBenchmark {
    private static final int INSERT_BATCH = 1_000;
    private static final int INSERT_COMMIT = 10_000;

    private ApiLoadBenchmark() {}

    /**
     * @param cpuSeconds the CPU time of this JVM (every thread, the garbage collector's included) during the engine's
     *        run: unlike the seconds, it hardly changes with the other work on the machine; PostgreSQL's is not in it
     * @param gcSeconds the garbage collectors' accumulated collection time during the run
     */
    record Outcome(String engine, long rows, double seconds, double cpuSeconds, double gcSeconds, long peakHeapBytes, String note) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        long records = Long.parseLong(options.getOrDefault("records", "1000000"));
        int pageSize = Integer.parseInt(options.getOrDefault("page-size", "10000"));
        long seed = Long.parseLong(options.getOrDefault("seed", "20250601"));
        Path work = Path.of(options.getOrDefault("work", "lagoa-apiload-benchmark/target/bench-work")).toAbsolutePath().normalize();
        deleteTree(work);
        Files.createDirectories(work);
        RecordGenerator generator = new RecordGenerator(records, seed);
        Workspace workspace = Workspace.open(work.resolve("workspace"));
        int port = freePort();
        System.err.printf("Starting the embedded PostgreSQL on 127.0.0.1:%d (data in %s)%n", port, workspace.home());
        List<Outcome> outcomes = new ArrayList<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(workspace, new ServicesConfig(1, 2, 3, "", "", Duration.ofSeconds(60), "256m", port))) {
            PostgresConfig connection = postgres.connection();
            Path csv = work.resolve("records.csv");
            System.err.printf("Writing the flat CSV of %,d records%n", records);
            writeCsv(generator, csv);
            outcomes.add(copy(connection, csv, records));
            outcomes.add(insert(connection, generator));
            System.err.printf("Writing the JSON responses of %,d records each%n", pageSize);
            List<Path> pages = writePages(generator, pageSize, work.resolve("responses"));
            outcomes.add(loader(connection, workspace, pages, records, false));
            outcomes.add(copyLoaderRows(connection, work.resolve("loader-rows.csv"), records));
            // The next day's answer: the same keys with other values (the same pages again would be a no-op, by design).
            List<Path> nextPages = writePages(new RecordGenerator(records, seed + 1), pageSize, work.resolve("responses-next"));
            outcomes.add(loader(connection, workspace, nextPages, records, true));
            report(outcomes, records, work, Files.size(csv));
        }
    }

    /**
     * The loader on the pages. {@code again}: the next day's pages (other values, same keys and shape) into the table
     * the first load made (the engine {@code loader-again}): what every later run of a scheduled load does, with the
     * endpoint's table already there (its columns known, renames looked for in every batch, rows appended to those
     * of the first load).
     */
    private static Outcome loader(PostgresConfig connection, Workspace workspace, List<Path> pages, long records, boolean again) {
        String engine = again ? "loader-again" : "loader";
        System.err.printf("%s: JSON pages through the API loader%s%n", engine, again ? ", into the table of the first load" : "");
        ApiLoader loader = new ApiLoader(ApiLoadConfig.defaults().withSchema("bench_loader"), new Database(connection), new LocalObjectStore(workspace),
                Clock.system(ZoneId.of("America/Sao_Paulo")));
        EndpointDefinition endpoint = EndpointDefinition.of("orders", "http://127.0.0.1/unused", WriteDisposition.APPEND, List.of("id"));
        resetPeaks();
        Usage usage = Usage.start();
        long start = System.nanoTime();
        // As the HTTP source hands them over: each response's body in a local file.
        LoadResult result = loader.run(endpoint, (definition, cursor, sink) -> pages.forEach(sink::accept));
        double seconds = (System.nanoTime() - start) / 1e9;
        long rows = count(connection, "bench_loader.orders") - (again ? records : 0);
        if (result.isFailed() || result.rowsLoaded() != records || result.hasRejects() || rows != records) {
            throw new IllegalStateException("The loader did not load every record (%,d rows in the table): %s".formatted(rows, result));
        }
        String changes = result.schemaChanges().stream().map(change -> change.kind() + " " + change.column()).collect(Collectors.joining(", "));
        return new Outcome(engine, rows, seconds, usage.cpuSeconds(), usage.gcSeconds(), peakHeap(),
                "phases %s; schema changes: %s".formatted(result.phaseSeconds(), changes.isEmpty() ? "none" : changes));
    }

    /**
     * COPY of the rows the first load wrote, as PostgreSQL stores them (the loader's columns, {@code _lagoa_id} and
     * {@code _lagoa_load_id} included), into a table like the loader's: what PostgreSQL's own share of the load costs,
     * without the loader's work. The rows are copied out of the loader's table first, not timed.
     */
    private static Outcome copyLoaderRows(PostgresConfig connection, Path csv, long records) throws SQLException, IOException {
        System.err.println("copy-loader-rows: the loader's own rows through CopyManager");
        try (Connection db = open(connection, false)) {
            try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                db.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY bench_loader.orders TO STDOUT (FORMAT csv)", out);
            }
            try (Statement statement = db.createStatement()) {
                statement.execute("CREATE SCHEMA bench_rows");
                statement.execute("CREATE TABLE bench_rows.orders (LIKE bench_loader.orders INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
            }
            db.commit();
            return timedCopy(connection, db, "copy-loader-rows", "bench_rows.orders", "COPY bench_rows.orders FROM STDIN (FORMAT csv)", csv, records,
                    "COPY of the loader's rows (%,d bytes of CSV), one transaction".formatted(Files.size(csv)));
        }
    }

    /** The engine {@code engine}: COPY of {@code csv} into {@code table} with {@code sql}, one transaction, timed. */
    private static Outcome timedCopy(PostgresConfig connection, Connection db, String engine, String table, String sql, Path csv, long records,
            String note) throws SQLException, IOException {
        resetPeaks();
        Usage usage = Usage.start();
        long start = System.nanoTime();
        long copied;
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            copied = db.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, reader);
        }
        db.commit();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (copied != records) {
            throw new IllegalStateException("COPY wrote %d rows, not %d".formatted(copied, records));
        }
        return new Outcome(engine, count(connection, table), seconds, usage.cpuSeconds(), usage.gcSeconds(), peakHeap(), note);
    }

    private static Outcome copy(PostgresConfig connection, Path csv, long records) throws SQLException, IOException {
        System.err.println("copy: the flat CSV through CopyManager");
        try (Connection db = open(connection, false)) {
            createFlatTable(db, "bench_copy");
            db.commit();
            return timedCopy(connection, db, "copy", "bench_copy.orders", "COPY bench_copy.orders (" + columnList() + ") FROM STDIN (FORMAT csv)", csv,
                    records, "COPY ... FROM STDIN (FORMAT csv), one transaction");
        }
    }

    private static Outcome insert(PostgresConfig connection, RecordGenerator generator) throws SQLException {
        System.err.println("insert: batched INSERT with reWriteBatchedInserts=true");
        try (Connection db = open(connection, true)) {
            createFlatTable(db, "bench_insert");
            db.commit();
            resetPeaks();
            Usage usage = Usage.start();
            long start = System.nanoTime();
            String placeholders = Arrays.stream(RecordGenerator.COLUMNS).map(column -> "?").collect(Collectors.joining(", "));
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO bench_insert.orders (" + columnList() + ") VALUES (" + placeholders + ")")) {
                for (long i = 0; i < generator.records(); i++) {
                    Object[] values = generator.values(i);
                    for (int column = 0; column < values.length; column++) {
                        Object value = values[column];
                        if (value == null) {
                            insert.setNull(column + 1, java.sql.Types.NUMERIC);
                        } else if (value instanceof BigDecimal decimal) {
                            insert.setBigDecimal(column + 1, decimal);
                        } else {
                            insert.setObject(column + 1, value);
                        }
                    }
                    insert.addBatch();
                    if ((i + 1) % INSERT_BATCH == 0) {
                        insert.executeBatch();
                    }
                    if ((i + 1) % INSERT_COMMIT == 0) {
                        db.commit();
                    }
                }
                insert.executeBatch();
                db.commit();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Outcome("insert", count(connection, "bench_insert.orders"), seconds, usage.cpuSeconds(), usage.gcSeconds(), peakHeap(),
                    "batches of %,d rows, a commit every %,d".formatted(INSERT_BATCH, INSERT_COMMIT));
        }
    }

    /** The API's responses, {@code pageSize} records each, as the HTTP source leaves them: one file per response. */
    private static List<Path> writePages(RecordGenerator generator, int pageSize, Path directory) throws IOException {
        Files.createDirectories(directory);
        List<Path> pages = new ArrayList<>();
        StringBuilder page = new StringBuilder(pageSize * 600);
        for (long first = 0; first < generator.records(); first += pageSize) {
            page.setLength(0);
            page.append('[');
            for (long i = first; i < Math.min(first + pageSize, generator.records()); i++) {
                if (i > first) {
                    page.append(',');
                }
                generator.appendJson(i, page);
            }
            page.append(']');
            Path file = directory.resolve("page-%06d.json".formatted(pages.size() + 1));
            Files.writeString(file, page, StandardCharsets.UTF_8);
            pages.add(file);
        }
        return pages;
    }

    private static void writeCsv(RecordGenerator generator, Path csv) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder(1024);
            for (long i = 0; i < generator.records(); i++) {
                line.setLength(0);
                generator.appendCsv(i, line);
                out.append(line);
            }
        }
    }

    /** The table the loader would end with (same columns and types), with the primary key the loader's tables have. */
    private static void createFlatTable(Connection db, String schema) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
            statement.execute("CREATE TABLE " + schema + ".orders (" + Arrays.stream(RecordGenerator.COLUMNS)
                    .map(column -> column[0] + " " + column[1]).collect(Collectors.joining(", ")) + ", PRIMARY KEY (id))");
        }
    }

    private static String columnList() {
        return Arrays.stream(RecordGenerator.COLUMNS).map(column -> column[0]).collect(Collectors.joining(", "));
    }

    private static Connection open(PostgresConfig config, boolean rewriteBatchedInserts) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", config.user());
        config.password().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("reWriteBatchedInserts", Boolean.toString(rewriteBatchedInserts));
        Connection connection = DriverManager.getConnection(config.jdbcUrl(), properties);
        connection.setAutoCommit(false);
        return connection;
    }

    private static long count(PostgresConfig config, String table) {
        try (Connection db = open(config, false); Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM "
                + table)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count " + table, e);
        }
    }

    /** The JVM's CPU time and collection time at the start of an engine's run. */
    private record Usage(long cpuAtStart, long gcAtStart) {
        static Usage start() {
            return new Usage(cpuNanos(), gcMillis());
        }

        double cpuSeconds() {
            return (cpuNanos() - cpuAtStart) / 1e9;
        }

        double gcSeconds() {
            return (gcMillis() - gcAtStart) / 1e3;
        }

        private static long cpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }

        private static long gcMillis() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(time -> time > 0).sum();
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks since {@link #resetPeaks()}: an upper bound of the heap in use at any moment. */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static void report(List<Outcome> outcomes, long records, Path work, long csvBytes) throws IOException {
        Map<String, Outcome> byEngine = new LinkedHashMap<>();
        outcomes.forEach(outcome -> byEngine.put(outcome.engine(), outcome));
        StringBuilder md = new StringBuilder();
        md.append("%,d records, flat CSV %,d bytes; %s, %d CPUs, max heap %d MiB%n%n".formatted(records, csvBytes, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20));
        md.append("| engine | rows | seconds | rows/s | JVM CPU s | GC s | peak heap (MiB) | notes |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Outcome outcome : outcomes) {
            md.append("| %s | %,d | %.1f | %,.0f | %.1f | %.1f | %d | %s |%n".formatted(outcome.engine(), outcome.rows(), outcome.seconds(),
                    outcome.rowsPerSecond(), outcome.cpuSeconds(), outcome.gcSeconds(), outcome.peakHeapBytes() >> 20, outcome.note()));
        }
        md.append('\n');
        for (String loader : List.of("loader", "loader-again")) {
            double ofCopy = byEngine.get(loader).rowsPerSecond() / byEngine.get("copy").rowsPerSecond();
            double ofInsert = byEngine.get(loader).rowsPerSecond() / byEngine.get("insert").rowsPerSecond();
            double ofRows = byEngine.get(loader).rowsPerSecond() / byEngine.get("copy-loader-rows").rowsPerSecond();
            md.append("%s / copy: %.0f%% (target at least 50%%: %s)%n".formatted(loader, ofCopy * 100, ofCopy >= 0.5 ? "met" : "MISSED"));
            md.append("%s / insert: %.2f× (target at least 3×: %s)%n".formatted(loader, ofInsert, ofInsert >= 3 ? "met" : "MISSED"));
            md.append("%s / copy-loader-rows: %.0f%%%n".formatted(loader, ofRows * 100));
        }
        Files.writeString(work.resolve("results.md"), md.toString());
        System.out.print(md);
        System.err.printf("Results in %s%n", work.resolve("results.md"));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Usage: --records N --work DIR --page-size N --seed N; not understood: " + args[i]);
            }
            options.put(args[i].substring(2).toLowerCase(Locale.ROOT), args[++i]);
        }
        return options;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
