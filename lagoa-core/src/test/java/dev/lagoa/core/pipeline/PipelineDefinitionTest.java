package dev.lagoa.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.job.JobDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PipelineDefinitionTest {
    @Test
    void theDiffPipelineDeclaresItsJobAndLineage() {
        PipelineDefinition diff = Pipelines.named("diff");

        Step.SparkJob step = diff.sparkJob(DiffPipeline.JOB_NAME).orElseThrow();
        assertThat(step.job().mainClass()).isEqualTo("dev.lagoa.jobs.diff.DiffJob");
        assertThat(step.inputs()).containsExactly("snapshot-yesterday", "snapshot-today");
        assertThat(step.outputs()).containsExactly("diffs", "diff-rejects", "diff-failed-runs");
        assertThat(diff.dataset("diffs").layer()).isEqualTo(Layer.CHANGES);
        assertThat(LocationTemplate.resolve(diff.dataset("diffs").location(), Map.of("diffs-bucket", "lagoa-diffs", "date", "2026-11-21")))
                .isEqualTo("s3://lagoa-diffs/2026-11-21/");
        assertThat(Pipelines.job("lagoa-diff")).isSameAs(step.job());
    }

    @Test
    void reportsEveryIncoherenceAtOnce() {
        JobDefinition job = new JobDefinition("x-job", "x.Main", Map.of(), Duration.ofMinutes(1), 0, 1);
        DatasetDefinition input = new DatasetDefinition("input", Layer.RAW, "s3://b/in/", DataFormat.JSON, List.of(), "in", "me", Set.of());

        assertThatThrownBy(() -> new PipelineDefinition("broken", "", "me", Set.of(),
                List.of(input, input),
                List.of(new Trigger.Manual("nope")),
                List.of(new Step.SparkJob("x", "", job, List.of("input", "missing"), List.of("ghost"))),
                List.of(),
                List.of(new dev.lagoa.core.event.Notification("n", "nothing", ".json",
                        new dev.lagoa.core.event.Notification.Target.Queue(dev.lagoa.core.queue.QueueName.of("q"))))))
                .hasMessage("Invalid pipeline 'broken': dataset 'input' is declared twice; step 'x' reads undeclared dataset 'missing'; "
                        + "step 'x' writes undeclared dataset 'ghost'; a trigger starts undeclared step 'nope'; "
                        + "notification 'n' watches undeclared dataset 'nothing'; notification 'n' sends to undeclared queue 'q'");
    }

    @Test
    void theDiffFilesNotifyTheEventsQueue() {
        PipelineDefinition diff = Pipelines.named("diff");

        assertThat(diff.notifications()).singleElement().satisfies(notification -> {
            assertThat(notification.suffix()).isEqualTo(".json");
            assertThat(LocationTemplate.prefix(diff.dataset(notification.datasetId()).location(), Map.of("diffs-bucket", "lagoa-diffs")))
                    .isEqualTo("s3://lagoa-diffs/");
        });
        assertThat(diff.queues()).extracting(queue -> queue.name().value()).containsExactly("lagoa-diff-events");
        assertThat(dev.lagoa.core.queue.QueueName.of("lagoa-diff-events").deadLetterQueue().value()).isEqualTo("lagoa-diff-events-dlq");
    }

    @Test
    void unresolvedPlaceholdersAreNamed() {
        assertThatThrownBy(() -> LocationTemplate.resolve("s3://{diffs-bucket}/{date}/", Map.of()))
                .hasMessage("Cannot resolve location 's3://{diffs-bucket}/{date}/': no value for [date, diffs-bucket]");
    }
}
