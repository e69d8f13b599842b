package dev.lagoa.jobs.diff;

import dev.lagoa.contracts.DiffManifest;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The diff's single-machine engine: the same run as the Spark job ({@link DiffRunner} lists and commits,
 * {@link SnapshotReader} and {@link JsonRecords} parse and reject, {@link ChangeRules} decides each key,
 * {@link ChangeFileWriter} writes), executed by threads of this JVM with no Spark session, so a run pays no Spark
 * start-up and no shuffle serialisation.
 *
 * <p>Two phases, each on every core: the chunks of both snapshots are parsed in parallel and each record goes to one of
 * {@code P} partitions by the hash of its key; then the partitions are compared in parallel, each writing its own
 * change and reject files ({@code changes-0000p-0-0-*.json}, the names the Spark job's tasks use). When the inputs
 * would not fit in {@linkplain #memoryBudget the memory budget}, the partitions are spilled to files under
 * {@code java.io.tmpdir} and {@code P} is chosen so that the partitions compared at once fit the budget: memory is
 * bounded by the budget and the largest record, not by the inputs.
 */
public final class LocalDiff {
    /** {@code auto} picks this engine when the snapshots hold at most this many times the JVM's maximum heap in bytes. */
    static final long AUTO_HEAP_FACTOR = 4;
    /** How many bytes of memory an input byte is assumed to take once parsed (record bytes, key, digest, indexes). */
    static final long MEMORY_PER_INPUT_BYTE = 3;
    private static final Logger LOG = LoggerFactory.getLogger(LocalDiff.class);
    private static final ParsedRecord[] NONE = {};

    private final int threads;
    private final long memoryBudget;

    /** Every core, and half of the maximum heap for the records held at once. */
    public LocalDiff() {
        this(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 2);
    }

    /**
     * @param threads how many chunks are parsed, and partitions compared, at once
     * @param memoryBudget the bytes of memory the parsed records may take; above it, partitions are spilled to disk
     */
    LocalDiff(int threads, long memoryBudget) {
        if (threads < 1 || memoryBudget < 1) {
            throw new IllegalArgumentException("threads and memoryBudget must be positive");
        }
        this.threads = threads;
        this.memoryBudget = memoryBudget;
    }

    /**
     * Whether a run with this request should use this engine: always for {@code local}, never for {@code spark}, and
     * for {@code auto} when both snapshots together hold at most {@value #AUTO_HEAP_FACTOR} times the maximum heap
     * in bytes (listing them; a missing snapshot fails here as it would in the Spark job).
     */
    public boolean prefers(DiffRequest request) {
        return switch (request.engine()) {
            case LOCAL -> true;
            case SPARK -> false;
            case AUTO -> {
                Configuration hadoop = hadoopConfiguration();
                long bytes = DiffRunner.list(hadoop, request.yesterday(), ChangeRules.YESTERDAY, request.allowMissingYesterday(), request.splitBytes(),
                        request.locations()).bytes()
                        + DiffRunner.list(hadoop, request.today(), ChangeRules.TODAY, false, request.splitBytes(), request.locations()).bytes();
                long limit = AUTO_HEAP_FACTOR * Runtime.getRuntime().maxMemory();
                LOG.info("Engine auto: the snapshots hold {} bytes, {} the local engine's limit of {} bytes ({} x the maximum heap)", bytes,
                        bytes <= limit ? "within" : "above", limit, AUTO_HEAP_FACTOR);
                yield bytes <= limit;
            }
        };
    }

    /** Runs the diff and returns the manifest; throws {@link dev.lagoa.jobs.JobFailure} for input problems, as the Spark job does. */
    public DiffManifest run(DiffRequest request) {
        Configuration hadoop = hadoopConfiguration();
        return DiffRunner.run(request, hadoop, DiffEngine.LOCAL, (yesterday, today, staging, date) -> diff(request, hadoop, yesterday, today, staging, date));
    }

    /**
     * The Hadoop configuration Spark would give the job: Hadoop's defaults and files, with every {@code spark.hadoop.*}
     * system property set without its prefix.
     */
    static Configuration hadoopConfiguration() {
        Configuration hadoop = new Configuration();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("spark.hadoop.")) {
                hadoop.set(name.substring("spark.hadoop.".length()), System.getProperty(name));
            }
        }
        return hadoop;
    }

    private List<PartitionStats> diff(DiffRequest request, Configuration hadoop, DiffRunner.Snapshot yesterday, DiffRunner.Snapshot today,
            String staging, String date) throws IOException {
        long memory = MEMORY_PER_INPUT_BYTE * (yesterday.bytes() + today.bytes());
        boolean spill = memory > memoryBudget;
        int partitions = spill ? (int) Math.min(1 << 12, Math.max(4L * threads, ceilDiv(memory * threads, memoryBudget))) : 4 * threads;
        java.nio.file.Path spillFolder = spill ? Files.createTempDirectory("lagoa-diff-" + request.runId() + "-") : null;
        LOG.info("Local engine: {} threads, {} partitions, {}", threads, partitions,
                spill ? "spilled to " + spillFolder + " (about " + memory + " bytes parsed, budget " + memoryBudget + ")" : "in memory");
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "lagoa-diff-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Callable<Parsed>> parsing = new ArrayList<>();
            int index = 0;
            for (InputChunk chunk : yesterday.chunks()) {
                int task = index++;
                parsing.add(() -> parse(chunk, 0, task, request.options(), hadoop, partitions, spillFolder));
            }
            for (InputChunk chunk : today.chunks()) {
                int task = index++;
                parsing.add(() -> parse(chunk, 1, task, request.options(), hadoop, partitions, spillFolder));
            }
            List<Parsed> parsed = all(pool, parsing);
            long records = parsed.stream().mapToLong(Parsed::records).sum();
            LOG.info("Local engine: parsed {} records in {} chunks", records, parsed.size());

            FileSystem fileSystem = new Path(staging).getFileSystem(hadoop);
            List<Callable<PartitionStats>> comparing = new ArrayList<>();
            for (int partition = 0; partition < partitions; partition++) {
                int p = partition;
                comparing.add(() -> compare(p, parsed, new ChangeRules(request.options(), date, request.runId()),
                        new ChangeFileWriter(staging, fileSystem, request.options().recordsPerFile(), "%05d-0-0".formatted(p))));
            }
            return all(pool, comparing);
        } finally {
            pool.shutdownNow();
            if (spillFolder != null) {
                deleteTree(spillFolder);
            }
        }
    }

    private static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }

    /** The results of every task in order; the first failure is thrown as the task threw it. */
    private static <T> List<T> all(ExecutorService pool, List<Callable<T>> tasks) throws IOException {
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(task));
        }
        List<T> results = new ArrayList<>(futures.size());
        try {
            for (Future<T> future : futures) {
                results.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while diffing", e);
        } catch (ExecutionException e) {
            futures.forEach(future -> future.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
        return results;
    }

    /**
     * What one parsing task produced: one snapshot's records of one chunk, by partition, held in memory or spilled to
     * one file per partition.
     */
    private record Parsed(int side, long records, List<List<ParsedRecord>> inMemory, List<java.nio.file.Path> spilled, long[] spilledRecords) {}

    private static Parsed parse(InputChunk chunk, int side, int task, DiffOptions options, Configuration hadoop, int partitions,
            java.nio.file.Path spillFolder) throws IOException {
        FileSystem fileSystem = new Path(chunk.path()).getFileSystem(hadoop);
        long records = 0;
        try (SnapshotReader reader = SnapshotReader.open(chunk, fileSystem, new JsonRecords(options), options.maxRecordBytes())) {
            if (spillFolder == null) {
                List<List<ParsedRecord>> byPartition = new ArrayList<>(partitions);
                for (int i = 0; i < partitions; i++) {
                    byPartition.add(new ArrayList<>());
                }
                while (reader.hasNext()) {
                    ParsedRecord record = reader.next();
                    byPartition.get(partition(record.getKey(), partitions)).add(record);
                    records++;
                }
                return new Parsed(side, records, byPartition, null, null);
            }
            List<java.nio.file.Path> files = new ArrayList<>(partitions);
            DataOutputStream[] outputs = new DataOutputStream[partitions];
            long[] counts = new long[partitions];
            try {
                for (int i = 0; i < partitions; i++) {
                    files.add(spillFolder.resolve("%d-%05d-%05d.bin".formatted(side, task, i)));
                }
                while (reader.hasNext()) {
                    ParsedRecord record = reader.next();
                    int partition = partition(record.getKey(), partitions);
                    if (outputs[partition] == null) {
                        outputs[partition] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(files.get(partition)), 1 << 16));
                    }
                    SpilledRecords.write(outputs[partition], record);
                    counts[partition]++;
                    records++;
                }
            } finally {
                for (DataOutputStream output : outputs) {
                    if (output != null) {
                        output.close();
                    }
                }
            }
            return new Parsed(side, records, null, files, counts);
        }
    }

    private static int partition(String key, int partitions) {
        int hash = key.hashCode();
        hash ^= hash >>> 16;
        return Math.floorMod(hash * 0x9E3779B1, partitions);
    }

    /**
     * Compares one partition: groups each snapshot's records by key, hands every key to the rules (a reject, whose key
     * is unique to its position, alone) and writes what they return.
     */
    private static PartitionStats compare(int partition, List<Parsed> parsed, ChangeRules rules, ChangeFileWriter writer) throws IOException {
        Map<String, Object> before = new HashMap<>();
        Map<String, Object> after = new HashMap<>();
        Map<String, String> fileNames = new HashMap<>();
        try (writer) {
            for (Parsed chunk : parsed) {
                Map<String, Object> side = chunk.side() == 0 ? before : after;
                for (ParsedRecord record : records(chunk, partition, fileNames)) {
                    if (record.isRejected()) {
                        write(writer, chunk.side() == 0 ? rules.changes(record.getKey(), one(record), none()) : rules.changes(record.getKey(), none(), one(record)));
                    } else {
                        side.merge(record.getKey(), record, LocalDiff::both);
                    }
                }
            }
            for (Map.Entry<String, Object> entry : before.entrySet()) {
                Object today = after.remove(entry.getKey());
                write(writer, rules.changes(entry.getKey(), iterator(entry.getValue()), iterator(today)));
                entry.setValue(null);
            }
            for (Map.Entry<String, Object> entry : after.entrySet()) {
                write(writer, rules.changes(entry.getKey(), none(), iterator(entry.getValue())));
            }
        }
        return writer.stats();
    }

    /** One partition's records of a chunk; the chunk lets go of them, so memory returns as partitions are compared. */
    private static Iterable<ParsedRecord> records(Parsed chunk, int partition, Map<String, String> fileNames) throws IOException {
        if (chunk.inMemory() != null) {
            List<ParsedRecord> records = chunk.inMemory().set(partition, List.of());
            return records;
        }
        long count = chunk.spilledRecords()[partition];
        if (count == 0) {
            return List.of();
        }
        java.nio.file.Path file = chunk.spilled().get(partition);
        List<ParsedRecord> records = new ArrayList<>((int) Math.min(count, Integer.MAX_VALUE - 8));
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            for (long i = 0; i < count; i++) {
                records.add(SpilledRecords.read(in, fileNames));
            }
        }
        Files.delete(file);
        return records;
    }

    @SuppressWarnings("unchecked")
    private static Object both(Object first, Object second) {
        List<ParsedRecord> records;
        if (first instanceof List<?> list) {
            records = (List<ParsedRecord>) list;
        } else {
            records = new ArrayList<>(2);
            records.add((ParsedRecord) first);
        }
        records.add((ParsedRecord) second);
        return records;
    }

    @SuppressWarnings("unchecked")
    private static Iterator<ParsedRecord> iterator(Object records) {
        if (records == null) {
            return none();
        }
        return records instanceof List<?> list ? ((List<ParsedRecord>) list).iterator() : one((ParsedRecord) records);
    }

    private static Iterator<ParsedRecord> one(ParsedRecord record) {
        return List.of(record).iterator();
    }

    private static Iterator<ParsedRecord> none() {
        return Collections.emptyIterator();
    }

    private static void write(ChangeFileWriter writer, Iterator<OutputLine> lines) throws IOException {
        while (lines.hasNext()) {
            writer.write(lines.next());
        }
    }

    private static void deleteTree(java.nio.file.Path folder) {
        try (Stream<java.nio.file.Path> paths = Files.walk(folder)) {
            for (java.nio.file.Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("Cannot delete the spill folder {}: {}", folder, e.getMessage());
        }
    }

    /** The spill format of a parsed record: every field of {@link ParsedRecord}, strings as UTF-8 with their length. */
    static final class SpilledRecords {
        private SpilledRecords() {}

        static void write(DataOutputStream out, ParsedRecord record) throws IOException {
            writeString(out, record.getKey());
            out.writeLong(record.getDigestHigh());
            out.writeLong(record.getDigestLow());
            out.writeInt(record.getJson().length);
            out.write(record.getJson());
            writeString(out, record.getFile());
            out.writeLong(record.getLine());
            out.writeLong(record.getOffset());
            writeString(out, record.getReason());
            writeString(out, record.getMessage());
        }

        /** Reads a record back; {@code fileNames} shares one string per file name among the records of a partition. */
        static ParsedRecord read(DataInputStream in, Map<String, String> fileNames) throws IOException {
            ParsedRecord record = new ParsedRecord();
            record.setKey(readString(in));
            record.setDigestHigh(in.readLong());
            record.setDigestLow(in.readLong());
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            record.setJson(json);
            String file = readString(in);
            record.setFile(file == null ? null : fileNames.computeIfAbsent(file, name -> name));
            record.setLine(in.readLong());
            record.setOffset(in.readLong());
            record.setReason(readString(in));
            record.setMessage(readString(in));
            return record;
        }

        private static void writeString(DataOutputStream out, String value) throws IOException {
            if (value == null) {
                out.writeInt(-1);
                return;
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }

        private static String readString(DataInputStream in) throws IOException {
            int length = in.readInt();
            if (length < 0) {
                return null;
            }
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
