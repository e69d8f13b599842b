package dev.lagoa.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.lagoa.cli.ApiLoadWiring;
import dev.lagoa.cli.LagoaCli;
import dev.lagoa.cli.LagoaRuntime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lagoa pg url} and {@code lagoa pg psql} on the workspace's embedded PostgreSQL run by another Lagoa process (here: the test's runtime). */
class PgPsqlIT {
    @TempDir
    Path temp;

    private int lagoa(StringWriter out, StringWriter err, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = temp.resolve("home").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return LagoaCli.execute(System.getenv(), Clock.systemUTC(), new PrintWriter(out, true), new PrintWriter(err, true), all);
    }

    @Test
    void psqlConnectsToTheRunningServerWithThePasswordFromTheEnvironment() throws Exception {
        assumeThat(PgCommand.executable("psql", System.getenv())).as("psql is installed").isPresent();
        try (LagoaRuntime running = LagoaRuntime.create(temp.resolve("home"), Map.of(), Map.of(), Map.of(), Clock.systemUTC())) {
            String jdbcUrl = new ApiLoadWiring(running).postgres().jdbcUrl();
            Path answer = temp.resolve("answer.txt");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();

            int url = lagoa(out, err, "pg", "url");
            int psql = lagoa(out, err, "pg", "psql", "--", "--no-psqlrc", "-A", "-t", "-c", "select 6 * 7", "-o", answer.toString());

            assertThat(url).as(err.toString()).isZero();
            assertThat(out.toString()).startsWith("postgresql://postgres:******@" + jdbcUrl.substring("jdbc:postgresql://".length()));
            assertThat(psql).as(err.toString()).isZero();
            assertThat(Files.readString(answer).strip()).isEqualTo("42");
        }
    }
}
