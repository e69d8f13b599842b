package dev.lagoa.importau.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stage, measured from outside its JVM: wall time, and the peak resident set (VmHWM, the kernel's high-water mark)
 * sampled from /proc every 50 ms.
 */
record Measured(String stage, int exitCode, double wallSeconds, long peakRssKb, String loadBefore) {
    /** Runs the stage in a JVM of its own. */
    static Measured run(String stage, List<String> command, Path log) throws IOException, InterruptedException {
        String load = loadAverage();
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Sampler sampler = Sampler.start(Path.of("/proc", Long.toString(process.pid()), "status"));
        int exitCode = process.waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Measured(stage, exitCode, seconds, sampler.stop(), load);
    }

    /** The 1- and 5-minute load averages. */
    static String loadAverage() throws IOException {
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        return load.substring(0, load.indexOf(' ', load.indexOf(' ') + 1));
    }

    /** Samples a process's VmHWM every 50 ms until stopped; returns the highest seen. */
    static final class Sampler {
        private final Path status;
        private final AtomicLong peak = new AtomicLong();
        private final Thread thread;

        private Sampler(Path status) {
            this.status = status;
            this.thread = new Thread(this::sample, "rss-sampler");
            thread.setDaemon(true);
        }

        static Sampler start(Path status) {
            Sampler sampler = new Sampler(status);
            sampler.thread.start();
            return sampler;
        }

        long stop() throws InterruptedException {
            thread.interrupt();
            thread.join();
            peak.accumulateAndGet(highWaterMark(status), Math::max);
            return peak.get();
        }

        private void sample() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(highWaterMark(status), Math::max);
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                // stopped
            }
        }
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
