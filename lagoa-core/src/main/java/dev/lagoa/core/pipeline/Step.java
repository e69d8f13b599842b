package dev.lagoa.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.job.JobDefinition;
import java.util.List;

/** One unit of work of a pipeline, with the datasets it reads and writes (its declared lineage). */
public sealed interface Step {
    String id();

    String description();

    List<String> inputs();

    List<String> outputs();

    /** A Spark job: a Glue job on AWS, a child JVM run by the local job launcher. */
    record SparkJob(String id, String description, JobDefinition job, List<String> inputs, List<String> outputs) implements Step {
        public SparkJob {
            requireNonNull(id, "id is null");
            requireNonNull(description, "description is null");
            requireNonNull(job, "job is null");
            inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
            outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
            PipelineDefinition.requireIdentifier(id, "step id");
        }
    }

    /**
     * A containerised task: an ECS task on AWS (the same {@code main} in a container), run in-process or as a
     * command by the local runtime.
     */
    record Task(String id, String description, String mainClass, List<String> inputs, List<String> outputs) implements Step {
        public Task {
            requireNonNull(id, "id is null");
            requireNonNull(description, "description is null");
            requireNonNull(mainClass, "mainClass is null");
            inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
            outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
            PipelineDefinition.requireIdentifier(id, "step id");
        }
    }
}
