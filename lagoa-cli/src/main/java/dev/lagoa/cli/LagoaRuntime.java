package dev.lagoa.cli;

import dev.lagoa.aws.AwsConfig;
import dev.lagoa.aws.GlueJobLauncher;
import dev.lagoa.aws.S3ObjectStore;
import dev.lagoa.aws.SqsMessageQueue;
import dev.lagoa.aws.GlueCatalog;
import dev.lagoa.aws.DataZoneLineageSink;
import dev.lagoa.aws.LakeFormationTagSync;
import dev.lagoa.aws.OpenLineageHttpSink;
import dev.lagoa.core.lineage.LineageSink;
import dev.lagoa.governance.sync.CatalogSync;
import dev.lagoa.governance.sync.GovernanceSyncConfig;
import dev.lagoa.governance.sync.LineagePush;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.duckdb.DuckDbParquetWriter;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.market.MarketDataConfig;
import dev.lagoa.core.query.QueryEngine;
import dev.lagoa.duckdb.DuckDbFileSchemaReader;
import dev.lagoa.duckdb.DuckDbQueryEngine;
import dev.lagoa.governance.classify.ClassificationSettings;
import dev.lagoa.governance.classify.PiiClassifier;
import dev.lagoa.governance.crawl.LakeCrawler;
import dev.lagoa.governance.discovery.AssetBuilder;
import dev.lagoa.governance.discovery.DiscoveryIndex;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.ingest.B3Ingest;
import dev.lagoa.ingest.QuotesIngest;
import dev.lagoa.market.b3.B3ClientSettings;
import dev.lagoa.market.b3.B3PortfolioClient;
import dev.lagoa.market.b3.PortfolioValidator;
import dev.lagoa.market.brapi.BrapiClientSettings;
import dev.lagoa.market.brapi.BrapiQuoteClient;
import dev.lagoa.market.brapi.QuoteValidator;
import dev.lagoa.market.http.Sleeper;
import dev.lagoa.local.SqliteCatalog;
import dev.lagoa.local.SqliteTagStore;
import dev.lagoa.core.catalog.TagStore;
import dev.lagoa.local.SqliteLineageStore;
import dev.lagoa.core.lineage.LineageEmitter;
import dev.lagoa.core.lineage.LineageStore;
import dev.lagoa.governance.lineage.LineageGraph;
import dev.lagoa.governance.lineage.LineageIngester;
import dev.lagoa.governance.lineage.LineageLocations;
import dev.lagoa.governance.lineage.OpenLineageFileEmitter;
import dev.lagoa.core.ErrorType;
import dev.lagoa.core.LagoaException;
import dev.lagoa.apiload.ApiLoadConfig;
import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.ConfigSource;
import dev.lagoa.core.config.Configuration;
import dev.lagoa.core.config.DiffConfig;
import dev.lagoa.core.config.JobsConfig;
import dev.lagoa.core.config.KafkaConfig;
import dev.lagoa.core.config.LagoaConfig;
import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.core.config.MetricsConfig;
import dev.lagoa.core.config.PostgresConfig;
import dev.lagoa.core.config.Profile;
import dev.lagoa.core.config.ServeConfig;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.core.event.ObjectCreated;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.lake.ObjectLocation;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.publish.EventPublisher;
import dev.lagoa.core.queue.MessageQueue;
import dev.lagoa.kafka.KafkaEventPublisher;
import dev.lagoa.kafka.KafkaTopicReader;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.ProcessJobLauncher;
import dev.lagoa.local.Workspace;
import dev.lagoa.local.notify.S3EventMessages;
import dev.lagoa.local.services.EmbeddedElasticMq;
import dev.lagoa.local.services.EmbeddedPostgres;
import dev.lagoa.apiload.ApiLoadMetrics;
import dev.lagoa.apiload.ApiLoader;
import dev.lagoa.apiload.EndpointDefinition;
import dev.lagoa.apiload.EndpointsFile;
import dev.lagoa.apiload.postgres.Database;
import dev.lagoa.apiload.source.HttpSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The wiring of one Lagoa process: the configuration, and the adapters of the chosen profile behind the ports
 * ({@code local}: workspace lake, child-JVM job runs, the embedded ElasticMQ and Kafka; {@code aws}: S3, Glue, SQS,
 * MSK). With {@link LocalPlatform}, the only classes of the application that know the adapters.
 */
public final class LagoaRuntime implements Closeable {
    private final Path home;
    private final Configuration configuration;
    private final Profile profile;
    private final Clock clock;
    private Workspace workspace;
    private ObjectStore objectStore;
    private JobLauncher jobLauncher;
    private MessageQueue messageQueue;
    private EventPublisher eventPublisher;
    private Catalog catalog;
    private TagStore tagStore;
    private EmbeddedPostgres embeddedPostgres;
    private PrometheusMeterRegistry meterRegistry;
    /** Adapters built for one use (the governance sync's), closed with the runtime. */
    private final List<Closeable> owned = new ArrayList<>();

    private LagoaRuntime(Path home, Configuration configuration, Clock clock) {
        this.home = home;
        this.configuration = configuration;
        this.profile = LagoaConfig.from(configuration).profile();
        this.clock = clock.withZone(LagoaConfig.from(configuration).timeZone());
    }

    /** Every configuration key Lagoa knows, by component. */
    public static List<ConfigField> fields() {
        List<ConfigField> fields = new ArrayList<>();
        fields.addAll(LagoaConfig.fields());
        fields.addAll(LakeConfig.fields());
        fields.addAll(MarketDataConfig.fields());
        fields.addAll(ClassificationSettings.fields());
        fields.addAll(GovernanceSyncConfig.fields());
        fields.addAll(B3ClientSettings.fields());
        fields.addAll(BrapiClientSettings.fields());
        fields.addAll(JobsConfig.fields());
        fields.addAll(ServicesConfig.fields());
        fields.addAll(DiffConfig.fields());
        fields.addAll(ServeConfig.fields());
        fields.addAll(MetricsConfig.fields());
        fields.addAll(KafkaConfig.fields());
        fields.addAll(AwsConfig.fields());
        fields.addAll(PostgresConfig.fields());
        fields.addAll(ApiLoadConfig.fields());
        return fields;
    }

    /** Loads the configuration of the workspace at {@code home} ({@code lagoa.properties}, environment, overrides). */
    public static LagoaRuntime create(Path home, Map<String, String> environment, Map<String, String> overrides, Clock clock) {
        Path absolute = home.toAbsolutePath().normalize();
        Configuration configuration = Configuration.load(fields(), Map.of(), absolute.resolve("lagoa.properties"), environment, overrides);
        return new LagoaRuntime(absolute, configuration, clock);
    }

    public Configuration configuration() {
        return configuration;
    }

    public Profile profile() {
        return profile;
    }

    public Path home() {
        return home;
    }

    public Clock clock() {
        return clock;
    }

    /** Today in the configured time zone (America/Sao_Paulo unless configured). */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    public synchronized Workspace workspace() {
        if (workspace == null) {
            workspace = Workspace.open(home);
        }
        return workspace;
    }

    /** The folder of the local lake. */
    public Path lakeFolder() {
        return workspace().lake();
    }

    public synchronized ObjectStore objectStore() {
        if (objectStore == null) {
            objectStore = switch (profile) {
                case LOCAL -> new LocalObjectStore(workspace());
                case AWS -> S3ObjectStore.create(AwsConfig.from(configuration));
            };
        }
        return objectStore;
    }

    public synchronized JobLauncher jobLauncher() {
        if (jobLauncher == null) {
            jobLauncher = switch (profile) {
                case LOCAL -> new ProcessJobLauncher(workspace(), JobsConfig.from(configuration), Pipelines::job, clock);
                case AWS -> GlueJobLauncher.create(AwsConfig.from(configuration));
            };
        }
        return jobLauncher;
    }

    /** The ibov pipeline's ingest, with the B3 API at {@code baseUrl} when given ({@code b3.base-url} otherwise). */
    public B3Ingest b3Ingest(Optional<URI> baseUrl) {
        B3ClientSettings settings = B3ClientSettings.from(configuration);
        B3PortfolioClient client = new B3PortfolioClient(baseUrl.map(settings::withBaseUrl).orElse(settings), clock, Sleeper.SYSTEM);
        return new B3Ingest(client, new PortfolioValidator(), objectStore(), new DuckDbParquetWriter(), lakeConfig().b3Bucket(), localData(), clock, lineageEmitter());
    }

    /** The petr4 pipeline's ingest, with BRAPI at {@code baseUrl} when given ({@code brapi.base-url} otherwise). */
    public QuotesIngest quotesIngest(Optional<URI> baseUrl) {
        BrapiClientSettings settings = BrapiClientSettings.from(configuration);
        BrapiQuoteClient client = new BrapiQuoteClient(baseUrl.map(settings::withBaseUrl).orElse(settings), clock, Sleeper.SYSTEM);
        return new QuotesIngest(client, new QuoteValidator(clock), objectStore(), new DuckDbParquetWriter(), lakeConfig().brapiBucket(), localData(), clock, lineageEmitter());
    }

    public String b3Index() {
        return MarketDataConfig.from(configuration).b3Index();
    }

    public String brapiTicker() {
        return MarketDataConfig.from(configuration).brapiTicker();
    }

    public String brapiRange() {
        return MarketDataConfig.from(configuration).brapiRange();
    }

    /** Locally, ingests keep a copy of what they land under the workspace's {@code data/} (the lake's layout). */
    private Optional<Path> localData() {
        return profile == Profile.LOCAL ? Optional.of(home.resolve("data")) : Optional.empty();
    }

    /** Where control-plane steps report their runs: OpenLineage events in the workspace locally; none yet on AWS. */
    public LineageEmitter lineageEmitter() {
        return profile == Profile.LOCAL ? new OpenLineageFileEmitter(workspace().lineageEvents()) : LineageEmitter.NONE;
    }

    /**
     * The lineage graph, up to date: the metadata store's graph after taking in what the pipelines declare now and the
     * run events written to the workspace since the last time. Local profile only.
     */
    public LineageGraph lineageGraph() {
        if (profile != Profile.LOCAL) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION,
                    "lagoa lineage reads the run events of a local workspace; on AWS, lineage goes to Amazon DataZone or an OpenLineage endpoint");
        }
        try (LineageStore store = new SqliteLineageStore(workspace().metadataDatabase())) {
            LineageIngester ingester = new LineageIngester(store, Pipelines.all(), new LineageLocations(Optional.of(workspace().lake()), Pipelines.all(),
                    lakeConfig().locationValues()));
            ingester.declare();
            ingester.ingest(workspace().lineageEvents());
            return LineageGraph.of(store);
        }
    }

    /** The catalog of the pipelines' tables: the workspace's metadata store locally, the Glue Data Catalog on AWS. */
    public synchronized Catalog catalog() {
        if (catalog == null) {
            catalog = switch (profile) {
                case LOCAL -> new SqliteCatalog(workspace().metadataDatabase(), clock);
                case AWS -> GlueCatalog.create(AwsConfig.from(configuration));
            };
        }
        return catalog;
    }

    /**
     * The catalog's crawler over this profile's lake and catalog, with the pipelines' declarations. Locally it reads
     * the lake's files where they are; on AWS it downloads each new or changed file once.
     */
    public LakeCrawler crawler() {
        return new LakeCrawler(objectStore(), new DuckDbFileSchemaReader(), catalog(), lakeConfig().catalogDatabase(), Pipelines.all(),
                lakeConfig().locationValues(), location -> profile == Profile.LOCAL
                        ? Optional.of(workspace().bucketFolder(location.bucket()).resolve(location.key()))
                        : Optional.empty())
                .withClassification(PiiClassifier.create(ClassificationSettings.from(configuration)), tagStore());
    }

    /**
     * The tags and dismissed classifications of the catalog, in the workspace's metadata store on both profiles (on AWS
     * they are pushed to Lake Formation by the sync).
     */
    public synchronized TagStore tagStore() {
        if (tagStore == null) {
            tagStore = new SqliteTagStore(workspace().metadataDatabase());
        }
        return tagStore;
    }

    /**
     * The discovery index of this workspace ({@code metadata/search/}), brought up to date with the pipelines'
     * declarations and the catalog's tables first (only what changed is rewritten).
     */
    public DiscoveryIndex discoveryIndex() {
        DiscoveryIndex index = DiscoveryIndex.open(workspace().metadata().resolve(DiscoveryIndex.METADATA_FOLDER));
        try {
            index.update(new AssetBuilder().addPipelines(Pipelines.all()).addTables(catalog().tables(lakeConfig().catalogDatabase())).build());
            return index;
        } catch (RuntimeException e) {
            index.close();
            throw e;
        }
    }

    /**
     * The sync of the workspace's catalog and tags to AWS: the tables to the Glue Data Catalog (one database per
     * pipeline, {@code governance.sync.database-prefix}), the tags to Lake Formation LF-Tags, with {@code aws.*}.
     */
    public synchronized CatalogSync awsCatalogSync() {
        AwsConfig aws = AwsConfig.from(configuration);
        Catalog local = profile == Profile.LOCAL ? catalog() : own(new SqliteCatalog(workspace().metadataDatabase(), clock));
        return new CatalogSync(local, tagStore(), own(GlueCatalog.create(aws)), Optional.of(own(LakeFormationTagSync.create(aws))),
                lakeConfig().catalogDatabase(), GovernanceSyncConfig.from(configuration).databasePrefix());
    }

    /** The push of the workspace's OpenLineage events ({@code lineage/events/}) to {@code target}. */
    public synchronized LineagePush lineagePush(GovernanceSyncConfig.LineageTarget target) {
        GovernanceSyncConfig governance = GovernanceSyncConfig.from(configuration);
        LineageSink sink = switch (target) {
            case NONE -> throw LagoaException.userError("No lineage target: set %s to datazone or http, or give --to",
                    GovernanceSyncConfig.LINEAGE_TARGET.name());
            case DATAZONE -> DataZoneLineageSink.create(AwsConfig.from(configuration), governance.requireDataZoneDomain());
            case HTTP -> new OpenLineageHttpSink(governance.requireHttpUrl(), governance.httpApiKey(), Duration.ofSeconds(1));
        };
        return new LineagePush(own(sink), home.resolve("lineage").resolve("events"), workspace().metadata().resolve("lineage-push.json"));
    }

    private <T extends Closeable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    /** The buckets a crawl covers by default: every bucket of the local lake, or the pipelines' buckets on AWS. */
    public List<BucketName> lakeBuckets() {
        if (profile == Profile.LOCAL) {
            try (var folders = Files.list(workspace().lake())) {
                return folders.filter(Files::isDirectory)
                        .map(folder -> folder.getFileName().toString())
                        .filter(name -> BucketName.problem(name) == null)
                        .sorted()
                        .map(BucketName::of)
                        .toList();
            } catch (IOException e) {
                throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot list the lake " + workspace().lake() + ": " + e.getMessage(), e);
            }
        }
        return lakeConfig().locationValues().values().stream().sorted().map(BucketName::of).toList();
    }

    /**
     * A query engine over the catalogued tables as they are now: DuckDB over the local lake. On AWS the tables are
     * Athena's: {@code lagoa sql} runs on the local profile.
     */
    public QueryEngine queryEngine() {
        if (profile != Profile.LOCAL) {
            throw LagoaException.userError("lagoa sql runs on the local profile; on AWS, query the catalog database %s with Athena",
                    lakeConfig().catalogDatabase());
        }
        Path lake = workspace().lake();
        return DuckDbQueryEngine.open(catalog().tables(lakeConfig().catalogDatabase()), location -> {
            ObjectLocation prefix = ObjectLocation.parse(location);
            Path folder = workspace().bucketFolder(prefix.bucket()).resolve(prefix.key()).normalize();
            if (!folder.startsWith(lake)) {
                throw LagoaException.userError("Table location %s lies outside the lake", location);
            }
            return folder;
        }, lake);
    }

    /**
     * The queues: SQS on the aws profile; locally the embedded ElasticMQ on {@code services.sqs.port}, which
     * {@code lagoa serve} (or the demo) runs.
     */
    public synchronized MessageQueue messageQueue() {
        if (messageQueue == null) {
            messageQueue = switch (profile) {
                case LOCAL -> SqsMessageQueue.create(AwsConfig.defaults(requireListening("ElasticMQ (SQS)",
                                ServicesConfig.from(configuration).sqsPort(), EmbeddedElasticMq.REGION))
                        .withEndpointOverride(URI.create("http://127.0.0.1:" + ServicesConfig.from(configuration).sqsPort()))
                        .withStaticCredentials("lagoa", "lagoa"));
                case AWS -> SqsMessageQueue.create(AwsConfig.from(configuration));
            };
        }
        return messageQueue;
    }

    /** Fails with a hint when nothing listens on the local service's port: it runs with lagoa serve or lagoa demo. */
    private static String requireListening(String service, int port, String passThrough) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return passThrough;
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.SERVICE_START_FAILED,
                    "%s is not running on 127.0.0.1:%d: start lagoa serve for this workspace (lagoa demo starts it for its own run)".formatted(service, port));
        }
    }

    /** The object-created records of an S3 event notification message (none for {@code s3:TestEvent}). */
    public List<ObjectCreated> objectCreatedEvents(String message) {
        return S3EventMessages.parse(message);
    }

    /**
     * The event publisher: Kafka on both profiles (the embedded broker locally, MSK on AWS), reached as
     * {@code kafka.*} configures it.
     */
    public synchronized EventPublisher eventPublisher() {
        if (eventPublisher == null) {
            eventPublisher = KafkaEventPublisher.create(kafkaConfig());
        }
        return eventPublisher;
    }

    /**
     * The Kafka settings. Locally, unless {@code kafka.bootstrap-servers} is set, the publisher talks to the embedded
     * broker on {@code services.kafka.port}.
     */
    public KafkaConfig kafkaConfig() {
        KafkaConfig kafka = KafkaConfig.from(configuration);
        if (profile == Profile.LOCAL && configuration.source(KafkaConfig.BOOTSTRAP_SERVERS) == ConfigSource.DEFAULT) {
            String embedded = "127.0.0.1:" + ServicesConfig.from(configuration).kafkaPort();
            return new KafkaConfig(embedded, kafka.topic(), kafka.partitions(), kafka.replicationFactor(), kafka.security(), kafka.saslUsername(),
                    kafka.saslPassword(), kafka.tombstones(), kafka.retries(), kafka.retryBackoff(), kafka.requestTimeout(), kafka.transactionTimeout());
        }
        return kafka;
    }

    /** Counts a day's records of a topic by their {@code op} header, reading it as a read_committed consumer does. */
    public Map<String, Long> topicCountsByOp(String topic, LocalDate date) {
        Map<String, Long> counts = new TreeMap<>();
        for (KafkaTopicReader.Record record : KafkaTopicReader.readAll(kafkaConfig(), topic, Duration.ofSeconds(30))) {
            if (!date.toString().equals(record.headers().get("date"))) {
                continue;
            }
            counts.merge(record.value() == null ? "tombstone" : record.headers().getOrDefault("op", "?"), 1L, Long::sum);
        }
        return counts;
    }

    public LakeConfig lakeConfig() {
        return LakeConfig.from(configuration);
    }

    /** Who was at fault when a job run failed, when the launcher knows (local runs). */
    public Optional<ErrorType> jobRunFailureType(JobRunId id) {
        return jobLauncher() instanceof ProcessJobLauncher local ? local.failureType(id) : Optional.empty();
    }

    /** How often to ask the launcher about a run: often locally, at the configured pace on Glue (its API is throttled). */
    public Duration jobPollInterval() {
        return switch (profile) {
            case LOCAL -> Duration.ofMillis(250);
            case AWS -> AwsConfig.from(configuration).gluePollInterval();
        };
    }

    /** The outcome a job run reported, when the launcher keeps it (local runs). */
    public Optional<String> jobRunSummary(JobRunId id) {
        return jobLauncher() instanceof ProcessJobLauncher local ? local.summary(id).map(Object::toString) : Optional.empty();
    }

    /**
     * A location as the job run receives it: {@code s3://} URIs unchanged (the launcher maps them), local paths
     * absolute, so that a run started from any folder reads the same files.
     */
    public String jobLocation(String location) {
        if (ObjectLocation.isS3Uri(location)) {
            ObjectLocation.parse(location);
            return location;
        }
        if (profile == Profile.AWS) {
            throw LagoaException.userError("The aws profile reads and writes S3 only: '%s' is not an s3:// URI", location);
        }
        if (location.startsWith("file:")) {
            return location;
        }
        return Path.of(location).toAbsolutePath().normalize().toString();
    }

    /** A location for people: a file of the local lake is shown as the {@code s3://} URI it stands for. */
    public String display(String location) {
        if (location == null || location.isEmpty() || profile != Profile.LOCAL) {
            return location;
        }
        String prefix = workspace().lake().toUri().toString();
        String uri = location.startsWith("file:/") && !location.startsWith("file:///") ? "file://" + location.substring(5) : location;
        if (uri.startsWith(prefix)) {
            return "s3://" + uri.substring(prefix.length());
        }
        return location;
    }

    /** Reads a small text object: an {@code s3://} URI through the object store, a local path or file URI from disk. */
    public Optional<String> readText(String location) {
        try {
            if (ObjectLocation.isS3Uri(location)) {
                ObjectLocation object = ObjectLocation.parse(location);
                if (!objectStore().exists(object.bucket(), object.objectKey())) {
                    return Optional.empty();
                }
                return Optional.of(new String(objectStore().getBytes(object.bucket(), object.objectKey()), StandardCharsets.UTF_8));
            }
            Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
            return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot read %s: %s".formatted(location, e.getMessage()), e);
        }
    }

    /**
     * The PostgreSQL of the API load: {@code postgres.*} when a URL is set; else, locally, the workspace's embedded
     * PostgreSQL, started here (and stopped on close) unless another Lagoa process runs it.
     */
    public synchronized PostgresConfig postgres() {
        PostgresConfig configured = PostgresConfig.from(configuration);
        if (!configured.isEmbedded()) {
            return configured;
        }
        if (profile == Profile.AWS) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "The aws profile needs %s (and %s, %s): the PostgreSQL to load into".formatted(
                    PostgresConfig.JDBC_URL.name(), PostgresConfig.USER.name(), PostgresConfig.PASSWORD.name()));
        }
        Optional<PostgresConfig> running = EmbeddedPostgres.running(workspace());
        if (running.isPresent()) {
            return running.get();
        }
        if (embeddedPostgres == null) {
            embeddedPostgres = EmbeddedPostgres.start(workspace(), ServicesConfig.from(configuration));
        }
        return embeddedPostgres.connection();
    }

    /** The API loader over {@link #postgres()} and the lake; its loads are counted in {@link #meterRegistry()}. */
    public ApiLoader apiLoader() {
        return new ApiLoader(ApiLoadConfig.from(configuration), new Database(postgres()), objectStore(), clock)
                .withMetrics(new ApiLoadMetrics(meterRegistry()));
    }

    /** This process's meters, in the registry that {@code lagoa serve}'s scrape endpoint answers. */
    public synchronized PrometheusMeterRegistry meterRegistry() {
        if (meterRegistry == null) {
            meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        }
        return meterRegistry;
    }

    /** The endpoints that carry a schedule, for {@code lagoa serve}; none when the endpoints file does not exist. */
    public List<EndpointDefinition> scheduledApiLoadEndpoints(Map<String, String> environment) {
        if (!Files.exists(home.resolve(ApiLoadConfig.from(configuration).endpointsFile()))) {
            return List.of();
        }
        return apiLoadEndpoints(environment).stream().filter(endpoint -> endpoint.schedule().isPresent()).toList();
    }

    /** The endpoints of {@code apiload.endpoints-file} (relative to the workspace), validated. */
    public List<EndpointDefinition> apiLoadEndpoints(Map<String, String> environment) {
        Path file = home.resolve(ApiLoadConfig.from(configuration).endpointsFile());
        return EndpointsFile.read(file, environment);
    }

    /** The HTTP source of the API load, with the retries of {@code apiload.*}. */
    public ApiLoader.PageSource apiLoadSource(Map<String, String> environment) {
        ApiLoadConfig config = ApiLoadConfig.from(configuration);
        return new HttpSource(environment, config.retries(), config.retryBackoff(), config.requestTimeout());
    }

    @Override
    public synchronized void close() {
        for (Closeable resource : owned) {
            try {
                resource.close();
            } catch (IOException | RuntimeException e) {
                // closing is best effort: the work is done
            }
        }
        if (embeddedPostgres != null) {
            embeddedPostgres.close();
        }
        if (messageQueue != null) {
            messageQueue.close();
        }
        if (eventPublisher != null) {
            eventPublisher.close();
        }
        if (jobLauncher != null) {
            jobLauncher.close();
        }
        if (catalog != null) {
            catalog.close();
        }
        if (tagStore != null) {
            tagStore.close();
        }
        if (objectStore != null) {
            objectStore.close();
        }
    }
}
