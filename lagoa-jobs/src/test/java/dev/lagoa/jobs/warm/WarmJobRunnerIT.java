package dev.lagoa.jobs.warm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.JobsConfig;
import dev.lagoa.core.job.JobDefinition;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunRequest;
import dev.lagoa.core.job.JobRunState;
import dev.lagoa.local.ProcessJobLauncher;
import dev.lagoa.local.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warm job JVMs with real Spark runs: runs one after the other in one JVM, each with its own Spark context, log and
 * lineage; a JVM whose run failed, leaked a thread or ended the JVM is replaced; stopping a run kills its JVM; an
 * idle JVM ends.
 */
class WarmJobRunnerIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final String JOB = "warm-test";

    @TempDir
    Path temp;
    private Workspace workspace;
    private ProcessJobLauncher launcher;

    private ProcessJobLauncher launcher(Duration idle) {
        workspace = Workspace.open(temp.resolve("home"));
        JobsConfig config = new JobsConfig("local[2]", "1g", Duration.ofMinutes(20), 2, 2, "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                System.getProperty("java.class.path"), false).withWarmRunners(1, idle);
        JobDefinition job = new JobDefinition(JOB, WarmTestJob.class.getName(), Map.of(), Duration.ofMinutes(10), 0, 1);
        launcher = new ProcessJobLauncher(workspace, config, name -> {
            if (!name.equals(JOB)) {
                throw new LagoaException(ErrorCode.JOB_NOT_FOUND, "Unknown job '" + name + "'");
            }
            return job;
        }, Clock.systemUTC());
        return launcher;
    }

    @AfterEach
    void close() {
        if (launcher != null) {
            launcher.close();
        }
    }

    private JobRun run(String behaviour) {
        JobRun started = launcher.start(new JobRunRequest(JOB, Map.of("--behaviour", behaviour)));
        return launcher.awaitCompletion(started.id(), WAIT, POLL);
    }

    private long pid(JobRun run) {
        assertThat(run.state()).as(run.errorMessage().orElse("")).isEqualTo(JobRunState.SUCCEEDED);
        return launcher.summary(run.id()).orElseThrow().get("pid").asLong();
    }

    private static String log(JobRun run) throws IOException {
        return Files.readString(Path.of(run.logLocation().orElseThrow()));
    }

    @Test
    void runsFollowOneAnotherInTheWarmedUpJvmEachWithItsOwnSparkContextLogAndLineage() throws IOException {
        launcher(Duration.ofMinutes(15)).prepare();

        JobRun first = run("spark");
        JobRun second = run("spark");

        assertThat(pid(second)).as("one warm JVM ran both").isEqualTo(pid(first)).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(log(first)).as("the warm-up ran first in that JVM").contains("Run 2 of warm job JVM " + pid(first))
                .contains("warm test job " + first.id()).doesNotContain(second.id().value());
        assertThat(log(second)).contains("Run 3 of warm job JVM").contains("warm test job " + second.id()).doesNotContain(first.id().value());
        for (JobRun run : new JobRun[] {first, second}) {
            JsonNode summary = launcher.summary(run.id()).orElseThrow();
            assertThat(summary.get("rows").asLong()).isEqualTo(7);
            assertThat(summary.get("app").asText()).isEqualTo(JOB);
            assertThat(summary.get("master").asText()).isEqualTo("local[2]");
            String parent = ProcessJobLauncher.lineageRunId(run.id()).toString();
            assertThat(summary.get("lineage").asText()).as("the Spark context of the run has the run's settings").isEqualTo(parent);
            Path lineage = workspace.lineageEvents().resolve(run.id().value() + ".jsonl");
            assertThat(Files.readString(lineage)).as("the run's lineage events, in its own file").contains(parent);
        }
    }

    @Test
    void aJvmWhoseRunFailedLeakedAThreadOrEndedTheJvmIsReplaced() throws IOException {
        launcher(Duration.ofMinutes(15));
        long jvm = pid(run("spark"));

        JobRun leaking = run("leak");
        assertThat(pid(leaking)).isEqualTo(jvm);
        long afterLeak = pid(run("spark"));
        assertThat(afterLeak).as("the JVM that kept the leaked thread retired").isNotEqualTo(jvm);
        assertThat(ProcessHandle.of(jvm).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));

        JobRun failed = run("user-error");
        assertThat(failed.state()).isEqualTo(JobRunState.FAILED);
        assertThat(failed.errorMessage().orElseThrow()).contains("The snapshot of " + failed.id() + " is missing");
        long afterFailure = pid(run("spark"));
        assertThat(afterFailure).as("the JVM of the failed run retired").isNotEqualTo(afterLeak);

        JobRun exited = run("exit");
        assertThat(exited.state()).isEqualTo(JobRunState.FAILED);
        assertThat(exited.errorMessage().orElseThrow()).contains("exited with status 3");
        assertThat(log(exited)).contains("The warm job JVM " + afterFailure + " ended with status 3 before the run reported");
        assertThat(pid(run("spark"))).isNotEqualTo(afterFailure);
    }

    @Test
    void stoppingARunKillsItsWarmJvmAndTheNextRunGetsAnother() {
        launcher(Duration.ofMinutes(15));
        long jvm = pid(run("spark"));
        JobRun sleeping = launcher.start(new JobRunRequest(JOB, Map.of("--behaviour", "sleep")));

        launcher.stop(sleeping.id());

        assertThat(launcher.get(sleeping.id()).state()).isEqualTo(JobRunState.STOPPED);
        assertThat(ProcessHandle.of(jvm).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThat(pid(run("spark"))).isNotEqualTo(jvm);
    }

    @Test
    void anIdleWarmJvmEndsAfterTheIdleTimeout() {
        launcher(Duration.ofSeconds(1));
        long jvm = pid(run("spark"));

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ProcessHandle.of(jvm).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            sleep();
        }

        assertThat(ProcessHandle.of(jvm).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThat(pid(run("spark"))).as("the next run starts another").isNotEqualTo(jvm);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
