package dev.lagoa.console;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.Step;
import dev.lagoa.core.statemachine.Execution;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /}: the pipelines with their schedules and last runs, the state machines with their last execution, and the
 * health of the embedded services. {@code /api/pipelines} is the same as JSON.
 */
final class HomePage implements ConsoleServer.Page {
    private final ConsoleSources sources;
    private final Layout layout;

    HomePage(ConsoleSources sources, Layout layout) {
        this.sources = requireNonNull(sources, "sources is null");
        this.layout = requireNonNull(layout, "layout is null");
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/", this::page);
        config.routes.get("/api/pipelines", ctx -> ConsoleServer.json(ctx, document()));
    }

    private record LastRun(String job, Optional<JobRun> run) {}

    private void page(Context ctx) {
        Messages text = layout.messages();
        ZoneId zone = sources.clock().getZone();
        List<Html> cards = new ArrayList<>();
        List<ConsoleSources.Schedule> all = sources.schedules();
        for (PipelineDefinition pipeline : sources.pipelines()) {
            List<Html> schedules = schedulesOf(pipeline, all).stream()
                    .map(schedule -> Html.of("<li><code>{}</code> {} ({}) · {} {}</li>", schedule.id(), schedule.cron(), schedule.zone(),
                            text.get("home.next"), schedule.next().map(next -> Formats.time(next.toInstant(), zone)).orElse("—")))
                    .toList();
            List<Html> runs = lastRuns(pipeline).stream().map(last -> last.run()
                    .map(run -> Html.of("<li><code>{}</code> <a href=\"{}\"><span class=\"state {}\">{}</span></a> {}</li>", last.job(),
                            Formats.link("/runs/", run.id().value()), run.state().name().toLowerCase(java.util.Locale.ROOT), run.state(),
                            Formats.time(run.startedOn(), zone)))
                    .orElse(Html.of("<li><code>{}</code> {}</li>", last.job(), text.get("home.never-run")))).toList();
            cards.add(Html.of("""
                    <section class="card" aria-labelledby="p-{}">
                    <h2 id="p-{}">{}</h2>
                    <p>{}</p>
                    <p class="meta">{} {} · <a href="{}">{}</a></p>
                    <h3>{}</h3><ul>{}</ul>
                    <h3>{}</h3><ul>{}</ul>
                    </section>
                    """, pipeline.name(), pipeline.name(), pipeline.name(), pipeline.description(), text.get("catalog.owner"), pipeline.owner(),
                    "/catalog?pipeline=" + Html.pathSegment(pipeline.name()), text.get("home.tables"),
                    text.get("home.schedules"), schedules.isEmpty() ? Html.of("<li>{}</li>", text.get("home.no-schedule")) : Html.join(schedules),
                    text.get("home.last-runs"), runs.isEmpty() ? Html.of("<li>{}</li>", text.get("home.no-jobs")) : Html.join(runs)));
        }
        List<Html> machines = new ArrayList<>();
        for (StateMachineDefinition machine : sources.stateMachines()) {
            Optional<Execution> last = sources.executions().executions(machine.name(), 1).stream().findFirst();
            machines.add(Html.of("<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td></tr>", Formats.link("/catalog/state-machines/", machine.name()),
                    machine.name(), last.map(execution -> Html.of("<a href=\"{}\"><span class=\"state {}\">{}</span></a>",
                            Formats.link("/runs/", execution.id()), execution.status().name().toLowerCase(java.util.Locale.ROOT), execution.status()))
                            .orElse(Html.of("{}", text.get("home.never-run"))),
                    last.map(execution -> Formats.time(execution.startedAt(), zone)).orElse("—")));
        }
        List<Html> services = sources.services().stream().map(service -> Html.of("<li><span class=\"health {}\">{}</span> {} {}</li>",
                service.up() ? "up" : "down", service.up() ? text.get("home.up") : text.get("home.down"), service.name(),
                service.address().map(address -> Html.of("<code>{}</code>", address)).orElse(Html.EMPTY))).toList();
        layout.render(ctx, text.get("home.title"), Html.of("""
                <h1>{}</h1>
                <p class="meta">{} <code>{}</code></p>
                <div class="cards">{}</div>
                <h2>{}</h2>
                <table><caption class="visually-hidden">{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead>
                <tbody>{}</tbody></table>
                <h2>{}</h2>
                <ul class="services">{}</ul>
                """, text.get("home.title"), text.get("home.workspace"), sources.home(), Html.join(cards), text.get("home.state-machines"),
                text.get("home.state-machines"), text.get("home.state-machine"), text.get("home.last-execution"), text.get("runs.started"),
                Html.join(machines), text.get("home.services"),
                services.isEmpty() ? Html.of("<li>{}</li>", text.get("home.no-services")) : Html.join(services)));
    }

    private List<LastRun> lastRuns(PipelineDefinition pipeline) {
        List<LastRun> runs = new ArrayList<>();
        for (Step step : pipeline.steps()) {
            if (step instanceof Step.SparkJob job) {
                String name = job.job().name();
                runs.add(new LastRun(name, sources.jobLauncher().runs(Optional.of(name), 1).stream().findFirst()));
            }
        }
        return runs;
    }

    /** A pipeline's schedules among all of them (read once per request: they come from the workspace's scheduler state). */
    private static List<ConsoleSources.Schedule> schedulesOf(PipelineDefinition pipeline, List<ConsoleSources.Schedule> all) {
        return all.stream().filter(schedule -> schedule.id().startsWith(pipeline.name() + "/")).toList();
    }

    private List<Map<String, Object>> document() {
        List<Map<String, Object>> pipelines = new ArrayList<>();
        List<ConsoleSources.Schedule> all = sources.schedules();
        for (PipelineDefinition pipeline : sources.pipelines()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("name", pipeline.name());
            document.put("description", pipeline.description());
            document.put("owner", pipeline.owner());
            document.put("tags", pipeline.tags());
            document.put("schedules", schedulesOf(pipeline, all).stream()
                    .map(schedule -> Map.of("id", schedule.id(), "cron", schedule.cron(), "zone", schedule.zone(),
                            "next", schedule.next().map(Object::toString).orElse(""))).toList());
            document.put("last_runs", lastRuns(pipeline).stream().map(last -> {
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("job", last.job());
                last.run().ifPresent(value -> {
                    run.put("id", value.id().value());
                    run.put("state", value.state().name());
                    run.put("started", value.startedOn().toString());
                });
                return run;
            }).toList());
            pipelines.add(document);
        }
        return pipelines;
    }
}
