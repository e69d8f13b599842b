package dev.lagoa.governance.discovery;

/**
 * What an update of the discovery index did: assets added, rewritten because they changed, deleted because they are gone,
 * and left as they were.
 */
public record UpdateResult(int added, int updated, int deleted, int unchanged) {
    /** Whether the index was written. */
    public boolean changed() {
        return added + updated + deleted > 0;
    }

    @Override
    public String toString() {
        return "%d added, %d updated, %d deleted, %d unchanged".formatted(added, updated, deleted, unchanged);
    }
}
