package dev.lagoa.apiload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.apiload.schema.SchemaChange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiLoadMetricsTest {
    @Test
    void aLoadAddsItsCountsToTheEndpointsMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ApiLoadMetrics metrics = new ApiLoadMetrics(registry);
        LoadResult load = new LoadResult("orders", "l1", LoadResult.COMPLETED, "4 records read", 2, 1, 4, 3, 0, 1, 0, 0,
                Map.of("malformed_json", 1L, "database", 1L),
                List.of(new SchemaChange("orders", "email", SchemaChange.Kind.ADD_COLUMN, "ALTER TABLE ...", "new field /email")),
                List.of(), Map.of("extract", 0.5, "normalize", 0.25, "write", 0.25), 5, List.of(), "s3://lagoa-apiload/x", "");

        metrics.record(load);
        metrics.record(load);

        assertThat(registry.get(ApiLoadMetrics.ROWS_READ).tag("endpoint", "orders").counter().count()).isEqualTo(8);
        assertThat(registry.get(ApiLoadMetrics.PAGES_REJECTED).tag("endpoint", "orders").counter().count()).isEqualTo(2);
        assertThat(registry.get(ApiLoadMetrics.ROWS_LOADED).tag("endpoint", "orders").counter().count()).isEqualTo(6);
        assertThat(registry.get(ApiLoadMetrics.ROWS_REJECTED).tags("endpoint", "orders", "reason", "malformed_json").counter().count()).isEqualTo(2);
        assertThat(registry.get(ApiLoadMetrics.SCHEMA_CHANGES).tags("endpoint", "orders", "kind", "add_column").counter().count()).isEqualTo(2);
        assertThat(registry.get(ApiLoadMetrics.LOADS).tags("endpoint", "orders", "status", "completed").counter().count()).isEqualTo(2);
        assertThat(registry.get(ApiLoadMetrics.LOAD_DURATION).tag("endpoint", "orders").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo(2000);
    }
}
