package dev.lagoa.apiload;

import static java.util.Objects.requireNonNull;

import dev.lagoa.apiload.schema.SchemaChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;

/**
 * The API load's Micrometer meters, tagged by endpoint: records read, loaded and rejected (by reason), pages rejected, schema changes
 * (by kind), loads (by status) and their duration. {@code lagoa serve} exposes them for Prometheus to scrape; on AWS
 * the same meters go to the registry the task is given.
 */
public final class ApiLoadMetrics {
    public static final String ROWS_READ = "lagoa.apiload.rows.read";
    public static final String ROWS_LOADED = "lagoa.apiload.rows.loaded";
    public static final String ROWS_REJECTED = "lagoa.apiload.rows.rejected";
    public static final String PAGES_REJECTED = "lagoa.apiload.pages.rejected";
    public static final String SCHEMA_CHANGES = "lagoa.apiload.schema.changes";
    public static final String LOADS = "lagoa.apiload.loads";
    public static final String LOAD_DURATION = "lagoa.apiload.load.duration";

    private final MeterRegistry registry;

    public ApiLoadMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    /** Adds one finished load to the meters. */
    public void record(LoadResult result) {
        requireNonNull(result, "result is null");
        String endpoint = result.endpoint();
        counter(ROWS_READ, "Records read from the endpoint's responses", endpoint).increment(result.rowsRead());
        counter(ROWS_LOADED, "Records written to the endpoint's table", endpoint).increment(result.rowsLoaded());
        for (Map.Entry<String, Long> reason : result.rejectsByReason().entrySet()) {
            Counter.builder(ROWS_REJECTED).description("Rejects (of records, values and pages) kept in the lake's errors/ folder")
                    .tags("endpoint", endpoint, "reason", reason.getKey()).register(registry).increment(reason.getValue());
        }
        counter(PAGES_REJECTED, "Pages that could not be read to their end (counted apart from the records)", endpoint).increment(result.pagesRejected());
        for (SchemaChange change : result.schemaChanges()) {
            Counter.builder(SCHEMA_CHANGES).description("Schema changes applied to the endpoint's tables")
                    .tags("endpoint", endpoint, "kind", change.kind().name().toLowerCase(java.util.Locale.ROOT)).register(registry).increment();
        }
        Counter.builder(LOADS).description("Loads by outcome").tags("endpoint", endpoint, "status", result.status()).register(registry).increment();
        double seconds = result.phaseSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
        Timer.builder(LOAD_DURATION).description("Duration of a load (extract, normalize and write)").tags("endpoint", endpoint, "status", result.status())
                .register(registry).record(Duration.ofNanos(Math.round(seconds * 1e9)));
    }

    private Counter counter(String name, String description, String endpoint) {
        return Counter.builder(name).description(description).tag("endpoint", endpoint).register(registry);
    }
}
