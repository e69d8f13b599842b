package dev.lagoa.governance.discovery;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.pipeline.Layer;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One searchable thing of the lake: a pipeline, dataset, table, column, state machine or step.
 *
 * @param id          unique in the index and stable across runs: {@code dataset:ibov/ibov-ativos}, {@code column:lagoa.ibov_ativos.posicao}
 * @param name        the identifier people type: {@code ibov-ativos}, {@code participacao_pct}; split on {@code _}, {@code -} and
 *                    camelCase when indexed
 * @param title       other names it goes by (the catalog table of a dataset, the Glue job of a step); empty when none
 * @param description what it holds or does, in Portuguese; empty when unknown
 * @param owner       the team that answers for it; empty when unknown
 * @param tags        business and classification tags
 * @param layer       the lake layer of a dataset, table or column
 * @param pipeline    the pipeline that declares it
 * @param parent      what holds it: a column's dataset or table, a task's state machine
 */
public record Asset(
        AssetType type,
        String id,
        String name,
        String title,
        String description,
        String owner,
        Set<String> tags,
        Optional<Layer> layer,
        Optional<String> pipeline,
        Optional<String> parent) {
    public Asset {
        requireNonNull(type, "type is null");
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(title, "title is null");
        requireNonNull(description, "description is null");
        requireNonNull(owner, "owner is null");
        tags = Set.copyOf(requireNonNull(tags, "tags is null"));
        requireNonNull(layer, "layer is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(parent, "parent is null");
        if (id.isBlank() || name.isBlank()) {
            throw LagoaException.userError("Invalid %s asset '%s': its id and name must not be blank", type.label(), id);
        }
    }

    /** How a person refers to it: the column qualified by its dataset or table, other assets by name. */
    public String displayName() {
        return type == AssetType.COLUMN ? parent.map(holder -> holder + "." + name).orElse(name) : name;
    }

    /** The tags in a stable order, for output and hashing. */
    public List<String> sortedTags() {
        return tags.stream().sorted().toList();
    }
}
