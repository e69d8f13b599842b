package dev.lagoa.cli.command;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.lagoa.cli.LagoaCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lagoa apiload run}'s exit statuses on a real embedded PostgreSQL: 0 for a clean load, 5 for a load with
 * rejects, and 3 for an API that answers an HTML page with 200, every time it does.
 */
class ApiLoadExitCodesIT {
    @TempDir
    Path home;

    private WireMockServer api;

    record Run(int status, String out, String err) {}

    @BeforeEach
    void start() throws IOException {
        api = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        api.stubFor(get(urlPathEqualTo("/clean")).willReturn(okJson("[{\"id\":1,\"nome\":\"Ana\"},{\"id\":2,\"nome\":\"Bia\"}]")));
        // the second record has no primary key: rejected, kept in the rejects file
        api.stubFor(get(urlPathEqualTo("/rejects")).willReturn(okJson("[{\"id\":1,\"nome\":\"Ana\"},{\"nome\":\"sem id\"}]")));
        api.stubFor(get(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html><body><h1>Sistema em manutenção</h1></body></html>")));
        Files.writeString(home.resolve("apiload-endpoints.json"), """
                {"endpoints": [
                  {"name": "clean", "url": "%1$s/clean", "primary-key": ["id"]},
                  {"name": "rejects", "url": "%1$s/rejects", "primary-key": ["id"]},
                  {"name": "down", "url": "%1$s/down", "primary-key": ["id"]}
                ]}
                """.formatted(api.baseUrl()));
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = home.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int status = LagoaCli.execute(Map.of(), Clock.systemUTC(), new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void aCleanLoadExits0ALoadWithRejects5AndAnHtmlPage3EveryTime() {
        Run clean = run("apiload", "run", "clean");
        Run rejects = run("apiload", "run", "rejects");
        Run down = run("apiload", "run", "down");
        Run downAgain = run("apiload", "run", "down");

        assertThat(clean.status()).as(clean.out() + clean.err()).isZero();
        assertThat(rejects.status()).as(rejects.out() + rejects.err()).isEqualTo(ExitCodes.FINISHED_WITH_REJECTS).isEqualTo(5);
        assertThat(rejects.err()).contains("Finished with rejects (exit status 5)").doesNotContain("Error:");
        for (Run html : java.util.List.of(down, downAgain)) {
            assertThat(html.status()).as(html.out() + html.err()).isEqualTo(3);
            assertThat(html.out()).contains("down  load ", " failed: Endpoint down: %s/down answered with text/html, not JSON: <html><body><h1>Sistema em "
                    .formatted(api.baseUrl()) + "manutenção</h1></body></html>; nothing was loaded");
        }
        assertThat(downAgain.out()).doesNotContain("skipped");
    }
}
