package dev.lagoa.ingest;

import dev.lagoa.market.MarketErrorCode;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lineage.LineageEmitter;
import dev.lagoa.core.lineage.LineageRun;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.ObjectMetadata;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.ParquetWriter;
import dev.lagoa.core.pipeline.LocationTemplate;
import dev.lagoa.core.pipeline.QuotesPipeline;
import dev.lagoa.market.Problem;
import dev.lagoa.market.brapi.BrapiQuoteClient;
import dev.lagoa.market.brapi.DailyBar;
import dev.lagoa.market.brapi.Quote;
import dev.lagoa.market.brapi.QuoteFetch;
import dev.lagoa.market.brapi.QuoteValidator;
import dev.lagoa.market.http.RawResponse;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code lagoa ingest brapi}: collects a ticker's daily bars from BRAPI, validates them, keeps the response as received
 * ({@code responses/ticker=T/date=D/HHmmss.json}) and lands one Parquet object per trading day at
 * {@code raw/dataset=petr4/ticker=T/year=YYYY/month=MM/day=DD/data.parquet}. A day whose bar is unchanged since it
 * landed is not written again (the object carries a digest of the bar), so the daily run, which asks for a few days
 * of overlap, triggers the refine job only for new or corrected days. A response that fails hard validation lands
 * nothing but the quarantine copy, and the ingest fails with the problems.
 */
public final class QuotesIngest {
    public static final List<TableColumn> RAW_COLUMNS = List.of(
            Landing.column("symbol", "string"), Landing.column("short_name", "string"), Landing.column("long_name", "string"), Landing.column("currency", "string"),
            Landing.column("date", "bigint"), Landing.column("trade_date", "date"), Landing.column("open", "decimal(18,6)"), Landing.column("high", "decimal(18,6)"),
            Landing.column("low", "decimal(18,6)"), Landing.column("close", "decimal(18,6)"), Landing.column("adjusted_close", "decimal(18,6)"), Landing.column("volume", "bigint"),
            Landing.column("used_range", "string"), Landing.column("used_interval", "string"), Landing.column("requested_at", "timestamp"), Landing.column("collected_at", "timestamp"));
    static final String DIGEST = "lagoa-bar-digest";
    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss").withZone(SAO_PAULO);

    /** What an ingest did: the days landed, the days unchanged, the problems found (warnings only, or it failed). */
    public record Result(String ticker, String range, int bars, List<LocalDate> landed, List<LocalDate> unchanged, List<Problem> problems,
            String response, List<String> landedObjects) {}

    /** The step's job in lineage. */
    public static final String LINEAGE_JOB = QuotesPipeline.NAME + "/ingest";

    private final BrapiQuoteClient client;
    private final QuoteValidator validator;
    private final ParquetWriter parquetWriter;
    private final Landing landing;
    private final Clock clock;
    private final LineageEmitter lineage;

    public QuotesIngest(BrapiQuoteClient client, QuoteValidator validator, ObjectStore lake, ParquetWriter parquetWriter, BucketName bucket, Optional<Path> localData,
            Clock clock) {
        this(client, validator, lake, parquetWriter, bucket, localData, clock, LineageEmitter.NONE);
    }

    /** @param lineage where each run is reported: the API it read, the objects it landed */
    public QuotesIngest(BrapiQuoteClient client, QuoteValidator validator, ObjectStore lake, ParquetWriter parquetWriter, BucketName bucket, Optional<Path> localData,
            Clock clock,
            LineageEmitter lineage) {
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.client = requireNonNull(client, "client is null");
        this.validator = requireNonNull(validator, "validator is null");
        this.parquetWriter = requireNonNull(parquetWriter, "parquetWriter is null");
        this.landing = new Landing(lake, bucket, localData);
        this.clock = requireNonNull(clock, "clock is null");
    }


    private IngestListener listener = IngestListener.NONE;

    /** Tells {@code newListener} how far each run has come: fetching, validating, then the days checked and landed. */
    public QuotesIngest withListener(IngestListener newListener) {
        this.listener = requireNonNull(newListener, "newListener is null");
        return this;
    }

    /**
     * Collects and lands the daily bars of {@code ticker} over {@code range}; the run is reported to lineage.
     *
     * @throws LagoaException {@code INVALID_ARGUMENT} for a ticker that is not one ({@link BrapiQuoteClient#ticker}), before
     *         anything is asked or written
     */
    public Result run(String ticker, String range) {
        String symbol = BrapiQuoteClient.ticker(ticker);
        Instant started = clock.instant();
        String runId = JobRunId.newId(started).value();
        List<String> source = List.of(client.settings().baseUrl().toString().replaceAll("/+$", "") + "/api/quote/" + symbol);
        try {
            Result result = collect(symbol, range);
            List<String> outputs = new ArrayList<>(List.of(result.response()));
            outputs.addAll(result.landedObjects());
            lineage.emit(new LineageRun(LINEAGE_JOB, runId, started, clock.instant(), true, source, outputs, Optional.empty()));
            return result;
        } catch (RuntimeException e) {
            lineage.emit(new LineageRun(LINEAGE_JOB, runId, started, clock.instant(), false, source, List.of(), Optional.ofNullable(e.getMessage())));
            throw e;
        }
    }

    private Result collect(String symbol, String range) {
        List<RawResponse> received = new ArrayList<>();
        QuoteFetch fetch;
        try {
            listener.progress("fetching", -1);
            fetch = client.fetch(List.of(symbol), range, BrapiQuoteClient.DEFAULT_INTERVAL, received::add);
        } catch (LagoaException e) {
            if (!received.isEmpty() && e.errorCode() == MarketErrorCode.SOURCE_RESPONSE_INVALID) {
                String kept = quarantine(symbol, received.get(0));
                throw new LagoaException(e.errorCode(), "%s; nothing landed, the response is kept at %s".formatted(e.getMessage(), kept), e);
            }
            throw e;
        }
        listener.progress("validating", -1);
        List<Problem> problems = validator.validate(fetch);
        if (Problem.anyHard(problems)) {
            String kept = quarantine(symbol, fetch.raw());
            throw new LagoaException(MarketErrorCode.SOURCE_RESPONSE_INVALID, "The BRAPI quotes of %s failed validation, nothing landed (kept at %s):%n  %s"
                    .formatted(symbol, kept, String.join("\n  ", problems.stream().filter(Problem::isHard).map(Problem::toString).toList())));
        }
        String lower = symbol.toLowerCase(Locale.ROOT);
        String response = landing.put(LocationTemplate.key(QuotesPipeline.DEFINITION.dataset("petr4-responses").location(),
                Map.of("ticker", lower, "date", LocalDate.now(clock.withZone(SAO_PAULO)).toString())) + TIME.format(fetch.collectedAt()) + ".json", fetch.raw().body(), fetch.raw().mediaType().orElse("application/json"), Map.of());
        Quote quote = fetch.response().results().stream().filter(result -> symbol.equals(result.symbol())).findFirst().orElseThrow();
        List<LocalDate> landed = new ArrayList<>();
        List<String> landedObjects = new ArrayList<>();
        List<LocalDate> unchanged = new ArrayList<>();
        for (DailyBar bar : quote.dailyBars()) {
            listener.progress("landing", landed.size() + unchanged.size());
            String key = LocationTemplate.key(QuotesPipeline.DEFINITION.dataset("petr4-raw").location(), Map.of("ticker", lower,
                    "year", "%04d".formatted(bar.tradeDate().getYear()), "month", "%02d".formatted(bar.tradeDate().getMonthValue()),
                    "day", "%02d".formatted(bar.tradeDate().getDayOfMonth())));
            String digest = digest(quote, bar);
            Optional<ObjectMetadata> existing = landing.lake().metadata(landing.bucket(), ObjectKey.of(key));
            if (existing.isPresent() && digest.equals(existing.get().userMetadata().get(DIGEST))) {
                unchanged.add(bar.tradeDate());
                continue;
            }
            Path parquet = Landing.temporaryParquet();
            try {
                parquetWriter.write(parquet, RAW_COLUMNS, List.of(Arrays.asList(quote.symbol(), quote.shortName(), quote.longName(), quote.currency(),
                        bar.epochSeconds(), bar.tradeDate(), bar.open(), bar.high(), bar.low(), bar.close(), bar.adjustedClose(), bar.volume(),
                        fetch.range(), fetch.interval(), fetch.response().requestedAt(), fetch.collectedAt())));
                landedObjects.add(landing.putFile(key, parquet, Map.of(DIGEST, digest)));
            } finally {
                Landing.delete(parquet);
            }
            landed.add(bar.tradeDate());
        }
        return new Result(symbol, range, quote.dailyBars().size(), landed, unchanged, problems, response, landedObjects);
    }

    /** What makes a day's bar: a new digest means a new or corrected day. */
    static String digest(Quote quote, DailyBar bar) {
        String text = String.join("|", quote.symbol(), String.valueOf(quote.currency()), String.valueOf(bar.epochSeconds()), plain(bar.open()),
                plain(bar.high()), plain(bar.low()), plain(bar.close()), plain(bar.adjustedClose()), String.valueOf(bar.volume()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String plain(BigDecimal value) {
        return value == null ? "null" : value.stripTrailingZeros().toPlainString();
    }

    private String quarantine(String symbol, RawResponse response) {
        String key = "_quarantine/ticker=%s/date=%s/%s.json".formatted(symbol.toLowerCase(Locale.ROOT), LocalDate.now(clock.withZone(SAO_PAULO)),
                TIME.format(clock.instant()));
        return landing.put(key, response.body(), response.mediaType().orElse("application/octet-stream"),
                Map.of("lagoa-request-url", response.url(), "lagoa-status", Integer.toString(response.statusCode())));
    }
}
