package dev.lagoa.deploy.glue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.core.job.JobDefinition;
import java.io.File;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated script as Glue uses it: compiled by the Scala 2.12 compiler of Spark 3.5.4 (Glue 5.0) in a child
 * JVM, then its object run in another child JVM with Glue-like arguments, calling a job main that records what it got.
 */
class GlueScriptIT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final JobDefinition RECORDING = new JobDefinition("lagoa-recording", RecordingJob.class.getName(), Map.of(),
            Duration.ofMinutes(5), 0, 1);

    @TempDir
    static Path work;
    static Path classes;
    static String scalaLibrary;

    @BeforeAll
    static void compile() throws Exception {
        Path compiler = Path.of(System.getProperty("lagoa.scala.compiler", "target/scala-compiler"));
        String version = System.getProperty("lagoa.scala.version", "2.12.18");
        scalaLibrary = compiler.resolve("scala-library-" + version + ".jar").toString();
        String compilerClasspath = String.join(File.pathSeparator, compiler.resolve("scala-compiler-" + version + ".jar").toString(),
                compiler.resolve("scala-reflect-" + version + ".jar").toString(), scalaLibrary);
        Path script = work.resolve(GlueScript.fileName(RECORDING));
        Files.writeString(script, GlueScript.source(RECORDING), StandardCharsets.UTF_8);
        classes = Files.createDirectories(work.resolve("classes"));

        Result compiled = run(List.of(JAVA, "-cp", compilerClasspath, "scala.tools.nsc.Main", "-deprecation", "-Xfatal-warnings",
                "-classpath", String.join(File.pathSeparator, scalaLibrary, testClasses()), "-d", classes.toString(), script.toString()));

        assertThat(compiled.status()).as(compiled.output()).isZero();
        assertThat(classes.resolve(GlueScript.className() + ".class")).exists();
    }

    @Test
    void theJobGetsItsArgumentsAndTheRunIdWithoutGluesOwn() throws Exception {
        List<String> sysArgs = List.of("--JOB_ID", "j_6f1c", "--JOB_RUN_ID", "jr_0a1b2c", "--job-bookmark-option", "job-bookmark-disable",
                "--TempDir", "s3://aws-glue-assets-123/temporary/", "--scheduled-time", "2026-12-06T04:00:00Z",
                "--snapshots", "s3://exports/clientes/{date}/", "--enable-metrics", "", "--JOB_NAME", "lagoa-diff", "--key", "id",
                "--enable-glue-datacatalog", "true", "--class", "GlueApp", "--extra-jars", "s3://lagoa-assets/lagoa-jobs.jar",
                "--job-language", "scala", "--out", "s3://lagoa-diffs/");

        Recorded recorded = runScript(sysArgs);

        assertThat(recorded.status()).as(recorded.output()).isZero();
        assertThat(recorded.arguments()).containsExactly("--JOB_RUN_ID", "jr_0a1b2c", "--scheduled-time", "2026-12-06T04:00:00Z",
                "--snapshots", "s3://exports/clientes/{date}/", "--key", "id", "--out", "s3://lagoa-diffs/");
        assertThat(recorded.exitProperty()).isEqualTo("false");
        assertThat(recorded.glueProperty()).isEqualTo("true");
    }

    @Test
    void theScalaFilterAndTheJavaOneAgree() throws Exception {
        List<List<String>> cases = List.of(
                List.of(),
                List.of("--conf=spark.x=1", "--flag", "--source", "s3://b/k", "stray", "--TempDir"),
                List.of("--", "x", "--date", "--JOB_ID"),
                List.of("--date=2026-12-06", "--mode", "x", "--debug", "--ignore-fields", "a.b,c"));
        for (List<String> sysArgs : cases) {
            Recorded recorded = runScript(sysArgs);
            assertThat(recorded.status()).as(recorded.output()).isZero();
            assertThat(recorded.arguments()).as("%s", sysArgs).isEqualTo(GlueScript.jobArguments(sysArgs));
        }
    }

    @Test
    void aFailingJobFailsTheScriptWithItsError() throws Exception {
        Recorded recorded = runScript(List.of("--JOB_ID", "j_1", "--fail", "yes"));

        assertThat(recorded.status()).isNotZero();
        assertThat(recorded.output()).contains("java.lang.IllegalStateException: the job failed as asked");
        assertThat(recorded.arguments()).containsExactly("--fail", "yes");
    }

    private static Recorded runScript(List<String> sysArgs) throws Exception {
        Path record = Files.createTempFile(work, "record", ".bin");
        List<String> command = new ArrayList<>(List.of(JAVA, "-Dlagoa.test.record=" + record, "-cp",
                String.join(File.pathSeparator, classes.toString(), scalaLibrary, testClasses()), GlueScript.className()));
        command.addAll(sysArgs);
        Result result = run(command);
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(record))) {
            return new Recorded(result.status(), result.output(), List.of((String[]) in.readObject()), (String) in.readObject(), (String) in.readObject());
        }
    }

    private static String testClasses() throws Exception {
        return Path.of(RecordingJob.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    private record Result(int status, String output) {}

    private record Recorded(int status, String output, List<String> arguments, String exitProperty, String glueProperty) {}
}
