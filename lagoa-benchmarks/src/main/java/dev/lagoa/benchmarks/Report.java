package dev.lagoa.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results table (median of the repeats), the ratios against Lagoa and the targets, and the scaling line. */
final class Report {

    static final double TARGET_VS_NAIVE = 2.0;
    static final double TARGET_VS_DUCKDB = 3.0;

    private final List<String> engines;
    private final List<Long> sizes;
    private final List<DiffBenchmark.Run> runs;

    Report(List<String> engines, List<Long> sizes, List<DiffBenchmark.Run> runs) {
        this.engines = engines;
        this.sizes = sizes;
        this.runs = runs;
    }

    DiffBenchmark.Run median(String engine, long n) {
        List<DiffBenchmark.Run> rs = new ArrayList<>(runs.stream().filter(r -> r.engine().equals(engine) && r.records() == n).toList());
        if (rs.isEmpty()) {
            return null;
        }
        rs.sort(Comparator.comparingDouble(DiffBenchmark.Run::wallSeconds));
        return rs.get((rs.size() - 1) / 2);
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| engine | records | wall s | records/s | µs/record | CPU s | peak RSS MiB | wall vs Lagoa | CPU vs Lagoa | other CPU s | counts |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (long n : sizes) {
            DiffBenchmark.Run lagoa = median(DiffBenchmark.LAGOA, n);
            for (String e : engines) {
                DiffBenchmark.Run r = median(e, n);
                if (r == null) {
                    continue;
                }
                // more than a tenth of the machine used by other processes during the run: the figure is suspect
                String disturbed = r.otherCpuSeconds() > 0.1 * 2 * r.wallSeconds() ? " ⚠" : "";
                String ratio = lagoa == null ? "–" : String.format(Locale.ROOT, "%.2f×", r.wallSeconds() / lagoa.wallSeconds());
                String cpuRatio = lagoa == null ? "–" : String.format(Locale.ROOT, "%.2f×", r.cpuSeconds() / lagoa.cpuSeconds());
                sb.append(String.format(Locale.ROOT, "| %s | %,d | %.1f | %,.0f | %.1f | %.1f | %,.0f | %s | %s | %.1f%s | %s |%n",
                    e, n, r.wallSeconds(), r.recordsPerSecond(), r.microsPerRecord(), r.cpuSeconds(), r.peakRssKb() / 1024.0,
                    ratio, cpuRatio, r.otherCpuSeconds(), disturbed, r.correct() ? "ok" : "**WRONG** " + r.counts()));
            }
        }
        sb.append("\n⚠: other processes used more than a tenth of the machine's CPU during this run; its figures are suspect.\n\n");
        for (String line : targets()) {
            sb.append("- ").append(line).append('\n');
        }
        sb.append("\n### Where the time went\n");
        for (long n : sizes) {
            for (String e : engines) {
                DiffBenchmark.Run r = median(e, n);
                if (r == null || r.steps().isEmpty()) {
                    continue;
                }
                sb.append(String.format(Locale.ROOT, "%n%s, %,d records (wall %.1f s):%n%n```%n", e, n, r.wallSeconds()));
                r.steps().forEach(x -> sb.append(x).append('\n'));
                sb.append("```\n");
            }
        }
        return sb.toString();
    }

    List<String> targets() {
        List<String> lines = new ArrayList<>();
        for (long n : sizes) {
            DiffBenchmark.Run lagoa = median(DiffBenchmark.LAGOA, n);
            DiffBenchmark.Run naive = median(DiffBenchmark.NAIVE, n);
            DiffBenchmark.Run duck = median(DiffBenchmark.DUCKDB, n);
            if (lagoa != null && naive != null) {
                double x = naive.wallSeconds() / lagoa.wallSeconds();
                lines.add(String.format(Locale.ROOT, "%,d records: Lagoa is %.2f× faster than naive Spark (target ≥ %.1f×): %s; in CPU seconds %.2f×",
                    n, x, TARGET_VS_NAIVE, x >= TARGET_VS_NAIVE ? "met" : "MISSED", naive.cpuSeconds() / lagoa.cpuSeconds()));
            }
            if (lagoa != null && duck != null) {
                double x = lagoa.wallSeconds() / duck.wallSeconds();
                lines.add(String.format(Locale.ROOT, "%,d records: Lagoa takes %.2f× DuckDB's time (target ≤ %.1f×): %s; in CPU seconds %.2f×",
                    n, x, TARGET_VS_DUCKDB, x <= TARGET_VS_DUCKDB ? "met" : "MISSED", lagoa.cpuSeconds() / duck.cpuSeconds()));
            }
        }
        if (sizes.size() > 1) {
            long small = sizes.stream().min(Long::compare).orElseThrow();
            long large = sizes.stream().max(Long::compare).orElseThrow();
            for (String e : engines) {
                DiffBenchmark.Run a = median(e, small);
                DiffBenchmark.Run b = median(e, large);
                if (a != null && b != null) {
                    lines.add(String.format(Locale.ROOT, "scaling %s: %.1f µs/record at %,d → %.1f µs/record at %,d (%s)",
                        e, a.microsPerRecord(), small, b.microsPerRecord(), large,
                        b.microsPerRecord() <= a.microsPerRecord() ? "does not grow" : "GROWS"));
                }
            }
        }
        return lines;
    }

    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("targets", targets());
        return m;
    }
}
