package dev.lagoa.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jobs' class archive, recorded and mapped by real JVMs. */
class JobClassArchiveTest {
    @TempDir
    Path temp;
    private Path cache;
    private Path jar;

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
        jar = temp.resolve("lib/hello.jar");
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("Hello.class"));
            out.write(Files.readAllBytes(classes.resolve("Hello.class")));
        }
    }

    private static int run(List<String> options, String classpath) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        command.addAll(List.of("-cp", classpath, "Hello"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream ignored = process.getOutputStream()) {
            return process.waitFor();
        }
    }

    @Test
    void theFirstRunRecordsTheArchiveAndTheNextOnesMapIt() throws Exception {
        String classpath = jar.getParent() + File.separator + "*";
        JobClassArchive archive = new JobClassArchive(cache, classpath);

        JobClassArchive.Use first = archive.use();
        assertThat(first.javaOptions()).singleElement().asString().startsWith("-XX:ArchiveClassesAtExit=");
        assertThat(archive.use()).as("a second run while the first records").isEqualTo(JobClassArchive.Use.NONE);
        first.ended(run(first.javaOptions(), classpath));

        try (var files = Files.list(cache)) {
            assertThat(files.map(path -> path.getFileName().toString())).singleElement().asString().matches("jobs-[0-9a-f]{24}\\.jsa");
        }
        JobClassArchive.Use next = archive.use();
        assertThat(next.javaOptions()).first().asString().startsWith("-XX:SharedArchiveFile=");
        // -Xshare:on makes a JVM that cannot map the archive fail
        List<String> strict = new ArrayList<>(next.javaOptions().subList(0, 1));
        strict.add("-Xshare:on");
        assertThat(run(strict, classpath)).isZero();
    }

    @Test
    void aFailedRunLeavesNoArchiveAndFreesTheRightToRecordIt() throws Exception {
        JobClassArchive archive = new JobClassArchive(cache, jar.toString());

        archive.use().ended(1);

        try (var files = Files.list(cache)) {
            assertThat(files).isEmpty();
        }
        assertThat(archive.use().javaOptions()).singleElement().asString().startsWith("-XX:ArchiveClassesAtExit=");
    }

    @Test
    void aLockLeftByADeadLauncherIsTakenOver() throws Exception {
        JobClassArchive archive = new JobClassArchive(cache, jar.toString());
        String option = archive.use().javaOptions().get(0);
        Path archiveFile = Path.of(option.substring(option.indexOf('=') + 1).replaceAll("\\.\\d+\\.partial$", ""));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(archiveFile.resolveSibling(archiveFile.getFileName() + ".lock"), gone.pid() + " 2026-01-01T00:00:00Z");
        Files.writeString(archiveFile.resolveSibling(archiveFile.getFileName() + ".1.partial"), "half an archive");

        assertThat(archive.use().javaOptions()).singleElement().asString().startsWith("-XX:ArchiveClassesAtExit=");
        assertThat(archiveFile.resolveSibling(archiveFile.getFileName() + ".1.partial")).doesNotExist();
    }

    @Test
    void theArchiveBelongsToTheJarsAsTheyAre() throws Exception {
        String before = JobClassArchive.fingerprint(jar.toString()).orElseThrow();
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));

        assertThat(JobClassArchive.fingerprint(jar.toString()).orElseThrow()).isNotEqualTo(before);
        assertThat(JobClassArchive.fingerprint(jar + File.pathSeparator + temp.resolve("classes"))).as("a folder on the classpath").isEmpty();
        assertThat(JobClassArchive.fingerprint(temp.resolve("no-such.jar").toString())).isEmpty();
        assertThat(new JobClassArchive(cache, temp.resolve("classes").toString()).use()).isEqualTo(JobClassArchive.Use.NONE);
    }
}
