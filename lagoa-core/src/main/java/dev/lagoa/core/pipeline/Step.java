package dev.lagoa.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.lagoa.contracts.FunctionHandler;
import dev.lagoa.contracts.TaskEntryPoint;
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
     * A containerised task: an ECS task of the {@code lagoa} image on AWS ({@code entryPoint}'s main with
     * {@code arguments}), run in-process or as a command by the local runtime.
     */
    record Task(String id, String description, TaskEntryPoint entryPoint, List<String> arguments, List<String> inputs, List<String> outputs)
            implements Step {
        public Task {
            requireNonNull(id, "id is null");
            requireNonNull(description, "description is null");
            requireNonNull(entryPoint, "entryPoint is null");
            arguments = List.copyOf(requireNonNull(arguments, "arguments is null"));
            inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
            outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
            PipelineDefinition.requireIdentifier(id, "step id");
        }
    }

    /** A function: the handler AWS Lambda runs on the events that start this step, called in-process locally. */
    record Function(String id, String description, FunctionHandler handler, List<String> inputs, List<String> outputs) implements Step {
        public Function {
            requireNonNull(id, "id is null");
            requireNonNull(description, "description is null");
            requireNonNull(handler, "handler is null");
            inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
            outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
            PipelineDefinition.requireIdentifier(id, "step id");
        }
    }
}
