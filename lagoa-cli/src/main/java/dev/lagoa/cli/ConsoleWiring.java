package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import dev.lagoa.console.ConsoleServer;
import dev.lagoa.console.ConsoleSources;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.TagStore;
import dev.lagoa.core.config.ConsoleConfig;
import dev.lagoa.core.config.Profile;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectListing;
import dev.lagoa.core.lake.ObjectLocation;
import dev.lagoa.core.lake.ObjectSummary;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.query.QueryEngine;
import dev.lagoa.core.statemachine.ExecutionStore;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.governance.discovery.DiscoveryIndex;
import dev.lagoa.governance.lineage.LineageGraph;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The wiring of the web console ({@code lagoa console}, {@code lagoa serve}): {@link ConsoleSources} from the wirings the
 * commands use, so the console answers what {@code lagoa catalog}, {@code search}, {@code lineage}, {@code sql},
 * {@code jobs runs} and {@code sfn executions} answer. Local profile only.
 */
public final class ConsoleWiring implements ConsoleSources {
    /** Most objects listed under a location to find when it last changed. */
    private static final int MOST_OBJECTS_LISTED = 10_000;

    private final LagoaRuntime runtime;
    private final GovernanceWiring governance;
    private final QueryWiring query;
    private final PlatformWiring platform;

    /** Throws {@code NullPointerException} for a null runtime. */
    public ConsoleWiring(LagoaRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.governance = new GovernanceWiring(runtime);
        this.query = new QueryWiring(runtime);
        this.platform = new PlatformWiring(runtime);
    }

    public Profile profile() {
        return runtime.profile();
    }

    /**
     * Starts the console on this workspace, on {@code services.console.port} with the labels of {@code lagoa.locale} (see
     * {@link ConsoleServer#start}); the caller closes it.
     */
    public ConsoleServer start() {
        ConsoleConfig config = ConsoleConfig.from(runtime.configuration());
        return ConsoleServer.start(this, config.port(), config.portDefault(), config.locale());
    }

    @Override
    public Path home() {
        return runtime.home();
    }

    @Override
    public Clock clock() {
        return runtime.clock();
    }

    @Override
    public List<PipelineDefinition> pipelines() {
        return Pipelines.all();
    }

    @Override
    public List<StateMachineDefinition> stateMachines() {
        return governance.stateMachines();
    }

    @Override
    public List<Schedule> schedules() {
        return platform.schedules().stream().map(view -> new Schedule(view.id(), view.cron(), view.zone().getId(), view.next())).toList();
    }

    @Override
    public List<Service> services() {
        List<Service> services = new ArrayList<>();
        Optional<Long> serve = ServeLock.running(runtime.home());
        services.add(new Service("lagoa serve", serve.map(pid -> "pid " + pid), serve.isPresent()));
        platform.services().forEach((name, address) -> services.add(new Service(name, address, address.isPresent())));
        return services;
    }

    @Override
    public Catalog catalog() {
        return governance.catalog();
    }

    @Override
    public String catalogDatabase() {
        return governance.catalogDatabase();
    }

    @Override
    public TagStore tagStore() {
        return governance.tagStore();
    }

    @Override
    public DiscoveryIndex discoveryIndex() {
        return governance.discoveryIndex();
    }

    @Override
    public LineageGraph lineageGraph() {
        return governance.lineageGraph();
    }

    @Override
    public QueryEngine queryEngine() {
        return query.queryEngine();
    }

    @Override
    public JobLauncher jobLauncher() {
        return runtime.jobLauncher();
    }

    @Override
    public ExecutionStore executions() {
        return runtime.executionStore();
    }

    @Override
    public Optional<Instant> lastModified(String location) {
        ObjectLocation prefix = ObjectLocation.parse(location);
        BucketName bucket = prefix.bucket();
        Optional<Instant> newest = Optional.empty();
        String token = null;
        int listed = 0;
        do {
            ObjectListing listing = runtime.objectStore().list(bucket, prefix.key(), token, 1_000);
            for (ObjectSummary object : listing.objects()) {
                if (newest.isEmpty() || object.lastModified().isAfter(newest.get())) {
                    newest = Optional.of(object.lastModified());
                }
            }
            listed += listing.objects().size();
            token = listing.nextContinuationToken().orElse(null);
        } while (token != null && listed < MOST_OBJECTS_LISTED);
        return newest;
    }

    @Override
    public String user() {
        return System.getProperty("user.name", "unknown");
    }
}
