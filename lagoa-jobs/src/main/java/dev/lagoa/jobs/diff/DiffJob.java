package dev.lagoa.jobs.diff;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.contracts.DiffManifest;
import dev.lagoa.contracts.JobNames;
import dev.lagoa.contracts.ScheduledSnapshots;
import dev.lagoa.jobs.GlueArguments;
import dev.lagoa.jobs.HadoopConfiguration;
import dev.lagoa.jobs.JobFailure;
import dev.lagoa.jobs.JobMain;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot diff (the Glue job {@code lagoa-diff}): compares every JSON record under {@code --yesterday} with
 * every record under {@code --today} by {@code --key} and writes one change record per changed key under
 * {@code <out>/<date>/}, with a {@code _manifest.json}, replacing that day as a whole. A scheduled run gives instead
 * {@code --scheduled-time} (an ISO-8601 instant) and {@code --snapshots} (a location with {@code {date}}): today is the
 * instant's São Paulo date, yesterday the day before (see {@link ScheduledSnapshots}). Rejected input is kept under
 * {@code <out>/_rejects/<date>/}; above {@code --max-rejects} the run fails, the day is left as it was, and the run's
 * rejects and manifest go to {@code <out>/_failed/<date>/<run id>/}.
 *
 * <p>Two executors compute the same result with the same code ({@link DiffRunner}, {@link ChangeRules},
 * {@link ChangeFileWriter}): this Spark job — parse (each task reads a chunk of a file), co-group both snapshots by key
 * (one shuffle), write each partition's changes and rejects, and return the counts to the driver, which commits — and
 * {@link LocalDiff}, threads of this JVM without a Spark session. {@code --engine} ({@code auto}, {@code local},
 * {@code spark}) chooses; {@code main} decides before any Spark session starts, and {@code auto} is Spark when the
 * run was submitted to a cluster.
 */
public final class DiffJob {
    public static final String JOB_NAME = JobNames.DIFF;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(DiffJob.class);

    private final SparkSession spark;

    public DiffJob(SparkSession spark) {
        this.spark = spark;
    }

    public static void main(String[] args) {
        JobMain.run(JOB_NAME, () -> {
            DiffRequest request = DiffRequest.from(GlueArguments.parse(args));
            LocalDiff local = new LocalDiff();
            if (!onCluster(request) && local.prefers(request)) {
                return summary(local.run(request));
            }
            SparkSession spark = SparkSession.builder().appName(JOB_NAME).getOrCreate();
            try {
                return summary(new DiffJob(spark).run(request));
            } finally {
                spark.stop();
            }
        });
    }

    /**
     * Whether {@code auto} runs on Spark because the run was submitted to a cluster ({@code spark.master} is neither
     * {@code local} nor {@code local[...]}): a cluster's executors are what its user asked for, however small the input.
     */
    static boolean onCluster(DiffRequest request) {
        String master = System.getProperty("spark.master", "local");
        boolean cluster = request.engine() == DiffEngine.AUTO && !master.equals("local") && !master.startsWith("local[");
        if (cluster) {
            LOG.info("Engine auto: spark, the run was submitted to the cluster {}", master);
        }
        return cluster;
    }

    /** The run's summary for the launcher is its manifest, field for field. */
    static Map<String, Object> summary(DiffManifest manifest) throws IOException {
        return JSON.readValue(manifest.toJson(), new TypeReference<LinkedHashMap<String, Object>>() {});
    }

    /** Runs the diff on Spark and returns the manifest; throws {@link JobFailure} for input problems. */
    public DiffManifest run(DiffRequest request) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        return DiffRunner.run(request, hadoop, DiffEngine.SPARK, (yesterday, today, staging, date) -> {
            HadoopConfiguration shared = new HadoopConfiguration(hadoop);
            Dataset<ParsedRecord> before = parse(yesterday, shared, request.options());
            Dataset<ParsedRecord> after = parse(today, shared, request.options());
            MapFunction<ParsedRecord, String> byKey = ParsedRecord::getKey;
            return before.groupByKey(byKey, Encoders.STRING())
                    .cogroup(after.groupByKey(byKey, Encoders.STRING()),
                            new ChangeFunction(request.options(), date, request.runId()), Encoders.bean(OutputLine.class))
                    .mapPartitions(new PartitionWriter(staging, shared, request.options().recordsPerFile()),
                            Encoders.bean(PartitionStats.class))
                    .collectAsList();
        });
    }

    /** The name of the {@code index}-th change file of run {@code runId}. */
    public static String changeFileName(int index, String runId) {
        return DiffRunner.changeFileName(index, runId);
    }

    private Dataset<ParsedRecord> parse(DiffRunner.Snapshot snapshot, HadoopConfiguration configuration, DiffOptions options) {
        if (snapshot.chunks().isEmpty()) {
            return spark.emptyDataset(Encoders.bean(ParsedRecord.class));
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        FlatMapFunction<InputChunk, ParsedRecord> read = chunk -> {
            FileSystem fileSystem = new Path(chunk.path()).getFileSystem(configuration.get());
            SnapshotReader reader = SnapshotReader.open(chunk, fileSystem, new JsonRecords(options), options.maxRecordBytes());
            org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
            if (task != null) {
                task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context1 -> closeQuietly(reader));
            }
            return reader;
        };
        JavaRDD<ParsedRecord> records = context.parallelize(snapshot.chunks(), snapshot.chunks().size()).flatMap(read);
        return spark.createDataset(records.rdd(), Encoders.bean(ParsedRecord.class));
    }

    private static void closeQuietly(SnapshotReader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // the task is over; nothing was written through this stream
        }
    }

}
