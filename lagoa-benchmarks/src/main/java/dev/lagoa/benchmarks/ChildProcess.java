package dev.lagoa.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs one engine's JVM and measures it from outside: wall time from start to exit, and the child's
 * peak resident set (VmHWM) and CPU time (utime + stime) sampled from /proc every 50 ms. VmHWM is a
 * high-water mark kept by the kernel, so sampling misses at most what happens in the last 50 ms.
 */
final class ChildProcess {

    /**
     * {@code otherCpuSeconds}: CPU time the rest of the machine used while the child ran (all busy time from
     * /proc/stat less the child's): other work competing for the 2 cores shows here.
     */
    record Result(int exitCode, double wallSeconds, double cpuSeconds, long peakRssKb, String loadBefore, double otherCpuSeconds,
                  long startMillis) {
    }

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private ChildProcess() {
    }

    static Result run(List<String> cmd, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        String load = loadAverage();
        long busy0 = machineBusyTicks();
        long startMillis = System.currentTimeMillis();
        long t0 = System.nanoTime();
        Process p = pb.start();
        long pid = p.pid();
        Path status = Path.of("/proc", Long.toString(pid), "status");
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        long peakKb = 0;
        long cpuTicks = 0;
        while (true) {
            if (p.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                break;
            }
            peakKb = Math.max(peakKb, hwmKb(status));
            cpuTicks = Math.max(cpuTicks, cpuTicks(stat));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double other = Math.max(0, (machineBusyTicks() - busy0 - cpuTicks) / (double) TICKS_PER_SECOND);
        return new Result(p.exitValue(), wall, cpuTicks / (double) TICKS_PER_SECOND, peakKb, load, other, startMillis);
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine shows here. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** All CPUs' non-idle time (user, nice, system, irq, softirq, steal) in ticks, from the first line of /proc/stat. */
    static long machineBusyTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
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

    private static long cpuTicks(Path stat) {
        try {
            String s = Files.readString(stat);
            // fields after the command name, which is in parentheses and may contain spaces
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
