package dev.lagoa.local;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
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
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class data sharing archive (Java AppCDS) of the jobs' classpath: the classes a Spark job loads, parsed and
 * verified once and mapped by every later job run, which then starts several seconds sooner. One archive per JDK and
 * classpath (the jars' names, sizes and modification times), kept in a folder of this machine shared by all its
 * workspaces. The first run that finds none records it as it exits; runs beside it go without, and a JVM that cannot
 * map an archive runs without it. Classpaths with folders (a development build) are not archived: the JVM archives
 * classes from jars only.
 */
final class JobClassArchive {
    private static final Logger LOG = LoggerFactory.getLogger(JobClassArchive.class);
    /** Archives of other JDKs and classpaths kept besides the current one (older ones are deleted). */
    private static final int KEEP = 2;

    private final Path folder;
    private final Optional<Path> archive;

    /** The archive of {@code classpath} in {@code folder}; none when the classpath holds anything but jar files. */
    JobClassArchive(Path folder, String classpath) {
        this.folder = folder;
        this.archive = fingerprint(classpath).map(id -> folder.resolve("jobs-" + id + ".jsa"));
    }

    /** The machine's folder for it: {@code $XDG_CACHE_HOME/lagoa}, else {@code ~/.cache/lagoa}. */
    static Path defaultFolder() {
        String cache = System.getenv("XDG_CACHE_HOME");
        return (cache == null || cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(cache)).resolve("lagoa");
    }

    /** What one job run does with the archive: its JVM options, and what to do once its process has exited. */
    record Use(List<String> javaOptions, Recording recording) {
        static final Use NONE = new Use(List.of(), null);

        /** Called with the exit status of the run's process. */
        void ended(int exit) {
            if (recording != null) {
                recording.ended(exit);
            }
        }
    }

    Use use() {
        if (archive.isEmpty()) {
            return Use.NONE;
        }
        Path file = archive.get();
        if (Files.isRegularFile(file)) {
            return new Use(List.of("-XX:SharedArchiveFile=" + file, "-Xshare:auto"), null);
        }
        if (Files.exists(sibling(file, ".unsupported"))) {
            return Use.NONE;
        }
        return claim(file).map(recording -> new Use(List.of("-XX:ArchiveClassesAtExit=" + recording.partial), recording)).orElse(Use.NONE);
    }

    /** Takes the right to record the archive, unless a live launcher holds it. */
    private Optional<Recording> claim(Path file) {
        Path lock = sibling(file, ".lock");
        SqliteJobRunRepository.RecordedProcess self = SqliteJobRunRepository.RecordedProcess.of(ProcessHandle.current());
        try {
            Files.createDirectories(folder);
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    Files.writeString(Files.createFile(lock), self.pid() + " " + self.started().map(Instant::toString).orElse(""));
                    return Optional.of(new Recording(file, lock, sibling(file, "." + self.pid() + ".partial")));
                } catch (FileAlreadyExistsException e) {
                    if (holderAlive(lock)) {
                        return Optional.empty();
                    }
                    // its launcher died while recording: what it left is of no use
                    try (DirectoryStream<Path> partials = Files.newDirectoryStream(folder, file.getFileName() + ".*.partial")) {
                        partials.forEach(JobClassArchive::deleteQuietly);
                    }
                    Files.deleteIfExists(lock);
                }
            }
        } catch (IOException e) {
            LOG.debug("Cannot record a class archive in {}: {}", folder, e.getMessage());
        }
        return Optional.empty();
    }

    private static boolean holderAlive(Path lock) throws IOException {
        String[] holder;
        try {
            holder = Files.readString(lock).trim().split(" ", 2);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
        try {
            Optional<Instant> started = holder.length > 1 && !holder[1].isEmpty() ? Optional.of(Instant.parse(holder[1])) : Optional.empty();
            return new SqliteJobRunRepository.RecordedProcess(Long.parseLong(holder[0]), started).live().isPresent();
        } catch (RuntimeException e) {
            return false; // a lock written half-way by a launcher that died
        }
    }

    /** One run that records the archive as its JVM exits. */
    final class Recording {
        private final Path file;
        private final Path lock;
        private final Path partial;

        private Recording(Path file, Path lock, Path partial) {
            this.file = file;
            this.lock = lock;
            this.partial = partial;
        }

        /** Keeps what the JVM wrote when it exited normally; a JVM that wrote nothing cannot record archives. */
        void ended(int exit) {
            try {
                boolean written = Files.exists(partial) && Files.size(partial) > 0;
                if (exit == 0 && written) {
                    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
                    LOG.info("Recorded the jobs' class archive {}: later job runs start sooner", file);
                    deleteOlderArchives();
                } else if (exit == 0) {
                    Files.writeString(sibling(file, ".unsupported"), "this JVM wrote no class archive; see the log of a job run\n");
                }
            } catch (IOException e) {
                LOG.debug("Cannot keep the class archive {}: {}", file, e.getMessage());
            } finally {
                deleteQuietly(partial);
                deleteQuietly(lock);
            }
        }

        private void deleteOlderArchives() throws IOException {
            try (Stream<Path> archives = Files.list(folder)) {
                List<Path> others = archives.filter(path -> path.getFileName().toString().matches("jobs-[0-9a-f]+\\.jsa") && !path.equals(file))
                        .sorted(Comparator.comparing(JobClassArchive::modified).reversed()).toList();
                others.stream().skip(KEEP).forEach(JobClassArchive::deleteQuietly);
            }
        }
    }

    /**
     * The JDK and the classpath's jars (name, size, modification time; {@code dir/*} as the JVM expands it), or empty
     * when an entry is not a jar file.
     */
    static Optional<String> fingerprint(String classpath) {
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

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("Cannot delete {}: {}", path, e.getMessage());
        }
    }
}
