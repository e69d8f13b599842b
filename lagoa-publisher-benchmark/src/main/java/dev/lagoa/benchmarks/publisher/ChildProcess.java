package dev.lagoa.benchmarks.publisher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one JVM and measures it from outside, as lagoa-benchmarks' harness does: wall time from start to exit, the
 * child's peak resident set (VmHWM) and CPU time (utime + stime) sampled from /proc every 50 ms, the CPU time the
 * broker used meanwhile, and the busy time of the rest of the machine.
 */
final class ChildProcess {
    /**
     * {@code brokerCpuSeconds}: CPU time of the broker's JVM during the run. {@code otherCpuSeconds}: busy time of the
     * whole machine (/proc/stat) less the child's and the broker's: other work competing for the cores shows here.
     */
    record Result(int exitCode, double wallSeconds, double cpuSeconds, long peakRssKb, double brokerCpuSeconds, double otherCpuSeconds,
            String loadBefore) {
    }

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private ChildProcess() {
    }

    /** Runs {@code command} with {@code environment} added, its stdout to {@code out} and its stderr to {@code log}. */
    static Result run(List<String> command, Map<String, String> environment, Path out, Path log, long brokerPid)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        String load = loadAverage();
        Path brokerStat = Path.of("/proc", Long.toString(brokerPid), "stat");
        long broker0 = cpuTicks(brokerStat);
        long busy0 = machineBusyTicks();
        long t0 = System.nanoTime();
        Process process = builder.start();
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        long peakKb = 0;
        long ticks = 0;
        while (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
            peakKb = Math.max(peakKb, hwmKb(status));
            ticks = Math.max(ticks, cpuTicks(stat));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        long brokerTicks = Math.max(0, cpuTicks(brokerStat) - broker0);
        double other = Math.max(0, (machineBusyTicks() - busy0 - ticks - brokerTicks) / (double) TICKS_PER_SECOND);
        return new Result(process.exitValue(), wall, ticks / (double) TICKS_PER_SECOND, peakKb, brokerTicks / (double) TICKS_PER_SECOND, other,
                load);
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** All CPUs' non-idle time (user, nice, system, irq, softirq, steal) in ticks, from the first line of /proc/stat. */
    static long machineBusyTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[i]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long hwmKb(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is exiting
        }
        return 0;
    }

    /** utime + stime of a process (fields 14 and 15 of /proc/<pid>/stat), 0 when it is gone. */
    static long cpuTicks(Path stat) {
        try {
            String text = Files.readString(stat);
            // the fields after the command name, which is in parentheses and may contain spaces
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
