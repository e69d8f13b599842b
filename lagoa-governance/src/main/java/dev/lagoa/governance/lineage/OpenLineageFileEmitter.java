package dev.lagoa.governance.lineage;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.lineage.LineageEmitter;
import dev.lagoa.core.lineage.LineageRun;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the runs of control-plane steps as OpenLineage run events ({@code openlineage-java}), a START and a COMPLETE
 * (or FAIL) event a run, one JSON object a line, to {@code <folder>/<job>-<run id>.jsonl} ({@code /} in the job's name
 * becomes {@code .}): the same folder and format as the Spark listener's file transport, so that one ingestion reads
 * both. Datasets are named as OpenLineage's naming conventions say: {@code s3://bucket} and the key for the lake, the
 * scheme and host and the path for an HTTP source. The job's namespace is {@value #NAMESPACE}; the run id is a UUID
 * derived from the job and Lagoa's run id.
 */
public final class OpenLineageFileEmitter implements LineageEmitter {
    public static final String NAMESPACE = "lagoa";
    static final URI PRODUCER = URI.create("https://lagoa.dev/lineage/control-plane");
    private static final Logger LOG = LoggerFactory.getLogger(OpenLineageFileEmitter.class);

    private final Path folder;
    private final OpenLineage openLineage = new OpenLineage(PRODUCER);

    public OpenLineageFileEmitter(Path folder) {
        this.folder = requireNonNull(folder, "folder is null");
    }

    /** The file of a run's events. */
    public Path file(LineageRun run) {
        return folder.resolve(run.job().replace('/', '.') + "-" + run.runId() + ".jsonl");
    }

    /** The OpenLineage run id of a run of a control-plane step. */
    public static UUID runId(String job, String runId) {
        return UUID.nameUUIDFromBytes(("lagoa-run:" + job + ":" + runId).getBytes(StandardCharsets.UTF_8));
    }

    /** The two run events of a run: START with its inputs, then COMPLETE or FAIL with its inputs and outputs. */
    public List<OpenLineage.RunEvent> events(LineageRun run) {
        requireNonNull(run, "run is null");
        UUID id = runId(run.job(), run.runId());
        OpenLineage.Job job = openLineage.newJobBuilder()
                .namespace(NAMESPACE)
                .name(run.job())
                .facets(openLineage.newJobFacetsBuilder()
                        .jobType(openLineage.newJobTypeJobFacet("BATCH", "LAGOA", "TASK"))
                        .build())
                .build();
        List<OpenLineage.InputDataset> inputs = run.inputs().stream()
                .map(location -> {
                    String[] name = datasetName(location);
                    return openLineage.newInputDatasetBuilder().namespace(name[0]).name(name[1]).build();
                })
                .toList();
        List<OpenLineage.OutputDataset> outputs = run.outputs().stream()
                .map(location -> {
                    String[] name = datasetName(location);
                    return openLineage.newOutputDatasetBuilder().namespace(name[0]).name(name[1]).build();
                })
                .toList();
        OpenLineage.RunEvent start = openLineage.newRunEventBuilder()
                .eventType(OpenLineage.RunEvent.EventType.START)
                .eventTime(run.startedAt().atZone(ZoneOffset.UTC))
                .run(openLineage.newRunBuilder().runId(id).build())
                .job(job)
                .inputs(inputs)
                .outputs(List.of())
                .build();
        OpenLineage.RunFacetsBuilder facets = openLineage.newRunFacetsBuilder();
        run.error().ifPresent(error -> facets.errorMessage(openLineage.newErrorMessageRunFacet(error, "JAVA", null)));
        OpenLineage.RunEvent end = openLineage.newRunEventBuilder()
                .eventType(run.succeeded() ? OpenLineage.RunEvent.EventType.COMPLETE : OpenLineage.RunEvent.EventType.FAIL)
                .eventTime(run.endedAt().atZone(ZoneOffset.UTC))
                .run(openLineage.newRunBuilder().runId(id).facets(facets.build()).build())
                .job(job)
                .inputs(inputs)
                .outputs(run.succeeded() ? outputs : List.of())
                .build();
        return List.of(start, end);
    }

    /**
     * OpenLineage's namespace and name of a location: {@code s3://bucket/key} is {@code s3://bucket} and {@code key};
     * {@code https://host/path} is {@code https://host} and {@code /path}.
     */
    static String[] datasetName(String location) {
        URI uri = URI.create(location);
        if (uri.getScheme() == null || uri.getRawAuthority() == null) {
            return new String[] {"file", location};
        }
        String namespace = uri.getScheme() + "://" + uri.getRawAuthority();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new String[] {namespace, uri.getScheme().startsWith("s3") ? path.substring(1) : path};
    }

    @Override
    public void emit(LineageRun run) {
        Path file = file(run);
        try {
            StringBuilder lines = new StringBuilder();
            for (OpenLineage.RunEvent event : events(run)) {
                lines.append(OpenLineageClientUtils.toJson(event)).append('\n');
            }
            Files.createDirectories(folder);
            Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            // lineage is a record of the step, not part of it: the step's data already landed
            LOG.warn("Cannot write the lineage events of {} run {} to {}: {}", run.job(), run.runId(), file, e.getMessage());
        }
    }
}
