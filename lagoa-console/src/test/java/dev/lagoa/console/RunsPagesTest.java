package dev.lagoa.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.job.JobRunState;
import dev.lagoa.core.statemachine.Catch;
import dev.lagoa.core.statemachine.ChoiceRule;
import dev.lagoa.core.statemachine.Execution;
import dev.lagoa.core.statemachine.ExecutionStatus;
import dev.lagoa.core.statemachine.State;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.StateTransition;
import dev.lagoa.core.statemachine.TaskTarget;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runs pages on a real console over an in-memory workspace: a job run with its log, a log outside the workspace that
 * must not be read, a log too long to show whole, hostile values in arguments and errors, and an execution that failed
 * in a Parallel's branch and was caught into a Fail state (so the failing state is the branch's task, not the Fail state).
 */
class RunsPagesTest {
    private static final String HOSTILE = "<script>alert('x')</script>";
    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
    private static final JobRunId OK_RUN = JobRunId.of("jr_20261120T120000_00000001");
    private static final JobRunId OUTSIDE_RUN = JobRunId.of("jr_20261120T110000_00000002");
    private static final JobRunId ESCAPING_RUN = JobRunId.of("jr_20261120T100000_00000003");
    private static final JobRunId LONG_RUN = JobRunId.of("jr_20261120T090000_00000004");
    private static final JobRunId LINKED_RUN = JobRunId.of("jr_20261120T080000_00000005");
    private static final String FAILED_EXECUTION = "teste:20261120T120000Z-abcde";
    private static final String CHILD_EXECUTION = "teste:20261120T120001Z-fffff";

    @TempDir
    static Path workspace;

    @TempDir
    static Path elsewhere;

    private static ConsoleServer server;
    private static RunsTestSources sources;
    private static ConsoleServer portuguese;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        Path home = workspace.resolve("home");
        Files.createDirectories(home.resolve("logs"));
        Files.writeString(home.resolve("logs/ok.log"), "Spark começou\n<b>linha do job</b>\nterminou bem\n", StandardCharsets.UTF_8);
        Files.writeString(elsewhere.resolve("secret.log"), "SEGREDO-FORA-DO-WORKSPACE\n", StandardCharsets.UTF_8);
        Files.writeString(workspace.resolve("escaped.log"), "SEGREDO-ACIMA-DO-WORKSPACE\n", StandardCharsets.UTF_8);
        StringBuilder longLog = new StringBuilder("PRIMEIRA-LINHA\n");
        while (longLog.length() < RunLog.LIMIT + 100_000) {
            longLog.append("linha de enchimento do log, para passar de 256 KiB\n");
        }
        longLog.append("ULTIMA-LINHA\n");
        Files.writeString(home.resolve("logs/long.log"), longLog, StandardCharsets.UTF_8);
        Files.createSymbolicLink(home.resolve("logs/linked.log"), elsewhere.resolve("secret.log"));

        sources = new RunsTestSources(home, Clock.fixed(T0.plusSeconds(3600), ZoneId.of("America/Sao_Paulo")), List.of(machine()))
                .run(run(OK_RUN, "lagoa-ibov-refine", Map.of("--date", "2022-12-08", "--nota", HOSTILE), JobRunState.SUCCEEDED, T0,
                        Optional.empty(), home.resolve("logs/ok.log").toString()))
                .summary(OK_RUN, "{\"rows\":{\"ativos\":87}}")
                .run(run(OUTSIDE_RUN, "lagoa-diff", Map.of("--date", "2022-12-08"), JobRunState.FAILED, T0.minusSeconds(3600),
                        Optional.of("Falhou " + HOSTILE), elsewhere.resolve("secret.log").toString()))
                .run(run(ESCAPING_RUN, "lagoa-diff", Map.of(), JobRunState.FAILED, T0.minusSeconds(7200), Optional.of("Falhou"),
                        home.resolve("logs/../../escaped.log").toString()))
                .run(run(LONG_RUN, "lagoa-petr4-refine", Map.of(), JobRunState.SUCCEEDED, T0.minusSeconds(10800), Optional.empty(),
                        home.resolve("logs/long.log").toString()))
                .run(run(LINKED_RUN, "lagoa-diff", Map.of(), JobRunState.SUCCEEDED, T0.minusSeconds(14400), Optional.empty(),
                        home.resolve("logs/linked.log").toString()))
                .execution(new Execution(FAILED_EXECUTION, "teste", Optional.empty(), ExecutionStatus.FAILED, "{\"ok\":true,\"nota\":\"" + HOSTILE.replace("'", "") + "\"}",
                        Optional.empty(), Optional.of("Teste.Falhou"), Optional.of("Carga falhou: " + HOSTILE), T0, Optional.of(T0.plusSeconds(90))),
                        failedHistory())
                .execution(new Execution(CHILD_EXECUTION, "teste", Optional.of(FAILED_EXECUTION), ExecutionStatus.SUCCEEDED, "{}",
                        Optional.of("{}"), Optional.empty(), Optional.empty(), T0.plusSeconds(1), Optional.of(T0.plusSeconds(2))), List.of());
        server = ConsoleServer.start(sources, 0, false, Locale.ROOT);
        portuguese = ConsoleServer.start(sources, 0, false, Locale.forLanguageTag("pt-BR"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (portuguese != null) {
            portuguese.close();
        }
    }

    /** Gerar → Decidir (Choice) → Paralelo (Carregar | Validar, catching into Falhar) → Fim. */
    private static StateMachineDefinition machine() {
        State.Task gerar = task("Gerar", new TaskTarget.ControlPlane("gerar", Map.of()), Optional.of("Decidir"), List.of());
        State.Choice decidir = new State.Choice("Decidir", "", List.of(new ChoiceRule("$.ok", ChoiceRule.Comparison.BOOLEAN_EQUALS, true, "Paralelo")),
                "Falhar");
        State.Parallel paralelo = new State.Parallel("Paralelo", "", List.of(
                new State.Branch("Carregar", List.of(task("Carregar", new TaskTarget.SparkJob("lagoa-ibov-refine", Map.of()), Optional.empty(), List.of()))),
                new State.Branch("Validar", List.of(task("Validar", new TaskTarget.StartExecution("teste"), Optional.empty(), List.of())))),
                List.of(), List.of(new Catch(List.of("States.ALL"), "Falhar", "$.erro")), "$.resultado", Optional.of("Fim"));
        return new StateMachineDefinition("teste", "Uma máquina de teste", "time", Set.of("teste"), "Gerar",
                List.of(gerar, decidir, paralelo, new State.Fail("Falhar", "", "Teste.Falhou", "Carga falhou"), new State.Succeed("Fim", "")), 0);
    }

    private static State.Task task(String name, TaskTarget target, Optional<String> next, List<Catch> catches) {
        return new State.Task(name, "Tarefa " + name, "time", Set.of("teste"), List.of(), List.of(), target, 60, List.of(), catches, "$.r", next);
    }

    private static List<StateTransition> failedHistory() {
        List<StateTransition> history = new ArrayList<>();
        history.add(transition(1, "Gerar", "Task", "SUCCEEDED", Optional.empty(), Optional.empty()));
        history.add(transition(2, "Decidir", "Choice", "SUCCEEDED", Optional.empty(), Optional.of("→ Paralelo")));
        history.add(transition(3, "Validar", "Task", "SUCCEEDED", Optional.empty(), Optional.of(CHILD_EXECUTION)));
        history.add(transition(4, "Carregar", "Task", "FAILED", Optional.of(HOSTILE), Optional.of(OK_RUN.value())));
        history.add(transition(5, "Paralelo", "Parallel", "CAUGHT", Optional.of(HOSTILE), Optional.empty()));
        history.add(transition(6, "Falhar", "Fail", "FAILED", Optional.of("Carga falhou"), Optional.empty()));
        return history;
    }

    private static StateTransition transition(int sequence, String state, String type, String outcome, Optional<String> cause, Optional<String> resource) {
        return new StateTransition(FAILED_EXECUTION, sequence, state, type, outcome, 0, "{}", outcome.equals("FAILED") ? Optional.empty() : Optional.of("{}"),
                cause.map(text -> "States.TaskFailed"), cause, resource, T0.plusSeconds(sequence), T0.plusSeconds(sequence + 1));
    }

    private static JobRun run(JobRunId id, String job, Map<String, String> arguments, JobRunState state, Instant started, Optional<String> error,
            String log) {
        return new JobRun(id, job, 0, Optional.empty(), arguments, state, started, Optional.of(started.plusSeconds(42)), error, Optional.of(log));
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(server, path);
    }

    private static HttpResponse<String> get(ConsoleServer console, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(console.uri().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return ConsoleServer.JSON.readTree(response.body());
    }

    @Test
    void listsJobRunsAndExecutionsNewestFirstWithHostileValuesEscaped() throws Exception {
        HttpResponse<String> response = get("/runs");

        assertThat(response.statusCode()).isEqualTo(200);
        String page = response.body();
        assertThat(page).contains("/runs/" + OK_RUN.value(), "lagoa-ibov-refine", "42.0 s", "/runs/teste%3A20261120T120000Z-abcde", "Teste.Falhou");
        assertThat(page.indexOf(OK_RUN.value())).isLessThan(page.indexOf(OUTSIDE_RUN.value()));
        assertThat(page.indexOf(CHILD_EXECUTION)).isLessThan(page.indexOf(FAILED_EXECUTION));
        // the job runs' arguments and errors, and the execution's cause, all hold a script tag
        assertThat(page).doesNotContain("<script>alert").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    }

    @Test
    void filtersByJobAndByMachine() throws Exception {
        JsonNode byJob = json("/api/runs?job=lagoa-diff");
        assertThat(byJob.get("job_runs")).extracting(run -> run.get("id").asText()).containsExactly(OUTSIDE_RUN.value(), ESCAPING_RUN.value(),
                LINKED_RUN.value());
        assertThat(byJob.get("executions")).isEmpty();

        JsonNode byMachine = json("/api/runs?machine=teste&limit=1");
        assertThat(byMachine.get("job_runs")).isEmpty();
        assertThat(byMachine.get("executions")).extracting(execution -> execution.get("id").asText()).containsExactly(CHILD_EXECUTION);

        JsonNode all = json("/api/runs?limit=2");
        assertThat(all.get("job_runs")).hasSize(2);

        assertThat(get("/runs?machine=nenhuma").statusCode()).isEqualTo(404);
        assertThat(get("/runs?limit=muitos").statusCode()).isEqualTo(400);
        assertThat(get("/runs?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void jobRunPageShowsArgumentsSummaryAndItsLogEscaped() throws Exception {
        HttpResponse<String> response = get("/runs/" + OK_RUN.value());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("--date", "2022-12-08", "Spark começou", "&lt;b&gt;linha do job&lt;/b&gt;", "terminou bem",
                "&quot;ativos&quot; : 87", "SUCCEEDED");
        assertThat(response.body()).doesNotContain("<b>linha do job", "<script>alert");
    }

    @Test
    void aLogOutsideTheWorkspaceIsNotRead() throws Exception {
        String outside = get("/runs/" + OUTSIDE_RUN.value()).body();
        assertThat(outside).doesNotContain("SEGREDO-FORA-DO-WORKSPACE").contains("lies outside the workspace");
        assertThat(outside).contains("Falhou &lt;script&gt;").doesNotContain("<script>alert");

        String escaping = get("/runs/" + ESCAPING_RUN.value()).body();
        assertThat(escaping).doesNotContain("SEGREDO-ACIMA-DO-WORKSPACE").contains("lies outside the workspace");

        String linked = get("/runs/" + LINKED_RUN.value()).body();
        assertThat(linked).doesNotContain("SEGREDO-FORA-DO-WORKSPACE").contains("lies outside the workspace");
    }

    @Test
    void aLongLogShowsOnlyItsEnd() throws Exception {
        String page = get("/runs/" + LONG_RUN.value()).body();

        assertThat(page).contains("ULTIMA-LINHA", "Only the last 256 KiB").doesNotContain("PRIMEIRA-LINHA");
    }

    @Test
    void executionPageNamesTheFailingStateAndLinksItsChildAndJobRun() throws Exception {
        HttpResponse<String> response = get("/runs/" + Html.pathSegment(FAILED_EXECUTION));

        assertThat(response.statusCode()).isEqualTo(200);
        String page = response.body();
        // the branch's task failed first; the Fail state only ended the execution after the Parallel caught the error
        assertThat(page).contains("Failed at state Carregar: States.TaskFailed: &lt;script&gt;");
        assertThat(page).contains("data-src=\"/api/executions/teste%3A20261120T120000Z-abcde\"", "execution.js", "cytoscape.min.js");
        assertThat(page).contains("href=\"/runs/" + OK_RUN.value() + "\"", "href=\"/runs/teste%3A20261120T120001Z-fffff\"");
        assertThat(page).contains("not reached", "failed, caught", "&quot;ok&quot; : true");
        assertThat(page).doesNotContain("<script>alert");
    }

    @Test
    void executionGraphHasTheStatesTheirOutcomesAndTheAllowedTransitions() throws Exception {
        JsonNode graph = json("/api/executions/" + Html.pathSegment(FAILED_EXECUTION)).get("graph");

        assertThat(graph.get("failing").asText()).isEqualTo("Carregar");
        assertThat(graph.get("start_at").asText()).isEqualTo("Gerar");
        Map<String, String> outcomes = new java.util.TreeMap<>();
        graph.get("nodes").forEach(node -> outcomes.put(node.get("id").asText(), node.get("outcome").asText()));
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("Gerar", "succeeded", "Decidir", "succeeded", "Paralelo", "caught",
                "Carregar", "failed", "Validar", "succeeded", "Falhar", "failed", "Fim", "not-reached"));
        List<String> edges = StreamSupport.stream(graph.get("edges").spliterator(), false)
                .map(edge -> edge.get("source").asText() + "-" + edge.get("kind").asText() + "->" + edge.get("target").asText()
                        + (edge.get("taken").asBoolean() ? " taken" : "")).toList();
        assertThat(edges).containsExactlyInAnyOrder("Gerar-next->Decidir taken", "Decidir-choice->Paralelo taken", "Decidir-default->Falhar",
                "Paralelo-branch->Carregar taken", "Paralelo-branch->Validar taken", "Paralelo-next->Fim", "Paralelo-catch->Falhar taken");
    }

    @Test
    void jobRunJsonCarriesItsSummary() throws Exception {
        JsonNode run = json("/api/runs/" + OK_RUN.value());

        assertThat(run.get("job").asText()).isEqualTo("lagoa-ibov-refine");
        assertThat(run.at("/summary/rows/ativos").asInt()).isEqualTo(87);
        assertThat(run.at("/arguments/--nota").asText()).isEqualTo(HOSTILE);
    }

    @Test
    void anEndedRunStartsAgainWithItsArgumentsFromItsPageOnly() throws Exception {
        HttpResponse<String> page = get("/runs/" + OK_RUN.value());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_token\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).as("the page's rerun form").isTrue();
        String origin = "http://127.0.0.1:" + server.uri().getPort();
        java.util.function.BiFunction<String, String, HttpRequest> post = (form, from) -> HttpRequest.newBuilder(server.uri().resolve("/runs/" + OK_RUN.value() + "/rerun"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie).header("Origin", from)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        int before = sources.jobLauncher().runs(Optional.empty(), 100).size();

        assertThat(HTTP.send(post.apply("_token=" + token.group(1), "http://evil.example"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        assertThat(HTTP.send(post.apply("_token=wrong", origin), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        assertThat(sources.jobLauncher().runs(Optional.empty(), 100)).hasSize(before);

        HttpResponse<String> started = HTTP.send(post.apply("_token=" + token.group(1), origin), HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).isEqualTo(303);
        String location = started.headers().firstValue("Location").orElseThrow();
        JobRun again = sources.jobLauncher().get(JobRunId.of(location.substring("/runs/".length())));
        assertThat(again.jobName()).isEqualTo("lagoa-ibov-refine");
        assertThat(again.arguments()).containsEntry("--date", "2022-12-08").containsEntry("--nota", HOSTILE);
        // a run that has not ended offers no form
        assertThat(get(location).body()).doesNotContain("/rerun");
    }

    @Test
    void unknownIdsAreNotFound() throws Exception {
        assertThat(get("/runs/jr_20261120T000000_deadbeef").statusCode()).isEqualTo(404);
        assertThat(get("/runs/" + Html.pathSegment("teste:nao-existe")).statusCode()).isEqualTo(404);
        assertThat(get("/api/runs/" + Html.pathSegment(FAILED_EXECUTION)).statusCode()).isEqualTo(404);
        assertThat(get("/api/executions/" + OK_RUN.value()).statusCode()).isEqualTo(404);
        assertThat(get("/runs/" + Html.pathSegment("<script>")).body()).doesNotContain("<script>");
    }

    @Test
    void everyLabelHasItsPortugueseText() throws Exception {
        HttpResponse<String> list = get(portuguese, "/runs");
        HttpResponse<String> jobRun = get(portuguese, "/runs/" + OUTSIDE_RUN.value());
        HttpResponse<String> execution = get(portuguese, "/runs/" + Html.pathSegment(FAILED_EXECUTION));
        HttpResponse<String> unknown = get(portuguese, "/runs/jr_20261120T000000_deadbeef");

        assertThat(List.of(list.statusCode(), jobRun.statusCode(), execution.statusCode(), unknown.statusCode())).containsExactly(200, 200, 200, 404);
        assertThat(list.body()).contains("Execuções de jobs", "Execuções de máquinas de estado");
        assertThat(jobRun.body()).contains("fica fora do workspace", "Tentativa anterior");
        assertThat(execution.body()).contains("Falhou no estado Carregar", "não alcançado", "a execução falhou aqui");
        assertThat(unknown.body()).contains("Nenhuma execução de job ou de máquina de estado jr_20261120T000000_deadbeef");
    }
}
