package dev.lagoa.jobs.diff;

import dev.lagoa.jobs.HadoopConfiguration;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;

/**
 * The Spark side of {@link ChangeFileWriter}: writes one partition's output lines, naming its files by the task
 * attempt (only the files of the attempts the driver collects are committed), and returns what it wrote.
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
        ChangeFileWriter writer = new ChangeFileWriter(staging, fileSystem, recordsPerFile, attempt);
        try (writer) {
            while (lines.hasNext()) {
                writer.write(lines.next());
            }
        }
        return List.of(writer.stats()).iterator();
    }
}
