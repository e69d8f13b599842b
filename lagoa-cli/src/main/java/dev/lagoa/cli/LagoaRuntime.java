package dev.lagoa.cli;

import dev.lagoa.aws.AwsConfig;
import dev.lagoa.aws.DataZoneLineageSink;
import dev.lagoa.aws.GlueCatalog;
import dev.lagoa.aws.GlueJobLauncher;
import dev.lagoa.aws.LakeFormationTagSync;
import dev.lagoa.aws.OpenLineageHttpSink;
import dev.lagoa.aws.S3ObjectStore;
import dev.lagoa.aws.SqsMessageQueue;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.TagStore;
import dev.lagoa.apiload.ApiLoadConfig;
import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.Configuration;
import dev.lagoa.core.config.DiffConfig;
import dev.lagoa.core.config.JobsConfig;
import dev.lagoa.core.config.KafkaConfig;
import dev.lagoa.core.config.LagoaConfig;
import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.market.MarketDataConfig;
import dev.lagoa.core.config.MetricsConfig;
import dev.lagoa.core.config.PostgresConfig;
import dev.lagoa.core.config.Profile;
import dev.lagoa.core.config.ServeConfig;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.core.config.SqlConfig;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lineage.LineageSink;
import dev.lagoa.core.lineage.LineageStore;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.publish.EventPublisher;
import dev.lagoa.core.query.QueryEngine;
import dev.lagoa.core.queue.MessageQueue;
import dev.lagoa.core.statemachine.ExecutionStore;
import dev.lagoa.duckdb.DuckDbQueryEngine;
import dev.lagoa.functions.Functions;
import dev.lagoa.governance.classify.ClassificationSettings;
import dev.lagoa.governance.sync.GovernanceSyncConfig;
import dev.lagoa.kafka.KafkaEventPublisher;
import dev.lagoa.kafka.KafkaTopicReader;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.ProcessJobLauncher;
import dev.lagoa.local.SqliteCatalog;
import dev.lagoa.local.SqliteExecutionStore;
import dev.lagoa.local.SqliteLineageStore;
import dev.lagoa.local.SqliteTagStore;
import dev.lagoa.local.Workspace;
import dev.lagoa.local.services.EmbeddedPostgres;
import dev.lagoa.market.b3.B3ClientSettings;
import dev.lagoa.market.brapi.BrapiClientSettings;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The composition root of one Lagoa process: its configuration, and the adapters of its profile behind the ports
 * ({@code local}: the workspace, child-JVM job runs, the embedded services; {@code aws}: S3, Glue, SQS, MSK), created on
 * first use and closed with it. With {@link LocalPlatform}, the only classes that name adapters: the feature wirings of
 * this package build the use cases on its ports. Arguments are never null; {@link #create} throws {@code LagoaException}
 * for an invalid configuration.
 */
public final class LagoaRuntime implements Closeable {
    private final Path home;
    /** The command's environment (the process's, or a test's). */
    final Map<String, String> environment;
    private final Configuration configuration;
    private final Profile profile;
    private final Clock clock;
    private final Map<Class<?>, Object> shared = new HashMap<>();
    private final List<Closeable> owned = new ArrayList<>(); // built for one use (governance sync, lineage push, small-data runs), closed first

    private LagoaRuntime(Path home, Map<String, String> environment, Configuration configuration, Clock clock) {
        this.home = home;
        this.environment = Map.copyOf(environment);
        this.configuration = configuration;
        this.profile = LagoaConfig.from(configuration).profile();
        this.clock = clock.withZone(LagoaConfig.from(configuration).timeZone());
    }

    /** Every configuration key Lagoa knows, by component. */
    public static List<ConfigField> fields() {
        return Stream.of(LagoaConfig.fields(), LakeConfig.fields(), MarketDataConfig.fields(), ClassificationSettings.fields(), GovernanceSyncConfig.fields(),
                B3ClientSettings.fields(), BrapiClientSettings.fields(), JobsConfig.fields(), ServicesConfig.fields(), DiffConfig.fields(), ServeConfig.fields(),
                MetricsConfig.fields(), SqlConfig.fields(), KafkaConfig.fields(), AwsConfig.fields(), AwsWiring.fields(), PostgresConfig.fields(), ApiLoadConfig.fields()).flatMap(List::stream).toList();
    }

    /** Loads the configuration of the workspace at {@code home}: the command's {@code defaults}, {@code lagoa.properties}, environment, overrides. */
    public static LagoaRuntime create(Path home, Map<String, String> environment, Map<String, String> defaults, Map<String, String> overrides, Clock clock) {
        Path absolute = home.toAbsolutePath().normalize();
        return new LagoaRuntime(absolute, environment, Configuration.load(fields(), defaults, absolute.resolve("lagoa.properties"), environment, overrides), clock);
    }

    Configuration configuration() {
        return configuration;
    }

    Profile profile() {
        return profile;
    }

    Path home() {
        return home;
    }

    Clock clock() {
        return clock;
    }

    synchronized <T> T shared(Class<T> type, Supplier<? extends T> create) {
        if (!shared.containsKey(type)) {
            shared.put(type, create.get());
        }
        return type.cast(shared.get(type));
    }

    private synchronized <T extends Closeable> T owned(T resource) {
        owned.add(resource);
        return resource;
    }

    private Workspace workspace() {
        return shared(Workspace.class, () -> Workspace.open(home));
    }

    /** Opens the workspace first, creating its folders. */
    WorkspaceFolders folders() {
        return new WorkspaceFolders(workspace().lake(), workspace().metadata(), workspace().lineageEvents());
    }

    ObjectStore objectStore() {
        return shared(ObjectStore.class, () -> profile == Profile.LOCAL ? new LocalObjectStore(workspace()) : S3ObjectStore.create(aws()));
    }

    JobLauncher jobLauncher() {
        return shared(JobLauncher.class, () -> profile == Profile.LOCAL
                ? new ProcessJobLauncher(workspace(), JobsConfig.from(configuration), Pipelines::job, clock) : GlueJobLauncher.create(aws()));
    }

    JobLauncher localJobLauncher(JobsConfig settings) {
        return owned(new ProcessJobLauncher(workspace(), settings, Pipelines::job, clock));
    }

    Duration jobPollInterval() { // often locally; on Glue at the configured pace, as its API is throttled
        return profile == Profile.LOCAL ? Duration.ofMillis(250) : aws().gluePollInterval();
    }

    ExecutionStore executionStore() {
        return shared(ExecutionStore.class, () -> new SqliteExecutionStore(workspace().metadataDatabase()));
    }

    Catalog catalog() {
        return shared(Catalog.class, () -> profile == Profile.LOCAL ? new SqliteCatalog(workspace().metadataDatabase(), clock) : GlueCatalog.create(aws()));
    }

    /** The tags stay in the workspace's metadata store on AWS too: the governance sync pushes them to Lake Formation. */
    TagStore tagStore() {
        return shared(TagStore.class, () -> new SqliteTagStore(workspace().metadataDatabase()));
    }

    CatalogSyncAdapters catalogSyncAdapters() {
        Catalog source = profile == Profile.LOCAL ? catalog() : owned(new SqliteCatalog(workspace().metadataDatabase(), clock));
        return new CatalogSyncAdapters(source, tagStore(), owned(GlueCatalog.create(aws())), owned(LakeFormationTagSync.create(aws())));
    }

    QueryEngine queryEngine(Function<String, Path> folderOf) {
        return profile == Profile.AWS ? AwsWiring.athena(configuration) : DuckDbQueryEngine.open(catalog().tables(LakeConfig.from(configuration).catalogDatabase()), folderOf, folders().lake(),
                new DuckDbQueryEngine.Limits(workspace().temporary().resolve("duckdb"), SqlConfig.from(configuration).memoryLimit(), SqlConfig.from(configuration).timeout()));
    }

    LineageStore lineageStore() {
        return new SqliteLineageStore(workspace().metadataDatabase());
    }

    LineageSink lineageSink(GovernanceSyncConfig.LineageTarget target) {
        GovernanceSyncConfig governance = GovernanceSyncConfig.from(configuration);
        return owned(target == GovernanceSyncConfig.LineageTarget.DATAZONE ? DataZoneLineageSink.create(aws(), governance.requireDataZoneDomain())
                : new OpenLineageHttpSink(governance.requireHttpUrl(), governance.httpApiKey(), Duration.ofSeconds(1)));
    }

    MessageQueue messageQueue() {
        return shared(MessageQueue.class, () -> profile == Profile.AWS ? SqsMessageQueue.create(aws()) : LocalPlatform.queueClient(configuration, workspace()));
    }

    /** Kafka: MSK on AWS, locally the workspace's broker unless {@code kafka.bootstrap-servers} is set ({@code required}: it must run). */
    KafkaConfig kafkaConfig(boolean required) {
        return profile == Profile.LOCAL ? LocalPlatform.kafkaConfig(configuration, workspace(), required) : KafkaConfig.from(configuration);
    }

    EventPublisher eventPublisher() {
        return shared(EventPublisher.class, () -> new LazyEventPublisher(() -> KafkaEventPublisher.create(kafkaConfig(true))));
    }

    /** Each record's headers and value (null for a tombstone), as a read_committed consumer reads them. */
    void readTopic(String topic, BiConsumer<Map<String, String>, String> records) {
        KafkaTopicReader.readAll(kafkaConfig(true), topic, Duration.ofSeconds(30)).forEach(record -> records.accept(record.headers(), record.value()));
    }

    /** The workspace's embedded PostgreSQL: the one another Lagoa process runs, else started here (and stopped on close). */
    PostgresConfig embeddedPostgres() {
        return EmbeddedPostgres.running(workspace()).orElseGet(() -> shared(EmbeddedPostgres.class,
                () -> EmbeddedPostgres.start(workspace(), ServicesConfig.from(configuration))).connection());
    }

    LocalPlatform.Parts localPlatformParts() {
        return new LocalPlatform.Parts(workspace(), configuration, clock, this::messageQueue, this::eventPublisher,
                () -> new Functions.Ports(jobLauncher(), objectStore(), catalog(), LakeConfig.from(configuration).catalogDatabase()));
    }

    LakeConfig lakeConfig() { // on AWS, the importau bucket's user may come from STS (AwsWiring.lakeConfig)
        return shared(LakeConfig.class, () -> AwsWiring.lakeConfig(configuration, profile, () -> AwsWiring.callerIdentity(this).userName()));
    }

    private AwsConfig aws() {
        return AwsConfig.from(configuration);
    }

    @Override
    public synchronized void close() {
        for (Closeable resource : owned) {
            try {
                resource.close();
            } catch (IOException | RuntimeException e) { // closing is best effort: the work is done
            }
        }
        for (Class<?> type : List.of(ExecutionStore.class, EmbeddedPostgres.class, MessageQueue.class, EventPublisher.class, JobLauncher.class,
                Catalog.class, TagStore.class, ObjectStore.class)) {
            if (shared.get(type) instanceof Closeable adapter) {
                try {
                    adapter.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
