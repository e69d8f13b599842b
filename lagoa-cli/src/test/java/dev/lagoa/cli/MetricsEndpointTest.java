package dev.lagoa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.apiload.ApiLoadMetrics;
import dev.lagoa.apiload.LoadResult;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
    @Test
    void theScrapeEndpointAnswersTheApiLoadCounters() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ApiLoadMetrics(registry).record(new LoadResult("orders", "l1", LoadResult.COMPLETED, "4 records read", 1, 0, 4, 3, 0, 1, 0, 0,
                Map.of("malformed_json", 1L), List.of(), List.of(), Map.of("extract", 0.5), 8, List.of(), "s3://lagoa-apiload/x", ""));

        try (MetricsEndpoint endpoint = MetricsEndpoint.start(registry, 0)) {
            assertThat(endpoint.uri().getHost()).isEqualTo("127.0.0.1");
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.uri()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(response.body())
                    .contains("lagoa_apiload_rows_read_total{endpoint=\"orders\"} 4.0")
                    .contains("lagoa_apiload_rows_loaded_total{endpoint=\"orders\"} 3.0")
                    .contains("lagoa_apiload_rows_rejected_total{endpoint=\"orders\",reason=\"malformed_json\"} 1.0")
                    .contains("lagoa_apiload_loads_total{endpoint=\"orders\",status=\"completed\"} 1.0");
            HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint.uri().toString()))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }
}
