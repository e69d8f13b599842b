package dev.lagoa.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jobs' class archive, recorded and mapped by real JVMs. */
class JobClassArchiveTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path temp;
    private Path cache;
    private String classpath;
    private final AtomicInteger warmups = new AtomicInteger();

    @BeforeEach
    void buildAJar() throws IOException {
        cache = temp.resolve("cache");
        Path source = temp.resolve("src/Hello.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                public class Hello {
                    public static void main(String[] args) {
                        System.out.println(java.util.List.of("olá").stream().map(String::toUpperCase).toList());
                    }
                }
                """);
        Path classes = temp.resolve("classes");
        Files.createDirectories(classes);
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString())).isZero();
        Path jar = temp.resolve("lib/hello.jar");
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("Hello.class"));
            out.write(Files.readAllBytes(classes.resolve("Hello.class")));
        }
        classpath = jar.getParent() + File.separator + "*";
    }

    /** An archive whose warm-up runs Hello, recording it (or, with {@code records} false, not). */
    private JobClassArchive archive(boolean records) {
        return new JobClassArchive(cache, List.of(JAVA), classpath, (partial, scratch) -> {
            warmups.incrementAndGet();
            List<String> command = new ArrayList<>(List.of(JAVA));
            if (records) {
                command.add("-XX:ArchiveClassesAtExit=" + partial);
            }
            command.addAll(List.of("-cp", classpath, "Hello"));
            return command;
        });
    }

    private int runHello(List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(options);
        command.addAll(List.of("-cp", classpath, "Hello"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    @Test
    void theFirstLauncherRecordsTheArchiveInTheBackgroundAndLaterRunsMapIt() throws Exception {
        JobClassArchive first = archive(true);
        JobClassArchive other = archive(true);

        assertThat(first.javaOptions()).as("runs go without it while it is recorded").isEmpty();
        assertThat(other.javaOptions()).as("another launcher meanwhile").isEmpty();
        first.awaitRecording();

        assertThat(warmups).hasValue(1);
        assertThat(first.file().orElseThrow()).isRegularFile();
        try (var files = Files.list(cache)) {
            assertThat(files.map(path -> path.getFileName().toString()).filter(name -> !name.endsWith(".log")))
                    .as("no lock, partial archive or scratch folder is left").singleElement().asString().matches("jobs-[0-9a-f]{24}\\.jsa");
        }
        List<String> options = other.javaOptions();
        assertThat(options).first().asString().isEqualTo("-XX:SharedArchiveFile=" + first.file().orElseThrow());
        // -Xshare:on makes a JVM that cannot map the archive fail
        assertThat(runHello(List.of(options.get(0), "-Xshare:on"))).isZero();
    }

    @Test
    void aNewArchiveLeavesTheNewestTwoOthersAndClearsWhatOlderOnesAndDeadRecordingsLeft() throws Exception {
        Files.createDirectories(cache);
        for (String id : List.of("111111111111111111111111", "222222222222222222222222", "333333333333333333333333")) {
            Files.writeString(cache.resolve("jobs-" + id + ".jsa"), id);
            Files.writeString(cache.resolve("jobs-" + id + ".jsa.log"), "recorded");
            Files.setLastModifiedTime(cache.resolve("jobs-" + id + ".jsa"), FileTime.fromMillis(1_000_000L * id.charAt(0)));
        }
        Files.writeString(cache.resolve("jobs-aaaaaaaaaaaaaaaaaaaaaaaa.jsa.log"), "a build whose recording failed");
        Files.writeString(cache.resolve("jobs-aaaaaaaaaaaaaaaaaaaaaaaa.jsa.failed"), "the warm-up wrote no archive");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(cache.resolve("jobs-bbbbbbbbbbbbbbbbbbbbbbbb.jsa.lock"), gone.pid() + " 2026-01-01T00:00:00Z");
        Files.writeString(cache.resolve("jobs-bbbbbbbbbbbbbbbbbbbbbbbb.jsa.4242.partial"), "half an archive");
        Files.createDirectories(cache.resolve("jobs-bbbbbbbbbbbbbbbbbbbbbbbb.jsa.warmup/tmp"));
        ProcessHandle self = ProcessHandle.current();
        Files.writeString(cache.resolve("jobs-cccccccccccccccccccccccc.jsa.lock"), self.pid() + " " + self.info().startInstant().orElseThrow());
        Files.writeString(cache.resolve("jobs-cccccccccccccccccccccccc.jsa.77.partial"), "being recorded");

        JobClassArchive archive = archive(true);
        archive.javaOptions();
        archive.awaitRecording();

        String recorded = archive.file().orElseThrow().getFileName().toString();
        try (var files = Files.list(cache)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder(recorded, recorded + ".log",
                    "jobs-333333333333333333333333.jsa", "jobs-333333333333333333333333.jsa.log",
                    "jobs-222222222222222222222222.jsa", "jobs-222222222222222222222222.jsa.log",
                    "jobs-cccccccccccccccccccccccc.jsa.lock", "jobs-cccccccccccccccccccccccc.jsa.77.partial");
        }
    }

    @Test
    void aWarmUpThatWritesNoArchiveIsNotTriedAgainForThatClasspath() throws Exception {
        JobClassArchive archive = archive(false);

        archive.javaOptions();
        archive.awaitRecording();

        assertThat(archive.javaOptions()).isEmpty();
        assertThat(archive(false).javaOptions()).isEmpty();
        assertThat(warmups).hasValue(1);
        Path file = archive.file().orElseThrow();
        assertThat(Files.readString(file.resolveSibling(file.getFileName() + ".failed"))).contains("the warm-up wrote no archive");
    }

    @Test
    void aWarmUpThatWasStoppedIsStartedAgainByTheNextLauncher() throws Exception {
        JobClassArchive stopped = new JobClassArchive(cache, List.of(JAVA), classpath, (partial, scratch) -> {
            warmups.incrementAndGet();
            return List.of(JAVA, "-cp", classpath, "NoSuchClass"); // ends with an error, as a JVM stopped by Ctrl-C does
        });

        stopped.javaOptions();
        stopped.awaitRecording();
        JobClassArchive next = archive(true);
        next.javaOptions();
        next.awaitRecording();

        assertThat(warmups).hasValue(2);
        assertThat(next.javaOptions()).first().asString().startsWith("-XX:SharedArchiveFile=");
    }

    @Test
    void whatADeadRecorderFinishedIsAdoptedByTheNextLauncher() throws Exception {
        JobClassArchive archive = archive(true);
        Path file = archive.file().orElseThrow();
        Files.createDirectories(cache);
        // a warm-up that wrote its archive, whose launcher died before it could adopt it
        Path partial = file.resolveSibling(file.getFileName() + ".4242.partial");
        assertThat(runHello(List.of("-XX:ArchiveClassesAtExit=" + partial))).isZero();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(file.resolveSibling(file.getFileName() + ".lock"), gone.pid() + " 2026-01-01T00:00:00Z");

        assertThat(archive.javaOptions()).first().asString().isEqualTo("-XX:SharedArchiveFile=" + file);
        assertThat(warmups).hasValue(0);
        assertThat(partial).doesNotExist();
    }

    @Test
    void theArchiveBelongsToTheJarsAsTheyAre() throws Exception {
        Path jar = temp.resolve("lib/hello.jar");
        String before = JobClassArchive.fingerprint(jar.toString()).orElseThrow();
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));

        assertThat(JobClassArchive.fingerprint(jar.toString()).orElseThrow()).isNotEqualTo(before);
        assertThat(JobClassArchive.fingerprint(classpath)).isEqualTo(JobClassArchive.fingerprint(jar.toString()));
        assertThat(JobClassArchive.fingerprint(jar + File.pathSeparator + temp.resolve("classes"))).as("a folder on the classpath").isEmpty();
        assertThat(JobClassArchive.fingerprint(temp.resolve("no-such.jar").toString())).isEmpty();
        JobClassArchive folders = new JobClassArchive(cache, List.of(JAVA), temp.resolve("classes").toString(), (partial, scratch) -> List.of("false"));
        assertThat(folders.javaOptions()).isEmpty();
        assertThat(cache).doesNotExist();
    }
}
