package dev.lagoa.governance.lineage;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lineage.ColumnEdge;
import dev.lagoa.core.lineage.DatasetEdge;
import dev.lagoa.core.lineage.LineageDataset;
import dev.lagoa.core.lineage.LineageStore;
import dev.lagoa.core.pipeline.DatasetDefinition;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.Step;
import dev.lagoa.core.statemachine.State;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.TaskTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the lineage graph in a {@link LineageStore} from two sources: what every pipeline and state machine declares
 * (each step's or task's inputs and outputs: an edge from each input to each output, named by the step's job or by the
 * task, {@code <machine>/<state>}) and the OpenLineage run
 * events of a folder ({@code *.jsonl}, one event a line), read incrementally: the store remembers how far each file
 * was read, and only complete lines after that are read. Events name datasets by location; {@link LineageLocations}
 * names them as the graph does. FAIL and ABORT events are skipped: a failed run wrote nothing that counts.
 */
public final class LineageIngester {
    private static final Logger LOG = LoggerFactory.getLogger(LineageIngester.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LineageStore store;
    private final List<PipelineDefinition> pipelines;
    private final List<StateMachineDefinition> machines;
    private final LineageLocations locations;

    /** What one ingestion read. */
    public record Summary(int files, int events, int skippedLines, int datasetEdges, int columnEdges) {}

    public LineageIngester(LineageStore store, List<PipelineDefinition> pipelines, LineageLocations locations) {
        this(store, pipelines, List.of(), locations);
    }

    /** With the declared lineage of state machines' tasks too; their inputs and outputs are the pipelines' dataset ids. */
    public LineageIngester(LineageStore store, List<PipelineDefinition> pipelines, List<StateMachineDefinition> machines, LineageLocations locations) {
        this.store = requireNonNull(store, "store is null");
        this.pipelines = List.copyOf(requireNonNull(pipelines, "pipelines is null"));
        this.machines = List.copyOf(requireNonNull(machines, "machines is null"));
        this.locations = requireNonNull(locations, "locations is null");
    }

    /** The job of a step as edges name it: a Spark job's Glue name (as its run events say), {@code <pipeline>/<step>} otherwise. */
    public static String jobOf(PipelineDefinition pipeline, Step step) {
        return step instanceof Step.SparkJob job ? job.job().name() : pipeline.name() + "/" + step.id();
    }

    /** The job of a state machine's task as edges name it: {@code <machine>/<state>} ({@code importau-teste-bronze/TestarBronze}). */
    public static String jobOf(StateMachineDefinition machine, State.Task task) {
        return machine.name() + "/" + task.name();
    }

    /**
     * Replaces the declared part of the graph with what the pipelines and state machines declare now. A task that starts
     * another state machine adds no edge of its own: its inputs and outputs are its child's, whose tasks give the edges.
     */
    public void declare() {
        List<LineageDataset> datasets = new ArrayList<>();
        for (LineageLocations.Declared declared : locations.declared()) {
            DatasetDefinition dataset = declared.dataset();
            datasets.add(new LineageDataset(dataset.id(), LineageDataset.Kind.DECLARED, declared.location(), Optional.of(dataset.tableName()),
                    Optional.of(declared.pipeline().name()), dataset.description()));
        }
        List<DatasetEdge> edges = new ArrayList<>();
        for (PipelineDefinition pipeline : pipelines) {
            for (Step step : pipeline.steps()) {
                for (String input : step.inputs()) {
                    for (String output : step.outputs()) {
                        edges.add(new DatasetEdge(input, output, jobOf(pipeline, step), DatasetEdge.Origin.DECLARED));
                    }
                }
            }
        }
        for (StateMachineDefinition machine : machines) {
            for (State.Task task : machine.tasks()) {
                if (task.target() instanceof TaskTarget.StartExecution) {
                    continue;
                }
                for (String input : task.inputs()) {
                    for (String output : task.outputs()) {
                        edges.add(new DatasetEdge(input, output, jobOf(machine, task), DatasetEdge.Origin.DECLARED));
                    }
                }
            }
        }
        store.replaceDeclared(datasets, edges);
    }

    /** Reads the events the store has not read yet from the {@code *.jsonl} files of {@code folder}. */
    public Summary ingest(Path folder) {
        requireNonNull(folder, "folder is null");
        if (!Files.isDirectory(folder)) {
            return new Summary(0, 0, 0, 0, 0);
        }
        Map<String, Long> known = store.readOffsets();
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(path -> path.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(path)).sorted().toList();
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot list the lineage events in %s: %s".formatted(folder, e.getMessage()), e);
        }
        Batch batch = new Batch();
        Map<String, Long> offsets = new LinkedHashMap<>();
        int filesRead = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            long offset = known.getOrDefault(name, 0L);
            long size = size(file);
            if (size < offset) {
                // the file was rewritten: read it again (edges already known are not added twice)
                offset = 0;
            }
            if (size == offset) {
                continue;
            }
            long end = read(file, offset, size, batch);
            if (end != offset) {
                offsets.put(name, end);
                filesRead++;
            }
        }
        if (!offsets.isEmpty()) {
            store.addObserved(List.copyOf(batch.datasets.values()), List.copyOf(batch.edges), List.copyOf(batch.columns), offsets);
        }
        return new Summary(filesRead, batch.events, batch.skipped, batch.edges.size(), batch.columns.size());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot read the lineage events %s: %s".formatted(file, e.getMessage()), e);
        }
    }

    /** Reads the complete lines between {@code offset} and {@code size}; returns the offset after the last one. */
    private long read(Path file, long offset, long size, Batch batch) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE, size - offset));
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot read the lineage events %s: %s".formatted(file, e.getMessage()), e);
        }
        int start = 0;
        int consumed = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            String line = new String(bytes, start, i - start, StandardCharsets.UTF_8).strip();
            if (!line.isEmpty()) {
                try {
                    batch.add(JSON.readTree(line));
                } catch (IOException | RuntimeException e) {
                    batch.skipped++;
                    LOG.warn("Skipping a line of {} at byte {} that is not an OpenLineage run event: {}", file, offset + start, e.getMessage());
                }
            }
            start = i + 1;
            consumed = i + 1;
        }
        return offset + consumed;
    }

    /** What a set of events tells. */
    private final class Batch {
        final Map<String, LineageDataset> datasets = new LinkedHashMap<>();
        final Set<DatasetEdge> edges = new LinkedHashSet<>();
        final Set<ColumnEdge> columns = new LinkedHashSet<>();
        int events;
        int skipped;

        void add(JsonNode event) {
            if (!event.path("run").isObject() || !event.path("job").isObject()) {
                throw new IllegalArgumentException("no run or job");
            }
            events++;
            String type = event.path("eventType").asText("");
            if (type.equals("FAIL") || type.equals("ABORT")) {
                return;
            }
            // the Spark listener makes each action a run under the application's run; the root parent is Lagoa's job run
            JsonNode parent = event.path("run").path("facets").path("parent");
            JsonNode rootJob = parent.path("root").path("job").path("name");
            JsonNode parentJob = parent.path("job").path("name");
            String job = rootJob.isTextual() ? rootJob.asText() : parentJob.isTextual() ? parentJob.asText() : event.path("job").path("name").asText();
            List<String> inputs = new ArrayList<>();
            for (JsonNode input : event.path("inputs")) {
                inputs.add(dataset(input).key());
            }
            for (JsonNode output : event.path("outputs")) {
                String target = dataset(output).key();
                inputs.forEach(source -> edges.add(new DatasetEdge(source, target, job, DatasetEdge.Origin.OBSERVED)));
                JsonNode fields = output.path("facets").path("columnLineage").path("fields");
                for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    for (JsonNode inputField : field.getValue().path("inputFields")) {
                        String source = key(inputField.path("namespace").asText(), inputField.path("name").asText());
                        columns.add(new ColumnEdge(source, inputField.path("field").asText(), target, field.getKey(), job,
                                transformation(inputField.path("transformations"))));
                    }
                }
            }
        }

        private LineageDataset dataset(JsonNode node) {
            String key = key(node.path("namespace").asText(), node.path("name").asText());
            return datasets.get(key);
        }

        /** The graph's key of an event's dataset, recording the dataset on first sight. */
        private String key(String namespace, String name) {
            String location = locations.location(namespace, name);
            Optional<LineageLocations.Declared> declared = locations.declaredOf(location);
            LineageDataset dataset;
            if (declared.isPresent()) {
                DatasetDefinition definition = declared.get().dataset();
                dataset = new LineageDataset(definition.id(), LineageDataset.Kind.DECLARED, declared.get().location(),
                        Optional.of(definition.tableName()), Optional.of(declared.get().pipeline().name()), definition.description());
            } else if (location.startsWith("s3://")) {
                String table = LineageLocations.withoutPartitions(location);
                dataset = new LineageDataset(table, LineageDataset.Kind.OBSERVED, table, Optional.empty(), Optional.empty(), "");
            } else if (location.startsWith("http://") || location.startsWith("https://")) {
                dataset = new LineageDataset(location, LineageDataset.Kind.EXTERNAL, location, Optional.empty(), Optional.empty(), "");
            } else {
                dataset = new LineageDataset(location, LineageDataset.Kind.OBSERVED, location, Optional.empty(), Optional.empty(), "");
            }
            datasets.putIfAbsent(dataset.key(), dataset);
            return dataset.key();
        }
    }

    /** {@code DIRECT/IDENTITY}, {@code INDIRECT/FILTER}, ... of a column's input, when the event says. */
    private static String transformation(JsonNode transformations) {
        List<String> kinds = new ArrayList<>();
        for (JsonNode transformation : transformations) {
            String type = transformation.path("type").asText("");
            String subtype = transformation.path("subtype").asText("");
            kinds.add(subtype.isEmpty() ? type : type + "/" + subtype);
        }
        return String.join(",", kinds.stream().distinct().toList());
    }
}
