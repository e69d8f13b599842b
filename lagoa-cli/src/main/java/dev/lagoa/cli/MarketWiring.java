package dev.lagoa.cli;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.market.MarketDataConfig;
import dev.lagoa.core.config.Profile;
import dev.lagoa.core.lake.ParquetWriter;
import dev.lagoa.core.lineage.LineageEmitter;
import dev.lagoa.duckdb.DuckDbParquetWriter;
import dev.lagoa.governance.lineage.OpenLineageFileEmitter;
import dev.lagoa.ingest.B3Ingest;
import dev.lagoa.ingest.QuotesIngest;
import dev.lagoa.market.b3.B3ClientSettings;
import dev.lagoa.market.b3.B3PortfolioClient;
import dev.lagoa.market.b3.PortfolioValidator;
import dev.lagoa.market.brapi.BrapiClientSettings;
import dev.lagoa.market.brapi.BrapiQuoteClient;
import dev.lagoa.market.brapi.QuoteValidator;
import dev.lagoa.market.http.Sleeper;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The wiring of the market data pipelines' ingests ({@code lagoa ingest}, their schedules, the demo): the B3 portfolio
 * of the ibov pipeline and the BRAPI quotes of the petr4 pipeline, with their settings ({@code b3.*}, {@code brapi.*},
 * {@code market.*}). Arguments are never null; the adapters are created on first use and may throw
 * {@code LagoaException} then.
 */
public final class MarketWiring {
    private static final ParquetWriter PARQUET_WRITER = new DuckDbParquetWriter();
    private final LagoaRuntime runtime;

    /** Throws {@code NullPointerException} for a null runtime. */
    public MarketWiring(LagoaRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    /** Today in {@code lagoa.time-zone} (America/Sao_Paulo unless configured). */
    public LocalDate today() {
        return LocalDate.now(runtime.clock());
    }

    /** The ibov pipeline's ingest, with the B3 API at {@code baseUrl} when given ({@code b3.base-url} otherwise). */
    public B3Ingest b3Ingest(Optional<URI> baseUrl) {
        B3ClientSettings settings = B3ClientSettings.from(runtime.configuration());
        B3PortfolioClient client = new B3PortfolioClient(baseUrl.map(settings::withBaseUrl).orElse(settings), runtime.clock(), Sleeper.SYSTEM);
        return new B3Ingest(client, new PortfolioValidator(), runtime.objectStore(), PARQUET_WRITER, runtime.lakeConfig().b3Bucket(), localData(),
                runtime.clock(), lineageEmitter());
    }

    /** The petr4 pipeline's ingest, with BRAPI at {@code baseUrl} when given ({@code brapi.base-url} otherwise). */
    public QuotesIngest quotesIngest(Optional<URI> baseUrl) {
        BrapiClientSettings settings = BrapiClientSettings.from(runtime.configuration());
        BrapiQuoteClient client = new BrapiQuoteClient(baseUrl.map(settings::withBaseUrl).orElse(settings), runtime.clock(), Sleeper.SYSTEM);
        return new QuotesIngest(client, new QuoteValidator(runtime.clock()), runtime.objectStore(), PARQUET_WRITER, runtime.lakeConfig().brapiBucket(),
                localData(), runtime.clock(), lineageEmitter());
    }

    public String b3Index() {
        return MarketDataConfig.from(runtime.configuration()).b3Index();
    }

    public String brapiTicker() {
        return MarketDataConfig.from(runtime.configuration()).brapiTicker();
    }

    public String brapiRange() {
        return MarketDataConfig.from(runtime.configuration()).brapiRange();
    }

    /**
     * Locally, who starts the refine jobs of what an ingest lands: the workspace and the process id of its
     * {@code lagoa serve} (empty when none runs). Empty on AWS, where S3 itself sends the events.
     */
    public Optional<ServeLock.Status> serve() {
        return runtime.profile() == Profile.LOCAL ? Optional.of(ServeLock.status(runtime.home())) : Optional.empty();
    }

    /** Locally, ingests keep a copy of what they land under the workspace's {@code data/} (the lake's layout). */
    private Optional<Path> localData() {
        return runtime.profile() == Profile.LOCAL ? Optional.of(runtime.home().resolve("data")) : Optional.empty();
    }

    /** Where the ingests report their runs: OpenLineage events in the workspace locally; none yet on AWS. */
    private LineageEmitter lineageEmitter() {
        return runtime.profile() == Profile.LOCAL ? new OpenLineageFileEmitter(runtime.folders().lineageEvents()) : LineageEmitter.NONE;
    }
}
