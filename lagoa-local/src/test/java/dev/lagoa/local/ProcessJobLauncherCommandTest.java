package dev.lagoa.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.JobsConfig;
import dev.lagoa.core.job.JobDefinition;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.job.JobRunState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command of a job run's JVM: a local run's, and a run submitted to a cluster as spark-submit submits it. */
class ProcessJobLauncherCommandTest {
    private static final JobDefinition JOB = new JobDefinition("lagoa-diff", "dev.lagoa.jobs.diff.DiffJob", Map.of(), Duration.ofMinutes(30), 0, 1);
    private static final JobRun RUN = new JobRun(new JobRunId("jr_20261121T020000_0a1b2c3d"), JOB.name(), 0, Optional.empty(),
            Map.of("--today", "s3://lagoa-hoje/produtos/"), JobRunState.STARTING, Instant.parse("2026-11-21T05:00:00Z"), Optional.empty(),
            Optional.empty(), Optional.empty());

    @TempDir
    Path home;

    private List<String> command(JobsConfig config) {
        try (ProcessJobLauncher launcher = new ProcessJobLauncher(Workspace.open(home), config, name -> JOB, Clock.systemUTC())) {
            return launcher.command(JOB, RUN, home.resolve("runs/" + RUN.id().value()));
        }
    }

    /** A classpath like the distribution's lib/jobs: the jobs' jar with the main class, the contracts, and Spark. */
    private String classpath() throws IOException {
        Path lib = Files.createDirectories(home.resolve("lib/jobs"));
        jar(lib.resolve("lagoa-jobs-1.0.jar"), "dev/lagoa/jobs/diff/DiffJob.class");
        jar(lib.resolve("lagoa-contracts-1.0.jar"), "dev/lagoa/contracts/JobNames.class");
        jar(lib.resolve("spark-core_2.12-3.5.4.jar"), "org/apache/spark/SparkContext.class");
        return lib + "/*";
    }

    private static void jar(Path file, String entry) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new ZipEntry(entry));
            jar.closeEntry();
        }
    }

    @Test
    void aLocalRunStartsTheJobsMainWithItsSparkSettingsAsSystemProperties() throws IOException {
        List<String> command = command(new JobsConfig("local[*]", "2g", Duration.ofMinutes(60), 2, 16, "", classpath(), false, "1g", 0, "127.0.0.1", "",
                "spark.eventLog.enabled=false", 0, Duration.ofMinutes(15)));

        assertThat(command).contains("-Xmx2g", "-Dspark.master=local[*]", "-Dspark.app.name=lagoa-diff", "-Dspark.driver.host=127.0.0.1",
                "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.sql.shuffle.partitions=16", "-Dspark.eventLog.enabled=false");
        assertThat(command).doesNotContain(SparkSubmission.SPARK_SUBMIT);
        assertThat(command.subList(command.indexOf("-cp") + 2, command.size())).startsWith("dev.lagoa.jobs.diff.DiffJob", "--JOB_NAME", "lagoa-diff");
    }

    @Test
    void aClusterRunIsSubmittedInClientModeWithTheJobsJarsExecutorsAndSettings() throws IOException {
        String classpath = classpath();
        List<String> command = command(new JobsConfig("spark://10.0.0.5:7077", "2g", Duration.ofMinutes(60), 2, 8, "-XX:+UseSerialGC", classpath, false,
                "4g", 2, "10.0.0.9", "/opt/extra/udfs.jar", "spark.cores.max=8;spark.executor.extraJavaOptions=-XX:+UseG1GC -Dx=1", 0, Duration.ofMinutes(15)));

        assertThat(command).noneMatch(argument -> argument.startsWith("-Dspark."));
        List<String> submit = command.subList(command.indexOf(SparkSubmission.SPARK_SUBMIT), command.indexOf("--JOB_NAME"));
        Path lib = home.resolve("lib/jobs").toAbsolutePath();
        assertThat(submit).containsSubsequence(SparkSubmission.SPARK_SUBMIT, "--master", "spark://10.0.0.5:7077", "--deploy-mode", "client",
                "--name", "lagoa-diff", "--class", "dev.lagoa.jobs.diff.DiffJob", "--driver-memory", "2g", "--executor-memory", "4g",
                "--executor-cores", "2", "--jars", lib.resolve("lagoa-contracts-1.0.jar") + ",/opt/extra/udfs.jar");
        assertThat(submit).containsSubsequence("--conf", "spark.driver.host=10.0.0.9", "--conf", "spark.driver.bindAddress=10.0.0.9",
                "--conf", "spark.sql.shuffle.partitions=8");
        assertThat(submit).containsSubsequence("--conf", "spark.extraListeners=io.openlineage.spark.agent.OpenLineageSparkListener");
        assertThat(submit).containsSubsequence("--conf", "spark.cores.max=8", "--conf", "spark.executor.extraJavaOptions=-XX:+UseG1GC -Dx=1");
        assertThat(submit).as("the jobs' jar is the application's, last before its arguments")
                .endsWith(lib.resolve("lagoa-jobs-1.0.jar").toString());
        assertThat(command).as("the driver's JVM").contains("-Xmx2g", "-XX:+UseSerialGC", "-cp", classpath);
        assertThat(command.subList(command.indexOf("--JOB_NAME"), command.size())).as("the run's locations in the workspace's lake")
                .anyMatch(argument -> argument.startsWith("file:") && argument.endsWith("/lake/lagoa-hoje/produtos/"));
    }

    @Test
    void aClusterRunWithoutTheJobsJarIsRefusedNamingTheMainClass() throws IOException {
        JobsConfig config = new JobsConfig("spark://10.0.0.5:7077", "2g", Duration.ofMinutes(60), 2, 8, "", home.resolve("classes").toString(), false, "4g", 0,
                "127.0.0.1", "", "", 0, Duration.ofMinutes(15));

        assertThatThrownBy(() -> command(config)).isInstanceOf(LagoaException.class)
                .hasMessage("Cannot submit lagoa-diff to spark://10.0.0.5:7077: no lagoa-*.jar of jobs.classpath holds its main class "
                        + "dev.lagoa.jobs.diff.DiffJob (a cluster's executors get the jobs' code from their jars)");
    }
}
