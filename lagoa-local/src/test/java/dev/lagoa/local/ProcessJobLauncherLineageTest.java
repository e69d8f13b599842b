package dev.lagoa.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.core.job.JobDefinition;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.job.JobRunState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenLineage listener settings a job run's JVM gets. */
class ProcessJobLauncherLineageTest {
    @TempDir
    Path home;

    @Test
    void aRunWritesItsEventsToItsOwnFileUnderTheGlueJobsNameWithLagoasRunAsParent() {
        Workspace workspace = Workspace.open(home);
        JobDefinition job = new JobDefinition("lagoa-ibov-refine", "dev.lagoa.jobs.ibov.IbovRefineJob", Map.of(), Duration.ofMinutes(30), 1, 1);
        JobRun run = new JobRun(new JobRunId("jr_20221208T230000_0a1b2c3d"), job.name(), 0, Optional.empty(), Map.of(), JobRunState.STARTING,
                Instant.parse("2022-12-08T23:00:00Z"), Optional.empty(), Optional.empty(), Optional.empty());
        try (ProcessJobLauncher launcher = TestJob.launcher(workspace, Map.of(job.name(), job))) {
            Map<String, String> settings = launcher.lineageSettings(job, run);

            assertThat(settings).containsEntry("spark.extraListeners", "io.openlineage.spark.agent.OpenLineageSparkListener")
                    .containsEntry("spark.openlineage.transport.type", "file")
                    .containsEntry("spark.openlineage.transport.location",
                            home.toAbsolutePath().normalize().resolve("lineage/events/jr_20221208T230000_0a1b2c3d.jsonl").toString())
                    .containsEntry("spark.openlineage.namespace", "lagoa-ibov-refine")
                    .containsEntry("spark.openlineage.appName", "lagoa-ibov-refine")
                    .containsEntry("spark.openlineage.parentJobName", "lagoa-ibov-refine")
                    .containsEntry("spark.openlineage.parentRunId", ProcessJobLauncher.lineageRunId(run.id()).toString());
            assertThat(ProcessJobLauncher.lineageRunId(run.id())).as("the same run, the same UUID").isEqualTo(ProcessJobLauncher.lineageRunId(
                    new JobRunId("jr_20221208T230000_0a1b2c3d")));
        }
    }
}
