package dev.lagoa.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.cli.ApiLoadWiring;
import dev.lagoa.cli.LagoaRuntime;
import dev.lagoa.cli.LakeLocations;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The apiload part of lagoa demo, on a real embedded PostgreSQL: the drift, the rename, the rejects and the metrics it shows. */
class ApiLoadDemoIT {
    @TempDir
    Path home;

    private String demo(ApiLoadWiring apiLoad, LakeLocations locations) {
        StringWriter text = new StringWriter();
        ApiLoadDemo.run(apiLoad, locations, new PrintWriter(text, true));
        return text.toString();
    }

    @Test
    void theDemoShowsTheTableEvolvingTheRenameTheRejectsAndTheMetrics() throws IOException {
        // the default configuration: PostgreSQL on a free port
        try (LagoaRuntime lagoa = LagoaRuntime.create(home, Map.of(), Map.of(), Map.of(), Clock.systemUTC())) {
            ApiLoadWiring apiLoad = new ApiLoadWiring(lagoa);
            LakeLocations locations = new LakeLocations(lagoa);
            String out = demo(apiLoad, locations);

            assertThat(out)
                    .contains("day 1 — the first answer", "CREATE_TABLE", "table: clientes(id integer, nome text, idade integer, endereco__cidade text, "
                            + "endereco__uf text)")
                    .contains("ADD_COLUMN         ALTER TABLE \"apiload_demo\".\"clientes\" ADD COLUMN \"email\" text")
                    .contains("rename detected: /nome → /nome_completo (3 of 3 records with a stored '/nome' have the same value in '/nome_completo'), "
                            + "applied: it loads into the column nome")
                    .contains("WIDEN_COLUMN       ALTER TABLE \"apiload_demo\".\"clientes\" ALTER COLUMN \"idade\" TYPE text")
                    .contains("endereco__cep text", "endereco__geo__lat numeric")
                    .contains("not_an_object: ", "missing_primary_key: ", "malformed_json: ")
                    .contains("rejects in the lake: s3://lagoa-apiload/errors/clientes/date=")
                    .contains("lagoa_apiload_rows_read_total{endpoint=\"clientes\"} 13.0")
                    .contains("lagoa_apiload_rows_rejected_total{endpoint=\"clientes\",reason=\"malformed_json\"} 1.0")
                    .contains("lagoa_apiload_pages_rejected_total{endpoint=\"clientes\"} 1.0")
                    .as("the truncated body of day 5 is a rejected page, not a record").contains("0 read, 0 loaded, 0 rejected (+1 of 1 page rejected)")
                    .containsPattern("\\s+4\\s+\\|\\s+Davi Rocha\\s+\\|\\s+52 anos\\s+\\|\\s+davi@example.com.br\\s+\\|\\s+59000-000\\s+\\|\\s+-5.79");
            assertThat(out.lines().filter(line -> line.contains(" completed: ") || line.contains(" failed: ")).count()).isEqualTo(5);

            // run again: the demo starts from a clean schema and shows the same story
            assertThat(demo(apiLoad, locations)).contains("rename detected: /nome → /nome_completo").doesNotContain(" skipped: ");
        }
    }
}
