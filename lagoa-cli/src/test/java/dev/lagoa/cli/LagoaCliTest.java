package dev.lagoa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LagoaCliTest {
    @TempDir
    Path temp;

    record Run(int status, String out, String err) {}

    Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = temp.resolve("home").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int status = LagoaCli.execute(environment, Clock.fixed(Instant.parse("2026-11-22T02:30:00Z"), ZoneOffset.UTC),
                new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void configDescribeListsEveryKeyWithItsVariable() {
        Run run = run(Map.of(), "config", "describe");

        assertThat(run.status()).isZero();
        for (var field : LagoaRuntime.fields()) {
            assertThat(run.out()).contains(field.name(), field.environmentVariable());
        }
    }

    @Test
    void theConfigurationReferenceIsGeneratedFromTheCode() throws java.io.IOException {
        Path page = Path.of("..", "docs", "configuration.md");

        assertThat(java.nio.file.Files.readString(page))
                .as("docs/configuration.md is out of date: run ./lagoa config describe --markdown > docs/configuration.md")
                .isEqualTo(run(Map.of(), "config", "describe", "--markdown").out());
    }

    @Test
    void configShowMasksSecretsAndNamesSources() {
        Run run = run(Map.of("LAGOA_AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "LAGOA_AWS_SECRET_ACCESS_KEY", "very-secret"),
                "-c", "lake.diffs-bucket=minha-lagoa", "config", "show");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain("very-secret").contains("******")
                .containsPattern("lake.diffs-bucket\\s+minha-lagoa\\s+\\(command line\\)")
                .containsPattern("aws.secret-access-key\\s+\\*+\\s+\\(environment\\)");
    }

    @Test
    void configShowAndPgUrlMaskAPasswordWrittenInsideTheJdbcUrl() {
        String url = "jdbc:postgresql://loader:hunter2@db.example.com:5432/lagoa?password=hunter2";

        Run show = run(Map.of("LAGOA_POSTGRES_JDBC_URL", url), "config", "show");
        Run json = run(Map.of("LAGOA_POSTGRES_JDBC_URL", url), "config", "show", "--json");
        Run pg = run(Map.of("LAGOA_POSTGRES_JDBC_URL", url), "pg", "url");

        assertThat(show.status()).as(show.err()).isZero();
        assertThat(show.out()).doesNotContain("hunter2")
                .contains("postgres.jdbc-url", "jdbc:postgresql://loader:******@db.example.com:5432/lagoa?password=******");
        assertThat(json.out()).doesNotContain("hunter2");
        assertThat(pg.out() + pg.err()).doesNotContain("hunter2");
    }

    @Test
    void everyConfigurationProblemIsReportedAtOnce() {
        Run run = run(Map.of("LAGOA_JOBS_MAX_CONCURRENT_RUNS", "0"), "-c", "lake.diffs-bucket=bucket_diffs", "-c", "nope.key=1", "config", "show");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("Error: Invalid configuration (3 problems)")
                .contains("jobs.max-concurrent-runs = 0 (from environment): must be at least 1")
                .contains("underscores are not allowed")
                .contains("unknown key 'nope.key'");
    }

    @Test
    void pipelinesShowPrintsTheDeclaration() {
        Run run = run(Map.of(), "pipelines", "show", "diff");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("snapshot-yesterday", "s3://{diffs-bucket}/{date}/", "cron(0 1 * * ? *) America/Sao_Paulo",
                "Spark job lagoa-diff (dev.lagoa.jobs.diff.DiffJob)", "task PublisherMain (ECS on AWS)",
                "job                    lagoa-jobs/src/main/java/dev/lagoa/jobs/diff/DiffJob.java");
        assertThat(run(Map.of(), "pipelines", "show", "nope").err()).contains("Unknown pipeline 'nope'; known: [diff, ibov, petr4, apiload, importau]");
    }

    @Test
    void anEmptyWorkspaceHasNoRuns() throws java.io.IOException {
        java.nio.file.Files.createDirectories(temp.resolve("home/lake"));
        Run run = run(Map.of(), "jobs", "runs");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("No job runs yet.");
        assertThat(run(Map.of(), "jobs", "logs", "jr_nope").err()).contains("No job run jr_nope");
        assertThat(run(Map.of(), "jobs", "logs", "../etc").status()).isEqualTo(2);
    }

    @Test
    void diffRefusesBadArgumentsBeforeStartingAnything() {
        assertThat(run(Map.of(), "diff", "--yesterday", "a", "--today", "b", "--key", "id", "--date", "21/11/2026").err())
                .contains("Invalid --date '21/11/2026': use YYYY-MM-DD");
        assertThat(run(Map.of(), "diff", "--today", "b").status()).isEqualTo(2);
    }

    @Test
    void ingestRefusesATickerOrAnIndexWithSpacesBeforeCallingAnyApi() {
        Run spaced = run(Map.of(), "ingest", "brapi", "--ticker", "PETR4 ");
        assertThat(spaced.status()).isEqualTo(2);
        assertThat(spaced.err()).contains("Invalid --ticker 'PETR4 ': it must be 4 to 6 letters and digits, without spaces (PETR4, TAEE11)")
                .doesNotContain("NoSuchElementException");
        assertThat(run(Map.of(), "ingest", "brapi", "--ticker", "PETR 4").err()).contains("Invalid --ticker 'PETR 4'");
        Run index = run(Map.of(), "ingest", "b3", "--index", "SM LL", "--date", "2025-04-07");
        assertThat(index.status()).isEqualTo(2);
        assertThat(index.err()).contains("Invalid --index 'SM LL': it must be 2 to 12 letters and digits (IBOV, IBXX, SMLL)");
    }

    @Test
    void publishingADayWithoutChangeFilesPublishesNothingUnlessFilesAreRequired() {
        // 2026-11-22T02:30Z is 23:30 of the 21st in São Paulo: "today" is the 21st
        Run run = run(Map.of(), "publish", "diffs");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Nothing to publish for 2026-11-21: no change files under s3://lagoa-diffs/2026-11-21/" + System.lineSeparator());

        Run required = run(Map.of(), "publish", "diffs", "--date", "2026-11-20", "--require-files");
        assertThat(required.status()).isEqualTo(2);
        assertThat(required.err()).startsWith("Error: No change files to publish for 2026-11-20: nothing under s3://lagoa-diffs/2026-11-20/");
        assertThat(run(Map.of(), "publish", "diffs", "--date", "ontem").err()).contains("Invalid --date 'ontem': use YYYY-MM-DD");
    }

    @Test
    void publishingToABrokerThatIsDownFailsAsExternalAfterItsRetries() throws java.io.IOException {
        Path day = temp.resolve("home/lake/lagoa-diffs/2026-11-21");
        java.nio.file.Files.createDirectories(day);
        java.nio.file.Files.writeString(day.resolve("part-00000.json"), "{\"op\":\"c\",\"key\":{\"id\":1},\"after\":{\"id\":1}}\n");
        long start = System.nanoTime();

        Run run = run(Map.of(), "-c", "kafka.bootstrap-servers=127.0.0.1:1", "-c", "kafka.retries=1", "-c", "kafka.retry-backoff=100ms",
                "-c", "kafka.request-timeout=1s", "publish", "diffs", "--date", "2026-11-21");

        assertThat(run.status()).as(run.err()).isEqualTo(3);
        assertThat(run.err()).startsWith("Error: Cannot create topic lagoa-diffs: Kafka at 127.0.0.1:1 did not answer in time")
                .contains("(gave up after 2 attempts: kafka.retries=1, kafka.retry-backoff=PT0.1S, kafka.request-timeout=PT1S)");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(20));
    }

    @Test
    void commandsThatNeedAServiceOfTheWorkspaceSayItDoesNotRunAndHowToStartIt() throws java.io.IOException {
        Path home = temp.resolve("home").toAbsolutePath();
        Path day = java.nio.file.Files.createDirectories(home.resolve("lake/lagoa-diffs/2026-11-21"));
        java.nio.file.Files.writeString(day.resolve("part-00000.json"), "{\"op\":\"c\",\"key\":{\"id\":1},\"after\":{\"id\":1}}\n");

        Run queue = run(Map.of(), "queue", "count", "lagoa-diff-events");
        Run publish = run(Map.of(), "publish", "diffs", "--date", "2026-11-21");
        Run pg = run(Map.of(), "pg", "url");

        assertThat(queue.status()).isEqualTo(2);
        assertThat(queue.err()).isEqualTo("Error: ElasticMQ (SQS) is not running for the workspace %s; start it with: lagoa --home %s serve "
                .formatted(home, home) + "(lagoa demo runs its own while it runs)%n".formatted());
        assertThat(publish.status()).isEqualTo(2);
        assertThat(publish.err()).startsWith("Error: Kafka (KRaft) is not running for the workspace " + home);
        assertThat(pg.status()).isEqualTo(2);
        assertThat(pg.err()).isEqualTo(("Error: No PostgreSQL is running for the workspace %s; lagoa serve runs it when apiload-endpoints.json lists an "
                + "endpoint, or when asked: lagoa --home %s serve --postgres%n").formatted(home, home));
        assertThat(home.resolve("services/postgres/data")).as("pg url starts no server").doesNotExist();
    }

    @Test
    void pgPsqlSaysWhenPsqlIsMissing() {
        Run run = run(Map.of("PATH", temp.resolve("empty").toString(), "LAGOA_POSTGRES_JDBC_URL", "jdbc:postgresql://127.0.0.1:5999/lagoa"),
                "pg", "psql");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("Error: psql is not installed (no psql on the PATH): install the PostgreSQL client");
    }

    @Test
    void pgPsqlGivesPsqlTheAddressOnItsCommandLineAndThePasswordOnlyInItsEnvironment() throws java.io.IOException {
        Path bin = java.nio.file.Files.createDirectories(temp.resolve("bin"));
        Path seen = temp.resolve("psql-saw.txt");
        // a stand-in psql that writes what it was given, and exits with a status of its own
        Path psql = java.nio.file.Files.writeString(bin.resolve("psql"), """
                #!/bin/sh
                printf '%%s\n' "$@" > '%s'
                printf 'PGPASSWORD=%%s\n' "$PGPASSWORD" >> '%s'
                exit 7
                """.formatted(seen, seen));
        psql.toFile().setExecutable(true);

        Run run = run(Map.of("PATH", bin.toString(), "LAGOA_POSTGRES_JDBC_URL", "jdbc:postgresql://db.example.com:5999/lagoa?ssl=true",
                "LAGOA_POSTGRES_USER", "loader", "LAGOA_POSTGRES_PASSWORD", "hunter2"), "pg", "psql", "--", "-c", "select 1");

        assertThat(run.status()).as(run.err()).isEqualTo(7);
        assertThat(run.out() + run.err()).doesNotContain("hunter2");
        assertThat(java.nio.file.Files.readAllLines(seen)).containsExactly("--host", "db.example.com", "--port", "5999", "--username", "loader",
                "--dbname", "lagoa", "-c", "select 1", "PGPASSWORD=hunter2");
    }

    @Test
    void readOnlyCommandsRefuseAHomeThatIsNotAWorkspaceAndCreateNothingThere() {
        Path home = temp.resolve("home").toAbsolutePath();
        for (String[] command : java.util.List.of(new String[] {"jobs", "runs"}, new String[] {"catalog", "list"}, new String[] {"sql", "select 1"},
                new String[] {"search", "ibov"})) {
            Run run = run(Map.of(), command);

            assertThat(run.status()).as(String.join(" ", command) + ": " + run.err()).isEqualTo(2);
            assertThat(run.err()).startsWith("Error: %s is not a Lagoa workspace (it has no lake/ or metadata/ folder); lagoa %s only reads one"
                    .formatted(home, command[0].equals("sql") || command[0].equals("search") ? command[0] : command[0] + " " + command[1]));
        }
        assertThat(home.resolve("lake")).doesNotExist();
        assertThat(home.resolve("lineage")).doesNotExist();
        assertThat(run(Map.of(), "jobs", "runs", "--help").status()).as("help needs no workspace").isZero();
    }

    @Test
    void theGlobalOptionsWorkAfterTheCommandToo() {
        Path elsewhere = temp.resolve("elsewhere").toAbsolutePath();
        StringWriter err = new StringWriter();
        int status = LagoaCli.execute(Map.of(), Clock.systemUTC(), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "jobs", "runs", "--home", elsewhere.toString(), "-c", "lagoa.time-zone=UTC");

        assertThat(status).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).startsWith("Error: %s is not a Lagoa workspace".formatted(elsewhere));
        assertThat(elsewhere).doesNotExist();
    }

    @Test
    void typedOptionValuesSayWhatTheyMustLookLikeWithoutJavaNames() {
        Run date = run(Map.of(), "ingest", "b3", "--date", "ontem");
        Run url = run(Map.of(), "ingest", "brapi", "--base-url", "http://exa mple");
        Run number = run(Map.of(), "sql", "select 1", "--max-rows", "muitas");

        assertThat(date.status()).isEqualTo(2);
        assertThat(date.err()).contains("Invalid value for option '--date': 'ontem' is not a date: use YYYY-MM-DD");
        assertThat(url.err()).contains("Invalid value for option '--base-url': 'http://exa mple' is not a URL: Illegal character in authority");
        assertThat(number.err()).contains("Invalid value for option '--max-rows': 'muitas' is not a whole number");
        assertThat(date.err() + url.err() + number.err()).doesNotContain("java.", "Exception", "LocalDate");
    }
}
