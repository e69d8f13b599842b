package dev.lagoa.core.lineage;

/**
 * Where control-plane steps report their runs for lineage: locally OpenLineage run events in the workspace
 * ({@code lineage/events/}), on AWS any OpenLineage endpoint. Emitting never fails the step: an emitter that cannot
 * write logs a warning.
 */
public interface LineageEmitter {
    /** An emitter that records nothing. */
    LineageEmitter NONE = run -> {};

    /** Reports a finished run (its start and its end). */
    void emit(LineageRun run);
}
