package dev.lagoa.cli.command;

import dev.lagoa.cli.GovernanceWiring;
import dev.lagoa.cli.JobsWiring;
import dev.lagoa.cli.LocalPlatform;
import dev.lagoa.cli.MarketWiring;
import dev.lagoa.cli.QueryWiring;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.job.JobRun;
import dev.lagoa.core.job.JobRunState;
import dev.lagoa.core.pipeline.IbovPipeline;
import dev.lagoa.core.pipeline.QuotesPipeline;
import dev.lagoa.core.query.QueryEngine;
import dev.lagoa.ingest.B3Ingest;
import dev.lagoa.ingest.QuotesIngest;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ibov and petr4 parts of {@code lagoa demo}: ingest from the replayed APIs, then the automation as {@code lagoa
 * serve} runs it — the lake's notifications call the trigger function, which starts the refine job; the job's commits
 * call the catalog function; the tables answer SQL.
 */
final class MarketDemo {
    static final LocalDate IBOV_DAY = LocalDate.parse("2022-12-08");
    private static final Duration PIPELINE_TIMEOUT = Duration.ofMinutes(10);

    private final MarketWiring market;
    private final JobsWiring jobs;
    private final GovernanceWiring governance;
    private final QueryWiring query;
    private final LocalPlatform platform;

    MarketDemo(MarketWiring market, JobsWiring jobs, GovernanceWiring governance, QueryWiring query, LocalPlatform platform) {
        this.market = market;
        this.jobs = jobs;
        this.governance = governance;
        this.query = query;
        this.platform = platform;
    }

    void ibov(URI replay, PrintWriter out) {
        out.printf("%n4. ibov — the B3 IBOV portfolio of %s (a recorded response, served on %s)%n", IBOV_DAY, replay);
        out.flush();
        B3Ingest.Result result = market.b3Ingest(Optional.of(replay)).run("IBOV", IBOV_DAY);
        IngestCommand.B3.print(result, indent(out), false);
        Instant landed = Instant.now();
        awaitPipeline(IbovPipeline.REFINE_JOB, landed, Map.of("ibov_ativos", 1, "ibov_header", 1), out);
        query(out, "PETR4's weight in the index that day",
                "select acao, empresa, participacao_pct, posicao from ibov_ativos where acao = 'PETR4' and data_pregao = DATE '2022-12-08'");
        query(out, "the day's rows and the sum of the weights",
                "select count(*) as acoes, sum(participacao_pct) as soma_pct from ibov_ativos where data = DATE '2022-12-08'");
        query(out, "the five largest weights",
                "select posicao, acao, empresa, participacao_pct from ibov_ativos where data = DATE '2022-12-08' order by posicao limit 5");
    }

    void quotes(URI replay, PrintWriter out) {
        out.printf("%n5. petr4 — PETR4 daily quotes from BRAPI (a recorded response of 21 bars, served on %s)%n", replay);
        out.flush();
        QuotesIngest.Result result = market.quotesIngest(Optional.of(replay)).run("PETR4", "1mo");
        IngestCommand.Brapi.print(result, indent(out), false);
        if (result.landed().isEmpty()) {
            out.printf("   every day was already in the lake: no new object, no event, no run%n");
        } else {
            awaitPipeline(QuotesPipeline.REFINE_JOB, Instant.now(), Map.of("petr4_cotacoes", result.bars(), "petr4_mensal", 1), out);
        }
        query(out, "the last five trading days",
                "select data_pregao, fechamento, retorno_diario, media_movel_5, media_movel_20 from petr4_cotacoes order by data_pregao desc limit 5");
        query(out, "the monthly summary", "select * from petr4_mensal order by year, month");
    }

    /**
     * Scans the lake as {@code lagoa serve} does until the job started after {@code landed} succeeded and each table has
     * at least its expected partitions; a failed run ends the demo with its error.
     */
    private void awaitPipeline(String job, Instant landed, Map<String, Integer> tables, PrintWriter out) {
        long deadline = System.nanoTime() + PIPELINE_TIMEOUT.toNanos();
        Optional<JobRun> reported = Optional.empty();
        while (true) {
            int delivered = platform.notifyCreatedObjects();
            Optional<JobRun> run = jobs.jobLauncher().runs(Optional.of(job), 20).stream()
                    .filter(candidate -> !candidate.startedOn().isBefore(landed.minusSeconds(1)))
                    .reduce((newer, older) -> older);
            if (run.isPresent() && reported.isEmpty()) {
                out.printf("   event → function %s started %s run %s%n", job.equals(IbovPipeline.REFINE_JOB) ? "IbovRefineTrigger" : "QuotesRefineTrigger",
                        job, run.get().id());
                out.flush();
                reported = run;
            }
            if (run.isPresent()) {
                JobRun now = jobs.jobLauncher().get(run.get().id());
                if (now.state().isTerminal() && now.state() != JobRunState.SUCCEEDED && jobs.jobLauncher().retryOf(now).isEmpty()) {
                    throw new LagoaException(ErrorCode.JOB_RUN_FAILED, "The demo's %s run %s ended %s: %s (lagoa jobs logs %s)".formatted(job, now.id(),
                            now.state(), now.errorMessage().orElse("no message"), now.id()));
                }
                if (now.state() == JobRunState.SUCCEEDED && catalogued(tables)) {
                    out.printf("   run %s SUCCEEDED in %s; its commits → function CatalogCommitHandler → tables %s%n", now.id(),
                            now.executionTime().map(MarketDemo::seconds).orElse("?"), String.join(", ", tables.keySet().stream().sorted().toList()));
                    out.flush();
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new LagoaException(ErrorCode.JOB_RUN_TIMEOUT, "The demo's %s pipeline did not finish within %s (lagoa jobs runs shows the runs)"
                        .formatted(job, PIPELINE_TIMEOUT));
            }
            if (delivered == 0) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LagoaException(ErrorCode.JOB_RUN_STOPPED, "Interrupted while the demo waited for " + job, e);
                }
            }
        }
    }

    private boolean catalogued(Map<String, Integer> tables) {
        String database = governance.catalogDatabase();
        return tables.entrySet().stream().allMatch(table -> {
            TableName name = TableName.of(database, table.getKey());
            return governance.catalog().table(name).isPresent() && governance.catalog().partitions(name).size() >= table.getValue();
        });
    }

    private void query(PrintWriter out, String title, String sql) {
        out.printf("%n   lagoa sql \"%s\"   — %s%n", sql, title);
        try (QueryEngine engine = query.queryEngine()) {
            java.io.StringWriter table = new java.io.StringWriter();
            SqlCommand.printTable(engine.query(sql, 50), new PrintWriter(table));
            table.toString().lines().forEach(line -> out.printf("   %s%n", line));
        }
        out.flush();
    }

    private static String seconds(Duration duration) {
        return "%.1f s".formatted(duration.toMillis() / 1000.0);
    }

    private static PrintWriter indent(PrintWriter out) {
        return new PrintWriter(new java.io.Writer() {
            private boolean lineStart = true;

            @Override
            public void write(char[] buffer, int offset, int length) {
                for (int i = offset; i < offset + length; i++) {
                    if (lineStart) {
                        out.write("   ");
                    }
                    out.write(buffer[i]);
                    lineStart = buffer[i] == '\n';
                }
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        }, true);
    }
}
