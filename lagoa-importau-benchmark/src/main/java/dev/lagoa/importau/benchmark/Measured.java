package dev.lagoa.importau.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One stage in its own JVM, measured from outside: wall time, and the peak resident set (VmHWM, the kernel's
 * high-water mark) sampled from /proc every 50 ms.
 */
record Measured(String stage, int exitCode, double wallSeconds, long peakRssKb, String loadBefore) {
    static Measured run(String stage, List<String> command, Path log) throws IOException, InterruptedException {
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        long peak = 0;
        while (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, highWaterMark(status));
        }
        return new Measured(stage, process.exitValue(), (System.nanoTime() - started) / 1e9, peak, load.substring(0, load.indexOf(' ', load.indexOf(' ') + 1)));
    }

    private static long highWaterMark(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between two samples
        }
        return 0;
    }
}
