package dev.lagoa.console;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunRequest;
import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.Step;
import dev.lagoa.core.statemachine.Execution;
import dev.lagoa.core.statemachine.ExecutionStatus;
import dev.lagoa.core.statemachine.State;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.StateTransition;
import dev.lagoa.core.statemachine.TaskTarget;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code /runs}: the job runs and the state machine executions, newest first, as {@code lagoa jobs runs} and
 * {@code lagoa sfn executions} list them ({@code ?job=}, {@code ?machine=}, {@code ?limit=}). {@code /runs/<id>}: a job
 * run (arguments, times, error, the end of its log when it lies in the workspace, its summary) or an execution (input,
 * output, error, children, history, and its machine's states drawn by {@code execution.js} from
 * {@code /api/executions/<id>}, coloured by what happened, with the same states listed beside the drawing). The JSON is
 * under {@code /api/runs}, {@code /api/runs/<id>} and {@code /api/executions/<id>}.
 */
final class RunsPages implements ConsoleServer.Page {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;
    /** Input and output documents longer than this are shown cut, as they are, not pretty-printed. */
    private static final int DOCUMENT_LIMIT = 256 * 1024;
    private static final Set<ErrorCode> NOT_A_JOB_RUN = Set.of(ErrorCode.JOB_RUN_NOT_FOUND, ErrorCode.JOB_NOT_FOUND, ErrorCode.OBJECT_NOT_FOUND);

    private final ConsoleSources sources;
    private final Layout layout;

    RunsPages(ConsoleSources sources, Layout layout) {
        this.sources = requireNonNull(sources, "sources is null");
        this.layout = requireNonNull(layout, "layout is null");
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/runs", this::list);
        config.routes.get("/runs/{id}", this::run);
        config.routes.post("/runs/{id}/rerun", this::rerun);
        config.routes.get("/api/runs", ctx -> ConsoleServer.json(ctx, listDocument(filter(ctx))));
        config.routes.get("/api/runs/{id}", ctx -> ConsoleServer.json(ctx, jobRunDocument(jobRun(ctx.pathParam("id"))
                .orElseThrow(() -> unknown(ctx.pathParam("id"))))));
        config.routes.get("/api/executions/{id}", ctx -> ConsoleServer.json(ctx, executionDocument(execution(ctx.pathParam("id"))
                .orElseThrow(() -> unknown(ctx.pathParam("id"))))));
    }

    /** What {@code /runs} lists: the job runs (unless only a machine is asked for) and the executions (unless only a job is). */
    private record Filter(Optional<String> job, Optional<String> machine, int limit) {
        boolean showsJobRuns() {
            return job.isPresent() || machine.isEmpty();
        }

        boolean showsExecutions() {
            return machine.isPresent() || job.isEmpty();
        }
    }

    private Filter filter(Context ctx) {
        Optional<String> job = Optional.ofNullable(ctx.queryParam("job")).map(String::strip).filter(value -> !value.isEmpty());
        Optional<String> machine = Optional.ofNullable(ctx.queryParam("machine")).map(String::strip).filter(value -> !value.isEmpty());
        machine.ifPresent(name -> machine(name).orElseThrow(() -> new LagoaException(ErrorCode.OBJECT_NOT_FOUND,
                layout.messages().get("machine.unknown", name))));
        String limitText = ctx.queryParam("limit");
        int limit = DEFAULT_LIMIT;
        if (limitText != null && !limitText.isBlank()) {
            try {
                limit = Integer.parseInt(limitText.strip());
            } catch (NumberFormatException e) {
                limit = 0;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw LagoaException.userError("%s", layout.messages().get("runs.limit-invalid", MAX_LIMIT));
            }
        }
        return new Filter(job, machine, limit);
    }

    private List<JobRun> jobRuns(Filter filter) {
        return filter.showsJobRuns() ? sources.jobLauncher().runs(filter.job(), filter.limit()) : List.of();
    }

    private List<Execution> executions(Filter filter) {
        if (!filter.showsExecutions()) {
            return List.of();
        }
        List<Execution> executions = new ArrayList<>();
        for (StateMachineDefinition machine : sources.stateMachines()) {
            if (filter.machine().isEmpty() || filter.machine().get().equals(machine.name())) {
                executions.addAll(sources.executions().executions(machine.name(), filter.limit()));
            }
        }
        executions.sort(Comparator.comparing(Execution::startedAt).reversed().thenComparing(Execution::id));
        return executions.size() > filter.limit() ? List.copyOf(executions.subList(0, filter.limit())) : executions;
    }

    private void list(Context ctx) {
        Messages text = layout.messages();
        Filter filter = filter(ctx);
        ZoneId zone = sources.clock().getZone();
        Instant now = sources.clock().instant();
        Html jobSection = Html.EMPTY;
        if (filter.showsJobRuns()) {
            List<JobRun> runs = jobRuns(filter);
            List<Html> rows = runs.stream().map(run -> Html.of("""
                    <tr><td><a href="{}"><code>{}</code></a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td><td>{}</td></tr>
                    """, Formats.link("/runs/", run.id().value()), run.id().value(), run.jobName(), state(run.state().name(), run.attempt()),
                    arguments(run.arguments()), Formats.time(run.startedOn(), zone), duration(run.startedOn(), run.completedOn(),
                            !run.state().isTerminal(), now), run.errorMessage().map(RunsPages::firstLine).orElse(""))).toList();
            jobSection = Html.of("""
                    <h2 id="job-runs">{}</h2>
                    {}
                    """, text.get("runs.jobs"), rows.isEmpty() ? Html.of("<p>{}</p>", text.get("runs.no-job-runs")) : Html.of("""
                    <div class="scroll"><table aria-labelledby="job-runs"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>
                    <th scope="col">{}</th><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col">{}</th></tr></thead>
                    <tbody>{}</tbody></table></div>
                    """, text.get("runs.id"), text.get("runs.job"), text.get("runs.state"), text.get("runs.arguments"), text.get("runs.started"),
                    text.get("runs.duration"), text.get("runs.error"), Html.join(rows)));
        }
        Html executionSection = Html.EMPTY;
        if (filter.showsExecutions()) {
            List<Html> rows = executions(filter).stream().map(execution -> Html.of("""
                    <tr><td><a href="{}"><code>{}</code></a></td><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td class="num">{}</td><td>{}</td></tr>
                    """, Formats.link("/runs/", execution.id()), execution.id(), Formats.link("/catalog/state-machines/", execution.stateMachine()),
                    execution.stateMachine(), state(execution.status().name(), 0), Formats.time(execution.startedAt(), zone),
                    duration(execution.startedAt(), execution.stoppedAt(), execution.status() == ExecutionStatus.RUNNING, now),
                    execution.error().map(error -> error + execution.cause().map(cause -> ": " + firstLine(cause)).orElse("")).orElse(""))).toList();
            executionSection = Html.of("""
                    <h2 id="executions">{}</h2>
                    {}
                    """, text.get("runs.executions"), rows.isEmpty() ? Html.of("<p>{}</p>", text.get("runs.no-executions")) : Html.of("""
                    <div class="scroll"><table aria-labelledby="executions"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>
                    <th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col">{}</th></tr></thead>
                    <tbody>{}</tbody></table></div>
                    """, text.get("runs.execution"), text.get("runs.machine"), text.get("runs.status"), text.get("runs.started"),
                    text.get("runs.duration"), text.get("runs.error"), Html.join(rows)));
        }
        layout.render(ctx, text.get("runs.title"), Html.of("""
                <h1>{}</h1>
                {}
                <p class="meta">{}{}</p>
                {}{}
                """, text.get("runs.title"), filterForm(filter), text.get("runs.times", zone.getId()),
                filter.job().isPresent() || filter.machine().isPresent()
                        ? Html.of(" · <a href=\"/runs\">{}</a>", text.get("runs.show-all")) : Html.EMPTY,
                jobSection, executionSection));
    }

    private Html filterForm(Filter filter) {
        Messages text = layout.messages();
        Set<String> jobs = new TreeSet<>(jobNames());
        filter.job().ifPresent(jobs::add);
        Html jobOptions = options(jobs, filter.job());
        Html machineOptions = options(sources.stateMachines().stream().map(StateMachineDefinition::name).toList(), filter.machine());
        return Html.of("""
                <form class="inline" action="/runs" method="get">
                <label for="job">{}</label><select id="job" name="job"><option value="">{}</option>{}</select>
                <label for="machine">{}</label><select id="machine" name="machine"><option value="">{}</option>{}</select>
                <label for="limit">{}</label><input id="limit" name="limit" type="number" min="1" max="{}" value="{}">
                <button type="submit">{}</button>
                </form>
                """, text.get("runs.job"), text.get("runs.all"), jobOptions, text.get("runs.machine"), text.get("runs.all"), machineOptions,
                text.get("runs.limit"), MAX_LIMIT, filter.limit(), text.get("runs.apply"));
    }

    private static Html options(java.util.Collection<String> values, Optional<String> selected) {
        return Html.join(values.stream().map(value -> Html.of("<option value=\"{}\"{}>{}</option>", value,
                selected.filter(value::equals).isPresent() ? Html.of(" selected") : Html.EMPTY, value)).toList());
    }

    /** The Spark jobs the pipelines and the state machines' tasks run. */
    private Set<String> jobNames() {
        Set<String> names = new TreeSet<>();
        for (PipelineDefinition pipeline : sources.pipelines()) {
            for (Step step : pipeline.steps()) {
                if (step instanceof Step.SparkJob job) {
                    names.add(job.job().name());
                }
            }
        }
        for (StateMachineDefinition machine : sources.stateMachines()) {
            for (State.Task task : machine.tasks()) {
                if (task.target() instanceof TaskTarget.SparkJob job) {
                    names.add(job.jobName());
                }
            }
        }
        return names;
    }

    private void run(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<JobRun> jobRun = jobRun(id);
        if (jobRun.isPresent()) {
            jobRunPage(ctx, jobRun.get());
            return;
        }
        executionPage(ctx, execution(id).orElseThrow(() -> unknown(id)));
    }

    private LagoaException unknown(String id) {
        return new LagoaException(ErrorCode.OBJECT_NOT_FOUND, layout.messages().get("runs.unknown", id));
    }

    /** The job run of this id, if {@code id} is one (an execution's id is not even a valid job run id). */
    private Optional<JobRun> jobRun(String id) {
        JobRunId runId;
        try {
            runId = JobRunId.of(id);
        } catch (LagoaException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(sources.jobLauncher().get(runId));
        } catch (LagoaException e) {
            if (NOT_A_JOB_RUN.contains(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<Execution> execution(String id) {
        return sources.executions().execution(id);
    }

    private Optional<StateMachineDefinition> machine(String name) {
        return sources.stateMachines().stream().filter(machine -> machine.name().equals(name)).findFirst();
    }

    private void jobRunPage(Context ctx, JobRun run) {
        Messages text = layout.messages();
        ZoneId zone = sources.clock().getZone();
        Instant now = sources.clock().instant();
        Optional<JobRun> retry = retryOf(run);
        Html arguments = run.arguments().isEmpty() ? Html.of("<p>{}</p>", text.get("run.no-arguments")) : Html.of("""
                <div class="scroll"><table aria-labelledby="arguments"><thead><tr><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table></div>
                """, text.get("run.argument"), text.get("run.value"), Html.join(new java.util.TreeMap<>(run.arguments()).entrySet().stream()
                .map(argument -> Html.of("<tr><td><code>{}</code></td><td><code>{}</code></td></tr>", argument.getKey(), argument.getValue())).toList()));
        Html summary = summary(run).map(json -> Html.of("<h2>{}</h2><div class=\"scroll\"><pre>{}</pre></div>", text.get("run.summary"), pretty(json)))
                .orElse(Html.EMPTY);
        String title = text.get("run.title", run.jobName(), run.id().value());
        layout.render(ctx, title, Html.of("""
                <h1>{}</h1>
                <table class="facts"><tbody>
                <tr><th scope="row">{}</th><td>{}</td></tr>
                <tr><th scope="row">{}</th><td>{}</td></tr>
                <tr><th scope="row">{}</th><td>{}</td></tr>
                <tr><th scope="row">{}</th><td>{}</td></tr>
                <tr><th scope="row">{}</th><td>{}</td></tr>
                <tr><th scope="row">{}</th><td>{}</td></tr>
                <tr><th scope="row">{}</th><td>{}</td></tr>
                <tr><th scope="row">{}</th><td>{}</td></tr>
                </tbody></table>
                {}
                {}
                <h2 id="arguments">{}</h2>
                {}
                {}
                <h2>{}</h2>
                {}
                """, title,
                text.get("runs.job"), Html.of("<a href=\"{}\">{}</a>", "/runs?job=" + Html.pathSegment(run.jobName()), run.jobName()),
                text.get("runs.state"), state(run.state().name(), 0),
                text.get("run.attempt"), run.attempt() + 1,
                text.get("run.previous"), run.previousRunId().map(previous -> Html.of("<a href=\"{}\"><code>{}</code></a>",
                        Formats.link("/runs/", previous.value()), previous.value())).orElse(Html.of("—")),
                text.get("run.retried-by"), retry.map(next -> Html.of("<a href=\"{}\"><code>{}</code></a> {}", Formats.link("/runs/", next.id().value()),
                        next.id().value(), state(next.state().name(), 0))).orElse(Html.of("—")),
                text.get("runs.started"), Formats.time(run.startedOn(), zone),
                text.get("run.completed"), Formats.time(run.completedOn(), zone),
                text.get("runs.duration"), duration(run.startedOn(), run.completedOn(), !run.state().isTerminal(), now), rerunForm(ctx, run),
                run.errorMessage().map(error -> Html.of("<h2>{}</h2><div class=\"scroll\"><pre class=\"error wrap\">{}</pre></div>", text.get("runs.error"), error))
                        .orElse(Html.EMPTY),
                text.get("runs.arguments"), arguments, summary, text.get("run.log"), log(run)));
    }

    /** A form that starts the job again with the run's arguments, once the run has ended. */
    private Html rerunForm(Context ctx, JobRun run) {
        if (!run.state().isTerminal()) {
            return Html.EMPTY;
        }
        return Html.of("<form class=\"inline\" method=\"post\" action=\"{}\">{}<button type=\"submit\">{}</button> <span class=\"meta\">{}</span></form>",
                Formats.link("/runs/", run.id().value()) + "/rerun", Layout.tokenField(ctx), layout.messages().get("run.rerun"),
                layout.messages().get("run.rerun-help"));
    }

    /** {@code POST /runs/<id>/rerun}: a new run of the same job with the same arguments; then its page. */
    private void rerun(Context ctx) {
        JobRun run = jobRun(ctx.pathParam("id")).orElseThrow(() -> unknown(ctx.pathParam("id")));
        if (!run.state().isTerminal()) {
            throw LagoaException.userError("%s", layout.messages().get("run.rerun-running", run.id().value()));
        }
        JobRun started = sources.jobLauncher().start(new JobRunRequest(run.jobName(), run.arguments()));
        ctx.redirect(Formats.link("/runs/", started.id().value()), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private Optional<JobRun> retryOf(JobRun run) {
        try {
            return sources.jobLauncher().retryOf(run);
        } catch (LagoaException e) {
            return Optional.empty();
        }
    }

    private Optional<String> summary(JobRun run) {
        try {
            return sources.jobLauncher().runSummary(run.id());
        } catch (LagoaException e) {
            if (NOT_A_JOB_RUN.contains(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Html log(JobRun run) {
        Messages text = layout.messages();
        if (run.logLocation().isEmpty()) {
            return Html.of("<p>{}</p>", text.get("run.log-none"));
        }
        String location = run.logLocation().get();
        RunLog log = RunLog.read(sources.home(), location);
        return switch (log.status()) {
            case OUTSIDE -> Html.of("<p>{}</p>", text.get("run.log-outside", location));
            case MISSING -> Html.of("<p>{}</p>", text.get("run.log-missing", location));
            case READ -> log.text().isEmpty() && !log.cut() ? Html.of("<p class=\"meta\">{} <code>{}</code></p><p>{}</p>", text.get("run.log-file"),
                    location, text.get("run.log-empty")) : Html.of("""
                    <p class="meta">{} <code>{}</code>{}</p>
                    <div class="scroll"><pre class="log wrap">{}</pre></div>
                    """, text.get("run.log-file"), location,
                    log.cut() ? Html.of(" · <strong>{}</strong>", text.get("run.log-cut", RunLog.LIMIT / 1024, (log.size() + 1023) / 1024)) : Html.EMPTY,
                    log.text());
        };
    }

    private void executionPage(Context ctx, Execution execution) {
        Messages text = layout.messages();
        ZoneId zone = sources.clock().getZone();
        Instant now = sources.clock().instant();
        List<StateTransition> history = sources.executions().history(execution.id());
        List<Execution> children = sources.executions().children(execution.id());
        Optional<StateMachineDefinition> machine = machine(execution.stateMachine());
        ExecutionGraph graph = graph(machine, history, execution.status() == ExecutionStatus.RUNNING);
        Map<String, ExecutionGraph.Node> nodes = graph.nodes().stream().collect(Collectors.toMap(ExecutionGraph.Node::name, Function.identity(),
                (first, second) -> first, LinkedHashMap::new));
        Set<String> childIds = children.stream().map(Execution::id).collect(Collectors.toSet());
        String title = text.get("execution.title", execution.stateMachine(), execution.id());

        Html failing = graph.failing().map(name -> {
            ExecutionGraph.Node node = nodes.get(name);
            String why = node == null ? "" : node.error().orElse("") + node.cause().map(cause -> ": " + firstLine(cause)).orElse("");
            return Html.of("<p class=\"error\" role=\"status\"><strong>{}</strong></p>", text.get("execution.failing", name, why));
        }).orElse(execution.status() == ExecutionStatus.SUCCEEDED || execution.status() == ExecutionStatus.RUNNING ? Html.EMPTY
                : Html.of("<p class=\"error\" role=\"status\"><strong>{}</strong></p>", text.get("execution.failing-none",
                        execution.status().name(), execution.error().orElse("?"))));
        Html stateList = machine.map(definition -> stateList(definition.startAt(), definition.states(), nodes, graph))
                .orElseGet(() -> Html.of("<p>{}</p>{}", text.get("execution.no-definition", execution.stateMachine()),
                        Html.of("<ul class=\"tree\">{}</ul>", Html.join(graph.nodes().stream().map(node -> stateItem(node, List.of(), graph, Html.EMPTY, Html.EMPTY)).toList()))));

        List<Html> historyRows = history.stream().map(transition -> Html.of("""
                <tr class="{}"><td class="num">{}</td><td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td><td>{}</td><td class="num">{}</td><td>{}</td><td>{}</td></tr>
                """, graph.failing().filter(transition.state()::equals).isPresent() && Set.of("FAILED", "CAUGHT").contains(transition.outcome()) ? "failing" : "",
                transition.sequence(), transition.state(), transition.type(), state(transition.outcome(), 0), transition.attempt() + 1,
                Formats.time(transition.enteredAt(), zone), Formats.duration(Duration.between(transition.enteredAt(), transition.exitedAt())),
                transition.resource().map(resource -> resource.startsWith("jr_") || childIds.contains(resource)
                        ? Html.of("<a href=\"{}\"><code>{}</code></a>", Formats.link("/runs/", resource), resource)
                        : Html.of("<code>{}</code>", resource)).orElse(Html.EMPTY),
                transition.error().map(error -> cause(error, transition.cause())).orElse(Html.EMPTY))).toList();
        Html historyTable = historyRows.isEmpty() ? Html.of("<p>{}</p>", text.get("execution.no-history")) : Html.of("""
                <div class="scroll"><table aria-labelledby="history"><thead><tr><th scope="col" class="num">#</th><th scope="col">{}</th><th scope="col">{}</th>
                <th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col">{}</th><th scope="col" class="num">{}</th><th scope="col">{}</th>
                <th scope="col">{}</th></tr></thead><tbody>{}</tbody></table></div>
                """, text.get("execution.state"), text.get("execution.type"), text.get("execution.outcome"), text.get("run.attempt"),
                text.get("execution.entered"), text.get("execution.took"), text.get("execution.resource"), text.get("runs.error"), Html.join(historyRows));
        Html childList = children.isEmpty() ? Html.EMPTY : Html.of("<h2>{}</h2><ul>{}</ul>", text.get("execution.children"),
                Html.join(children.stream().map(child -> Html.of("<li><a href=\"{}\"><code>{}</code></a> {} {}</li>", Formats.link("/runs/", child.id()),
                        child.id(), child.stateMachine(), state(child.status().name(), 0))).toList()));

        layout.render(ctx, title, Html.of("""
                <h1>{}</h1>
                <table class="facts"><tbody>
                <tr><th scope="row">{}</th><td><a href="{}">{}</a> · <a href="{}">{}</a></td></tr>
                <tr><th scope="row">{}</th><td>{}</td></tr>
                <tr><th scope="row">{}</th><td>{}</td></tr>
                <tr><th scope="row">{}</th><td>{}</td></tr>
                <tr><th scope="row">{}</th><td>{}</td></tr>
                <tr><th scope="row">{}</th><td>{}</td></tr>
                </tbody></table>
                {}
                <h2 id="states">{}</h2>
                {}
                <div class="lineage">
                <div id="graph" class="graph" role="img" aria-label="{}" data-src="{}"></div>
                <div class="lineage-lists">{}</div>
                </div>
                {}
                <h2 id="history">{}</h2>
                {}
                <h2>{}</h2>
                <div class="scroll"><pre>{}</pre></div>
                <h2>{}</h2>
                {}
                """, title,
                text.get("runs.machine"), Formats.link("/catalog/state-machines/", execution.stateMachine()), execution.stateMachine(),
                "/runs?machine=" + Html.pathSegment(execution.stateMachine()), text.get("execution.all-of-machine"),
                text.get("runs.status"), state(execution.status().name(), 0),
                text.get("execution.parent"), execution.parentId().map(parent -> Html.of("<a href=\"{}\"><code>{}</code></a>", Formats.link("/runs/", parent),
                        parent)).orElse(Html.of("—")),
                text.get("runs.started"), Formats.time(execution.startedAt(), zone),
                text.get("execution.stopped"), Formats.time(execution.stoppedAt(), zone),
                text.get("runs.duration"), duration(execution.startedAt(), execution.stoppedAt(), execution.status() == ExecutionStatus.RUNNING, now),
                execution.error().map(error -> Html.of("<h2>{}</h2>{}", text.get("runs.error"), Html.of("<p class=\"error\"><code>{}</code></p>{}", error,
                        execution.cause().map(cause -> Html.of("<div class=\"scroll\"><pre class=\"error wrap\">{}</pre></div>", cause)).orElse(Html.EMPTY))))
                        .orElse(Html.EMPTY),
                text.get("execution.states"), failing, text.get("execution.graph", execution.stateMachine()),
                Formats.link("/api/executions/", execution.id()), stateList, childList,
                text.get("execution.history"), historyTable,
                text.get("execution.input"), document(execution.input()),
                text.get("execution.output"), execution.output().map(output -> Html.of("<div class=\"scroll\"><pre>{}</pre></div>", document(output)))
                        .orElse(Html.of("<p>{}</p>", text.get("execution.no-output")))),
                "/webjars/cytoscape/3.33.1/dist/cytoscape.min.js", "execution.js");
    }

    private static ExecutionGraph graph(Optional<StateMachineDefinition> machine, List<StateTransition> history, boolean running) {
        return machine.map(definition -> ExecutionGraph.of(definition, history, running)).orElseGet(() -> ExecutionGraph.ofHistory(history));
    }

    /** The states as nested lists (a Parallel's branches inside it): the text beside the drawing. */
    private Html stateList(String startAt, List<State> states, Map<String, ExecutionGraph.Node> nodes, ExecutionGraph graph) {
        Messages text = layout.messages();
        List<Html> items = new ArrayList<>();
        for (State state : states) {
            ExecutionGraph.Node node = nodes.get(state.name());
            Html inner = Html.EMPTY;
            if (state instanceof State.Parallel parallel) {
                List<Html> branches = new ArrayList<>();
                for (int i = 0; i < parallel.branches().size(); i++) {
                    State.Branch branch = parallel.branches().get(i);
                    branches.add(Html.of("<li>{}{}</li>", text.get("execution.branch", i + 1), stateList(branch.startAt(), branch.states(), nodes, graph)));
                }
                inner = Html.of("<ul class=\"tree\">{}</ul>", Html.join(branches));
            }
            Html start = state.name().equals(startAt) ? Html.of(" <span class=\"badge\">{}</span>", text.get("execution.start")) : Html.EMPTY;
            items.add(stateItem(node, state.transitions(), graph, start, inner));
        }
        return Html.of("<ul class=\"tree\">{}</ul>", Html.join(items));
    }

    private Html stateItem(ExecutionGraph.Node node, List<String> targets, ExecutionGraph graph, Html start, Html branches) {
        Messages text = layout.messages();
        boolean failing = graph.failing().filter(node.name()::equals).isPresent();
        String outcome = text.get("execution.outcome." + node.outcome().key());
        return Html.of("<li{}><strong>{}</strong>{} <span class=\"badge\">{}</span> <span class=\"state {}\">{}</span>{}{}{}{}{}</li>",
                failing ? Html.of(" class=\"failing\"") : Html.EMPTY, node.name(), start, node.type(), node.outcome().key(), outcome,
                failing ? Html.of(" <strong class=\"error\">{}</strong>", text.get("execution.failed-here")) : Html.EMPTY,
                node.attempts() > 1 ? Html.of(" <span class=\"meta\">{}</span>", text.get("execution.attempts", node.attempts())) : Html.EMPTY,
                targets.isEmpty() ? Html.EMPTY : Html.of(" <span class=\"meta\">{} {}</span>", text.get("execution.goes-to"), String.join(", ",
                        new java.util.LinkedHashSet<>(targets))),
                node.error().map(error -> Html.of("<br><span class=\"error\">{}</span>", error + node.cause().map(cause -> ": " + firstLine(cause)).orElse("")))
                        .orElse(Html.EMPTY),
                branches);
    }

    /** An error and its cause: the first line, and the whole cause to unfold when it is longer. */
    private static Html cause(String error, Optional<String> cause) {
        if (cause.isEmpty()) {
            return Html.of("<code>{}</code>", error);
        }
        String first = firstLine(cause.get());
        if (first.equals(cause.get())) {
            return Html.of("<code>{}</code>: {}", error, first);
        }
        return Html.of("<details><summary><code>{}</code>: {}</summary><pre class=\"wrap\">{}</pre></details>", error, first, cause.get());
    }

    /** A JSON document pretty-printed; a long one or one that is not JSON as it is (cut at {@link #DOCUMENT_LIMIT}). */
    private String document(String json) {
        if (json.length() > DOCUMENT_LIMIT) {
            return json.substring(0, DOCUMENT_LIMIT) + "\n" + layout.messages().get("execution.truncated", DOCUMENT_LIMIT / 1024);
        }
        return pretty(json);
    }

    private static String pretty(String json) {
        try {
            JsonNode node = ConsoleServer.JSON.readTree(json);
            return node == null || node.isMissingNode() ? json : ConsoleServer.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            return json;
        }
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode node = ConsoleServer.JSON.readTree(json);
            return node == null || node.isMissingNode() ? ConsoleServer.JSON.getNodeFactory().textNode(json) : node;
        } catch (IOException e) {
            return ConsoleServer.JSON.getNodeFactory().textNode(json);
        }
    }

    /** A state in the CSS colours: {@code <span class="state failed">FAILED#1</span>} (the attempt when it is a retry). */
    private static Html state(String state, int attempt) {
        return Html.of("<span class=\"state {}\">{}</span>", state.toLowerCase(Locale.ROOT), attempt > 0 ? state + "#" + attempt : state);
    }

    private static Html arguments(Map<String, String> arguments) {
        return Html.join(new java.util.TreeMap<>(arguments).entrySet().stream()
                .map(argument -> Html.of("<code>{}={}</code> ", argument.getKey(), argument.getValue())).toList());
    }

    /** The run's duration; while it runs, the time since it started. */
    private static String duration(Instant started, Optional<Instant> stopped, boolean running, Instant now) {
        if (stopped.isPresent()) {
            return Formats.duration(Duration.between(started, stopped.get()));
        }
        return running && !now.isBefore(started) ? Formats.duration(Duration.between(started, now)) : "—";
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline) + " …";
        return line.length() > 240 ? line.substring(0, 239) + "…" : line;
    }

    private Map<String, Object> listDocument(Filter filter) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("job_runs", jobRuns(filter).stream().map(JobRun::document).toList());
        document.put("executions", executions(filter).stream().map(RunsPages::executionSummary).toList());
        return document;
    }

    private Map<String, Object> jobRunDocument(JobRun run) {
        Map<String, Object> document = run.document();
        document.put("summary", summary(run).map(RunsPages::parse).orElse(null));
        return document;
    }

    /** An execution as {@code lagoa sfn executions --json} writes it. */
    private static Map<String, Object> executionSummary(Execution execution) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", execution.id());
        document.put("stateMachine", execution.stateMachine());
        execution.parentId().ifPresent(parent -> document.put("parent", parent));
        document.put("status", execution.status().name());
        document.put("startedAt", execution.startedAt().toString());
        execution.stoppedAt().ifPresent(stopped -> document.put("stoppedAt", stopped.toString()));
        execution.error().ifPresent(error -> document.put("error", error));
        execution.cause().ifPresent(cause -> document.put("cause", cause));
        return document;
    }

    /** An execution as {@code lagoa sfn describe --json} writes it, with the graph of its machine's states. */
    private Map<String, Object> executionDocument(Execution execution) {
        List<StateTransition> history = sources.executions().history(execution.id());
        Map<String, Object> document = executionSummary(execution);
        document.put("input", parse(execution.input()));
        execution.output().ifPresent(output -> document.put("output", parse(output)));
        document.put("history", history.stream().map(transition -> {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("sequence", transition.sequence());
            step.put("state", transition.state());
            step.put("type", transition.type());
            step.put("outcome", transition.outcome());
            step.put("attempt", transition.attempt());
            step.put("enteredAt", transition.enteredAt().toString());
            step.put("exitedAt", transition.exitedAt().toString());
            transition.resource().ifPresent(resource -> step.put("resource", resource));
            transition.error().ifPresent(error -> step.put("error", error));
            transition.cause().ifPresent(cause -> step.put("cause", cause));
            return step;
        }).toList());
        document.put("children", sources.executions().children(execution.id()).stream().map(RunsPages::executionSummary).toList());
        document.put("graph", graph(machine(execution.stateMachine()), history, execution.status() == ExecutionStatus.RUNNING).document());
        return document;
    }
}
