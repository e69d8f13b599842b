package dev.lagoa.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The console over a test workspace: its guard, escaping, and the pages that read the catalog, search, lineage and SQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleServerTest {
    static {
        // to send another Host, as a rebinding page's requests carry (read when the HTTP client first loads)
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    @TempDir
    static Path home;
    private ConsoleTestSources sources;
    private ConsoleServer server;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    void start() throws Exception {
        sources = new ConsoleTestSources(home);
        server = ConsoleServer.start(sources, 0, false, Locale.ROOT);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private String origin() {
        return "http://127.0.0.1:" + server.uri().getPort();
    }

    /** A session's cookie and token, as a browser gets them from a page. */
    private record Session(String cookie, String token) {}

    private Session session() throws Exception {
        HttpResponse<String> page = get("/sql");
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        Matcher token = Pattern.compile("<meta name=\"lagoa-token\" content=\"([^\"]+)\">").matcher(page.body());
        assertThat(token.find()).isTrue();
        return new Session(cookie, token.group(1));
    }

    private HttpResponse<String> post(String path, String form, Session session, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (session != null) {
            request.header("Cookie", session.cookie());
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theConsoleListensOnLoopbackOnlyAndSendsItsSecurityHeaders() throws Exception {
        assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'", "frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly", "SameSite=Strict");
        assertThat(page.body()).contains("<html lang=\"en\">", "diff", "importau", "diff/publish");
    }

    @Test
    void aRequestForAnotherHostIsRefused() throws Exception {
        // a foreign name rebound to 127.0.0.1 (DNS rebinding) reaches the socket but not the pages
        HttpClient raw = HttpClient.newHttpClient();
        HttpResponse<String> response = raw.send(HttpRequest.newBuilder(server.uri().resolve("/catalog")).header("Host", "evil.example:80").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(421);
        assertThat(response.body()).doesNotContain("bronze_clientes");
    }

    @Test
    void aCrossSitePostChangesNothing() throws Exception {
        Session session = session();
        String form = "_token=" + session.token() + "&tag=finance";
        // another site's form: its Origin, the browser's cookie (SameSite=Strict would not even send it) and no token it can read
        assertThat(post("/datasets/bronze_clientes/tags", "tag=finance", session, "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(post("/datasets/bronze_clientes/tags", form, session, "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(post("/datasets/bronze_clientes/tags", form, session, null).statusCode()).isEqualTo(403);
        assertThat(post("/datasets/bronze_clientes/tags", "tag=finance&_token=wrong", session, origin()).statusCode()).isEqualTo(403);
        assertThat(post("/datasets/bronze_clientes/tags", form, null, origin()).statusCode()).isEqualTo(403);
        assertThat(sources.tagStore().tags(ConsoleTestSources.CLIENTES.name())).noneMatch(tag -> tag.tag().equals("finance"));

        HttpResponse<String> tagged = post("/datasets/bronze_clientes/tags", form, session, origin());
        assertThat(tagged.statusCode()).isEqualTo(303);
        assertThat(sources.tagStore().tags(ConsoleTestSources.CLIENTES.name())).anyMatch(tag -> tag.tag().equals("finance") && tag.by().equals("ana"));
        assertThat(post("/datasets/bronze_clientes/tags/remove", form, session, origin()).statusCode()).isEqualTo(303);
        assertThat(sources.tagStore().tags(ConsoleTestSources.CLIENTES.name())).noneMatch(tag -> tag.tag().equals("finance"));
    }

    @Test
    void aGetChangesNothing() throws Exception {
        assertThat(get("/datasets/bronze_clientes/tags?tag=finance&_token=x").statusCode()).isEqualTo(404);
        assertThat(sources.tagStore().tags(ConsoleTestSources.CLIENTES.name())).noneMatch(tag -> tag.tag().equals("finance"));
    }

    @Test
    void dataIsEscapedAndPersonalDataMasked() throws Exception {
        HttpResponse<String> page = get("/datasets/bronze_clientes");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("<script>alert").doesNotContain("\"onmouseover")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;onmouseover=&quot;x")
                .contains("PII.CPF", "***.456.789-**")
                // the sample row's CPF is masked, its name (escaped) is not personal data by the tags
                .contains("***.***.***-09").doesNotContain("123.456.789-09");
        assertThat(get("/catalog").body()).contains("bronze_clientes", "fato_pedido_correlacionado", "1 PII tag").doesNotContain("<script>alert");
    }

    @Test
    void lineageListsWhatADatasetComesFromAndLeadsThere() throws Exception {
        String page = get("/lineage/fato_pedido_correlacionado").body();
        assertThat(page).contains("href=\"/lineage/bronze_clientes\"", "data-src=\"/api/lineage/fato_pedido_correlacionado\"");
        String graph = get("/api/lineage/fato_pedido_correlacionado").body();
        assertThat(graph).contains("\"source\":\"bronze-clientes\"", "\"target\":\"fato-pedido-correlacionado\"", "\"href\":\"/lineage/bronze_clientes\"");
        assertThat(get("/lineage/no_such_table").statusCode()).isEqualTo(404);
    }

    @Test
    void searchFindsInPortugueseAndMarksTheMatches() throws Exception {
        String page = get("/search?q=risco%20cambial").body();
        assertThat(page).contains("agregado-previsao-demanda-<mark>cambio</mark>");
        assertThat(get("/api/search?q=clientes").body()).contains("\"href\":\"/datasets/bronze_clientes\"");
    }

    @Test
    void sqlRunsOneReadOnlySelectWithTheSessionsToken() throws Exception {
        Session session = session();
        HttpResponse<String> answer = post("/sql", "_token=" + session.token() + "&sql=SELECT+pedido+FROM+fato_pedido_correlacionado", session, origin());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("<td class=\"num\">7</td>", "1 row");
        HttpResponse<String> write = post("/sql", "_token=" + session.token() + "&sql=COPY+(SELECT+1)+TO+%27x.csv%27", session, origin());
        assertThat(write.statusCode()).isEqualTo(400);
        assertThat(write.body()).contains("read-only SELECT");
        assertThat(home.resolve("x.csv")).doesNotExist();
        assertThat(post("/sql", "sql=SELECT+1", session, origin()).statusCode()).isEqualTo(403);
    }

    @Test
    void labelsFollowTheLocale() throws Exception {
        try (ConsoleServer portuguese = ConsoleServer.start(sources, 0, false, Locale.forLanguageTag("pt-BR"))) {
            String page = http.send(HttpRequest.newBuilder(portuguese.uri().resolve("/catalog")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(page).contains("<html lang=\"pt-BR\">", "Catálogo", "Responsável");
        }
    }

    @Test
    void aTakenDefaultPortFallsBackToAFreeOneAndAConfiguredOneFails() {
        int taken = server.uri().getPort();
        try (ConsoleServer other = ConsoleServer.start(sources, taken, true, Locale.ROOT)) {
            assertThat(other.uri().getPort()).isNotEqualTo(taken);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConsoleServer.start(sources, taken, false, Locale.ROOT))
                .hasMessageContaining("Cannot start the console on 127.0.0.1:" + taken);
    }

    @Test
    void htmlEscapesEveryValueButHtml() {
        assertThat(Html.of("<p title=\"{}\">{}</p>{}", "\"'", "<b>&", Html.of("<i>{}</i>", "<"))).hasToString("<p title=\"&quot;&#39;\">&lt;b&gt;&amp;</p><i>&lt;</i>");
        assertThat(URI.create("/x/" + Html.pathSegment("a b/../c"))).hasToString("/x/a%20b%2F..%2Fc");
    }
}
