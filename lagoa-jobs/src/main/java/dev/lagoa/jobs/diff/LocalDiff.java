package dev.lagoa.jobs.diff;

import dev.lagoa.contracts.DiffManifest;
import dev.lagoa.contracts.JobEntryPoint;
import dev.lagoa.jobs.JobFailure;
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
import org.apache.hadoop.fs.FileStatus;
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
 * <p>Two phases, each on every core: the chunks of both snapshots are parsed in parallel and each record goes, in a
 * compact serialised form (key, digest, position, and its bytes unless they stay in its file: see {@link #inPlace}),
 * to one of {@code P} partitions by the hash of its key; then each thread compares every thread-th partition, writing
 * its own change and reject files ({@code changes-0000t-0-0-*.json}, the names the Spark job's tasks use). The serialised partitions are held in large
 * byte arrays, which the garbage collector does not copy, rather than as millions of objects. When they would not fit
 * in {@linkplain #memoryBudget the memory budget}, they are spilled to files under {@code java.io.tmpdir} instead, and
 * {@code P} is chosen so that the partitions compared at once fit the budget: memory is bounded by the budget and the
 * largest record, not by the inputs.
 */
public final class LocalDiff {
    /**
     * {@code auto} picks this engine when the snapshots' records, once parsed ({@link #parsedBytes}), would take at most
     * this many times the JVM's maximum heap: 4 times the heap in input bytes for records held whole, 10 times for
     * records left in their files. Above it the engine still works, spilling more to disk.
     */
    static final long AUTO_HEAP_FACTOR = 5;
    /**
     * How many bytes of memory one partition takes while it is compared, per byte of its serialised records (the
     * records themselves, and the keys and positions of the maps that group them).
     */
    static final long COMPARE_MEMORY_PER_SERIALISED_BYTE = 2;
    /** Snapshots under this many bytes in all are compared as one partition, and so give one change file. */
    static final long SMALL_INPUT_BYTES = 64L << 20;
    /**
     * The estimated bytes of one partition in memory: a partition's key tables and records are read at random while
     * it is compared, so the smaller it is, the more of it the processor's caches hold.
     */
    static final long PARTITION_BYTES = 8L << 20;
    static final long MAX_PARTITIONS_IN_MEMORY = 256;
    static final long MAX_SPILLED_PARTITIONS = 1 << 12;
    private static final Logger LOG = LoggerFactory.getLogger(LocalDiff.class);

    private final int threads;
    private final long memoryBudget;

    /** Every core, and three fifths of the maximum heap for the records held at once. */
    public LocalDiff() {
        this(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 5 * 3);
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
     * for {@code auto} when the snapshots' records, once parsed, would take at most {@value #AUTO_HEAP_FACTOR} times the
     * maximum heap (listing them; a missing snapshot fails here as it would in the Spark job) — except inside Glue's
     * driver (marked by {@link JobEntryPoint#GLUE_PROPERTY}), where the job has a cluster and its file systems are
     * configured for Spark.
     */
    public boolean prefers(DiffRequest request) {
        return switch (request.engine()) {
            case LOCAL -> true;
            case SPARK -> false;
            case AUTO -> {
                if (Boolean.getBoolean(JobEntryPoint.GLUE_PROPERTY)) {
                    LOG.info("Engine auto: spark, inside Glue's driver");
                    yield false;
                }
                Configuration hadoop = hadoopConfiguration();
                long parsed = parsedBytes(DiffRunner.list(hadoop, request.yesterday(), ChangeRules.YESTERDAY, request.allowMissingYesterday(),
                        request.splitBytes(), request.locations()))
                        + parsedBytes(DiffRunner.list(hadoop, request.today(), ChangeRules.TODAY, false, request.splitBytes(), request.locations()));
                long limit = AUTO_HEAP_FACTOR * Runtime.getRuntime().maxMemory();
                LOG.info("Engine auto: the snapshots' records would take about {} bytes once parsed, {} the local engine's limit of {} bytes "
                        + "({} x the maximum heap)", parsed, parsed <= limit ? "within" : "above", limit, AUTO_HEAP_FACTOR);
                yield parsed <= limit;
            }
        };
    }

    /**
     * About how many bytes a snapshot's records take once parsed: a key and a few numbers per record, and the record's
     * bytes unless they stay in its file ({@link #inPlace}). A record held whole counts 1.25 bytes per input byte, a
     * record left in its file half a byte (which covers records down to about 150 bytes).
     */
    static long parsedBytes(DiffRunner.Snapshot snapshot) {
        long parsed = 0;
        for (InputChunk chunk : snapshot.chunks()) {
            long bytes = Math.min(chunk.end(), chunk.fileLength()) - chunk.start();
            parsed += inPlace(chunk) ? bytes / 2 : bytes / 4 * 5;
        }
        return parsed;
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
        long memory = parsedBytes(yesterday) + parsedBytes(today);
        boolean spill = memory > memoryBudget;
        // few change files (each sends a queue message downstream): one for a small day, else one per thread, each
        // thread comparing every thread-th partition; in memory, partitions small enough for the processor's caches;
        // spilled, as many as the memory budget needs (each parsing task writes a file per partition)
        boolean small = !spill && yesterday.bytes() + today.bytes() < SMALL_INPUT_BYTES;
        int writers = small ? 1 : threads;
        long wanted = spill ? Math.min(MAX_SPILLED_PARTITIONS, ceilDiv(COMPARE_MEMORY_PER_SERIALISED_BYTE * memory * threads, memoryBudget))
                : Math.min(MAX_PARTITIONS_IN_MEMORY, ceilDiv(memory, PARTITION_BYTES));
        int partitions = small ? 1 : (int) roundUp(Math.max(threads, wanted), threads);
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
            // a record left in its file is read again only if the file is still as the listing saw it
            Map<String, FileStatus> listed = new java.util.HashMap<>();
            Stream.concat(yesterday.files().stream(), today.files().stream()).forEach(file -> listed.put(file.getPath().toString(), file));
            List<Callable<Parsed>> parsing = new ArrayList<>();
            int index = 0;
            for (InputChunk chunk : yesterday.chunks()) {
                int task = index++;
                parsing.add(() -> parse(chunk, listed.get(chunk.path()), 0, task, request.options(), hadoop, partitions, spillFolder));
            }
            for (InputChunk chunk : today.chunks()) {
                int task = index++;
                parsing.add(() -> parse(chunk, listed.get(chunk.path()), 1, task, request.options(), hadoop, partitions, spillFolder));
            }
            List<Parsed> parsed = all(pool, parsing);
            long records = parsed.stream().mapToLong(Parsed::records).sum();
            LOG.info("Local engine: parsed {} records in {} chunks", records, parsed.size());

            FileSystem fileSystem = new Path(staging).getFileSystem(hadoop);
            List<Callable<PartitionStats>> comparing = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                int first = writer;
                comparing.add(() -> {
                    ChangeRules rules = new ChangeRules(request.options(), date, request.runId());
                    try (ChangeFileWriter out = new ChangeFileWriter(staging, fileSystem, request.options().recordsPerFile(), "%05d-0-0".formatted(first));
                            RecordFiles files = new RecordFiles(hadoop)) {
                        for (int partition = first; partition < partitions; partition += writers) {
                            compare(partition, parsed, rules, out, files);
                        }
                        files.verify();
                        out.close();
                        return out.stats();
                    }
                });
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

    private static long roundUp(long value, long multiple) {
        return ceilDiv(value, multiple) * multiple;
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
     * What one parsing task produced: one snapshot's records of one chunk, serialised by partition, held in memory
     * ({@code inMemory}) or spilled to one file per partition ({@code spilled}). A partition's records are let go
     * once they are read. The records of a chunk read {@linkplain SnapshotReader#open in place} carry no bytes: the
     * few the compare phase decodes are read again from the file, which must then still be as {@code status} saw it.
     */
    private record Parsed(int side, InputChunk chunk, FileStatus status, long records, long[] counts, RecordBlocks[] inMemory,
            java.nio.file.Path[] spilled) {}

    /** Parses one chunk; {@code listed} is its file as the listing saw it. */
    private static Parsed parse(InputChunk chunk, FileStatus listed, int side, int task, DiffOptions options, Configuration hadoop, int partitions,
            java.nio.file.Path spillFolder) throws IOException {
        FileSystem fileSystem = new Path(chunk.path()).getFileSystem(hadoop);
        FileStatus status = inPlace(chunk) ? listed : null;
        long records = 0;
        long[] counts = new long[partitions];
        RecordBlocks[] inMemory = spillFolder == null ? new RecordBlocks[partitions] : null;
        java.nio.file.Path[] spilled = spillFolder == null ? null : new java.nio.file.Path[partitions];
        DataOutputStream[] files = new DataOutputStream[partitions];
        SerialisedRecords.Buffer serialised = new SerialisedRecords.Buffer();
        try (SnapshotReader reader = SnapshotReader.open(chunk, fileSystem, new JsonRecords(options), options.maxRecordBytes(), status != null)) {
            while (reader.hasNext()) {
                ParsedRecord record = reader.next();
                int partition = partition(record.getKey(), partitions);
                serialised.write(record);
                if (inMemory != null) {
                    if (inMemory[partition] == null) {
                        inMemory[partition] = new RecordBlocks();
                    }
                    inMemory[partition].add(serialised.bytes(), serialised.size());
                } else {
                    if (files[partition] == null) {
                        spilled[partition] = spillFolder.resolve("%d-%05d-%05d.bin".formatted(side, task, partition));
                        files[partition] = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(spilled[partition]), 1 << 16));
                    }
                    files[partition].writeInt(serialised.size());
                    files[partition].write(serialised.bytes(), 0, serialised.size());
                }
                counts[partition]++;
                records++;
            }
        } finally {
            for (DataOutputStream file : files) {
                if (file != null) {
                    file.close();
                }
            }
        }
        if (inMemory != null) {
            for (RecordBlocks blocks : inMemory) {
                if (blocks != null) {
                    blocks.trim();
                }
            }
        }
        return new Parsed(side, chunk, status, records, counts, inMemory, spilled);
    }

    /**
     * Whether a chunk's records are left in its file, to be read again by offset: an uncompressed file of the local
     * file system, where that costs one positioned read per changed record, never a request per record to a store.
     */
    static boolean inPlace(InputChunk chunk) {
        return !SnapshotReader.isCompressed(chunk.path()) && "file".equals(new Path(chunk.path()).toUri().getScheme());
    }

    private static int partition(String key, int partitions) {
        int hash = key.hashCode();
        hash ^= hash >>> 16;
        return Math.floorMod(hash * 0x9E3779B1, partitions);
    }

    /**
     * Compares one partition: indexes each snapshot's records by key (holding only where each record's bytes are),
     * hands every key's records to the rules (a reject, whose key is unique to its position, alone) and writes what they
     * return. Records are decoded only when their key's turn comes, so they die young; an unchanged key (the same
     * digest on both sides, once each) is decided without decoding its records.
     */
    private static void compare(int partition, List<Parsed> parsed, ChangeRules rules, ChangeFileWriter writer, RecordFiles files)
            throws IOException {
        long[] sizes = new long[2];
        for (Parsed chunk : parsed) {
            sizes[chunk.side()] += chunk.counts()[partition];
        }
        List<byte[]> blocks = new ArrayList<>();
        List<Parsed> chunks = new ArrayList<>();
        KeyIndex before = new KeyIndex(blocks, sizes[0]);
        KeyIndex after = new KeyIndex(blocks, sizes[1]);
        for (Parsed chunk : parsed) {
            KeyIndex side = chunk.side() == 0 ? before : after;
            RecordBlocks records = records(chunk, partition);
            if (records == null) {
                continue;
            }
            for (byte[] block : records.blocks()) {
                int number = blocks.size();
                blocks.add(block);
                chunks.add(chunk);
                int used = records.used(block);
                for (int offset = 0; offset < used; offset += 4 + SerialisedRecords.length(block, offset)) {
                    if (SerialisedRecords.isReject(block, offset)) {
                        ParsedRecord reject = SerialisedRecords.read(block, offset, chunk, files);
                        write(writer, chunk.side() == 0 ? rules.changes(reject.getKey(), one(reject), none())
                                : rules.changes(reject.getKey(), none(), one(reject)));
                    } else {
                        side.add(KeyIndex.reference(number, offset));
                    }
                }
            }
        }
        for (int slot = 0; slot < before.capacity(); slot++) {
            long yesterday = before.first(slot);
            if (yesterday == 0) {
                continue;
            }
            byte[] block = before.block(yesterday);
            int offset = KeyIndex.offset(yesterday);
            int match = after.slotOf(block, offset);
            if (match >= 0) {
                after.take(match);
            }
            long today = match < 0 ? 0 : after.first(match);
            if (today != 0 && !before.isDuplicated(slot) && !after.isDuplicated(match)
                    && SerialisedRecords.sameDigest(block, offset, after.block(today), KeyIndex.offset(today))) {
                // an unchanged key, known from the digests: the records' bytes are not decoded
                write(writer, rules.unchanged());
            } else {
                String key = SerialisedRecords.key(block, offset);
                write(writer, rules.changes(key, decoded(before, slot, blocks, chunks, files),
                        match < 0 ? none() : decoded(after, match, blocks, chunks, files)));
            }
        }
        for (int slot = 0; slot < after.capacity(); slot++) {
            long today = after.first(slot);
            if (today != 0 && !after.isTaken(slot)) {
                String key = SerialisedRecords.key(after.block(today), KeyIndex.offset(today));
                write(writer, rules.changes(key, none(), decoded(after, slot, blocks, chunks, files)));
            }
        }
    }

    private static Iterator<ParsedRecord> decoded(KeyIndex index, int slot, List<byte[]> blocks, List<Parsed> chunks, RecordFiles files)
            throws IOException {
        long[] references = index.all(slot);
        List<ParsedRecord> records = new ArrayList<>(references.length);
        for (long reference : references) {
            int block = KeyIndex.blockNumber(reference);
            records.add(SerialisedRecords.read(blocks.get(block), KeyIndex.offset(reference), chunks.get(block), files));
        }
        return records.iterator();
    }

    /**
     * The files one compare task reads records from again, each opened once; {@link #verify()} fails the run when one
     * of them changed after it was parsed, since the bytes read again would then not be the ones compared.
     */
    static final class RecordFiles implements java.io.Closeable {
        private final Configuration hadoop;
        private final Map<String, OpenFile> open = new java.util.HashMap<>();

        /** A file read again: its channel, its name as records show it, and its status when it was parsed. */
        private record OpenFile(java.nio.channels.FileChannel channel, String name, FileStatus parsedAs) {}

        RecordFiles(Configuration hadoop) {
            this.hadoop = hadoop;
        }

        /** The {@code length} bytes at {@code offset} of the chunk's file, which had {@code status} when it was parsed. */
        byte[] read(InputChunk chunk, FileStatus status, long offset, int length) throws IOException {
            OpenFile file = open.get(chunk.path());
            if (file == null) {
                // the file itself rather than Hadoop's checksummed view, which opens the file again for every positioned read
                file = new OpenFile(java.nio.channels.FileChannel.open(java.nio.file.Path.of(new Path(chunk.path()).toUri())), chunk.name(), status);
                open.put(chunk.path(), file);
            }
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(length);
            while (bytes.hasRemaining()) {
                if (file.channel().read(bytes, offset + bytes.position()) < 0) {
                    throw changed(file);
                }
            }
            return bytes.array();
        }

        /** Fails when a file read again has another length or modification time than when it was parsed. */
        void verify() throws IOException {
            for (Map.Entry<String, OpenFile> file : open.entrySet()) {
                Path path = new Path(file.getKey());
                FileStatus now = path.getFileSystem(hadoop).getFileStatus(path);
                FileStatus then = file.getValue().parsedAs();
                if (now.getLen() != then.getLen() || now.getModificationTime() != then.getModificationTime()) {
                    throw changed(file.getValue());
                }
            }
        }

        private static JobFailure changed(OpenFile file) {
            return new JobFailure("%s changed while the diff was reading it (it had %d bytes, modified at %s); run the diff again once it is written"
                    .formatted(file.name(), file.parsedAs().getLen(), java.time.Instant.ofEpochMilli(file.parsedAs().getModificationTime())));
        }

        @Override
        public void close() throws IOException {
            for (OpenFile file : open.values()) {
                file.channel().close();
            }
        }
    }

    /** One partition's records of a chunk, or null when it has none; the chunk lets go of them, so memory returns as partitions are compared. */
    private static RecordBlocks records(Parsed chunk, int partition) throws IOException {
        if (chunk.counts()[partition] == 0) {
            return null;
        }
        if (chunk.inMemory() != null) {
            RecordBlocks blocks = chunk.inMemory()[partition];
            chunk.inMemory()[partition] = null;
            return blocks;
        }
        java.nio.file.Path file = chunk.spilled()[partition];
        RecordBlocks blocks = new RecordBlocks();
        byte[] buffer = new byte[1 << 12];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            for (long i = chunk.counts()[partition]; i > 0; i--) {
                int length = in.readInt();
                if (length > buffer.length) {
                    buffer = new byte[Math.max(length, buffer.length * 2)];
                }
                in.readFully(buffer, 0, length);
                blocks.add(buffer, length);
            }
        }
        Files.delete(file);
        blocks.trim();
        return blocks;
    }

    /**
     * Serialised records, each whole in one block ({@code int} length, then the record), in byte arrays that double up
     * to 2 MiB: few, large arrays, which a garbage collector such as G1 allocates apart and never copies, where the
     * records as objects would be copied again and again while they wait for their partition's turn.
     */
    static final class RecordBlocks {
        private static final int LARGEST = (2 << 20) - 64;
        private final List<byte[]> blocks = new ArrayList<>();
        private final Map<byte[], Integer> lastUsed = new java.util.IdentityHashMap<>();
        private byte[] block;
        private int used;

        void add(byte[] record, int length) {
            if (block == null || block.length - used < 4 + length) {
                seal();
                block = new byte[Math.max(4 + length, block == null ? 1 << 12 : Math.min(LARGEST, block.length * 2))];
                used = 0;
            }
            block[used++] = (byte) (length >>> 24);
            block[used++] = (byte) (length >>> 16);
            block[used++] = (byte) (length >>> 8);
            block[used++] = (byte) length;
            System.arraycopy(record, 0, block, used, length);
            used += length;
        }

        private void seal() {
            if (block != null) {
                blocks.add(block);
                lastUsed.put(block, used);
            }
        }

        /** Ends the writing: the last block shrinks to what it holds. */
        void trim() {
            if (block != null) {
                block = java.util.Arrays.copyOf(block, used);
                seal();
                block = null;
            }
        }

        List<byte[]> blocks() {
            return blocks;
        }

        int used(byte[] of) {
            return lastUsed.get(of);
        }
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

    /**
     * The serialised form of a parsed record: every field of {@link ParsedRecord} but its file, which is its chunk's;
     * strings as UTF-8 after their length, the key first so that it is read without decoding the rest.
     */
    static final class SerialisedRecords {
        private static final java.lang.invoke.VarHandle INTS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class,
                java.nio.ByteOrder.BIG_ENDIAN);
        private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class,
                java.nio.ByteOrder.BIG_ENDIAN);

        private SerialisedRecords() {}

        /** A record serialised into a buffer that the next record reuses: its bytes are {@code bytes()[0, size())}. */
        static final class Buffer {
            private byte[] bytes = new byte[1 << 12];
            private int size;

            void write(ParsedRecord record) {
                byte[] key = utf8(record.getKey());
                byte[] json = record.getJson();
                int jsonLength = json == null ? record.bytesInFile() : json.length;
                byte[] reason = utf8(record.getReason());
                byte[] message = utf8(record.getMessage());
                int length = 4 + key.length + 16 + 4 + (json == null ? 0 : json.length) + 16 + 4 + (reason == null ? 0 : reason.length) + 4
                        + (message == null ? 0 : message.length);
                if (length > bytes.length) {
                    bytes = new byte[Math.max(length, bytes.length * 2)];
                }
                size = 0;
                putBytes(key);
                putLong(record.getDigestHigh());
                putLong(record.getDigestLow());
                if (json == null) {
                    // left in its file: minus its length, and no bytes
                    INTS.set(bytes, size, -jsonLength);
                    size += 4;
                } else {
                    putBytes(json);
                }
                putLong(record.getLine());
                putLong(record.getOffset());
                putBytes(reason);
                putBytes(message);
            }

            byte[] bytes() {
                return bytes;
            }

            int size() {
                return size;
            }

            private static byte[] utf8(String value) {
                return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
            }

            /** Its length (-1 for null), then the bytes. */
            private void putBytes(byte[] value) {
                INTS.set(bytes, size, value == null ? -1 : value.length);
                size += 4;
                if (value != null) {
                    System.arraycopy(value, 0, bytes, size, value.length);
                    size += value.length;
                }
            }

            private void putLong(long value) {
                LONGS.set(bytes, size, value);
                size += 8;
            }
        }

        /** The length of the record at {@code offset} of a block (after which it starts). */
        static int length(byte[] block, int offset) {
            return (int) INTS.get(block, offset);
        }

        /** The key of the record at {@code offset} of a block. */
        static String key(byte[] block, int offset) {
            return new String(block, offset + 8, keyLength(block, offset), StandardCharsets.UTF_8);
        }

        /** The length of the key's UTF-8 bytes, which follow it. */
        static int keyLength(byte[] block, int offset) {
            return (int) INTS.get(block, offset + 4);
        }

        /** Whether the record is a reject, whose key starts with a NUL. */
        static boolean isReject(byte[] block, int offset) {
            return keyLength(block, offset) > 0 && block[offset + 8] == 0;
        }

        static long digestHigh(byte[] block, int offset) {
            return (long) LONGS.get(block, offset + 8 + keyLength(block, offset));
        }

        static long digestLow(byte[] block, int offset) {
            return (long) LONGS.get(block, offset + 16 + keyLength(block, offset));
        }

        static boolean sameDigest(byte[] block, int offset, byte[] other, int otherOffset) {
            return digestHigh(block, offset) == digestHigh(other, otherOffset) && digestLow(block, offset) == digestLow(other, otherOffset);
        }

        /** The record at {@code offset} of a block of a chunk; its bytes are read again from the file when they were left there. */
        static ParsedRecord read(byte[] block, int offset, Parsed chunk, RecordFiles files) throws IOException {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(block);
            in.position(offset + 4);
            ParsedRecord record = new ParsedRecord();
            record.setKey(readString(in));
            record.setDigestHigh(in.getLong());
            record.setDigestLow(in.getLong());
            int jsonLength = in.getInt();
            byte[] json = jsonLength < 0 ? null : new byte[jsonLength];
            if (json != null) {
                in.get(json);
            }
            record.setFile(chunk.chunk().name());
            record.setLine(in.getLong());
            record.setOffset(in.getLong());
            record.setJson(json != null ? json : files.read(chunk.chunk(), chunk.status(), record.getOffset(), -jsonLength));
            record.setReason(readString(in));
            record.setMessage(readString(in));
            return record;
        }

        private static String readString(java.nio.ByteBuffer in) {
            int length = in.getInt();
            if (length < 0) {
                return null;
            }
            String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
            in.position(in.position() + length);
            return value;
        }
    }
}
