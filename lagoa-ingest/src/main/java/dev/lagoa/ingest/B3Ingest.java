package dev.lagoa.ingest;

import dev.lagoa.market.MarketErrorCode;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.job.JobRunId;
import dev.lagoa.core.lineage.LineageEmitter;
import dev.lagoa.core.lineage.LineageRun;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectStore;
import dev.lagoa.core.lake.ParquetWriter;
import dev.lagoa.core.pipeline.IbovPipeline;
import dev.lagoa.core.pipeline.LocationTemplate;
import dev.lagoa.market.Problem;
import dev.lagoa.market.b3.B3PortfolioClient;
import dev.lagoa.market.b3.PortfolioDay;
import dev.lagoa.market.b3.PortfolioHeader;
import dev.lagoa.market.b3.PortfolioPage;
import dev.lagoa.market.b3.PortfolioResult;
import dev.lagoa.market.b3.PortfolioValidator;
import dev.lagoa.market.http.RawResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code lagoa ingest b3}: collects an index's portfolio from the B3 API (every page), validates it, keeps the response
 * as received ({@code raw/YYYY-MM-DD/resposta_b3.json}: each page's body with its request, time and headers) and its
 * faithful Parquet copy ({@code raw/YYYY-MM-DD/dados_originais.parquet}: one row per asset with the header repeated,
 * every value the text B3 sent), and lands both in the lake, Parquet last (its arrival triggers the refine job). That
 * is IBOV's folder; every other index lands in its own, {@code raw/indice=<CODE>/YYYY-MM-DD/}
 * ({@link IbovPipeline.Landing}), so that no index replaces another's day.
 *
 * <p>A response that cannot be read (another locale, truncated, inconsistent pages) or fails hard validation lands
 * nothing under {@code raw/}: it is kept under {@code _quarantine/YYYY-MM-DD/HHmmss-<index>.json} (the requested date,
 * the São Paulo time it was kept) with the problems, and the ingest
 * fails with them.
 */
public final class B3Ingest {
    /** The bronze copy's columns: header and results as B3 sent them, plus where and when they came from. */
    public static final List<TableColumn> BRONZE_COLUMNS = List.of(
            Landing.column("index_code", "string"), Landing.column("page_number", "int"), Landing.column("page_size", "int"), Landing.column("total_records", "int"),
            Landing.column("total_pages", "int"), Landing.column("header_date", "string"), Landing.column("header_text", "string"), Landing.column("header_part", "string"),
            Landing.column("header_part_acum", "string"), Landing.column("header_text_reductor", "string"), Landing.column("header_reductor", "string"),
            Landing.column("header_theorical_qty", "string"), Landing.column("segment", "string"), Landing.column("cod", "string"), Landing.column("asset", "string"),
            Landing.column("type", "string"), Landing.column("part", "string"), Landing.column("part_acum", "string"), Landing.column("theorical_qty", "string"),
            Landing.column("text_damaged", "boolean"), Landing.column("source_url", "string"), Landing.column("collected_at", "timestamp"));
    /** A quarantined response's file is named after the time it was kept, São Paulo time as the BRAPI ingest's. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneId.of("America/Sao_Paulo"));

    /** What an ingest did. */
    public record Result(String index, LocalDate date, int rows, int pages, List<Problem> problems, List<String> landed, Optional<Path> localRaw,
            Optional<Path> localBronze, boolean textDamaged) {}

    private final B3PortfolioClient client;
    private final PortfolioValidator validator;
    private final ParquetWriter parquetWriter;
    private final Landing landing;
    private final Clock clock;
    private final LineageEmitter lineage;

    public B3Ingest(B3PortfolioClient client, PortfolioValidator validator, ObjectStore lake, ParquetWriter parquetWriter, BucketName bucket, Optional<Path> localData,
            Clock clock) {
        this(client, validator, lake, parquetWriter, bucket, localData, clock, LineageEmitter.NONE);
    }

    /** @param lineage where each run is reported: the API it read, the objects it landed */
    public B3Ingest(B3PortfolioClient client, PortfolioValidator validator, ObjectStore lake, ParquetWriter parquetWriter, BucketName bucket, Optional<Path> localData,
            Clock clock,
            LineageEmitter lineage) {
        this.client = requireNonNull(client, "client is null");
        this.validator = requireNonNull(validator, "validator is null");
        this.parquetWriter = requireNonNull(parquetWriter, "parquetWriter is null");
        this.landing = new Landing(lake, bucket, localData);
        this.clock = requireNonNull(clock, "clock is null");
        this.lineage = requireNonNull(lineage, "lineage is null");
    }

    /** The step's job in lineage. */
    public static final String LINEAGE_JOB = IbovPipeline.NAME + "/ingest";

    private IngestListener listener = IngestListener.NONE;

    /** Tells {@code newListener} how far each run has come: the pages received, then validating and landing. */
    public B3Ingest withListener(IngestListener newListener) {
        this.listener = requireNonNull(newListener, "newListener is null");
        return this;
    }

    /** Collects, validates and lands the portfolio of {@code index} for {@code date}; the run is reported to lineage. */
    public Result run(String index, LocalDate date) {
        Instant started = clock.instant();
        String runId = JobRunId.newId(started).value();
        List<String> source = List.of(client.settings().baseUrl().toString().replaceAll("/+$", "") + "/indexProxy/indexCall/GetPortfolioDay");
        try {
            Result result = collect(index, date);
            lineage.emit(new LineageRun(LINEAGE_JOB, runId, started, clock.instant(), true, source, result.landed(), Optional.empty()));
            return result;
        } catch (RuntimeException e) {
            lineage.emit(new LineageRun(LINEAGE_JOB, runId, started, clock.instant(), false, source, List.of(), Optional.ofNullable(e.getMessage())));
            throw e;
        }
    }


    private Result collect(String index, LocalDate date) {
        List<RawResponse> received = new ArrayList<>();
        PortfolioDay day;
        try {
            listener.progress("fetching", 0);
            day = client.fetch(index, date, response -> {
                received.add(response);
                listener.progress("fetching", received.size());
            });
        } catch (LagoaException e) {
            if (!received.isEmpty() && e.errorCode() == MarketErrorCode.SOURCE_RESPONSE_INVALID) {
                String kept = quarantine(index, date, received, List.of(Problem.hard("response", e.getMessage())));
                throw new LagoaException(e.errorCode(), "%s; nothing landed, the response is kept at %s".formatted(e.getMessage(), kept), e);
            }
            throw e;
        }
        listener.progress("validating", -1);
        List<Problem> problems = validator.validate(day);
        if (Problem.anyHard(problems)) {
            String kept = quarantine(index, date, day.responses(), problems);
            throw new LagoaException(MarketErrorCode.SOURCE_RESPONSE_INVALID, "The B3 portfolio of %s for %s failed validation, nothing landed (kept at %s):%n  %s"
                    .formatted(index, date, kept, String.join("\n  ", problems.stream().filter(Problem::isHard).map(Problem::toString).toList())));
        }
        listener.progress("landing", -1);
        IbovPipeline.Landing where = IbovPipeline.Landing.of(day.index(), date.toString());
        String rawKey = where.rawKey();
        String bronzeKey = where.bronzeKey();
        List<String> landed = new ArrayList<>();
        landed.add(landing.put(rawKey, Landing.json(envelope(day.index(), date, day.responses(), problems)),
                "application/json", Map.of()));
        Path parquet = Landing.temporaryParquet();
        try {
            parquetWriter.write(parquet, BRONZE_COLUMNS, bronzeRows(day));
            landed.add(landing.putFile(bronzeKey, parquet, Map.of("lagoa-index", day.index(), "lagoa-rows",
                    Integer.toString(day.results().size()))));
        } finally {
            Landing.delete(parquet);
        }
        return new Result(day.index(), date, day.results().size(), day.pages().size(), problems, landed,
                landing.localCopy(rawKey), landing.localCopy(bronzeKey), day.textDamaged());
    }

    /** One row per asset, the header repeated, every value as B3 sent it. */
    static List<List<Object>> bronzeRows(PortfolioDay day) {
        PortfolioHeader.Raw header = day.header().raw();
        List<List<Object>> rows = new ArrayList<>();
        for (PortfolioResult result : day.results()) {
            PortfolioResult.Raw raw = result.raw();
            PortfolioPage page = pageOf(day, result);
            rows.add(Arrays.asList(day.index(), page.pageNumber(), page.pageSize(), page.totalRecords(), page.totalPages(), header.date(), header.text(),
                    header.part(), header.partAcum(), header.textReductor(), header.reductor(), header.theoricalQty(), raw.segment(), raw.cod(),
                    raw.asset(), raw.type(), raw.part(), raw.partAcum(), raw.theoricalQty(), day.textDamaged(),
                    day.responses().get(day.pages().indexOf(page)).url(), day.collectedAt()));
        }
        return rows;
    }

    /** The page a result came on: rows are numbered from 0 across pages, each page holding pageSize of them. */
    private static PortfolioPage pageOf(PortfolioDay day, PortfolioResult result) {
        int pageSize = Math.max(1, day.pages().get(0).pageSize());
        return day.pages().get(Math.min(result.row() / pageSize, day.pages().size() - 1));
    }

    /** The faithful raw document: each page's body as B3 sent it (JSON, or text when it was not), with its request and headers. */
    static Map<String, Object> envelope(String index, LocalDate date, List<RawResponse> responses, List<Problem> problems) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("source", "B3 GetPortfolioDay");
        document.put("index", index);
        document.put("requested_date", date.toString());
        document.put("language", B3PortfolioClient.LANGUAGE);
        List<Map<String, Object>> pages = new ArrayList<>();
        for (RawResponse response : responses) {
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("request_url", response.url());
            page.put("status", response.statusCode());
            page.put("received_at", response.receivedAt().toString());
            page.put("attempts", response.attempts());
            page.put("headers", response.headers());
            RawResponse.DecodedBody body = response.decode();
            page.put("charset", body.charset().name());
            page.put("malformed_characters", body.malformed());
            Optional<JsonNode> json = asJson(body.text());
            if (json.isPresent()) {
                page.put("body", json.get());
            } else {
                page.put("body_base64", Base64.getEncoder().encodeToString(response.body()));
            }
            pages.add(page);
        }
        document.put("pages", pages);
        document.put("problems", problems.stream().map(Problem::toString).toList());
        return document;
    }

    private static Optional<JsonNode> asJson(String text) {
        try {
            JsonNode node = Landing.JSON.readTree(text);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private String quarantine(String index, LocalDate date, List<RawResponse> responses, List<Problem> problems) {
        String key = LocationTemplate.key(IbovPipeline.DEFINITION.dataset("ibov-quarantine").location(), Map.of("date", date.toString()))
                + "%s-%s.json".formatted(TIME.format(clock.instant()), index.toLowerCase(java.util.Locale.ROOT));
        return landing.put(key, Landing.json(envelope(index, date, responses, problems)), "application/json", Map.of());
    }
}
