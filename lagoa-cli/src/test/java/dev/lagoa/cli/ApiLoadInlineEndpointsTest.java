package dev.lagoa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code apiload.endpoints}: the endpoints inline, as the deployed loader's task gets them, instead of the file. */
class ApiLoadInlineEndpointsTest {
    @TempDir
    Path home;

    record Run(int status, String out, String err) {}

    private Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        int status = LagoaCli.execute(environment, Clock.fixed(Instant.parse("2026-12-06T04:00:00Z"), ZoneOffset.UTC), new PrintWriter(out, true),
                new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void theInlineEndpointsWinOverTheFile() throws Exception {
        Files.writeString(home.resolve("apiload-endpoints.json"), """
                {"endpoints": [{"name": "from-the-file", "url": "https://api.example.com/a", "primary-key": ["id"]}]}
                """);
        String inline = "{\"endpoints\": [{\"name\": \"github-issues\", \"url\": \"https://api.github.com/repos/apache/spark/issues\", "
                + "\"primary-key\": [\"id\"], \"schedule\": \"0 6 * * ? *\"}]}";

        Run run = run(Map.of("LAGOA_APILOAD_ENDPOINTS", inline), "apiload", "run", "from-the-file");

        assertThat(run.status()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown endpoint 'from-the-file'; defined: [github-issues]");
    }

    @Test
    void inlineEndpointsThatAreNotJsonAreAConfigurationError() {
        Run run = run(Map.of(), "-c", "apiload.endpoints={\"endpoints\": [", "apiload", "run");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("The endpoints of apiload.endpoints are not JSON").doesNotContain("Exception");
    }
}
