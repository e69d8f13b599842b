package dev.lagoa.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The same diff with DuckDB through JDBC: load both snapshots with {@code read_json_auto} into tables,
 * full outer join on the key, a row is updated when its whole record differs (the row structs compared with
 * {@code IS DISTINCT FROM}; their {@code to_json} text when the two inferred row types differ); changes written
 * with {@code COPY ... (FORMAT JSON)}.
 * Same arguments and output layout as the Spark versions. {@code --threads} and {@code --memory-limit}
 * default to all cores and 4GB (the heap the Spark engines get).
 */
public final class DuckDbDiff {

    private DuckDbDiff() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        Path yesterday = localDir(args.required("yesterday"));
        Path today = localDir(args.required("today"));
        String[] keys = args.required("key").split(",");
        String date = args.required("date");
        Path out = localDir(args.required("out")).resolve(date);
        String memoryLimit = args.get("memory-limit", "4GB");
        int threads = Integer.parseInt(args.get("threads", String.valueOf(Runtime.getRuntime().availableProcessors())));

        Files.createDirectories(out);
        Path temp = Files.createTempDirectory(out.getParent(), "duckdb-tmp");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement()) {
            s.execute("SET threads = " + threads);
            s.execute("SET memory_limit = '" + memoryLimit + "'");
            s.execute("SET temp_directory = '" + sql(temp.toString()) + "'");
            s.execute("SET preserve_insertion_order = false");
            timed(s, "CREATE TABLE yesterday AS SELECT * FROM read_json_auto('" + glob(yesterday) + "', format = 'newline_delimited')");
            timed(s, "CREATE TABLE today AS SELECT * FROM read_json_auto('" + glob(today) + "', format = 'newline_delimited')");

            StringBuilder on = new StringBuilder();
            StringBuilder keyCols = new StringBuilder();
            for (String k : keys) {
                if (on.length() > 0) {
                    on.append(" AND ");
                }
                on.append("y.").append(k).append(" = t.").append(k);
                keyCols.append(", coalesce(t.").append(k).append(", y.").append(k).append(") AS ").append(k.replace('.', '_'));
            }
            String k0 = keys[0];
            String select = "CREATE TABLE changes AS SELECT "
                + "CASE WHEN y." + k0 + " IS NULL THEN 'c' WHEN t." + k0 + " IS NULL THEN 'd' ELSE 'u' END AS op"
                + keyCols
                + ", CASE WHEN y." + k0 + " IS NULL THEN NULL ELSE y END AS before"
                + ", CASE WHEN t." + k0 + " IS NULL THEN NULL ELSE t END AS after"
                + " FROM yesterday y FULL OUTER JOIN today t ON " + on
                + " WHERE y." + k0 + " IS NULL OR t." + k0 + " IS NULL OR ";
            try {
                timed(s, select + "y IS DISTINCT FROM t");
            } catch (SQLException e) {
                // the two snapshots' inferred row types differ (a field only one of them has): compare as JSON text
                System.out.println("duckdb-diff row types differ, comparing to_json: " + e.getMessage());
                timed(s, select + "to_json(y) IS DISTINCT FROM to_json(t)");
            }
            timed(s, "COPY changes TO '" + sql(out.resolve("part-00000.json").toString()) + "' (FORMAT JSON)");

            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("c", 0L);
            counts.put("u", 0L);
            counts.put("d", 0L);
            try (ResultSet rs = s.executeQuery("SELECT op, count(*) FROM changes GROUP BY op")) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("engine", "duckdb");
            manifest.put("date", date);
            manifest.put("changes", counts);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("_manifest.json").toFile(), manifest);
            System.out.println("duckdb-diff counts " + counts);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB diff failed: " + e.getMessage(), e);
        } finally {
            deleteTree(temp);
        }
    }

    /** Runs one statement and logs how long it took: the per-step timings are DuckDB's side of the profile. */
    private static void timed(Statement s, String sql) throws SQLException {
        long t0 = System.nanoTime();
        s.execute(sql);
        System.out.printf(java.util.Locale.ROOT, "duckdb-diff %.2f s  %s%n", (System.nanoTime() - t0) / 1e9,
            sql.length() > 120 ? sql.substring(0, 120) + "..." : sql);
    }

    private static Path localDir(String uri) {
        return uri.startsWith("file:") ? Path.of(java.net.URI.create(uri)) : Path.of(uri).toAbsolutePath();
    }

    private static String glob(Path dir) {
        return sql(dir.toString()) + "/*.json*";
    }

    private static String sql(String s) {
        return s.replace("'", "''");
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
