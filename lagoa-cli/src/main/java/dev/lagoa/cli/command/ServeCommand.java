package dev.lagoa.cli.command;

import dev.lagoa.cli.ApiLoadWiring;
import dev.lagoa.cli.ConsoleWiring;
import dev.lagoa.console.ConsoleServer;
import dev.lagoa.cli.DiffWiring;
import dev.lagoa.cli.LocalPlatform;
import dev.lagoa.cli.LogOutput;
import dev.lagoa.cli.MarketWiring;
import dev.lagoa.cli.MetricsEndpoint;
import dev.lagoa.cli.PlatformWiring;
import dev.lagoa.cli.PublishWiring;
import dev.lagoa.cli.ServeLock;
import dev.lagoa.core.config.MetricsConfig;
import dev.lagoa.contracts.DiffManifest;
import dev.lagoa.core.Counts;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.DiffConfig;
import dev.lagoa.core.config.Profile;
import dev.lagoa.core.config.ServeConfig;
import dev.lagoa.core.pipeline.LocationTemplate;
import dev.lagoa.publisher.DiffPublisher;
import dev.lagoa.publisher.PublishResult;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lagoa serve}: the local platform until Ctrl-C — the embedded ElasticMQ and Kafka, PostgreSQL when the workspace
 * has API load endpoints (or when asked: {@code serve.postgres}, {@code --postgres}), the pipelines' queues, the lake's
 * object-created notifications, the schedules and the metrics endpoint. One per workspace; the services' ports are
 * free ones unless configured, recorded in the workspace for its other commands.
 */
@Command(mixinStandardHelpOptions = true, name = "serve",
        description = "Runs the embedded services, the lake's notifications and the schedules until Ctrl-C (one per workspace).")
public final class ServeCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    private final Supplier<PlatformWiring> platform;
    private final Supplier<ApiLoadWiring> apiLoad;
    private final Supplier<DiffWiring> diff;
    private final Supplier<PublishWiring> publish;
    private final Supplier<MarketWiring> market;
    private final Supplier<ConsoleWiring> console;

    @Spec
    CommandSpec spec;

    @Option(names = "--postgres", description = "Runs the embedded PostgreSQL too, whether or not the workspace has API load endpoints "
            + "(serve.postgres=always).")
    boolean postgres;

    ServeCommand(Supplier<PlatformWiring> platform, Supplier<ApiLoadWiring> apiLoad, Supplier<DiffWiring> diff, Supplier<PublishWiring> publish,
            Supplier<MarketWiring> market, Supplier<ConsoleWiring> console) {
        this.platform = platform;
        this.apiLoad = apiLoad;
        this.diff = diff;
        this.publish = publish;
        this.market = market;
        this.console = console;
    }

    @Override
    public void run() {
        PlatformWiring workspace = platform.get();
        if (workspace.profile() != Profile.LOCAL) {
            throw LagoaException.userError("lagoa serve runs the local platform; on AWS the same pieces are SQS, MSK and EventBridge Scheduler");
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        ServeLock lock = workspace.lockServe();
        out.printf("Lagoa serve — workspace %s%n", workspace.home());
        java.nio.file.Path logFile = workspace.home().resolve("logs").resolve("serve.log");
        Closeable log = LogOutput.appendTo(logFile);
        ApiLoadWiring loads = apiLoad.get();
        LocalPlatform local;
        Optional<MetricsEndpoint> metrics;
        ConsoleServer web;
        try {
            local = workspace.start(out, runsPostgres(workspace, loads));
            MetricsConfig metricsConfig = MetricsConfig.from(workspace.configuration());
            try {
                metrics = metricsConfig.isEnabled() ? Optional.of(MetricsEndpoint.start(loads.meterRegistry(), metricsConfig.port())) : Optional.empty();
                try {
                    web = console.get().start();
                } catch (RuntimeException e) {
                    metrics.ifPresent(MetricsEndpoint::close);
                    throw e;
                }
            } catch (RuntimeException e) {
                local.close();
                throw e;
            }
        } catch (RuntimeException e) {
            closeQuietly(log);
            closeQuietly(lock);
            throw e;
        }
        metrics.ifPresent(endpoint -> lock.record("metrics " + endpoint.uri()));
        lock.record("console " + web.uri());
        Thread shutdown = new Thread(() -> {
            web.close();
            metrics.ifPresent(MetricsEndpoint::close);
            local.close();
            closeQuietly(log);
            closeQuietly(lock);
            stopped.countDown();
        }, "lagoa-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        ServeLines lines = new ServeLines(out, workspace.clock());
        local.report(lines);
        local.startNotifications();
        List<LocalPlatform.ScheduleView> schedules = local.startScheduler(actions(lines, loads, out), loads.scheduledEndpoints(System.getenv()));
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");
        out.printf("  notifications: scanning %s every %s%n", workspace.watchedLocations(),
                dev.lagoa.core.config.Durations.format(dev.lagoa.core.config.ServeConfig.from(workspace.configuration()).scanInterval()));
        boolean diffConfigured = DiffConfig.from(workspace.configuration()).isScheduled();
        for (LocalPlatform.ScheduleView schedule : schedules) {
            out.printf("  schedule %-14s %s in %s, next %s%s%n", schedule.id(), schedule.cron(), schedule.zone(),
                    schedule.next().map(format::format).orElse("never"),
                    schedule.id().equals("diff/diff") && !diffConfigured ? " (not configured: set diff.snapshots; it will do nothing)" : "");
        }
        metrics.ifPresent(endpoint -> out.printf("  metrics: %s (Prometheus)%n", endpoint.uri()));
        out.printf("Console %s%n", web.uri());
        out.printf("  log: %s (warnings with their stack traces; -v shows them here too)%n", logFile);
        out.println("Serving. Ctrl-C stops.");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.println("Stopped.");
        out.flush();
    }

    /** {@code serve.postgres} (or {@code --postgres}): whether serve runs the embedded PostgreSQL. */
    private boolean runsPostgres(PlatformWiring workspace, ApiLoadWiring loads) {
        if (!loads.usesEmbeddedPostgres()) {
            return false;
        }
        ServeConfig.PostgresMode mode = postgres ? ServeConfig.PostgresMode.ALWAYS : ServeConfig.from(workspace.configuration()).postgres();
        return switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> loads.hasEndpoints(loads.environment());
        };
    }

    /**
     * What a schedule of serve runs. It prints its own report on serve's output, and returns what it left out when it
     * finished with rejects (items kept apart with their reasons: what exit status {@value ExitCodes#FINISHED_WITH_REJECTS}
     * says of a command), empty when it left nothing out; it throws when it failed.
     */
    @FunctionalInterface
    interface ScheduledAction {
        Optional<String> run();
    }

    private Map<String, Runnable> actions(ServeLines lines, ApiLoadWiring loads, PrintWriter out) {
        Map<String, ScheduledAction> actions = new LinkedHashMap<>();
        actions(loads, diff.get(), publish.get(), market.get(), out, actions);
        return announced(lines, actions);
    }

    /**
     * The actions as the scheduler runs them, each saying on serve's output when it starts and how it ended, one line
     * each: done, finished with rejects (not a failure: the rest was done), or failed.
     */
    static Map<String, Runnable> announced(ServeLines lines, Map<String, ScheduledAction> actions) {
        Map<String, Runnable> announced = new LinkedHashMap<>();
        actions.forEach((id, action) -> announced.put(id, () -> {
            lines.schedule(id, "running");
            try {
                Optional<String> rejects = action.run();
                lines.schedule(id, rejects.map(leftOut -> "finished with rejects: " + leftOut).orElse("done"));
            } catch (LagoaException e) {
                // said in one line; the scheduler records the fire all the same
                lines.schedule(id, "failed: " + e.getMessage());
                LOG.debug("{} failed", id, e);
            } catch (RuntimeException e) {
                lines.schedule(id, "failed: " + e);
                throw e;
            }
        }));
        return announced;
    }

    /**
     * What each schedule of serve runs, by schedule id: the API loads of the endpoints that carry a schedule, the day's
     * diff of yesterday's and today's snapshots, the day's publish, and the two ingests; each prints on {@code out}.
     */
    static void actions(ApiLoadWiring loads, DiffWiring diffs, PublishWiring publishing, MarketWiring markets, PrintWriter out,
            Map<String, ScheduledAction> actions) {
        actions.putAll(ApiLoadCommand.scheduledActions(loads, out));
        actions.put("diff/diff", () -> {
            DiffConfig diff = DiffConfig.from(diffs.configuration());
            if (!diff.isScheduled()) {
                LOG.warn("diff/diff is due but not configured: set diff.snapshots (and diff.key) to run it on schedule");
                return Optional.empty();
            }
            LocalDate today = diffs.today();
            DiffRun.Outcome outcome = DiffRun.run(diffs, new DiffRun.Request(
                    LocationTemplate.resolve(diff.snapshots(), Map.of("date", today.minusDays(1).toString())),
                    LocationTemplate.resolve(diff.snapshots(), Map.of("date", today.toString())),
                    diff.key(), today, null, diff.ignoreFields(), false, false, null), out);
            DiffRun.report(diffs, outcome, out, false);
            return outcome.manifest().map(DiffManifest::rejects).filter(rejects -> rejects.total() > 0)
                    .map(rejects -> "%s rejected (allowed %,d), kept with their reasons at %s".formatted(Counts.of(rejects.total(), "input record"),
                            rejects.maxAllowed(), diffs.display(String.valueOf(rejects.location()))));
        });
        actions.put("diff/publish", () -> {
            PublishResult result = PublishCommand.publishDay(publishing, publishing.today(), false, out);
            PublishCommand.print(result, out);
            out.flush();
            // quarantined files or records are left out with their reasons, the rest published: rejects, not a failure
            return Optional.ofNullable(DiffPublisher.failure(result)).map(LagoaException::getMessage);
        });
        // the landed Parquet objects trigger the refine jobs through the notifications serve scans
        actions.put("ibov/ingest", () -> {
            IngestCommand.B3.print(markets.b3Ingest(Optional.empty()).run(markets.b3Index(), markets.today()), out, false);
            return Optional.empty();
        });
        actions.put("petr4/ingest", () -> {
            IngestCommand.Brapi.print(markets.quotesIngest(Optional.empty()).run(markets.brapiTicker(), markets.brapiRange()), out, false);
            return Optional.empty();
        });
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // stopping
        }
    }
}
