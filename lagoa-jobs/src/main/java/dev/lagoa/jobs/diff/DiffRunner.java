package dev.lagoa.jobs.diff;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.contracts.DiffManifest;
import dev.lagoa.contracts.JobNames;
import dev.lagoa.jobs.JobFailure;
import dev.lagoa.jobs.LakeFiles;
import dev.lagoa.jobs.LakeLocations;
import dev.lagoa.jobs.StagingArea;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a diff run does around its executor, the same for both: lists the snapshots and cuts them into chunks, lets the
 * executor parse, compare and write the change and reject files into the run's staging folder, then applies the
 * reject threshold, writes the manifest and commits the day (see {@link DiffJob}). Free of Spark, so the local engine
 * runs without a Spark session.
 */
final class DiffRunner {
    static final String JOB_NAME = JobNames.DIFF;
    static final long DEFAULT_SPLIT_BYTES = 64L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(DiffRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The staging folder the diff's documentation names; its underscore hides it from readers. */
    private static final String STAGING_FOLDER = "_lagoa_staging";

    private DiffRunner() {}

    /** Parses both snapshots, compares them by key and writes the change and reject files of every partition into {@code staging}. */
    interface Executor {
        List<PartitionStats> diff(Snapshot yesterday, Snapshot today, String staging, String date) throws IOException;
    }

    /**
     * Runs the diff with {@code executor} and returns the manifest, which names {@code engine}; throws
     * {@link JobFailure} for input problems.
     */
    static DiffManifest run(DiffRequest request, Configuration hadoop, DiffEngine engine, Executor executor) {
        long started = System.nanoTime();
        Instant startedAt = Instant.now();
        // no .crc side files next to local outputs: the lake holds exactly what the pipeline writes
        hadoop.set("fs.file.impl", org.apache.hadoop.fs.RawLocalFileSystem.class.getName());
        hadoop.setBoolean("fs.file.impl.disable.cache", true);

        LakeLocations locations = request.locations();
        Snapshot yesterday = list(hadoop, request.yesterday(), ChangeRules.YESTERDAY, request.allowMissingYesterday(), request.splitBytes(), locations);
        Snapshot today = list(hadoop, request.today(), ChangeRules.TODAY, false, request.splitBytes(), locations);
        long listed = System.nanoTime();
        LOG.info("Diff of {} by {}: yesterday {} ({} files in {} chunks), today {} ({} files in {} chunks); engine {}", request.date(),
                request.options().keyPaths(), request.yesterday(), yesterday.files().size(), yesterday.chunks().size(),
                request.today(), today.files().size(), today.chunks().size(), engine.label());

        Path out = new Path(request.out());
        String date = request.date().toString();
        LakeFiles outFiles = LakeFiles.of(out, hadoop, locations);
        FileSystem outFs = outFiles.fileSystem();
        Path day = new Path(out, date);
        DiffManifest manifest;
        Path rejectsDay;
        String unreadableFiles = "";
        try (StagingArea staging = new StagingArea(outFs, out, STAGING_FOLDER, request.runId())) {
            List<PartitionStats> partitions = executor.diff(yesterday, today, staging.folder().toString(), date);
            long diffed = System.nanoTime();

            Totals totals = Totals.of(partitions);
            LOG.info("Compared {} + {} records in {} ms: {} inserted, {} updated, {} deleted, {} unchanged, {} rejected", totals.yesterdayRecords(),
                    totals.todayRecords(), millis(listed, diffed), totals.inserts(), totals.updates(), totals.deletes(), totals.unchanged(),
                    totals.rejectCount());
            // a file not read to its end would turn its unread records into deletes (or inserts): never published
            boolean failed = totals.rejectCount() > request.maxRejects() || !totals.unreadable().isEmpty();
            unreadableFiles = describeUnreadable(totals.unreadable());
            rejectsDay = new Path(out, failed ? "_failed/" + date + "/" + request.runId() : "_rejects/" + date);
            List<DiffManifest.ChangeFile> files = failed ? List.of() : stageChanges(outFs, staging, totals, request.runId());
            stageRejects(outFs, staging, totals);
            Instant completedAt = Instant.now();
            long staged = System.nanoTime();
            manifest = new DiffManifest(JOB_NAME, request.runId(), request.date(), failed ? DiffManifest.Status.FAILED : DiffManifest.Status.SUCCEEDED,
                    request.options().keyPaths(), new ArrayList<>(new TreeSet<>(request.options().ignoredPaths())), request.options().nullEqualsAbsent(),
                    new DiffManifest.Inputs(yesterday.describe(totals.yesterdayRecords(), totals.rejectsOf(ChangeRules.YESTERDAY)),
                            today.describe(totals.todayRecords(), totals.rejectsOf(ChangeRules.TODAY))),
                    new DiffManifest.Changes(totals.inserts(), totals.updates(), totals.deletes()), totals.unchanged(),
                    new DiffManifest.Rejects(totals.rejectCount(), request.maxRejects(), totals.rejectsByReason(), totals.rejects(),
                            totals.rejectCount() == 0 ? null : outFiles.showFolder(rejectsDay)),
                    new DiffManifest.Output(files, failed ? "" : outFiles.showFolder(day)),
                    new DiffManifest.Timings(millis(started, listed), millis(listed, diffed), millis(diffed, staged), millis(started, staged)),
                    startedAt, completedAt, engine.label());
            if (failed) {
                write(outFs, staging.resolve("rejects-day/_manifest.json"), manifest);
                staging.replace(staging.resolve("rejects-day"), rejectsDay);
            } else {
                write(outFs, staging.resolve("day/_manifest.json"), manifest);
                if (totals.rejectCount() > 0) {
                    staging.replace(staging.resolve("rejects-day"), rejectsDay);
                } else {
                    outFs.delete(rejectsDay, true);
                }
                staging.replace(staging.resolve("day"), day);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot commit the diff of " + date + " to " + outFiles.showFolder(out) + ": " + e.getMessage(), e);
        }
        boolean failed = manifest.status() == DiffManifest.Status.FAILED;
        String unreadable = unreadableFiles;
        String where = outFiles.showFolder(failed ? rejectsDay : day);
        LOG.info("{} for {}: {}", failed ? "Nothing published" : "Published", date, where);
        if (failed && !unreadable.isEmpty()) {
            throw new JobFailure("%s; its unread records would look deleted or inserted, so nothing was published for %s, whatever --max-rejects. Rejects and manifest: %s"
                    .formatted(unreadable, date, where));
        }
        if (failed) {
            long rejected = manifest.rejects().total();
            throw new JobFailure("%d input record%s rejected, more than the %d allowed (--max-rejects); nothing was published for %s. Rejects and manifest: %s"
                    .formatted(rejected, rejected == 1 ? " was" : "s were", request.maxRejects(), date, where));
        }
        return manifest;
    }

    /** "Cannot read <file> to its end (byte offset N): <why>" for each file that could not be read to its end. */
    private static String describeUnreadable(List<String> rejects) {
        List<String> files = new ArrayList<>();
        for (String reject : rejects) {
            try {
                com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(reject);
                files.add("Cannot read %s to its end (byte offset %d): %s".formatted(node.path("file").asText(), node.path("offset").asLong(-1),
                        node.path("message").asText()));
            } catch (IOException e) {
                files.add(reject);
            }
        }
        return String.join("; ", files);
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /** The files of one snapshot and the chunks its tasks read. */
    record Snapshot(String uri, List<FileStatus> files, List<InputChunk> chunks) {
        Snapshot {
            files = List.copyOf(files);
            chunks = List.copyOf(chunks);
        }

        /** The bytes of its files, as listed. */
        long bytes() {
            return files.stream().mapToLong(FileStatus::getLen).sum();
        }

        DiffManifest.Input describe(long records, long rejected) {
            return new DiffManifest.Input(uri, files.size(), files.stream().mapToLong(FileStatus::getLen).sum(), records, rejected);
        }
    }

    static Snapshot list(Configuration hadoop, String uri, String side, boolean allowMissing, long splitBytes, LakeLocations locations) {
        Path root = new Path(uri);
        LakeFiles lakeFiles = LakeFiles.of(root, hadoop, locations);
        FileSystem fileSystem = lakeFiles.fileSystem();
        String shown = uri.endsWith("/") ? lakeFiles.showFolder(root) : lakeFiles.show(root);
        List<FileStatus> files = new ArrayList<>();
        boolean missing = false;
        try {
            files.addAll(lakeFiles.dataFiles(root));
        } catch (FileNotFoundException e) {
            missing = true;
        } catch (IOException e) {
            throw new JobFailure("Cannot list %s snapshot %s: %s".formatted(side, shown, e.getMessage()), e);
        }
        if (files.isEmpty()) {
            if (allowMissing) {
                return new Snapshot(shown, List.of(), List.of());
            }
            // a local folder outside the lake is shown by its file: URI, and is a folder to its owner, not a prefix
            String why = !shown.startsWith("file:") ? "no objects under prefix"
                    : missing ? "no such folder or file" : "no file to read in folder (names starting with _ or . are skipped)";
            throw new JobFailure("Cannot read %s snapshot %s: %s%s".formatted(side, shown, why,
                    side.equals(ChangeRules.YESTERDAY) ? " (on the first day, --allow-missing-yesterday treats it as empty: all inserts)" : ""));
        }
        files.sort(Comparator.comparing(file -> file.getPath().toString()));
        List<InputChunk> chunks = new ArrayList<>();
        for (FileStatus file : files) {
            String path = file.getPath().toString();
            String name = locations.display(path);
            long length = file.getLen();
            if (SnapshotReader.isCompressed(path) || length <= splitBytes || startsAnArray(fileSystem, file.getPath(), name)) {
                chunks.add(InputChunk.whole(path, name, length));
            } else {
                for (long start = 0; start < length; start += splitBytes) {
                    long end = Math.min(start + splitBytes, length);
                    chunks.add(new InputChunk(path, name, start, end, false, length));
                }
            }
        }
        return new Snapshot(shown, files, chunks);
    }

    private static boolean startsAnArray(FileSystem fileSystem, Path path, String name) {
        try (InputStream in = fileSystem.open(path)) {
            byte[] head = in.readNBytes(4096);
            for (byte b : head) {
                if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && (b & 0xff) != 0xEF && (b & 0xff) != 0xBB && (b & 0xff) != 0xBF) {
                    return b == '[';
                }
            }
            return false;
        } catch (IOException e) {
            throw new JobFailure("Cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Moves the change files into {@code staging/day/} with their final names, {@code part-00000-<run id>.json}: a
     * name belongs to one run, so a file read by name is always the run's that the manifest names, and a day diffed
     * again has new names (the publisher publishes each run once).
     */
    private static List<DiffManifest.ChangeFile> stageChanges(FileSystem fileSystem, StagingArea staging, Totals totals, String runId) throws IOException {
        Path day = staging.resolve("day");
        fileSystem.mkdirs(day);
        List<DiffManifest.ChangeFile> files = new ArrayList<>();
        List<Map.Entry<String, Long>> changeFiles = new ArrayList<>(totals.changeFiles().entrySet());
        for (int i = 0; i < changeFiles.size(); i++) {
            String name = changeFileName(i, runId);
            rename(fileSystem, new Path(changeFiles.get(i).getKey()), new Path(day, name));
            files.add(new DiffManifest.ChangeFile(name, changeFiles.get(i).getValue()));
        }
        return files;
    }

    /** The name of the {@code index}-th change file of run {@code runId}. */
    public static String changeFileName(int index, String runId) {
        return "part-%05d-%s.json".formatted(index, runId);
    }

    private static void stageRejects(FileSystem fileSystem, StagingArea staging, Totals totals) throws IOException {
        Path day = staging.resolve("rejects-day");
        fileSystem.mkdirs(day);
        int i = 0;
        for (String file : totals.rejectFiles()) {
            rename(fileSystem, new Path(file), new Path(day, "rejects-%05d.json".formatted(i++)));
        }
    }

    private static void rename(FileSystem fileSystem, Path from, Path to) throws IOException {
        if (!fileSystem.rename(from, to)) {
            throw new IOException("cannot rename " + from + " to " + to);
        }
    }

    private static void write(FileSystem fileSystem, Path path, DiffManifest manifest) throws IOException {
        try (OutputStream out = fileSystem.create(path, true)) {
            out.write(manifest.toJson());
        }
    }

    /** The sums of every partition's counts. */
    private record Totals(long inserts, long updates, long deletes, long unchanged, long yesterdayRecords, long todayRecords,
            Map<String, Long> rejects, Map<String, Long> changeFiles, List<String> rejectFiles, List<String> unreadable) {
        static Totals of(List<PartitionStats> partitions) {
            long inserts = 0;
            long updates = 0;
            long deletes = 0;
            long unchanged = 0;
            long yesterdayRecords = 0;
            long todayRecords = 0;
            Map<String, Long> rejects = new TreeMap<>();
            Map<String, Long> changeFiles = new TreeMap<>();
            List<String> rejectFiles = new ArrayList<>();
            List<String> unreadable = new ArrayList<>();
            for (PartitionStats stats : partitions) {
                unreadable.addAll(stats.getUnreadable());
                inserts += stats.getInserts();
                updates += stats.getUpdates();
                deletes += stats.getDeletes();
                unchanged += stats.getUnchanged();
                yesterdayRecords += stats.getYesterdayRecords();
                todayRecords += stats.getTodayRecords();
                stats.getRejects().forEach((reason, count) -> rejects.merge(reason, count, Long::sum));
                for (int i = 0; i < stats.getChangeFiles().size(); i++) {
                    changeFiles.put(stats.getChangeFiles().get(i), stats.getChangeFileRecords().get(i));
                }
                rejectFiles.addAll(stats.getRejectFiles());
            }
            Collections.sort(rejectFiles);
            Collections.sort(unreadable);
            return new Totals(inserts, updates, deletes, unchanged, yesterdayRecords, todayRecords, rejects, changeFiles, rejectFiles, unreadable);
        }

        long rejectCount() {
            return rejects.values().stream().mapToLong(Long::longValue).sum();
        }

        long rejectsOf(String snapshot) {
            return rejects.entrySet().stream().filter(entry -> entry.getKey().startsWith(snapshot + ":")).mapToLong(Map.Entry::getValue).sum();
        }

        Map<String, Long> rejectsByReason() {
            Map<String, Long> byReason = new TreeMap<>();
            rejects.forEach((key, count) -> byReason.merge(key.substring(key.indexOf(':') + 1), count, Long::sum));
            return byReason;
        }
    }
}
