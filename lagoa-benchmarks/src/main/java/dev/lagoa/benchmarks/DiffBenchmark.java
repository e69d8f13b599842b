package dev.lagoa.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Times Lagoa's diff job against a naive Spark diff and DuckDB on generated snapshots, each engine in its
 * own child JVM (same java, same {@code -Xmx}) so wall time and peak RSS are per engine.
 *
 * <pre>
 * --records 100000,1000000   snapshot sizes (multiples of 100)
 * --work DIR                 data, outputs, logs and results (default lagoa-benchmarks/target/bench-work)
 * --repeat 1                 runs per engine and size; the table shows the median
 * --engines lagoa,naive-spark,duckdb   (lagoa: the diff job with its default engine, auto; lagoa-spark: forced onto Spark)
 * --xmx 4g                   heap of every child (DuckDB's memory_limit is set to the same)
 * --lagoa-jobs DIR           lagoa-jobs/target (its jar and lib/)
 * --jfr ENGINES              record a JFR profile of these engines' child JVMs (adds a little overhead)
 * --seed 20250601
 * --quiet-wait 180           before each run, wait up to this many seconds for the machine to be idle
 * </pre>
 */
public final class DiffBenchmark {

    static final String LAGOA = "lagoa";
    static final String LAGOA_SPARK = "lagoa-spark";
    static final String NAIVE = "naive-spark";
    static final String DUCKDB = "duckdb";
    private static final String DATE = "2025-06-01";
    private static final String DIFF_JOB = "dev.lagoa.jobs.diff.DiffJob";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One child run. */
    record Run(String engine, long records, int attempt, double wallSeconds, double cpuSeconds, long peakRssKb,
               Map<String, Long> counts, boolean correct, String log, String loadBefore,
               double otherCpuSeconds, List<String> steps) {
        double recordsPerSecond() {
            return records / wallSeconds;
        }

        double microsPerRecord() {
            return wallSeconds * 1e6 / records;
        }
    }

    private final List<Long> sizes = new ArrayList<>();
    private final Path work;
    private final int repeat;
    private final List<String> engines;
    private final String xmx;
    private final Path lagoaJobs;
    private final List<String> jfr;
    private final long seed;
    private final int quietWait;
    private final String javaBin;
    private final List<String> opens;

    private DiffBenchmark(Args args) throws IOException {
        for (String s : args.get("records", "100000,1000000").split(",")) {
            sizes.add(Long.parseLong(s.trim().replace("_", "")));
        }
        work = Path.of(args.get("work", "lagoa-benchmarks/target/bench-work")).toAbsolutePath().normalize();
        repeat = Integer.parseInt(args.get("repeat", "1"));
        engines = Arrays.asList(args.get("engines", LAGOA + "," + NAIVE + "," + DUCKDB).split(","));
        xmx = args.get("xmx", "4g");
        lagoaJobs = Path.of(args.get("lagoa-jobs", "lagoa-jobs/target")).toAbsolutePath().normalize();
        jfr = Arrays.asList(args.get("jfr", "").split(","));
        seed = Long.parseLong(args.get("seed", "20250601"));
        quietWait = Integer.parseInt(args.get("quiet-wait", "180"));
        javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        opens = loadOpens();
        for (String e : engines) {
            if (!List.of(LAGOA, LAGOA_SPARK, NAIVE, DUCKDB).contains(e)) {
                throw new IllegalArgumentException("unknown engine " + e);
            }
        }
    }

    public static void main(String[] argv) throws Exception {
        DiffBenchmark b = new DiffBenchmark(new Args(argv));
        System.exit(b.run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        Files.createDirectories(work);
        if (engines.contains(LAGOA) || engines.contains(LAGOA_SPARK)) {
            checkLagoaJob();
        }
        Map<String, Object> machine = machine();
        System.out.printf(Locale.ROOT, "machine: %s%n", machine);
        List<Run> runs = new ArrayList<>();
        Map<Long, Map<String, Object>> data = new LinkedHashMap<>();
        for (long n : sizes) {
            Path dir = work.resolve("n" + n);
            long t0 = System.nanoTime();
            SnapshotGenerator.Expected expected = ensureData(dir, n);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("expected", expected.changes());
            d.put("bytesYesterday", size(dir.resolve("yesterday")));
            d.put("bytesToday", size(dir.resolve("today")));
            d.put("prepareSeconds", (System.nanoTime() - t0) / 1e9);
            data.put(n, d);
            System.out.printf(Locale.ROOT, "%,d records: yesterday %.0f MiB, today %.0f MiB, expected %s%n", n,
                (long) d.get("bytesYesterday") / 1048576.0, (long) d.get("bytesToday") / 1048576.0, expected.changes());
            for (int attempt = 1; attempt <= repeat; attempt++) {
                for (String engine : engines) {
                    Run r = runEngine(engine, n, attempt, dir, expected);
                    runs.add(r);
                    System.out.printf(Locale.ROOT, "  %-12s %,10d  wall %8.2f s  cpu %8.2f s  %,12.0f rec/s  peak RSS %,7.0f MiB  other CPU %.1f s  %s %s%n",
                        r.engine(), n, r.wallSeconds(), r.cpuSeconds(), r.recordsPerSecond(), r.peakRssKb() / 1024.0,
                        r.otherCpuSeconds(), r.counts(), r.correct() ? "OK" : "WRONG COUNTS (expected " + expected.changes() + ")");
                }
            }
        }
        Report report = new Report(engines, sizes, runs);
        String md = report.markdown();
        System.out.println();
        System.out.println(md);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("finishedAt", Instant.now().toString());
        results.put("machine", machine);
        results.put("xmx", xmx);
        results.put("seed", seed);
        results.put("data", data);
        results.put("runs", runs.stream().map(DiffBenchmark::toMap).toList());
        results.put("summary", report.summary());
        JSON.writeValue(work.resolve("results.json").toFile(), results);
        Files.writeString(work.resolve("results.md"), md);
        System.out.println("results: " + work.resolve("results.json") + ", " + work.resolve("results.md"));
        boolean allCorrect = runs.stream().allMatch(Run::correct);
        if (!allCorrect) {
            System.err.println();
            System.err.println("!!! BENCHMARK FAILED: an engine's change counts differ from the generator's expected answer:");
            runs.stream().filter(r -> !r.correct()).forEach(r ->
                System.err.printf("!!!   %s at %,d records: got %s (log %s)%n", r.engine(), r.records(), r.counts(), r.log()));
        }
        return allCorrect;
    }

    private SnapshotGenerator.Expected ensureData(Path dir, long n) throws IOException {
        SnapshotGenerator gen = new SnapshotGenerator(n, seed);
        Path marker = dir.resolve("expected.json");
        String stamp = "v" + SnapshotGenerator.VERSION + " seed " + seed + " records " + n;
        if (Files.exists(marker) && stamp.equals(JSON.readTree(marker.toFile()).path("stamp").asText())) {
            return gen.expected();
        }
        deleteTree(dir);
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        SnapshotGenerator.Expected e = gen.write(dir);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stamp", stamp);
        m.put("expected", e);
        JSON.writeValue(marker.toFile(), m);
        System.out.printf(Locale.ROOT, "generated %,d records in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        return e;
    }

    private Run runEngine(String engine, long n, int attempt, Path dir, SnapshotGenerator.Expected expected) throws Exception {
        Path out = dir.resolve("out-" + engine);
        deleteTree(out);
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve(engine + "-" + attempt + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin);
        cmd.add("-Xmx" + xmx);
        cmd.addAll(opens);
        if (jfr.contains(engine)) {
            cmd.add("-XX:StartFlightRecording=filename=" + logs.resolve(engine + "-" + attempt + ".jfr") + ",settings=profile");
        }
        Path events = logs.resolve(engine + "-" + attempt + "-events");
        deleteTree(events);
        if (!engine.equals(DUCKDB)) {
            cmd.add("-Dspark.master=local[*]");
            // the event log gives per-stage timings for both Spark engines, whatever their log level
            Files.createDirectories(events);
            cmd.add("-Dspark.eventLog.enabled=true");
            cmd.add("-Dspark.eventLog.dir=" + events.toUri());
        }
        cmd.add("-cp");
        switch (engine) {
            case LAGOA, LAGOA_SPARK -> {
                cmd.add(lagoaJobs.resolve("lib") + "/*:" + lagoaJobs.resolve("lagoa-jobs-0.1.0-SNAPSHOT.jar"));
                cmd.add(DIFF_JOB);
                if (engine.equals(LAGOA_SPARK)) {
                    cmd.addAll(List.of("--engine", "spark"));
                }
            }
            case NAIVE -> {
                cmd.add(System.getProperty("java.class.path"));
                cmd.add(NaiveSparkDiff.class.getName());
            }
            default -> {
                cmd.add(System.getProperty("java.class.path"));
                cmd.add(DuckDbDiff.class.getName());
                cmd.add("--memory-limit");
                cmd.add(duckDbMemory(xmx));
            }
        }
        cmd.addAll(List.of("--yesterday", dir.resolve("yesterday").toUri().toString(),
            "--today", dir.resolve("today").toUri().toString(),
            "--key", "id", "--date", DATE, "--out", out.toUri().toString()));
        Files.writeString(log, String.join(" ", cmd) + "\n\n");
        waitForQuiet();
        ChildProcess.Result res = ChildProcess.run(cmd, log);
        Map<String, Long> counts = new LinkedHashMap<>();
        boolean ok = false;
        Path manifest = out.resolve(DATE).resolve("_manifest.json");
        if (res.exitCode() != 0) {
            System.err.printf("%s exited with %d, see %s%n", engine, res.exitCode(), log);
        } else if (!Files.exists(manifest)) {
            System.err.printf("%s wrote no %s, see %s%n", engine, manifest, log);
        } else {
            JsonNode changes = JSON.readTree(manifest.toFile()).path("changes");
            for (String op : List.of("c", "u", "d")) {
                counts.put(op, changes.path(op).asLong(0));
            }
            ok = counts.equals(expected.changes()) && outputRecords(out.resolve(DATE)) == expected.inserts() + expected.updates() + expected.deletes();
            if (!ok && counts.equals(expected.changes())) {
                System.err.printf("%s: the manifest counts match but the output holds %d change records%n", engine, outputRecords(out.resolve(DATE)));
            }
        }
        List<String> steps = new ArrayList<>(SparkEventLog.summarize(events, res.startMillis()));
        if (steps.isEmpty()) {
            steps.addAll(steps(log));
        }
        if (Files.exists(manifest)) {
            // Lagoa's manifest carries its own phase timings (its Spark logging is at WARN, so no job lines in the log)
            JSON.readTree(manifest.toFile()).path("timings_ms").fields()
                .forEachRemaining(x -> steps.add("manifest timings_ms." + x.getKey() + " = " + x.getValue().asText()));
        }
        return new Run(engine, n, attempt, res.wallSeconds(), res.cpuSeconds(), res.peakRssKb(), counts, ok, log.toString(),
            res.loadBefore(), res.otherCpuSeconds(), steps);
    }

    private static final Pattern SPARK_JOB = Pattern.compile(
        "DAGScheduler: ((?:Job \\d+ finished: .* took [\\d.]+ s)|(?:(?:ShuffleMap|Result)Stage \\d+ \\(.*\\) finished in [\\d.]+ s))");
    private static final Pattern DUCKDB_STEP = Pattern.compile("^duckdb-diff ([\\d.]+ s .*)");

    /** Where the time went, from the child's log: Spark's finished jobs, DuckDB's statements. */
    static List<String> steps(Path log) throws IOException {
        List<String> steps = new ArrayList<>();
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                var m = SPARK_JOB.matcher(line);
                if (m.find()) {
                    steps.add(m.group(1));
                } else {
                    m = DUCKDB_STEP.matcher(line);
                    if (m.find()) {
                        steps.add(m.group(1));
                    }
                }
            });
        } catch (UncheckedIOException e) {
            steps.add("log unreadable: " + e.getMessage());
        }
        return steps;
    }

    /**
     * Other work on a 2-core machine skews every figure: before each run, wait (up to --quiet-wait seconds) until
     * the machine has been below 0.25 busy cores for 3 seconds. What still ran alongside is reported as other CPU.
     */
    private void waitForQuiet() throws InterruptedException {
        long deadline = System.nanoTime() + quietWait * 1_000_000_000L;
        boolean told = false;
        while (true) {
            long b0 = ChildProcess.machineBusyTicks();
            Thread.sleep(3000);
            double busyCores = (ChildProcess.machineBusyTicks() - b0) / 100.0 / 3.0;
            if (busyCores < 0.25) {
                return;
            }
            if (System.nanoTime() > deadline) {
                System.out.printf(Locale.ROOT, "  (machine still busy, %.2f cores in use by others: running anyway)%n", busyCores);
                return;
            }
            if (!told) {
                System.out.printf(Locale.ROOT, "  (waiting for the machine to be idle: %.2f cores busy)%n", busyCores);
                told = true;
            }
        }
    }

    /** Counts the change records (lines) the engine wrote, plain or gzipped. */
    private static long outputRecords(Path dir) throws IOException {
        long lines = 0;
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> {
                String name = p.getFileName().toString();
                return !name.startsWith("_") && !name.startsWith(".") && (name.endsWith(".json") || name.endsWith(".json.gz"));
            }).toList()) {
                try (InputStream raw = Files.newInputStream(f);
                     InputStream in = f.toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw, 1 << 16) : raw) {
                    byte[] buf = new byte[1 << 16];
                    int k;
                    int last = '\n';
                    while ((k = in.read(buf)) > 0) {
                        for (int i = 0; i < k; i++) {
                            if (buf[i] == '\n') {
                                lines++;
                            }
                        }
                        last = buf[k - 1];
                    }
                    if (last != '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    private void checkLagoaJob() throws IOException {
        Path jar = lagoaJobs.resolve("lagoa-jobs-0.1.0-SNAPSHOT.jar");
        if (!Files.exists(jar) || !Files.isDirectory(lagoaJobs.resolve("lib"))) {
            throw new IllegalStateException("no " + jar + " or lib/: build lagoa-jobs first (run-benchmark.sh does)");
        }
        try (JarFile j = new JarFile(jar.toFile())) {
            if (j.getEntry(DIFF_JOB.replace('.', '/') + ".class") == null) {
                throw new IllegalStateException(jar + " has no " + DIFF_JOB + ": leave it out with --engines " + NAIVE + "," + DUCKDB);
            }
        }
    }

    /** DuckDB keeps its data off the Java heap: give it the same budget as the Spark children's heap. */
    static String duckDbMemory(String xmx) {
        String v = xmx.toLowerCase(Locale.ROOT);
        char unit = v.charAt(v.length() - 1);
        String num = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1);
        return switch (unit) {
            case 'g' -> num + "GB";
            case 'm' -> num + "MB";
            case 'k' -> num + "KB";
            default -> num + "B";
        };
    }

    private List<String> loadOpens() throws IOException {
        Properties p = new Properties();
        try (InputStream in = DiffBenchmark.class.getResourceAsStream("/lagoa-benchmarks.properties")) {
            if (in == null) {
                throw new IllegalStateException("lagoa-benchmarks.properties missing from the classpath");
            }
            p.load(in);
        }
        String o = p.getProperty("spark.java.opens", "").trim();
        if (o.isEmpty() || o.contains("${")) {
            throw new IllegalStateException("spark.java.opens was not filtered into lagoa-benchmarks.properties");
        }
        return Arrays.asList(o.split("\\s+"));
    }

    private Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    m.put("memTotalMiB", Long.parseLong(line.replaceAll("\\D", "")) / 1024);
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    m.put("cpu", line.substring(line.indexOf(':') + 1).trim());
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return m;
    }

    private static Map<String, Object> toMap(Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", r.engine());
        m.put("records", r.records());
        m.put("attempt", r.attempt());
        m.put("wallSeconds", r.wallSeconds());
        m.put("cpuSeconds", r.cpuSeconds());
        m.put("recordsPerSecond", r.recordsPerSecond());
        m.put("peakRssMiB", r.peakRssKb() / 1024.0);
        m.put("counts", r.counts());
        m.put("correct", r.correct());
        m.put("log", r.log());
        m.put("loadAverageBefore", r.loadBefore());
        m.put("otherCpuSecondsDuringRun", r.otherCpuSeconds());
        m.put("steps", r.steps());
        return m;
    }

    private static long size(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
