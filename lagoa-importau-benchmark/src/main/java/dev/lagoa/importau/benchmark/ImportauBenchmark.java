package dev.lagoa.importau.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The importau benchmark: for each scale factor, in a fresh lake, the Bronze generation, the Silver and Gold Spark jobs
 * (the same mains Glue runs, {@code local[2]}) and DuckDB running equivalent Silver and Gold SQL on the same Parquet,
 * each stage in its own JVM, measured from outside (wall time, peak RSS); then the two Spark mains once more in one warm
 * job JVM, as {@code lagoa} runs local jobs. Prints a Markdown table; rows/s counts the Bronze order items.
 *
 * <p>Arguments: {@code --lagoa-jobs DIR} (lagoa-jobs/target), {@code --scales 1,10} (1 ≈ 100k items, 10 ≈ 1M),
 * {@code --work DIR}, {@code --spark-memory 3g}.
 */
public final class ImportauBenchmark {
    private static final String BUCKET = "importau-lakehouse-bench";

    private ImportauBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path jobs = null;
        List<String> scales = List.of("1", "10");
        Path work = Path.of("/tmp/importau-bench");
        String sparkMemory = "3g";
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--lagoa-jobs" -> jobs = Path.of(args[i + 1]);
                case "--scales" -> scales = Arrays.asList(args[i + 1].split(","));
                case "--work" -> work = Path.of(args[i + 1]);
                case "--spark-memory" -> sparkMemory = args[i + 1];
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
            }
        }
        if (jobs == null) {
            throw new IllegalArgumentException("--lagoa-jobs DIR (lagoa-jobs/target) is required");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String ownClasspath = System.getProperty("java.class.path");
        String jobsClasspath = jobs.resolve("lagoa-jobs-0.1.0-SNAPSHOT.jar") + ":" + jobs.resolve("lib") + "/*";
        System.out.println("| scale | order items | stage | wall (s) | items/s | µs per item | peak RSS (MiB) | load before |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String scale : scales) {
            Path home = work.resolve("scale-" + scale);
            deleteRecursively(home);
            Files.createDirectories(home);
            Path log = home.resolve("benchmark.log");
            Path lakehouse = home.resolve("lake").resolve(BUCKET);
            List<Measured> stages = new ArrayList<>();
            stages.add(Measured.run("generation (DuckDB Appender)", List.of(java, "-Xmx1g", "-cp", ownClasspath, GenerateMain.class.getName(), home.toString(),
                    BUCKET, scale), log));
            long items = items(log);
            List<String> spark = new ArrayList<>(List.of(java, "-Xmx" + sparkMemory, "-XX:+UseParallelGC", "-Dspark.master=local[2]",
                    "-Dspark.ui.enabled=false", "-Dspark.sql.shuffle.partitions=8", "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1"));
            for (String pkg : List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio", "java.util",
                    "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar")) {
                spark.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
            }
            spark.addAll(List.of("-cp", jobsClasspath));
            String[][] jobMains = {{"Silver", "dev.lagoa.jobs.importau.ImportauSilverJob"}, {"Gold", "dev.lagoa.jobs.importau.ImportauGoldJob"}};
            for (String[] job : jobMains) {
                List<String> command = new ArrayList<>(spark);
                command.add(job[1]);
                command.addAll(jobArguments(home, lakehouse, "bench-" + scale));
                stages.add(Measured.run(job[0] + " (Spark)", command, log));
            }
            // the same two mains as lagoa runs them locally: one after the other in a warm job JVM
            try (WarmJvm warm = WarmJvm.start(spark, home.resolve("warmup"), log)) {
                for (String[] job : jobMains) {
                    stages.add(warm.run(job[0] + " (Spark, warm JVM)", job[1], jobArguments(home, lakehouse, "bench-" + scale + "-warm")));
                }
            }
            for (String layer : List.of("silver", "gold")) {
                stages.add(Measured.run((layer.equals("silver") ? "Silver" : "Gold") + " (DuckDB, same SQL)",
                        List.of(java, "-Xmx512m", "-cp", ownClasspath, DuckDbMain.class.getName(), lakehouse.toString(), layer), log));
            }
            for (Measured stage : stages) {
                if (stage.exitCode() != 0) {
                    throw new IllegalStateException(stage.stage() + " failed with exit status " + stage.exitCode() + "; see " + log);
                }
                System.out.printf(Locale.ROOT, "| %s | %,d | %s | %.1f | %,.0f | %.1f | %,d | %s |%n", scale, items, stage.stage(), stage.wallSeconds(),
                        items / stage.wallSeconds(), stage.wallSeconds() * 1e6 / items, stage.peakRssKb() / 1024, stage.loadBefore());
            }
            double duck2 = stages.get(5).wallSeconds() + stages.get(6).wallSeconds();
            for (int first : new int[] {1, 3}) {
                double spark2 = stages.get(first).wallSeconds() + stages.get(first + 1).wallSeconds();
                System.out.printf(Locale.ROOT, "| %s | %,d | **Silver + Gold: Spark%s / DuckDB** | %.1f / %.1f | | ratio %.1f× | | |%n", scale, items,
                        first == 1 ? "" : " (warm JVM)", spark2, duck2, spark2 / duck2);
            }
        }
    }

    private static List<String> jobArguments(Path home, Path lakehouse, String runId) {
        return List.of("--lakehouse", lakehouse.toUri().toString(), "--JOB_RUN_ID", runId, "--LAGOA_LAKE_ROOT", home.resolve("lake").toUri().toString());
    }

    private static long items(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(line -> line.startsWith("ITEMS ")).mapToLong(line -> Long.parseLong(line.substring(6).trim()))
                .reduce((first, last) -> last).orElseThrow(() -> new IllegalStateException("The generation printed no item count"));
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
