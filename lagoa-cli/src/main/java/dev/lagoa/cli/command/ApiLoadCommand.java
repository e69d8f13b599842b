package dev.lagoa.cli.command;

import dev.lagoa.apiload.ApiLoadErrorCode;

import dev.lagoa.apiload.ApiLoader;
import dev.lagoa.apiload.LoadListener;
import dev.lagoa.apiload.AppliedChange;
import dev.lagoa.apiload.EndpointDefinition;
import dev.lagoa.apiload.LoadResult;
import dev.lagoa.apiload.LoadRetries;
import dev.lagoa.apiload.LoadRun;
import dev.lagoa.apiload.Rename;
import dev.lagoa.apiload.schema.Column;
import dev.lagoa.apiload.schema.SchemaChange;
import dev.lagoa.apiload.schema.TableSchema;
import dev.lagoa.cli.ApiLoadWiring;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.apiload.ApiLoadConfig;
import dev.lagoa.core.pipeline.ApiLoadPipeline;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lake.ObjectLocation;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lagoa apiload run|runs|schema}: loads the configured endpoints into PostgreSQL, shows the history of the loads
 * and the tables with their change history.
 */
@Command(mixinStandardHelpOptions = true, name = "apiload", description = "Loads JSON from HTTP APIs into PostgreSQL with schema evolution.",
        subcommands = {ApiLoadCommand.Run.class, ApiLoadCommand.Runs.class, ApiLoadCommand.Schema.class})
public final class ApiLoadCommand {
    @Command(mixinStandardHelpOptions = true, name = "run", description = "Loads the endpoints (all when none is named) and prints each run's metrics.")
    static final class Run implements java.util.concurrent.Callable<Integer> {
        private final Supplier<ApiLoadWiring> apiLoad;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ENDPOINT", arity = "0..*", description = "Endpoints to load (default: every endpoint of the endpoints file).")
        List<String> names = new ArrayList<>();

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        Run(Supplier<ApiLoadWiring> apiLoad) {
            this.apiLoad = apiLoad;
        }

        @Override
        public Integer call() {
            Map<String, String> environment = System.getenv();
            List<EndpointDefinition> endpoints = select(apiLoad.get().endpoints(environment), names);
            List<LoadResult> results = new ArrayList<>();
            for (EndpointDefinition endpoint : endpoints) {
                try (Progress progress = Progress.start(Progress.mode(json), "apiload " + endpoint.name(), "records", spec.commandLine().getErr())) {
                    results.add(load(apiLoad.get(), endpoint, environment, listener(progress)));
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(results));
            } else {
                results.forEach(result -> print(out, result));
            }
            int status = ExitCodes.apiLoad(results);
            if (status == ExitCodes.FINISHED_WITH_REJECTS) {
                spec.commandLine().getErr().printf("Finished with rejects (exit status %d): each reject is kept with its reason in the rejects file above%n",
                        status);
            }
            return status;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "runs",
            description = "Shows the history of the loads (from _lagoa_loads), the latest first, with their metrics.")
    static final class Runs implements Runnable {
        private final Supplier<ApiLoadWiring> apiLoad;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ENDPOINT", arity = "0..1", description = "Only this endpoint's loads (default: every endpoint's).")
        String name;

        @Option(names = "--limit", defaultValue = "20", description = "At most this many loads (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        Runs(Supplier<ApiLoadWiring> apiLoad) {
            this.apiLoad = apiLoad;
        }

        @Override
        public void run() {
            if (limit < 1) {
                throw LagoaException.userError("--limit must be at least 1, not %d", limit);
            }
            List<LoadRun> runs = apiLoad.get().apiLoader().runs(Optional.ofNullable(name), limit);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(runs));
                return;
            }
            if (runs.isEmpty()) {
                out.printf("No loads%s yet: lagoa apiload run%s%n", name == null ? "" : " of " + name, name == null ? "" : " " + name);
                return;
            }
            DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(apiLoad.get().clock().getZone());
            out.printf("%-19s  %-16s  %-25s  %-9s  %9s  %9s  %8s  %10s  %s%n", "STARTED", "ENDPOINT", "LOAD", "STATUS", "READ", "LOADED", "REJECTED",
                    "RECORDS/S", "SECONDS (extract/normalize/write)");
            for (LoadRun run : runs) {
                Optional<LoadResult> metrics = run.metrics();
                out.printf("%-19s  %-16s  %-25s  %-9s  %9d  %9d  %8d  %10s  %s%n", time.format(run.startedAt()), run.endpoint(), run.loadId(), run.status(),
                        run.rowsRead(), run.rowsLoaded(), run.rowsRejected(), metrics.map(result -> "%.0f".formatted(result.rowsPerSecond())).orElse("-"),
                        metrics.map(result -> "%s/%s/%s".formatted(result.phaseSeconds().get("extract"), result.phaseSeconds().get("normalize"),
                                result.phaseSeconds().get("write"))).orElse("-"));
                if (metrics.isEmpty()) {
                    out.printf("    %s%n", run.message());
                    continue;
                }
                LoadResult result = metrics.get();
                if (result.isFailed() || LoadResult.SKIPPED.equals(result.status())) {
                    out.printf("    %s%n", run.message());
                }
                result.rejectsByReason().forEach((reason, count) -> out.printf("    rejected %-24s %d%n", reason, count));
                for (SchemaChange change : result.schemaChanges()) {
                    out.printf("    schema %-18s %s%s  %s%n", change.kind(), change.table(), change.column().isEmpty() ? "" : "." + change.column(),
                            change.ddl().isEmpty() ? change.detail() : change.ddl());
                }
                for (Rename rename : result.renames()) {
                    out.printf("    rename %s → %s in %s: %s; %s%n", rename.fromField(), rename.toField(), rename.table(), rename.evidence(),
                            rename.outcome());
                }
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "schema",
            description = "Shows an endpoint's tables (columns, types and source fields) and every change applied to them.")
    static final class Schema implements Runnable {
        private final Supplier<ApiLoadWiring> apiLoad;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ENDPOINT", description = "The endpoint.")
        String name;

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        Schema(Supplier<ApiLoadWiring> apiLoad) {
            this.apiLoad = apiLoad;
        }

        @Override
        public void run() {
            Map<String, TableSchema> tables = apiLoad.get().apiLoader().tables(name);
            PrintWriter out = spec.commandLine().getOut();
            if (tables.isEmpty()) {
                throw new LagoaException(ApiLoadErrorCode.ENDPOINT_NOT_FOUND, "Endpoint %s has no tables yet: run lagoa apiload run %s".formatted(name, name));
            }
            List<AppliedChange> history = apiLoad.get().apiLoader().schemaHistory(name);
            if (json) {
                Map<String, Object> layout = new java.util.LinkedHashMap<>();
                tables.forEach((table, schema) -> layout.put(table, Map.of("columns", schema.columns(), "fields", schema.paths())));
                out.println(Json.write(Map.of("tables", layout, "history", history)));
                return;
            }
            for (TableSchema table : tables.values()) {
                out.printf("%s%s%n", table.name(), table.parent().map(parent -> " (child of " + parent + ")").orElse(""));
                for (Column column : table.columns()) {
                    out.printf("  %-40s %-8s %s%s%n", column.name(), column.type().sql(), String.join(", ", table.pathsOf(column.name())),
                            column.widenedToText() ? "  (widened to text)" : "");
                }
            }
            out.printf("%nHistory (%d change%s):%n", history.size(), history.size() == 1 ? "" : "s");
            DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(apiLoad.get().clock().getZone());
            for (AppliedChange applied : history) {
                SchemaChange change = applied.change();
                out.printf("  %s  load %s  %-18s %s%s  %s%n", time.format(applied.changedAt()), applied.loadId(), change.kind(), change.table(),
                        change.column().isEmpty() ? "" : "." + change.column(), change.ddl().isEmpty() ? change.detail() : change.ddl());
            }
        }
    }

    /**
     * What {@code lagoa serve} runs for each endpoint that carries a schedule ({@code apiload/<endpoint>}): the load,
     * tried again after an outside failure ({@code apiload.schedule-retries}), its metrics printed; a load that still
     * failed throws, so that the schedule says so, and one with rejects returns them (it finished with rejects).
     */
    static Map<String, ServeCommand.ScheduledAction> scheduledActions(ApiLoadWiring apiLoad, PrintWriter out) {
        Map<String, String> environment = System.getenv();
        ApiLoadConfig config = apiLoad.config();
        Map<String, ServeCommand.ScheduledAction> actions = new java.util.LinkedHashMap<>();
        for (EndpointDefinition endpoint : apiLoad.scheduledEndpoints(environment)) {
            actions.put(ApiLoadPipeline.NAME + "/" + endpoint.name(), () -> {
                LoadResult result = LoadRetries.run(() -> load(apiLoad, endpoint, environment, LoadListener.NONE), config.scheduleRetries(), config.scheduleRetryBackoff(),
                        LoadRetries.Sleeper.SYSTEM, (failed, wait) -> {
                            out.printf("%s: load %s failed (%s); trying again in %s%n", endpoint.name(), failed.loadId(), failed.message(),
                                    dev.lagoa.core.config.Durations.format(wait));
                            out.flush();
                        });
                print(out, result);
                out.flush();
                if (result.isFailed()) {
                    throw new LagoaException(ApiLoadErrorCode.SOURCE_ERROR, "Load %s of endpoint %s failed: %s".formatted(result.loadId(), endpoint.name(),
                            result.message()));
                }
                return result.hasRejects() ? Optional.of("load %s of endpoint %s: %s; each reject is kept with its reason%s".formatted(result.loadId(),
                        endpoint.name(), result.message(), result.rejectFiles().isEmpty() ? "" : " in " + String.join(", ", result.rejectFiles())))
                        : Optional.empty();
            });
        }
        return actions;
    }

    /** A load's pages and records as progress: fetching, then loading. */
    static LoadListener listener(Progress progress) {
        return new LoadListener() {
            @Override
            public void pagesFetched(String endpoint, int pages) {
                progress.update("fetching", -1, pages + (pages == 1 ? " page" : " pages"));
            }

            @Override
            public void recordsRead(String endpoint, int pages, long records) {
                progress.update("loading", records, pages + (pages == 1 ? " page" : " pages"));
            }
        };
    }

    private static LoadResult load(ApiLoadWiring apiLoad, EndpointDefinition endpoint, Map<String, String> environment, LoadListener listener) {
        ApiLoader loader = apiLoad.apiLoader().withLoadListener(listener);
        if (endpoint.lakePrefix().isPresent()) {
            ObjectLocation location = ObjectLocation.parse(endpoint.lakePrefix().get());
            return loader.loadFromLake(endpoint, location.bucket(), location.key());
        }
        return loader.run(endpoint, apiLoad.source(environment));
    }

    static List<EndpointDefinition> select(List<EndpointDefinition> endpoints, List<String> names) {
        if (names.isEmpty()) {
            return endpoints;
        }
        List<EndpointDefinition> selected = new ArrayList<>();
        for (String name : names) {
            selected.add(endpoints.stream().filter(endpoint -> endpoint.name().equals(name)).findFirst()
                    .orElseThrow(() -> new LagoaException(ApiLoadErrorCode.ENDPOINT_NOT_FOUND, "Unknown endpoint '%s'; defined: %s".formatted(name,
                            endpoints.stream().map(EndpointDefinition::name).toList()))));
        }
        return selected;
    }

    static void print(PrintWriter out, LoadResult result) {
        out.printf("%s  load %s  %s: %s%n", result.endpoint(), result.loadId(), result.status(), result.message());
        out.printf("  pages %d (%d rejected), records read %d, loaded %d (+%d child rows), rejected %d, values rejected %d, deduplicated %d, %.0f records/s%n",
                result.pages(), result.pagesRejected(), result.rowsRead(), result.rowsLoaded(), result.childRowsLoaded(), result.rowsRejected(), result.valuesRejected(),
                result.rowsDeduplicated(), result.rowsPerSecond());
        out.printf("  seconds: %s%n", result.phaseSeconds());
        result.rejectsByReason().forEach((reason, count) -> out.printf("  rejected %-24s %d%n", reason, count));
        for (SchemaChange change : result.schemaChanges()) {
            out.printf("  schema %-18s %s.%s  %s%n", change.kind(), change.table(), change.column(), change.ddl().isEmpty() ? change.detail() : change.ddl());
        }
        for (Rename rename : result.renames()) {
            out.printf("  rename %s → %s in %s: %s; %s%n", rename.fromField(), rename.toField(), rename.table(), rename.evidence(),
                    rename.outcome());
        }
        result.rejectFiles().forEach(file -> out.printf("  rejects %s%n", file));
        out.printf("  log     %s%n", result.logFile());
    }
}
