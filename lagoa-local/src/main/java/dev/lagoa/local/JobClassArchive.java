package dev.lagoa.local;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class data sharing archive (Java AppCDS) of the jobs' classpath: the classes a Spark job loads, parsed and
 * verified once and mapped by every later job run, which then starts seconds sooner. One archive per JDK and classpath
 * (the jars' names, sizes and modification times), in a folder of this machine shared by all its workspaces.
 *
 * <p>The first launcher that finds none records it in the background: a warm-up JVM (not a job run) loads what job
 * runs load and writes the archive as it exits; the launcher checks that a JVM maps it before it names it for job runs.
 * Runs meanwhile go without. A launcher that died while recording is noticed by the next one (the recording's process
 * is named in a lock file); a recording that fails is not tried again for that classpath (the reason is in a file
 * beside the archive). Classpaths with folders (a development build) are not archived: the JVM archives jars only.
 */
public final class JobClassArchive {
    private static final Logger LOG = LoggerFactory.getLogger(JobClassArchive.class);
    /** Archives of other JDKs and classpaths kept besides the current one, per name (older ones are deleted). */
    private static final int KEEP = 2;
    /** Launchers of one JVM record and adopt one at a time; the lock file orders JVMs. */
    private static final Object RECORDING = new Object();

    private final Path folder;
    private final Optional<Path> archive;
    private final List<String> jvm;
    private final String classpath;
    private final BiFunction<Path, Path, List<String>> warmup;
    /** The thread that waits for this instance's recording, if it started one. */
    private volatile Thread waiter;

    /**
     * @param jvm the {@code java} command and the options every job run's JVM has (module openings)
     * @param warmup the warm-up's command, given the archive it writes and its scratch folder
     */
    JobClassArchive(Path folder, List<String> jvm, String classpath, BiFunction<Path, Path, List<String>> warmup) {
        this.folder = folder;
        this.jvm = List.copyOf(jvm);
        this.classpath = classpath;
        this.warmup = warmup;
        this.archive = fingerprint(classpath).map(id -> folder.resolve("jobs-" + id + ".jsa"));
    }

    /** The machine's folder for archives: {@code $XDG_CACHE_HOME/lagoa}, else {@code ~/.cache/lagoa}. */
    public static Path defaultFolder() {
        String cache = System.getenv("XDG_CACHE_HOME");
        return (cache == null || cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(cache)).resolve("lagoa");
    }

    /** The archive this classpath maps once it is recorded. */
    Optional<Path> file() {
        return archive;
    }

    /** The JVM options of a job run: the archive's once it is recorded; until then none, and its recording starts. */
    List<String> javaOptions() {
        if (archive.isEmpty()) {
            return List.of();
        }
        Path file = archive.get();
        if (!Files.isRegularFile(file) && !Files.exists(sibling(file, ".failed"))) {
            record(file);
        }
        return Files.isRegularFile(file) ? List.of("-XX:SharedArchiveFile=" + file, "-Xshare:auto") : List.of();
    }

    /** Waits until the recording this instance started, if any, has ended and been adopted. */
    void awaitRecording() throws InterruptedException {
        Thread recording = waiter;
        if (recording != null) {
            recording.join();
        }
    }

    /** Starts the warm-up unless a live process records already; adopts what a dead one left. */
    private void record(Path file) {
        synchronized (RECORDING) {
            recordOnce(file);
        }
    }

    private void recordOnce(Path file) {
        Path lock = sibling(file, ".lock");
        try {
            Files.createDirectories(folder);
            try {
                Files.writeString(Files.createFile(lock), holder(ProcessHandle.current()));
            } catch (FileAlreadyExistsException e) {
                if (!holderAlive(lock)) {
                    adoptOnce(file, false); // its recorder died: keep what it finished, or clear the way for the next launcher
                }
                return;
            }
            Path scratch = sibling(file, ".warmup");
            Path partial = sibling(file, "." + ProcessHandle.current().pid() + ".partial");
            Files.createDirectories(scratch.resolve("tmp"));
            Process process = new ProcessBuilder(warmup.apply(partial, scratch))
                    .directory(scratch.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(sibling(file, ".log").toFile())
                    .start();
            Files.writeString(lock, holder(process.toHandle()));
            LOG.info("Recording the jobs' class archive {} in the background (pid {})", file, process.pid());
            waiter = new Thread(() -> {
                process.onExit().join();
                adopt(file, process.exitValue() == 0);
            }, "lagoa-class-archive");
            waiter.setDaemon(true);
            waiter.start();
        } catch (IOException e) {
            LOG.debug("Cannot record the class archive {}: {}", file, e.getMessage());
            LocalFiles.deleteQuietly(lock);
        }
    }

    /**
     * After its recorder ended: names the archive it wrote when a JVM maps it. An archive that does not map, or none
     * from a warm-up that ran to its end ({@code completed}), is a failure not tried again for this classpath; a
     * warm-up that was stopped (Ctrl-C, a launcher that died) leaves the way free for the next launcher.
     */
    private void adopt(Path file, boolean completed) {
        synchronized (RECORDING) {
            adoptOnce(file, completed);
        }
    }

    private void adoptOnce(Path file, boolean completed) {
        Path lock = sibling(file, ".lock");
        try {
            List<Path> partials = partials(file);
            if (!Files.exists(file)) {
                Optional<Path> recorded = partials.stream().filter(JobClassArchive::notEmpty).findFirst();
                if (recorded.isPresent() && maps(recorded.get())) {
                    Files.move(recorded.get(), file, StandardCopyOption.ATOMIC_MOVE);
                    LOG.info("Recorded the jobs' class archive {}: job runs from now on start sooner", file);
                    deleteOlderArchives(file);
                } else if (recorded.isPresent() || completed) {
                    Files.writeString(sibling(file, ".failed"), (recorded.isPresent() ? "the recorded archive does not map" : "the warm-up wrote no archive")
                            + "; see " + sibling(file, ".log") + "\n");
                    LOG.warn("Cannot record the jobs' class archive {}: see {}", file, sibling(file, ".log"));
                } else {
                    LOG.info("The recording of the jobs' class archive {} was stopped; the next launcher starts it again", file);
                }
            }
            partials.forEach(LocalFiles::deleteQuietly);
            if (Files.isDirectory(sibling(file, ".warmup"))) {
                LocalFiles.deleteTree(sibling(file, ".warmup"));
            }
        } catch (IOException e) {
            LOG.debug("Cannot keep the class archive {}: {}", file, e.getMessage());
        } finally {
            LocalFiles.deleteQuietly(lock);
        }
    }

    /** Whether a JVM with the jobs' classpath maps the archive ({@code -Xshare:on} fails when it cannot). */
    private boolean maps(Path recorded) {
        return maps(jvm, recorded, classpath, sibling(archive.orElseThrow(), ".log"));
    }

    /**
     * Whether {@code java} (the command and its options) with {@code classpath} maps the archive ({@code -Xshare:on}
     * fails when it cannot); its output goes to the end of {@code log}.
     */
    public static boolean maps(List<String> java, Path recorded, String classpath, Path log) {
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of("-XX:SharedArchiveFile=" + recorded, "-Xshare:on", "-cp", classpath, "-version"));
        try {
            Process check = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return check.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private List<Path> partials(Path file) throws IOException {
        try (DirectoryStream<Path> partials = Files.newDirectoryStream(folder, file.getFileName() + ".*.partial")) {
            List<Path> found = new ArrayList<>();
            partials.forEach(found::add);
            return found;
        }
    }

    private static String holder(ProcessHandle process) {
        return process.pid() + " " + process.info().startInstant().map(Instant::toString).orElse("");
    }

    private static boolean holderAlive(Path lock) throws IOException {
        String[] holder;
        try {
            holder = Files.readString(lock).trim().split(" ", 2);
        } catch (NoSuchFileException e) {
            return true; // just released: its recorder is done
        }
        try {
            Optional<Instant> started = holder.length > 1 && !holder[1].isEmpty() ? Optional.of(Instant.parse(holder[1])) : Optional.empty();
            return new SqliteJobRunRepository.RecordedProcess(Long.parseLong(holder[0]), started).live().isPresent();
        } catch (RuntimeException e) {
            return false; // a lock written half-way by a launcher that died
        }
    }

    /**
     * After {@code file} ({@code <name>-<hash>.jsa}: the jobs', a service's) was recorded: deletes the archives of the
     * same name for other JDKs and classpaths but the newest {@link #KEEP}, and what the deleted ones and the ones never
     * recorded left beside them (logs, failure notes, and the partial files and scratch folders of recordings whose
     * recorder is gone); a recording that a live process holds (its lock file names it) is left alone.
     */
    public static void deleteOlderArchives(Path file) throws IOException {
        Path folder = file.getParent();
        String name = file.getFileName().toString();
        String prefix = name.substring(0, name.lastIndexOf('-') + 1);
        List<Path> archives;
        try (Stream<Path> files = Files.list(folder)) {
            archives = files.filter(path -> path.getFileName().toString().matches(Pattern.quote(prefix) + "[0-9a-f]+\\.jsa"))
                    .sorted(Comparator.comparing(JobClassArchive::modified).reversed()).toList();
        }
        List<String> kept = new ArrayList<>(List.of(name));
        archives.stream().filter(path -> !path.equals(file)).limit(KEEP).forEach(path -> kept.add(path.getFileName().toString()));
        List<Path> leftovers;
        try (Stream<Path> files = Files.list(folder)) {
            leftovers = files.filter(path -> path.getFileName().toString().startsWith(prefix))
                    .filter(path -> !kept.contains(archiveName(path))).toList();
        }
        for (Path path : leftovers) {
            Path lock = folder.resolve(archiveName(path) + ".lock");
            if (Files.exists(lock) && holderAlive(lock)) {
                continue; // being recorded by a live launcher
            }
            if (Files.isDirectory(path)) {
                LocalFiles.deleteTree(path);
            } else {
                LocalFiles.deleteQuietly(path);
            }
        }
    }

    /** {@code <name>-<hash>.jsa} for the archive itself and for every file beside it ({@code <name>-<hash>.jsa.log}, ...). */
    private static String archiveName(Path path) {
        String name = path.getFileName().toString();
        int end = name.indexOf(".jsa");
        return end < 0 ? name : name.substring(0, end + ".jsa".length());
    }

    /**
     * The JDK and the classpath's jars (name, size, modification time; {@code dir/*} as the JVM expands it), or empty
     * when an entry is not a jar file.
     */
    public static Optional<String> fingerprint(String classpath) {
        if (classpath == null || classpath.isBlank()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder(System.getProperty("java.home")).append('\n')
                .append(System.getProperty("java.vm.version")).append('\n');
        try {
            for (String entry : classpath.split(File.pathSeparator)) {
                for (Path jar : jars(entry)) {
                    if (!Files.isRegularFile(jar) || !jar.getFileName().toString().endsWith(".jar")) {
                        return Optional.empty();
                    }
                    text.append(jar.toAbsolutePath()).append(' ').append(Files.size(jar)).append(' ')
                            .append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
                }
            }
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return Optional.of(HexFormat.of().formatHex(hash, 0, 12));
        } catch (IOException | NoSuchAlgorithmException | java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static List<Path> jars(String entry) throws IOException {
        if (!entry.endsWith("*")) {
            return List.of(Path.of(entry));
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> folder = Files.newDirectoryStream(Path.of(entry.substring(0, entry.length() - 1)), "*.{jar,JAR}")) {
            folder.forEach(jars::add);
        }
        jars.sort(Comparator.naturalOrder());
        return jars;
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private static boolean notEmpty(Path path) {
        try {
            return Files.size(path) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

}
