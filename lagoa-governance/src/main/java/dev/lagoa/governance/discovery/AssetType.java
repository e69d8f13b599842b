package dev.lagoa.governance.discovery;

import dev.lagoa.core.LagoaException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What kind of thing an {@link Asset} of the discovery index is. */
public enum AssetType {
    /** A pipeline declaration: its name, description, owner and tags. */
    PIPELINE,
    /** A dataset a pipeline declares, with the catalog table it is registered as. */
    DATASET,
    /** A catalog table that no pipeline declares. */
    TABLE,
    /** A column (or partition key) of a catalogued table, described by its comment. */
    COLUMN,
    /** A state machine (Step Functions) that orchestrates steps. */
    STATE_MACHINE,
    /** A unit of work: a pipeline step (Spark job, task, function) or a state machine's task. */
    STEP;

    /** The name the index and the command line use: {@code state-machine}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The types a {@code --type} option selects: a label ({@code dataset}, {@code column}, {@code state-machine}, ...), or
     * {@code task}/{@code job} for steps. {@code dataset} also selects tables that no pipeline declares, since to a person
     * both are datasets. Throws {@code INVALID_ARGUMENT} naming the accepted values otherwise.
     */
    public static Set<AssetType> selectedBy(String option) {
        String value = option.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (value) {
            case "dataset", "datasets" -> EnumSet.of(DATASET, TABLE);
            case "task", "tasks", "job", "jobs", "step", "steps" -> EnumSet.of(STEP);
            default -> Arrays.stream(values())
                    .filter(type -> type.label().equals(value) || (type.label() + "s").equals(value))
                    .findFirst()
                    .map(EnumSet::of)
                    .orElseThrow(() -> LagoaException.userError(
                            "Unknown asset type '%s'; use dataset, table, column, pipeline, state-machine or task", option));
        };
    }
}
