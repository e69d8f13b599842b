package dev.lagoa.core.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * A dataset a pipeline reads or writes. {@code location} is a template: {@code {name}} placeholders are run
 * parameters ({@code {date}}) or configuration values ({@code {diffs-bucket}}), resolved by
 * {@link LocationTemplate}.
 */
public record DatasetDefinition(
        String id,
        Layer layer,
        String location,
        DataFormat format,
        List<String> partitionColumns,
        String description,
        String owner,
        Set<String> tags) {
    public DatasetDefinition {
        requireNonNull(id, "id is null");
        requireNonNull(layer, "layer is null");
        requireNonNull(location, "location is null");
        requireNonNull(format, "format is null");
        partitionColumns = List.copyOf(requireNonNull(partitionColumns, "partitionColumns is null"));
        requireNonNull(description, "description is null");
        requireNonNull(owner, "owner is null");
        tags = Set.copyOf(requireNonNull(tags, "tags is null"));
        PipelineDefinition.requireIdentifier(id, "dataset id");
    }

    /** Its table in the catalog: the id with {@code _} for {@code -} ({@code ibov-ativos} is {@code ibov_ativos}). */
    public String tableName() {
        return id.replace('-', '_');
    }

    public boolean isPartitioned() {
        return !partitionColumns.isEmpty();
    }
}
