package dev.lagoa.core.pipeline;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.job.JobDefinition;
import java.util.List;
import java.util.Optional;

/** The pipelines Lagoa ships. */
public final class Pipelines {
    private static final List<PipelineDefinition> ALL = List.of(DiffPipeline.DEFINITION, IbovPipeline.DEFINITION, QuotesPipeline.DEFINITION,
            ApiLoadPipeline.DEFINITION, ImportauPipeline.DEFINITION);

    private Pipelines() {}

    public static List<PipelineDefinition> all() {
        return ALL;
    }

    public static PipelineDefinition named(String name) {
        return ALL.stream().filter(pipeline -> pipeline.name().equals(name)).findFirst()
                .orElseThrow(() -> LagoaException.userError("Unknown pipeline '%s'; known: %s", name,
                        ALL.stream().map(PipelineDefinition::name).toList()));
    }

    /** Every Spark job of every pipeline. */
    public static List<JobDefinition> jobs() {
        return ALL.stream()
                .flatMap(pipeline -> pipeline.steps().stream())
                .filter(Step.SparkJob.class::isInstance)
                .map(step -> ((Step.SparkJob) step).job())
                .toList();
    }

    /** The dataset whose catalog table is {@code table} ({@code ibov_ativos} is the dataset {@code ibov-ativos}). */
    public static Optional<DatasetDefinition> datasetOfTable(String table) {
        return ALL.stream()
                .flatMap(pipeline -> pipeline.datasets().stream())
                .filter(dataset -> dataset.tableName().equals(table))
                .findFirst();
    }

    /** The pipeline that declares a dataset. */
    public static PipelineDefinition pipelineOf(DatasetDefinition dataset) {
        return ALL.stream().filter(pipeline -> pipeline.datasets().contains(dataset)).findFirst()
                .orElseThrow(() -> new LagoaException(ErrorCode.INVALID_PIPELINE, "No pipeline declares dataset " + dataset.id()));
    }

    public static JobDefinition job(String name) {
        Optional<JobDefinition> job = jobs().stream().filter(candidate -> candidate.name().equals(name)).findFirst();
        return job.orElseThrow(() -> new LagoaException(ErrorCode.JOB_NOT_FOUND,
                "Unknown job '%s'; known: %s".formatted(name, jobs().stream().map(JobDefinition::name).toList())));
    }
}
