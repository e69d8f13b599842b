package dev.lagoa.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a Spark engine's time went, from its event log ({@code spark.eventLog.enabled}): when the application
 * started (JVM and SparkSession start-up before it), and per completed stage its wall time, tasks, task run time,
 * task CPU, GC, input, shuffle and spill volumes. Works for any Spark job, whatever its log level.
 */
final class SparkEventLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SparkEventLog() {
    }

    /** Summary lines for the event log written under {@code dir}; {@code processStartMillis} is the child's start. */
    static List<String> summarize(Path dir, long processStartMillis) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.filter(Files::isRegularFile).findFirst().orElse(null);
        }
        if (file == null) {
            return out;
        }
        long appStart = -1;
        long appEnd = -1;
        long firstStage = Long.MAX_VALUE;
        long lastStage = 0;
        double totalRun = 0;
        double totalCpu = 0;
        double totalGc = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.contains("\"SparkListenerApplicationStart\"")) {
                    appStart = JSON.readTree(line).path("Timestamp").asLong(-1);
                } else if (line.contains("\"SparkListenerApplicationEnd\"")) {
                    appEnd = JSON.readTree(line).path("Timestamp").asLong(-1);
                } else if (line.contains("\"SparkListenerStageCompleted\"")) {
                    JsonNode info = JSON.readTree(line).path("Stage Info");
                    Map<String, Double> acc = new HashMap<>();
                    for (JsonNode a : info.path("Accumulables")) {
                        if (a.path("Value").isNumber() || a.path("Value").isTextual()) {
                            try {
                                acc.put(a.path("Name").asText(), Double.parseDouble(a.path("Value").asText()));
                            } catch (NumberFormatException ignored) {
                                // not a metric
                            }
                        }
                    }
                    long submitted = info.path("Submission Time").asLong();
                    long completed = info.path("Completion Time").asLong();
                    firstStage = Math.min(firstStage, submitted);
                    lastStage = Math.max(lastStage, completed);
                    double run = acc.getOrDefault("internal.metrics.executorRunTime", 0.0) / 1e3;
                    double cpu = acc.getOrDefault("internal.metrics.executorCpuTime", 0.0) / 1e9;
                    double gc = acc.getOrDefault("internal.metrics.jvmGCTime", 0.0) / 1e3;
                    totalRun += run;
                    totalCpu += cpu;
                    totalGc += gc;
                    double shuffleRead = acc.getOrDefault("internal.metrics.shuffle.read.localBytesRead", 0.0)
                        + acc.getOrDefault("internal.metrics.shuffle.read.remoteBytesRead", 0.0);
                    out.add(String.format(Locale.ROOT,
                        "stage %d %-40s %6.1f s wall, %4d tasks, task time %6.1f s (CPU %6.1f s, GC %5.1f s), in %s, shuffle write %s / read %s, spill %s, out %s",
                        info.path("Stage ID").asInt(), "(" + shortName(info.path("Stage Name").asText()) + ")", (completed - submitted) / 1e3,
                        info.path("Number of Tasks").asInt(), run, cpu, gc,
                        mib(acc.getOrDefault("internal.metrics.input.bytesRead", 0.0)),
                        mib(acc.getOrDefault("internal.metrics.shuffle.write.bytesWritten", 0.0)), mib(shuffleRead),
                        mib(acc.getOrDefault("internal.metrics.diskBytesSpilled", 0.0)),
                        mib(acc.getOrDefault("internal.metrics.output.bytesWritten", 0.0))));
                }
            }
        }
        if (appStart > 0) {
            out.add(0, String.format(Locale.ROOT, "JVM start to SparkContext up: %.1f s; first stage submitted after %.1f s more; stages %.1f s wall%s",
                (appStart - processStartMillis) / 1e3, firstStage == Long.MAX_VALUE ? 0 : (firstStage - appStart) / 1e3,
                (lastStage - Math.min(firstStage, lastStage)) / 1e3,
                appEnd > 0 ? String.format(Locale.ROOT, "; after the last stage %.1f s until the application ended", (appEnd - lastStage) / 1e3) : ""));
            out.add(1, String.format(Locale.ROOT, "all stages: task time %.1f s, task CPU %.1f s, GC %.1f s", totalRun, totalCpu, totalGc));
        }
        return out;
    }

    private static String shortName(String name) {
        return name.length() > 38 ? name.substring(0, 38) : name;
    }

    private static String mib(double bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }
}
