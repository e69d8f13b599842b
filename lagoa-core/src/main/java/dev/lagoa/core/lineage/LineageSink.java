package dev.lagoa.core.lineage;

import java.io.Closeable;
import java.util.List;

/**
 * Where the lineage of the lake's runs is sent: OpenLineage run events, as JSON documents, to Amazon DataZone
 * ({@code DataZoneLineageSink}) or to any OpenLineage HTTP endpoint such as Marquez ({@code OpenLineageHttpSink}).
 * Arguments are never null; failures are {@code LagoaException}s.
 */
public interface LineageSink extends Closeable {
    /**
     * Sends the events in order, each as it is (one OpenLineage event JSON document per element). Events sent before a
     * failure stay sent: the exception says how many were. Sending an event again is harmless for the endpoints Lagoa
     * knows (they keep one run event per run, state and time), but callers remember what they sent.
     */
    void send(List<String> events);

    /** What the events are sent to, for people ({@code DataZone domain dzd_123}, {@code http://marquez:5000}). */
    String describe();

    @Override
    void close();
}
