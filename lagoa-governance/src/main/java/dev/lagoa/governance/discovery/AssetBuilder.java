package dev.lagoa.governance.discovery;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.pipeline.DatasetDefinition;
import dev.lagoa.core.pipeline.Layer;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.Step;
import dev.lagoa.core.statemachine.State;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.TaskTarget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns what the lake declares and catalogues into the {@link Asset}s of the discovery index: each pipeline, its datasets
 * and steps, each state machine and its tasks, and each catalog table with its columns. A table that a pipeline declares (by its {@code lagoa.pipeline} and
 * {@code lagoa.dataset} parameters, or by its name) is that dataset: its columns hang under the dataset and it adds no
 * asset of its own. Other tables become {@link AssetType#TABLE} assets, with owner, layer and tags from their parameters.
 *
 * <p>Not thread-safe; {@link #build()} may be called more than once.
 */
public final class AssetBuilder {
    /** Table parameters the catalog sets from the pipeline declarations. */
    static final String PIPELINE_PARAMETER = "lagoa.pipeline";
    static final String DATASET_PARAMETER = "lagoa.dataset";
    static final String LAYER_PARAMETER = "lagoa.layer";
    static final String TAGS_PARAMETER = "lagoa.tags";

    private final List<PipelineDefinition> pipelines = new ArrayList<>();
    private final List<StateMachineDefinition> machines = new ArrayList<>();
    private final List<TableDefinition> tables = new ArrayList<>();
    private final List<Asset> extra = new ArrayList<>();

    /** Adds pipelines: every {@link PipelineDefinition}, whatever steps it declares. */
    public AssetBuilder addPipelines(List<PipelineDefinition> pipelines) {
        requireNonNull(pipelines, "pipelines is null").forEach(pipeline -> this.pipelines.add(requireNonNull(pipeline, "pipeline is null")));
        return this;
    }

    /**
     * Adds state machines: each becomes a {@link AssetType#STATE_MACHINE} asset ({@code state-machine:<machine>}), and each of
     * its Task states, branches' included, a {@link AssetType#STEP} asset ({@code step:<machine>/<state>}) whose parent is the
     * machine. A machine belongs to the first added pipeline that declares a dataset its tasks read or write.
     */
    public AssetBuilder addStateMachines(List<StateMachineDefinition> machines) {
        requireNonNull(machines, "machines is null").forEach(machine -> this.machines.add(requireNonNull(machine, "machine is null")));
        return this;
    }

    /** Adds catalog tables with their columns and partition keys. */
    public AssetBuilder addTables(List<TableDefinition> tables) {
        requireNonNull(tables, "tables is null").forEach(table -> this.tables.add(requireNonNull(table, "table is null")));
        return this;
    }

    /** Adds assets built elsewhere (state machines and their tasks, for example). */
    public AssetBuilder addAssets(List<Asset> assets) {
        requireNonNull(assets, "assets is null").forEach(asset -> extra.add(requireNonNull(asset, "asset is null")));
        return this;
    }

    /**
     * The assets, pipelines first, then state machines and tables, in declaration order. Throws {@code INVALID_PIPELINE} naming the ids that two assets
     * share (a pipeline added twice, for example).
     */
    public List<Asset> build() {
        Map<String, Asset> assets = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (PipelineDefinition pipeline : pipelines) {
            pipelineAssets(pipeline).forEach(asset -> add(assets, asset, duplicates));
        }
        for (StateMachineDefinition machine : machines) {
            machineAssets(machine).forEach(asset -> add(assets, asset, duplicates));
        }
        for (TableDefinition table : tables) {
            tableAssets(table).forEach(asset -> add(assets, asset, duplicates));
        }
        extra.forEach(asset -> add(assets, asset, duplicates));
        if (!duplicates.isEmpty()) {
            throw new LagoaException(ErrorCode.INVALID_PIPELINE, "Two searchable assets share the id(s) " + duplicates);
        }
        return List.copyOf(assets.values());
    }

    private static void add(Map<String, Asset> assets, Asset asset, List<String> duplicates) {
        if (assets.putIfAbsent(asset.id(), asset) != null) {
            duplicates.add(asset.id());
        }
    }

    private static List<Asset> pipelineAssets(PipelineDefinition pipeline) {
        List<Asset> assets = new ArrayList<>();
        Optional<String> name = Optional.of(pipeline.name());
        assets.add(new Asset(AssetType.PIPELINE, "pipeline:" + pipeline.name(), pipeline.name(), "", pipeline.description(), pipeline.owner(),
                pipeline.tags(), Optional.empty(), name, Optional.empty()));
        for (DatasetDefinition dataset : pipeline.datasets()) {
            String title = dataset.tableName().equals(dataset.id()) ? "" : dataset.tableName();
            assets.add(new Asset(AssetType.DATASET, datasetId(pipeline.name(), dataset.id()), dataset.id(), title, dataset.description(),
                    dataset.owner(), dataset.tags(), Optional.of(dataset.layer()), name, Optional.empty()));
        }
        for (Step step : pipeline.steps()) {
            assets.add(new Asset(AssetType.STEP, "step:" + pipeline.name() + "/" + step.id(), step.id(), stepTitle(step),
                    stepDescription(step), pipeline.owner(), pipeline.tags(), Optional.empty(), name, Optional.empty()));
        }
        return assets;
    }

    /** What a step runs: the Glue job of a Spark job, the class of a task or a function. */
    private static String stepTitle(Step step) {
        if (step instanceof Step.SparkJob job) {
            return job.job().name();
        }
        if (step instanceof Step.Task task) {
            return task.entryPoint().simpleName();
        }
        return ((Step.Function) step).handler().simpleName();
    }

    /** The step's description and its declared lineage, so that a search for a dataset finds the steps that read or write it. */
    private static String stepDescription(Step step) {
        return withLineage(step.description(), step.inputs(), step.outputs());
    }

    private static String withLineage(String text, List<String> inputs, List<String> outputs) {
        StringBuilder description = new StringBuilder(text);
        if (!inputs.isEmpty()) {
            description.append(" Lê: ").append(String.join(", ", inputs)).append('.');
        }
        if (!outputs.isEmpty()) {
            description.append(" Escreve: ").append(String.join(", ", outputs)).append('.');
        }
        return description.toString().strip();
    }

    private List<Asset> machineAssets(StateMachineDefinition machine) {
        Optional<String> pipeline = pipelineOf(machine);
        List<Asset> assets = new ArrayList<>();
        assets.add(new Asset(AssetType.STATE_MACHINE, "state-machine:" + machine.name(), machine.name(), "", machine.description(),
                machine.owner(), machine.tags(), Optional.empty(), pipeline, Optional.empty()));
        for (State.Task task : machine.tasks()) {
            assets.add(new Asset(AssetType.STEP, "step:" + machine.name() + "/" + task.name(), task.name(), taskTitle(task.target()),
                    withLineage(task.description(), task.inputs(), task.outputs()), task.owner(), task.tags(), Optional.empty(), pipeline,
                    Optional.of(machine.name())));
        }
        return assets;
    }

    /** The first added pipeline that declares a dataset the machine's tasks read or write. */
    private Optional<String> pipelineOf(StateMachineDefinition machine) {
        Set<String> touched = machine.tasks().stream().flatMap(task -> Stream.concat(task.inputs().stream(), task.outputs().stream()))
                .collect(Collectors.toSet());
        return pipelines.stream()
                .filter(pipeline -> pipeline.datasets().stream().anyMatch(dataset -> touched.contains(dataset.id())))
                .map(PipelineDefinition::name)
                .findFirst();
    }

    /** What a task runs: its Spark job's Glue name, its control-plane task, or the state machine it starts. */
    private static String taskTitle(TaskTarget target) {
        if (target instanceof TaskTarget.SparkJob job) {
            return job.jobName();
        }
        if (target instanceof TaskTarget.ControlPlane task) {
            return task.task();
        }
        return ((TaskTarget.StartExecution) target).stateMachine();
    }

    private List<Asset> tableAssets(TableDefinition table) {
        Optional<Declared> declared = declaration(table);
        List<Asset> assets = new ArrayList<>();
        String tableName = table.name().toString();
        Optional<Layer> layer;
        Optional<String> pipeline;
        String parent;
        if (declared.isPresent()) {
            layer = Optional.of(declared.get().dataset().layer());
            pipeline = Optional.of(declared.get().pipeline().name());
            parent = declared.get().dataset().id();
        } else {
            layer = parameterLayer(table);
            pipeline = Optional.ofNullable(table.parameters().get(PIPELINE_PARAMETER)).filter(value -> !value.isBlank());
            parent = table.name().table();
            assets.add(new Asset(AssetType.TABLE, "table:" + tableName, table.name().table(), tableName, table.description(), table.owner(),
                    parameterTags(table), layer, pipeline, Optional.empty()));
        }
        String owner = declared.map(found -> found.dataset().owner()).orElse(table.owner());
        List<TableColumn> columns = new ArrayList<>(table.columns());
        columns.addAll(table.partitionKeys());
        for (TableColumn column : columns) {
            assets.add(new Asset(AssetType.COLUMN, "column:" + tableName + "." + column.name(), column.name(), "", column.comment(), owner,
                    Set.of(), layer, pipeline, Optional.of(parent)));
        }
        return assets;
    }

    private record Declared(PipelineDefinition pipeline, DatasetDefinition dataset) {}

    /** The dataset a table is: by the parameters the catalog sets, else by the table's name. */
    private Optional<Declared> declaration(TableDefinition table) {
        String pipelineName = table.parameters().get(PIPELINE_PARAMETER);
        String datasetId = table.parameters().get(DATASET_PARAMETER);
        if (pipelineName != null && datasetId != null) {
            for (PipelineDefinition pipeline : pipelines) {
                if (pipeline.name().equals(pipelineName)) {
                    Optional<DatasetDefinition> dataset = pipeline.datasets().stream().filter(candidate -> candidate.id().equals(datasetId)).findFirst();
                    if (dataset.isPresent()) {
                        return Optional.of(new Declared(pipeline, dataset.get()));
                    }
                }
            }
        }
        for (PipelineDefinition pipeline : pipelines) {
            for (DatasetDefinition dataset : pipeline.datasets()) {
                if (dataset.tableName().equals(table.name().table())) {
                    return Optional.of(new Declared(pipeline, dataset));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Layer> parameterLayer(TableDefinition table) {
        String value = table.parameters().get(LAYER_PARAMETER);
        if (value == null) {
            return Optional.empty();
        }
        return Arrays.stream(Layer.values()).filter(layer -> layer.name().equalsIgnoreCase(value.strip())).findFirst();
    }

    private static Set<String> parameterTags(TableDefinition table) {
        String value = table.parameters().getOrDefault(TAGS_PARAMETER, "");
        return Arrays.stream(value.split(",")).map(String::strip).filter(tag -> !tag.isEmpty()).collect(Collectors.toSet());
    }

    static String datasetId(String pipeline, String dataset) {
        return "dataset:" + pipeline + "/" + dataset;
    }
}
