package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.apiload.EndpointDefinition;
import dev.lagoa.core.pipeline.ApiLoadPipeline;
import dev.lagoa.core.schedule.CronExpression;
import dev.lagoa.functions.Functions;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.ConfigSource;
import dev.lagoa.core.config.Configuration;
import dev.lagoa.core.config.KafkaConfig;
import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.core.config.ServeConfig;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.aws.AwsConfig;
import dev.lagoa.aws.SqsMessageQueue;
import dev.lagoa.core.event.Notification;
import dev.lagoa.core.event.ObjectCreated;
import dev.lagoa.core.lake.ObjectLocation;
import dev.lagoa.core.pipeline.LocationTemplate;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.pipeline.Trigger;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.publish.EventPublisher;
import dev.lagoa.core.queue.MessageQueue;
import dev.lagoa.local.ProcessJobLauncher;
import dev.lagoa.local.Workspace;
import dev.lagoa.local.function.LocalFunctionInvoker;
import dev.lagoa.local.notify.LakeNotificationDispatcher;
import dev.lagoa.local.notify.NotificationLedger;
import dev.lagoa.local.notify.S3EventMessages;
import dev.lagoa.local.schedule.LocalScheduler;
import dev.lagoa.local.services.EmbeddedElasticMq;
import dev.lagoa.local.services.EmbeddedKafka;
import dev.lagoa.local.services.EmbeddedPostgres;
import dev.lagoa.core.config.PostgresConfig;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import dev.lagoa.contracts.FunctionHandler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The local platform of a workspace: the embedded ElasticMQ and Kafka, and PostgreSQL when asked (started here, or
 * already run by another Lagoa process of the workspace, on the ports recorded in the workspace), the pipelines' queues, the object-created notifications of the lake, and the
 * schedules. With {@link LagoaRuntime}, the only class that names adapters: it gets the local pieces it runs on from
 * the runtime ({@link Parts}), and the commands use it through its methods (and {@link PlatformWiring}), never the
 * adapters behind it. Starting throws {@code LagoaException} when a service cannot start; arguments are never null.
 */
public final class LocalPlatform implements Closeable {
    private final Parts parts;
    private final List<Closeable> owned = new ArrayList<>();
    private NotificationLedger ledger;
    private LakeNotificationDispatcher dispatcher;
    private LocalFunctionInvoker functions;
    private LocalScheduler scheduler;
    private PlatformActivity activity;

    private LocalPlatform(Parts parts) {
        this.parts = parts;
    }

    /**
     * The local pieces the platform runs on, from the runtime: the workspace, the configuration and clock, and (when
     * first used, as the services must run first) the queues, the event publisher and the ports of the functions.
     */
    record Parts(Workspace workspace, Configuration configuration, Clock clock, Supplier<MessageQueue> queues,
            Supplier<EventPublisher> events, Supplier<Functions.Ports> functions) {
        Parts {
            requireNonNull(workspace, "workspace is null");
            requireNonNull(configuration, "configuration is null");
            requireNonNull(clock, "clock is null");
            requireNonNull(queues, "queues is null");
            requireNonNull(events, "events is null");
            requireNonNull(functions, "functions is null");
        }
    }

    /**
     * Starts the services this workspace does not run yet (PostgreSQL too when {@code withPostgres}) and creates every
     * pipeline's queues and the changes topic.
     */
    static LocalPlatform start(Parts parts, PrintWriter progress, boolean withPostgres) {
        LocalPlatform platform = new LocalPlatform(parts);
        Workspace workspace = parts.workspace();
        if (parts.functions().get().jobLauncher() instanceof ProcessJobLauncher launcher) {
            launcher.prepare(); // a warm job JVM loads Spark while the services start
        }
        try {
            ServicesConfig services = ServicesConfig.from(parts.configuration());
            // each service's queues or topic are made as soon as it is up, while the others still start
            List<Supplier<String>> starts = new ArrayList<>(List.of(platform.attachOrStart("ElasticMQ (SQS)", () -> {
                EmbeddedElasticMq sqs = EmbeddedElasticMq.start(workspace, services);
                return new Started(sqs, sqs.endpoint().toString());
            }, () -> EmbeddedElasticMq.runningEndpoint(workspace).map(URI::toString),
                    () -> Pipelines.all().stream().flatMap(pipeline -> pipeline.queues().stream()).forEach(parts.queues().get()::create)),
                    platform.attachOrStart("Kafka (KRaft)", () -> {
                        EmbeddedKafka kafka = EmbeddedKafka.start(workspace, services);
                        return new Started(kafka, kafka.bootstrapServers());
                    }, () -> EmbeddedKafka.runningBootstrapServers(workspace),
                            () -> parts.events().get().ensureTopic(kafkaConfig(parts.configuration(), parts.workspace(), true).topic()))));
            if (withPostgres) {
                starts.add(platform.attachOrStart("PostgreSQL", () -> {
                    EmbeddedPostgres postgres = EmbeddedPostgres.start(workspace, services);
                    return new Started(postgres, displayAddress(postgres.connection()));
                }, () -> EmbeddedPostgres.running(workspace).map(LocalPlatform::displayAddress), () -> {}));
            }
            // the services start side by side; their lines are printed in order, each once it is up
            ExecutorService starters = Executors.newFixedThreadPool(starts.size());
            List<CompletableFuture<String>> lines = starts.stream().map(start -> CompletableFuture.supplyAsync(start, starters)).toList();
            starters.shutdown();
            for (CompletableFuture<String> line : lines) {
                try {
                    progress.println(line.join());
                } catch (CompletionException e) {
                    CompletableFuture.allOf(lines.toArray(CompletableFuture[]::new)).exceptionally(error -> null).join();
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
                progress.flush();
            }
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /** A service this platform started, and its address for people. */
    private record Started(Closeable service, String address) {}

    private interface Starter {
        Started start();
    }

    /**
     * Starts a service, or finds the one another process of the workspace runs, then runs {@code then}; returns the line
     * that says which.
     */
    private Supplier<String> attachOrStart(String name, Starter starter, Supplier<Optional<String>> running, Runnable then) {
        return () -> {
            String line;
            try {
                Started started = starter.start();
                synchronized (owned) {
                    owned.add(started.service());
                }
                line = "  started %-16s %s".formatted(name, started.address());
            } catch (LagoaException e) {
                if (e.errorCode() != ErrorCode.SERVICE_ALREADY_RUNNING) {
                    throw e;
                }
                line = "  using   %-16s %s (run by another lagoa process of this workspace)".formatted(name, running.get().orElse("(address not recorded)"));
            }
            then.run();
            return line;
        };
    }

    /**
     * The workspace's embedded services, by name, with their address when their pid files say they run (started by any
     * Lagoa process of the workspace); never starts one.
     */
    static Map<String, Optional<String>> runningServices(Parts parts) {
        Workspace workspace = parts.workspace();
        Map<String, Optional<String>> services = new LinkedHashMap<>();
        services.put("ElasticMQ (SQS)", EmbeddedElasticMq.runningEndpoint(workspace).map(URI::toString));
        services.put("Kafka (KRaft)", EmbeddedKafka.runningBootstrapServers(workspace));
        services.put("PostgreSQL", EmbeddedPostgres.running(workspace).map(LocalPlatform::displayAddress));
        return services;
    }

    /** The workspace's embedded PostgreSQL when it runs (started by this or another Lagoa process); never starts it. */
    static Optional<PostgresConfig> runningPostgres(Parts parts) {
        return EmbeddedPostgres.running(parts.workspace());
    }

    /** {@code postgresql://postgres@127.0.0.1:<port>/postgres}: where the server is, without its password. */
    private static String displayAddress(PostgresConfig connection) {
        return connection.jdbcUrl().substring("jdbc:".length()).replaceFirst("postgresql://", "postgresql://" + connection.user() + "@");
    }

    /**
     * The client of this workspace's ElasticMQ (the SQS protocol), on the port its pid file records (or on
     * {@code services.sqs.port} when one is set and something listens there); throws {@code LagoaException}
     * ({@code SERVICE_NOT_RUNNING}) when it does not run.
     */
    static MessageQueue queueClient(Configuration configuration, Workspace workspace) {
        URI endpoint = EmbeddedElasticMq.runningEndpoint(workspace)
                .or(() -> listening(ServicesConfig.from(configuration).sqsPort()).map(port -> URI.create("http://127.0.0.1:" + port)))
                .orElseThrow(() -> notRunning("ElasticMQ (SQS)", workspace));
        String accessKeyId = EmbeddedElasticMq.accessKeyId(workspace);
        return SqsMessageQueue.create(AwsConfig.defaults(EmbeddedElasticMq.REGION).withEndpointOverride(endpoint)
                .withStaticCredentials(accessKeyId, accessKeyId));
    }

    /**
     * The object-created records of an S3 event notification message, as the platform's notifications (and S3's) carry
     * them; none for {@code s3:TestEvent}. Throws {@code LagoaException} for a message that is not one.
     */
    static List<ObjectCreated> objectCreatedEvents(String message) {
        return S3EventMessages.parse(message);
    }

    /** A configured port (not 0) that something listens on. */
    private static Optional<Integer> listening(int port) {
        if (port == ServicesConfig.FREE_PORT) {
            return Optional.empty();
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return Optional.of(port);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A local service that a command needs does not run: says so, and how to start it. */
    static LagoaException notRunning(String service, Workspace workspace) {
        return new LagoaException(ErrorCode.SERVICE_NOT_RUNNING,
                "%s is not running for the workspace %s; start it with: lagoa --home %s serve (lagoa demo runs its own while it runs)".formatted(
                        service, workspace.home(), workspace.home()));
    }

    /**
     * {@code kafka.*}, with the workspace's embedded broker (on the port its pid file records, or on
     * {@code services.kafka.port} when one is set) and the workspace's credentials unless {@code kafka.bootstrap-servers}
     * is set. When the broker does not run on a free port: {@code LagoaException} ({@code SERVICE_NOT_RUNNING}) when
     * {@code required}, else the {@code kafka.*} defaults (for its topic and settings).
     */
    static KafkaConfig kafkaConfig(Configuration configuration, Workspace workspace, boolean required) {
        KafkaConfig kafka = KafkaConfig.from(configuration);
        if (configuration.source(KafkaConfig.BOOTSTRAP_SERVERS) != ConfigSource.DEFAULT) {
            return kafka;
        }
        int configured = ServicesConfig.from(configuration).kafkaPort();
        Optional<String> running = EmbeddedKafka.runningBootstrapServers(workspace)
                .or(() -> configured == ServicesConfig.FREE_PORT ? Optional.empty() : Optional.of("127.0.0.1:" + configured));
        if (running.isEmpty() && !required) {
            return EmbeddedKafka.clientConfig(workspace, kafka);
        }
        String bootstrapServers = running.orElseThrow(() -> notRunning("Kafka (KRaft)", workspace));
        KafkaConfig embedded = new KafkaConfig(bootstrapServers, kafka.topic(), kafka.partitions(),
                kafka.replicationFactor(), kafka.security(), kafka.saslUsername(), kafka.saslPassword(), kafka.tombstones(), kafka.retries(),
                kafka.retryBackoff(), kafka.requestTimeout(), kafka.transactionTimeout());
        return EmbeddedKafka.clientConfig(workspace, embedded);
    }

    /** The object-created notifications of every pipeline, resolved against the configuration. */
    public static List<LakeNotificationDispatcher.Route> routes(Configuration configuration) {
        Map<String, String> values = LakeConfig.from(configuration).locationValues();
        List<LakeNotificationDispatcher.Route> routes = new ArrayList<>();
        for (PipelineDefinition pipeline : Pipelines.all()) {
            for (Notification notification : pipeline.notifications()) {
                String prefix = LocationTemplate.prefix(pipeline.dataset(notification.datasetId()).location(), values);
                ObjectLocation location = ObjectLocation.parse(prefix);
                routes.add(new LakeNotificationDispatcher.Route(notification, location.bucket(), location.key()));
            }
        }
        return routes;
    }

    /**
     * What the notifications watch, for people: {@code s3://lagoa-diffs/*.json → lagoa-diff-events}, or {@code → function
     * TriggerHandler} for a function target.
     */
    public static List<String> watchedLocations(Configuration configuration) {
        return routes(configuration).stream()
                .map(route -> "s3://%s/%s*%s → %s".formatted(route.bucket(), route.prefix(), route.notification().suffix(),
                        route.notification().target() instanceof Notification.Target.Queue queue ? queue.queue() : describe(route.notification().target())))
                .toList();
    }

    /**
     * The notification dispatcher, delivering to the queues and to in-process functions (the Lambda handler classes,
     * on this process's classpath, each given {@code serve.notifications.function-timeout}).
     */
    public synchronized LakeNotificationDispatcher dispatcher() {
        if (dispatcher == null) {
            ServeConfig serve = ServeConfig.from(parts.configuration());
            String region = EmbeddedElasticMq.REGION;
            functions = new LocalFunctionInvoker(LocalPlatform.class.getClassLoader(), serve.functionTimeout(), region, this::localHandler);
            ledger = new NotificationLedger(parts.workspace().metadataDatabase());
            LocalFunctionInvoker invoker = functions;
            dispatcher = new LakeNotificationDispatcher(parts.workspace(), routes(parts.configuration()), ledger, (target, message) -> {
                if (target instanceof Notification.Target.Queue queue) {
                    parts.queues().get().send(queue.queue(), message, Map.of());
                } else if (target instanceof Notification.Target.Function function) {
                    invoker.invoke(function.handler().handlerClass(), message);
                } else {
                    throw new LagoaException(ErrorCode.INVALID_PIPELINE, "Unknown notification target: " + target);
                }
            }, region, serve.settleTime(), parts.clock(), activity == null ? LakeNotificationDispatcher.Listener.LOGGING : listener(activity));
        }
        return dispatcher;
    }

    /**
     * Tells {@code activity} of the events the notifications deliver and of the job runs this process starts and sees
     * end, instead of logging them; call it before the notifications start.
     */
    public synchronized void report(PlatformActivity activity) {
        this.activity = requireNonNull(activity, "activity is null");
        if (parts.functions().get().jobLauncher() instanceof ProcessJobLauncher launcher) {
            launcher.listen(new ProcessJobLauncher.RunListener() {
                @Override
                public void started(JobRun run) {
                    activity.runStarted(run);
                }

                @Override
                public void finished(JobRun run) {
                    activity.runFinished(run);
                }
            });
        }
    }

    private static LakeNotificationDispatcher.Listener listener(PlatformActivity activity) {
        return new LakeNotificationDispatcher.Listener() {
            @Override
            public void delivered(LakeNotificationDispatcher.Route route, ObjectCreated event, Duration took) {
                activity.eventDelivered(event.uri(), describe(route.notification().target()), took);
            }

            @Override
            public void notDelivered(LakeNotificationDispatcher.Route route, ObjectCreated event, Exception error) {
                activity.eventWaiting(event.uri(), describe(route.notification().target()), reason(error));
            }
        };
    }

    /** Why an event was not delivered: the innermost Lagoa error's message (a function's own error, not that it failed). */
    public static String reason(Throwable error) {
        String reason = String.valueOf(error.getMessage());
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof LagoaException lagoa) {
                reason = lagoa.getMessage();
            }
        }
        return reason;
    }

    /** A notification's target for people: {@code queue lagoa-diff-events}, {@code function IbovRefineTrigger}. */
    private static String describe(Notification.Target target) {
        if (target instanceof Notification.Target.Queue queue) {
            return "queue " + queue.queue();
        }
        return target instanceof Notification.Target.Function function ? "function " + function.handler().simpleName() : target.toString();
    }

    /**
     * The pipelines' functions with this workspace's ports (the job runner, the lake, the catalog), as Lambda's
     * environment gives them the AWS ones.
     */
    private Optional<RequestHandler<S3Event, ?>> localHandler(String handlerClass) {
        return Arrays.stream(FunctionHandler.values())
                .filter(handler -> handler.handlerClass().equals(handlerClass))
                .findFirst()
                .map(handler -> Functions.create(handler, parts.functions().get()));
    }

    /**
     * Every schedule of every pipeline and of the endpoints that carry one, with the action the caller gives for it (by
     * {@code pipeline/step}).
     */
    /** {@link #scheduler} behind {@link PlatformWiring.ManualScheduler}, for the tests that fire serve's schedules on a moved clock. */
    static PlatformWiring.ManualScheduler manualScheduler(Parts parts, Map<String, Runnable> actions, List<EndpointDefinition> scheduledEndpoints) {
        LocalScheduler scheduler = scheduler(parts, actions, scheduledEndpoints);
        return new PlatformWiring.ManualScheduler() {
            @Override
            public java.util.Optional<java.time.Instant> nextFire() {
                return scheduler.upcoming().stream().findFirst().flatMap(LocalScheduler.NextFire::at).map(java.time.ZonedDateTime::toInstant);
            }

            @Override
            public List<String> fireDue(java.time.Instant since) {
                return scheduler.fireDue(since);
            }

            @Override
            public void close() {
                scheduler.close();
            }
        };
    }

    static LocalScheduler scheduler(Parts parts, Map<String, Runnable> actions, List<EndpointDefinition> scheduledEndpoints) {
        List<LocalScheduler.Entry> entries = new ArrayList<>();
        for (PipelineDefinition pipeline : Pipelines.all()) {
            for (Trigger trigger : pipeline.triggers()) {
                if (trigger instanceof Trigger.Schedule schedule) {
                    String id = pipeline.name() + "/" + schedule.stepId();
                    Runnable action = actions.getOrDefault(id, () -> {
                        throw new LagoaException(ErrorCode.INVALID_PIPELINE, "Nothing runs " + id + " locally");
                    });
                    entries.add(new LocalScheduler.Entry(id, schedule.expression(), schedule.zone(),
                            schedule.description(), action));
                }
            }
        }
        for (EndpointDefinition endpoint : scheduledEndpoints) {
            String id = ApiLoadPipeline.NAME + "/" + endpoint.name();
            entries.add(new LocalScheduler.Entry(id, CronExpression.parse(endpoint.schedule().orElseThrow()), parts.clock().getZone(),
                    "loads endpoint " + endpoint.name() + " into PostgreSQL", actions.getOrDefault(id, () -> {
                        throw new LagoaException(ErrorCode.INVALID_PIPELINE, "Nothing runs " + id + " locally");
                    })));
        }
        LocalScheduler.MissedRuns policy = ServeConfig.from(parts.configuration()).missedRuns().equals("skip")
                ? LocalScheduler.MissedRuns.SKIP
                : LocalScheduler.MissedRuns.RUN_ONCE;
        return new LocalScheduler(entries, parts.workspace().metadataDatabase(), policy, parts.clock());
    }

    /** When each schedule (of the pipelines, and of {@code scheduledEndpoints}) fires next, and when it last fired. */
    static List<ScheduleView> schedules(Parts parts, List<EndpointDefinition> scheduledEndpoints) {
        try (LocalScheduler scheduler = scheduler(parts, Map.of(), scheduledEndpoints)) {
            return scheduler.upcoming().stream()
                    .map(fire -> new ScheduleView(fire.entry().id(), fire.entry().cron().toString(), fire.entry().zone(),
                            fire.entry().description(), fire.at(), fire.lastFired()))
                    .toList();
        }
    }

    /** A schedule as {@code lagoa schedules} shows it. */
    public record ScheduleView(String id, String cron, ZoneId zone, String description,
            Optional<ZonedDateTime> next, Optional<Instant> lastFired) {}

    /**
     * Runs what was missed, then fires every schedule (of the pipelines, and of {@code scheduledEndpoints}) on time until
     * closed; returns the schedules as started.
     */
    public synchronized List<ScheduleView> startScheduler(Map<String, Runnable> actions, List<EndpointDefinition> scheduledEndpoints) {
        scheduler = scheduler(parts, actions, scheduledEndpoints);
        scheduler.start();
        return scheduler.upcoming().stream()
                .map(fire -> new ScheduleView(fire.entry().id(), fire.entry().cron().toString(), fire.entry().zone(),
                        fire.entry().description(), fire.at(), fire.lastFired()))
                .toList();
    }

    /** Starts scanning the lake for created objects every {@code serve.notifications.scan-interval}. */
    public void startNotifications() {
        dispatcher().start(ServeConfig.from(parts.configuration()).scanInterval());
    }

    /** Scans the lake once and returns how many notifications went out. */
    public int notifyCreatedObjects() {
        return dispatcher().scan().delivered();
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.close();
            scheduler = null;
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (functions != null) {
            functions.close();
        }
        if (ledger != null) {
            ledger.close();
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (IOException | RuntimeException e) {
                // keep stopping the others
            }
        }
        owned.clear();
    }
}
