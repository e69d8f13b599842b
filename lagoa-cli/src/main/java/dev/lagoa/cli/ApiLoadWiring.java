package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import dev.lagoa.apiload.ApiLoadMetrics;
import dev.lagoa.apiload.ApiLoader;
import dev.lagoa.apiload.EndpointDefinition;
import dev.lagoa.apiload.EndpointsFile;
import dev.lagoa.apiload.postgres.Database;
import dev.lagoa.apiload.source.HttpSource;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.apiload.ApiLoadConfig;
import dev.lagoa.core.config.PostgresConfig;
import dev.lagoa.core.config.Profile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The wiring of the API load ({@code lagoa apiload}, {@code pg}, its schedules, the demo): the PostgreSQL to load into,
 * the endpoints of {@code apiload.endpoints-file}, the HTTP source, and this process's meters, which
 * {@code lagoa serve}'s scrape endpoint answers (so one per process). Arguments are never null; PostgreSQL is reached
 * (or started) on first use and may throw {@code LagoaException} then.
 */
public final class ApiLoadWiring {
    private final LagoaRuntime runtime;
    private PrometheusMeterRegistry meterRegistry;

    /** Throws {@code NullPointerException} for a null runtime. */
    public ApiLoadWiring(LagoaRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    public Clock clock() {
        return runtime.clock();
    }

    /** {@code apiload.*}. */
    public ApiLoadConfig config() {
        return ApiLoadConfig.from(runtime.configuration());
    }

    /**
     * {@code postgres.*} when a URL is set; else, locally, the workspace's embedded PostgreSQL, started here (and
     * stopped when the process ends) unless another Lagoa process runs it. Throws {@code LagoaException}
     * ({@code INVALID_CONFIGURATION}) on the aws profile without a URL.
     */
    public PostgresConfig postgres() {
        PostgresConfig configured = PostgresConfig.from(runtime.configuration());
        if (!configured.isEmbedded()) {
            return configured;
        }
        if (runtime.profile() == Profile.AWS) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "The aws profile needs %s (and %s, %s): the PostgreSQL to load into".formatted(
                    PostgresConfig.JDBC_URL.name(), PostgresConfig.USER.name(), PostgresConfig.PASSWORD.name()));
        }
        return runtime.embeddedPostgres();
    }

    /**
     * The PostgreSQL a person reaches ({@code lagoa pg}): {@code postgres.*} when a URL is set; else, locally, the
     * workspace's embedded PostgreSQL when it runs, which this never starts. Throws {@code LagoaException}
     * ({@code SERVICE_NOT_RUNNING}, saying how to start it) when it does not run, and ({@code INVALID_CONFIGURATION})
     * on the aws profile without a URL.
     */
    public PostgresConfig runningPostgres() {
        PostgresConfig configured = PostgresConfig.from(runtime.configuration());
        if (!configured.isEmbedded()) {
            return configured;
        }
        if (runtime.profile() == Profile.AWS) {
            return postgres();
        }
        return LocalPlatform.runningPostgres(runtime.localPlatformParts()).orElseThrow(() -> new LagoaException(ErrorCode.SERVICE_NOT_RUNNING,
                ("No PostgreSQL is running for the workspace %s; lagoa serve runs it when %s lists an endpoint, or when asked: "
                        + "lagoa --home %s serve --postgres").formatted(runtime.home(), config().endpointsFile(), runtime.home())));
    }

    /** Whether the API load uses the workspace's embedded PostgreSQL (no {@code postgres.jdbc-url}, local profile). */
    public boolean usesEmbeddedPostgres() {
        return runtime.profile() == Profile.LOCAL && PostgresConfig.from(runtime.configuration()).isEmbedded();
    }

    /** Whether the endpoints are defined ({@code apiload.endpoints}, or an existing file) and list one (read with {@code environment}). */
    public boolean hasEndpoints(Map<String, String> environment) {
        return endpointsDefined() && !endpoints(environment).isEmpty();
    }

    /** The command's environment (the process's, or a test's). */
    public Map<String, String> environment() {
        return runtime.environment;
    }

    /** The API loader over {@link #postgres()} and the lake; its loads are counted in {@link #meterRegistry()}. */
    public ApiLoader apiLoader() {
        return apiLoader(config(), new Database(postgres()));
    }

    /** The API loader with these settings, into {@code database}. */
    public ApiLoader apiLoader(ApiLoadConfig config, Database database) {
        return new ApiLoader(config, database, runtime.objectStore(), runtime.clock()).withMetrics(new ApiLoadMetrics(meterRegistry()));
    }

    /** This process's meters, in the registry that {@code lagoa serve}'s scrape endpoint answers. */
    public synchronized PrometheusMeterRegistry meterRegistry() {
        if (meterRegistry == null) {
            meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        }
        return meterRegistry;
    }

    /** The endpoints that carry a schedule, for {@code lagoa serve}; none when no endpoints are defined. */
    public List<EndpointDefinition> scheduledEndpoints(Map<String, String> environment) {
        if (!endpointsDefined()) {
            return List.of();
        }
        return endpoints(environment).stream().filter(endpoint -> endpoint.schedule().isPresent()).toList();
    }

    /** The endpoints of {@code apiload.endpoints} when set, else of {@code apiload.endpoints-file} (relative to the workspace), validated. */
    public List<EndpointDefinition> endpoints(Map<String, String> environment) {
        return inlineEndpoints().map(json -> EndpointsFile.parse(json, ApiLoadConfig.ENDPOINTS.name(), environment))
                .orElseGet(() -> EndpointsFile.read(endpointsFile(), environment));
    }

    private boolean endpointsDefined() {
        return inlineEndpoints().isPresent() || Files.exists(endpointsFile());
    }

    private java.util.Optional<String> inlineEndpoints() {
        return java.util.Optional.ofNullable(runtime.configuration().get(ApiLoadConfig.ENDPOINTS));
    }

    /** The HTTP source of the API load, with the retries of {@code apiload.*}. */
    public ApiLoader.PageSource source(Map<String, String> environment) {
        ApiLoadConfig config = config();
        return new HttpSource(environment, config.retries(), config.retryBackoff(), config.requestTimeout(), config.maxResponseBytes());
    }

    private Path endpointsFile() {
        return runtime.home().resolve(config().endpointsFile());
    }
}
