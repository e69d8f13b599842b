package dev.lagoa.jobs.diff;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes one partition's change records and rejects as JSON Lines files in the run's staging folder, rolling to a new
 * file every {@code recordsPerFile} changes, and counts what it wrote. Free of Spark: the Spark job's
 * {@link PartitionWriter} and the local engine both write through it. File names carry the writer's {@code attempt}
 * ({@code 00003-0-0}: partition, stage attempt, task attempt), so the driver commits only the files it collects.
 */
final class ChangeFileWriter implements Closeable {
    private final String staging;
    private final FileSystem fileSystem;
    private final long recordsPerFile;
    private final String attempt;
    private final PartitionStats stats = new PartitionStats();
    private OutputStream changes;
    private OutputStream rejects;
    private long inFile;

    ChangeFileWriter(String staging, FileSystem fileSystem, long recordsPerFile, String attempt) {
        this.staging = staging;
        this.fileSystem = fileSystem;
        this.recordsPerFile = recordsPerFile;
        this.attempt = attempt;
    }

    void write(OutputLine line) throws IOException {
        stats.setYesterdayRecords(stats.getYesterdayRecords() + line.getYesterdayRecords());
        stats.setTodayRecords(stats.getTodayRecords() + line.getTodayRecords());
        switch (line.getKind()) {
            case "=" -> stats.setUnchanged(stats.getUnchanged() + 1);
            case "r" -> {
                if (rejects == null) {
                    rejects = open("rejects/rejects-" + attempt + ".json", stats.getRejectFiles());
                }
                writeLine(rejects, line.getText());
                stats.getRejects().merge(line.getSnapshot() + ":" + line.getReason(), 1L, Long::sum);
                if (RejectReason.UNREADABLE_FILE.name().equals(line.getReason())) {
                    stats.getUnreadable().add(new String(line.getText(), StandardCharsets.UTF_8));
                }
            }
            default -> {
                if (changes == null || inFile == recordsPerFile) {
                    closeChanges();
                    changes = open("changes/changes-" + attempt + "-" + stats.getChangeFiles().size() + ".json", stats.getChangeFiles());
                    inFile = 0;
                }
                writeLine(changes, line.getText());
                inFile++;
                switch (line.getKind()) {
                    case "c" -> stats.setInserts(stats.getInserts() + 1);
                    case "u" -> stats.setUpdates(stats.getUpdates() + 1);
                    default -> stats.setDeletes(stats.getDeletes() + 1);
                }
            }
        }
    }

    /** What was written; complete once the writer is closed. */
    PartitionStats stats() {
        return stats;
    }

    @Override
    public void close() throws IOException {
        try {
            closeChanges();
        } finally {
            if (rejects != null) {
                rejects.close();
                rejects = null;
            }
        }
    }

    private OutputStream open(String name, List<String> files) throws IOException {
        Path path = new Path(staging, name);
        files.add(path.toString());
        return new BufferedOutputStream(fileSystem.create(path, false), 1 << 16);
    }

    private static void writeLine(OutputStream out, byte[] text) throws IOException {
        out.write(text);
        out.write('\n');
    }

    private void closeChanges() throws IOException {
        if (changes != null) {
            changes.close();
            changes = null;
            stats.getChangeFileRecords().add(inFile);
        }
    }
}
