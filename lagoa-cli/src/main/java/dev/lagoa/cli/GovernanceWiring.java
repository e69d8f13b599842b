package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.TagStore;
import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.core.config.Profile;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lineage.LineageStore;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.StateMachines;
import dev.lagoa.duckdb.DuckDbFileSchemaReader;
import dev.lagoa.governance.classify.ClassificationSettings;
import dev.lagoa.governance.classify.PiiClassifier;
import dev.lagoa.governance.crawl.LakeCrawler;
import dev.lagoa.governance.discovery.AssetBuilder;
import dev.lagoa.governance.discovery.DiscoveryIndex;
import dev.lagoa.governance.lineage.LineageGraph;
import dev.lagoa.governance.lineage.LineageIngester;
import dev.lagoa.governance.lineage.LineageLocations;
import dev.lagoa.governance.sync.CatalogSync;
import dev.lagoa.governance.sync.GovernanceSyncConfig;
import dev.lagoa.governance.sync.GovernanceSyncConfig.LineageTarget;
import dev.lagoa.governance.sync.LineagePush;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The wiring of governance: the catalog and its crawler, the tags and dismissed classifications, discovery, lineage,
 * and the sync of the catalog, the tags and the lineage events to AWS ({@code lagoa catalog}, {@code search},
 * {@code lineage}). Arguments are never null; the adapters are created on first use and may throw
 * {@code LagoaException} then.
 */
public final class GovernanceWiring {
    private final LagoaRuntime runtime;

    /** Throws {@code NullPointerException} for a null runtime. */
    public GovernanceWiring(LagoaRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    /** In {@code lagoa.time-zone}: when tags and dismissals are made. */
    public Clock clock() {
        return runtime.clock();
    }

    /** The catalog database of the pipelines' tables ({@code lake.catalog-database}). */
    public String catalogDatabase() {
        return lakeConfig().catalogDatabase();
    }

    /** The catalog of the pipelines' tables: the workspace's metadata store locally, the Glue Data Catalog on AWS. */
    public Catalog catalog() {
        return runtime.catalog();
    }

    /** The tags and dismissed classifications, in the workspace's metadata store on both profiles. */
    public TagStore tagStore() {
        return runtime.tagStore();
    }

    /** The buckets a crawl covers by default: every bucket of the local lake, or the pipelines' buckets on AWS. */
    public List<BucketName> lakeBuckets() {
        if (runtime.profile() == Profile.LOCAL) {
            Path lake = runtime.folders().lake();
            try (var folders = Files.list(lake)) {
                return folders.filter(Files::isDirectory)
                        .map(folder -> folder.getFileName().toString())
                        .filter(name -> BucketName.problem(name) == null)
                        .sorted()
                        .map(BucketName::of)
                        .toList();
            } catch (IOException e) {
                throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot list the lake " + lake + ": " + e.getMessage(), e);
            }
        }
        return lakeConfig().locationValues().values().stream().sorted().map(BucketName::of).toList();
    }

    /**
     * The catalog's crawler over this profile's lake and catalog, with the pipelines' declarations. Locally it reads
     * the lake's files where they are; on AWS it downloads each new or changed file once.
     */
    public LakeCrawler crawler() {
        return new LakeCrawler(runtime.objectStore(), new DuckDbFileSchemaReader(), runtime.catalog(), catalogDatabase(), Pipelines.all(),
                lakeConfig().locationValues(), location -> runtime.profile() == Profile.LOCAL
                        ? Optional.of(runtime.folders().lake().resolve(location.bucket().value()).resolve(location.key()))
                        : Optional.empty())
                .withClassification(PiiClassifier.create(ClassificationSettings.from(runtime.configuration())), runtime.tagStore());
    }

    /** The state machines Lagoa ships, with their tasks' descriptions, owners, tags and declared lineage. */
    public List<StateMachineDefinition> stateMachines() {
        return StateMachines.all();
    }

    /**
     * The discovery index of this workspace ({@code metadata/search/}), brought up to date with the pipelines' and state
     * machines' declarations and the catalog's tables first (only what changed is rewritten). The caller closes it.
     */
    public DiscoveryIndex discoveryIndex() {
        DiscoveryIndex index = DiscoveryIndex.open(runtime.folders().metadata().resolve(DiscoveryIndex.METADATA_FOLDER));
        try {
            index.update(new AssetBuilder().addPipelines(Pipelines.all()).addStateMachines(stateMachines())
                    .addTables(runtime.catalog().tables(catalogDatabase())).build());
            return index;
        } catch (RuntimeException e) {
            index.close();
            throw e;
        }
    }

    /**
     * The lineage graph, up to date: the metadata store's graph after taking in what the pipelines and state machines
     * declare now and the run events written to the workspace since the last time. Local profile only
     * ({@code INVALID_CONFIGURATION} otherwise).
     */
    public LineageGraph lineageGraph() {
        if (runtime.profile() != Profile.LOCAL) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION,
                    "lagoa lineage reads the run events of a local workspace; on AWS, lineage goes to Amazon DataZone or an OpenLineage endpoint");
        }
        try (LineageStore store = runtime.lineageStore()) {
            LineageIngester ingester = new LineageIngester(store, Pipelines.all(), stateMachines(), new LineageLocations(Optional.of(runtime.folders().lake()),
                    Pipelines.all(), lakeConfig().locationValues()));
            ingester.declare();
            ingester.ingest(runtime.folders().lineageEvents());
            return LineageGraph.of(store);
        }
    }

    /**
     * The sync of the workspace's catalog and tags to AWS: the tables to the Glue Data Catalog (one database per
     * pipeline, {@code governance.sync.database-prefix}), the tags to Lake Formation LF-Tags, with {@code aws.*}.
     */
    public CatalogSync awsCatalogSync() {
        CatalogSyncAdapters adapters = runtime.catalogSyncAdapters();
        return new CatalogSync(adapters.source(), adapters.tags(), adapters.glue(), Optional.of(adapters.lakeFormation()), catalogDatabase(),
                GovernanceSyncConfig.from(runtime.configuration()).databasePrefix());
    }

    /** Where the lineage events go unless told: {@code governance.lineage.target}. */
    public LineageTarget lineageTarget() {
        return GovernanceSyncConfig.from(runtime.configuration()).lineageTarget();
    }

    /**
     * The push of the workspace's OpenLineage events ({@code lineage/events/}) to {@code target}. Throws
     * {@code LagoaException} (a user error) for {@code NONE}.
     */
    public LineagePush lineagePush(LineageTarget target) {
        if (target == LineageTarget.NONE) {
            throw LagoaException.userError("No lineage target: set %s to datazone or http, or give --to", GovernanceSyncConfig.LINEAGE_TARGET.name());
        }
        return new LineagePush(runtime.lineageSink(target), runtime.home().resolve("lineage").resolve("events"),
                runtime.folders().metadata().resolve("lineage-push.json"));
    }

    private LakeConfig lakeConfig() {
        return runtime.lakeConfig();
    }
}
