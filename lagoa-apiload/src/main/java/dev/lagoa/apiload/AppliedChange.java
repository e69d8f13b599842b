package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import dev.lagoa.apiload.schema.SchemaChange;
import java.time.Instant;

/**
 * One row of {@code _lagoa_schema_changes}: a change of an endpoint's tables, when and by which load it was applied.
 *
 * @param change the table, column, kind, DDL (empty for an alias) and why
 */
public record AppliedChange(long changeId, String loadId, Instant changedAt, SchemaChange change) {
    public AppliedChange {
        requireNonNull(loadId, "loadId is null");
        requireNonNull(changedAt, "changedAt is null");
        requireNonNull(change, "change is null");
    }
}
