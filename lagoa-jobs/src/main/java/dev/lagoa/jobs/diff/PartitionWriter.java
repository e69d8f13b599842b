package dev.lagoa.jobs.diff;

import dev.lagoa.jobs.HadoopConfiguration;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;

/**
 * Writes one partition's change records and rejects as JSON Lines files in the run's staging folder, rolling to a new
 * file every {@code recordsPerFile} changes, and returns what it wrote. File names carry the task attempt, and only
 * the files of the attempts the driver collects are committed.
 */
final class PartitionWriter implements MapPartitionsFunction<OutputLine, PartitionStats> {
    private static final long serialVersionUID = 1L;

    private final String staging;
    private final HadoopConfiguration configuration;
    private final long recordsPerFile;

    PartitionWriter(String staging, HadoopConfiguration configuration, long recordsPerFile) {
        this.staging = staging;
        this.configuration = configuration;
        this.recordsPerFile = recordsPerFile;
    }

    @Override
    public Iterator<PartitionStats> call(Iterator<OutputLine> lines) throws IOException {
        TaskContext task = TaskContext.get();
        String attempt = task == null ? "0-0-0" : "%05d-%d-%d".formatted(task.partitionId(), task.stageAttemptNumber(), task.attemptNumber());
        FileSystem fileSystem = new Path(staging).getFileSystem(configuration.get());
        PartitionStats stats = new PartitionStats();
        Writer changes = null;
        Writer rejects = null;
        long inFile = 0;
        try {
            while (lines.hasNext()) {
                OutputLine line = lines.next();
                stats.setYesterdayRecords(stats.getYesterdayRecords() + line.getYesterdayRecords());
                stats.setTodayRecords(stats.getTodayRecords() + line.getTodayRecords());
                switch (line.getKind()) {
                    case "=" -> stats.setUnchanged(stats.getUnchanged() + 1);
                    case "r" -> {
                        if (rejects == null) {
                            rejects = open(fileSystem, "rejects/rejects-" + attempt + ".json", stats.getRejectFiles());
                        }
                        rejects.write(line.getText());
                        rejects.write('\n');
                        stats.getRejects().merge(line.getSnapshot() + ":" + line.getReason(), 1L, Long::sum);
                        if (RejectReason.UNREADABLE_FILE.name().equals(line.getReason())) {
                            stats.getUnreadable().add(line.getText());
                        }
                    }
                    default -> {
                        if (changes == null || inFile == recordsPerFile) {
                            close(changes, stats, inFile);
                            changes = open(fileSystem, "changes/changes-" + attempt + "-" + stats.getChangeFiles().size() + ".json", stats.getChangeFiles());
                            inFile = 0;
                        }
                        changes.write(line.getText());
                        changes.write('\n');
                        inFile++;
                        switch (line.getKind()) {
                            case "c" -> stats.setInserts(stats.getInserts() + 1);
                            case "u" -> stats.setUpdates(stats.getUpdates() + 1);
                            default -> stats.setDeletes(stats.getDeletes() + 1);
                        }
                    }
                }
            }
        } finally {
            close(changes, stats, inFile);
            if (rejects != null) {
                rejects.close();
            }
        }
        return List.of(stats).iterator();
    }

    private Writer open(FileSystem fileSystem, String name, List<String> files) throws IOException {
        Path path = new Path(staging, name);
        files.add(path.toString());
        return new BufferedWriter(new OutputStreamWriter(fileSystem.create(path, false), StandardCharsets.UTF_8), 1 << 16);
    }

    private static void close(Writer writer, PartitionStats stats, long records) throws IOException {
        if (writer != null) {
            writer.close();
            stats.getChangeFileRecords().add(records);
        }
    }
}
