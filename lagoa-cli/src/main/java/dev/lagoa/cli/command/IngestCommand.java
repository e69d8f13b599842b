package dev.lagoa.cli.command;

import dev.lagoa.cli.MarketWiring;
import dev.lagoa.cli.ServeLock;
import dev.lagoa.core.pipeline.IbovPipeline;
import dev.lagoa.core.pipeline.QuotesPipeline;
import dev.lagoa.core.LagoaException;
import dev.lagoa.market.b3.B3PortfolioClient;
import dev.lagoa.market.brapi.BrapiQuoteClient;
import dev.lagoa.ingest.B3Ingest;
import dev.lagoa.ingest.QuotesIngest;
import dev.lagoa.market.Problem;
import java.io.PrintWriter;
import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lagoa ingest b3|brapi}: the ingest steps of the ibov and petr4 pipelines, run now. */
@Command(mixinStandardHelpOptions = true, name = "ingest", description = "Collects market data into the lake's raw layer.",
        subcommands = {IngestCommand.B3.class, IngestCommand.Brapi.class})
public final class IngestCommand {
    /** An option's value checked before anything is wired or asked: the error names the option. */
    static String checked(String option, String value, String rule, UnaryOperator<String> check) {
        try {
            return check.apply(value);
        } catch (LagoaException e) {
            throw LagoaException.userError("Invalid %s '%s': %s", option, value, rule);
        }
    }

    /**
     * What happens next to what an ingest landed: the landed objects' events start the refine job {@code job} when
     * {@code lagoa serve} runs on the workspace; until then the lake keeps them, and serve's first scan sends them.
     */
    static void printNext(ServeLock.Status serve, String job, PrintWriter out) {
        if (serve.pid().isPresent()) {
            out.printf("  next:  lagoa serve (pid %d) starts %s from the new objects' events; follow it with: lagoa --home %s jobs runs%n",
                    serve.pid().get(), job, serve.home());
        } else {
            out.printf("  next:  %s starts when lagoa serve runs on this workspace (the new objects' events wait until then); "
                    + "to run it now: lagoa --home %s serve%n", job, serve.home());
        }
        out.flush();
    }

    @Command(mixinStandardHelpOptions = true, name = "b3",
            description = "Collects an index portfolio from the B3 API, validates it and lands raw/YYYY-MM-DD/ (JSON and Parquet; "
                    + "raw/indice=<CODE>/YYYY-MM-DD/ for an index other than IBOV); the Parquet object triggers the refine job when lagoa serve runs.")
    static final class B3 implements Runnable {
        private final Supplier<MarketWiring> market;

        @Spec
        CommandSpec spec;

        @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Trading day the portfolio is for (default: today in São Paulo).")
        LocalDate date;

        @Option(names = "--index", paramLabel = "CODE", description = "Index code (default: b3.index, IBOV).")
        String index;

        @Option(names = "--base-url", paramLabel = "URL", description = "B3 API base URL for this run (default: b3.base-url).")
        URI baseUrl;

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        B3(Supplier<MarketWiring> market) {
            this.market = market;
        }

        @Override
        public void run() {
            String code = index == null ? null : checked("--index", index, B3PortfolioClient.INDEX_RULE, B3PortfolioClient::indexCode);
            LocalDate day = date == null ? market.get().today() : date;
            String which = code == null ? market.get().b3Index() : code;
            B3Ingest.Result result;
            try (Progress progress = Progress.start(Progress.mode(json), "ingest b3 " + which, "pages", spec.commandLine().getErr())) {
                result = market.get().b3Ingest(Optional.ofNullable(baseUrl)).withListener((stage, done) -> progress.update(stage, done, ""))
                        .run(which, day);
            }
            print(result, spec.commandLine().getOut(), json);
            if (!json && !result.landed().isEmpty()) {
                market.get().serve().ifPresent(serve -> printNext(serve, IbovPipeline.REFINE_JOB, spec.commandLine().getOut()));
            }
        }

        static void print(B3Ingest.Result result, PrintWriter out, boolean json) {
            if (json) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("index", result.index());
                document.put("date", result.date().toString());
                document.put("rows", result.rows());
                document.put("pages", result.pages());
                document.put("text_damaged", result.textDamaged());
                document.put("landed", result.landed());
                document.put("problems", result.problems().stream().map(Problem::toString).toList());
                out.println(Json.write(document));
                return;
            }
            out.printf("B3 %s portfolio for %s: %d assets on %d page%s, valid%s%n", result.index(), result.date(), result.rows(), result.pages(),
                    result.pages() == 1 ? "" : "s", result.problems().isEmpty() ? "" : " with " + result.problems().size() + " warning(s)");
            result.problems().forEach(problem -> out.printf("  %s%n", problem));
            result.localRaw().ifPresent(path -> out.printf("  kept   %s%n", path));
            result.localBronze().ifPresent(path -> out.printf("  kept   %s%n", path));
            result.landed().forEach(uri -> out.printf("  landed %s%n", uri));
            out.flush();
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "brapi",
            description = "Collects a ticker's daily bars from BRAPI and lands one Parquet object per trading day under "
                    + "raw/dataset=petr4/ticker=/year=/month=/day=/; each new or corrected day triggers the refine job.")
    static final class Brapi implements Runnable {
        private final Supplier<MarketWiring> market;

        @Spec
        CommandSpec spec;

        @Option(names = "--ticker", paramLabel = "TICKER", description = "Ticker (default: brapi.ticker, PETR4).")
        String ticker;

        @Option(names = "--range", paramLabel = "RANGE", description = "History to ask for: 5d, 1mo, 3mo, 1y, ... (default: brapi.range).")
        String range;

        @Option(names = "--base-url", paramLabel = "URL", description = "BRAPI base URL for this run (default: brapi.base-url).")
        URI baseUrl;

        @Option(names = "--json", description = "Prints JSON.")
        boolean json;

        Brapi(Supplier<MarketWiring> market) {
            this.market = market;
        }

        @Override
        public void run() {
            String symbol = ticker == null ? null : checked("--ticker", ticker, BrapiQuoteClient.TICKER_RULE, BrapiQuoteClient::ticker);
            String which = symbol == null ? market.get().brapiTicker() : symbol;
            QuotesIngest.Result result;
            try (Progress progress = Progress.start(Progress.mode(json), "ingest brapi " + which, "days", spec.commandLine().getErr())) {
                result = market.get().quotesIngest(Optional.ofNullable(baseUrl)).withListener((stage, done) -> progress.update(stage, done, ""))
                        .run(which, range == null ? market.get().brapiRange() : range);
            }
            print(result, spec.commandLine().getOut(), json);
            if (!json && !result.landed().isEmpty()) {
                market.get().serve().ifPresent(serve -> printNext(serve, QuotesPipeline.REFINE_JOB, spec.commandLine().getOut()));
            }
        }

        static void print(QuotesIngest.Result result, PrintWriter out, boolean json) {
            if (json) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("ticker", result.ticker());
                document.put("range", result.range());
                document.put("bars", result.bars());
                document.put("landed", result.landed().stream().map(LocalDate::toString).toList());
                document.put("unchanged", result.unchanged().stream().map(LocalDate::toString).toList());
                document.put("response", result.response());
                document.put("problems", result.problems().stream().map(Problem::toString).toList());
                out.println(Json.write(document));
                return;
            }
            List<LocalDate> landed = result.landed();
            out.printf("BRAPI %s, range %s: %d daily bars; %d day%s landed%s, %d unchanged%n", result.ticker(), result.range(), result.bars(),
                    landed.size(), landed.size() == 1 ? "" : "s", landed.isEmpty() ? "" : " (" + landed.get(0) + " … " + landed.get(landed.size() - 1) + ")",
                    result.unchanged().size());
            result.problems().forEach(problem -> out.printf("  %s%n", problem));
            out.printf("  response kept at %s%n", result.response());
            out.flush();
        }
    }
}
