package dev.lagoa.governance.sync;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TagSync.TagChange;
import java.util.List;

/**
 * What a catalog sync changed, or would change in a dry run: each table with what happened to it, the LF-Tag changes,
 * and notes (tags Lake Formation could not carry).
 */
public record SyncReport(boolean dryRun, List<TableSync> tables, List<TagChange> tagChanges, List<String> notes) {
    /** What happens to a table in the target catalog. */
    public enum Action {
        CREATE,
        UPDATE,
        UNCHANGED
    }

    /**
     * One table: its local and target names, what happens to its definition (with the parts that differ, for an
     * update) and how many partitions are added or moved.
     */
    public record TableSync(TableName source, TableName target, Action action, List<String> changed, int partitionsAdded) {
        public TableSync {
            requireNonNull(source, "source is null");
            requireNonNull(target, "target is null");
            requireNonNull(action, "action is null");
            changed = List.copyOf(requireNonNull(changed, "changed is null"));
        }

        public boolean isChange() {
            return action != Action.UNCHANGED || partitionsAdded > 0;
        }
    }

    public SyncReport {
        tables = List.copyOf(requireNonNull(tables, "tables is null"));
        tagChanges = List.copyOf(requireNonNull(tagChanges, "tagChanges is null"));
        notes = List.copyOf(requireNonNull(notes, "notes is null"));
    }

    /** True when nothing changed (or, in a dry run, nothing would). */
    public boolean isUpToDate() {
        return tables.stream().noneMatch(TableSync::isChange) && tagChanges.isEmpty();
    }
}
