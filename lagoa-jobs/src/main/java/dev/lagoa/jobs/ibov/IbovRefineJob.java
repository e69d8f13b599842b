package dev.lagoa.jobs.ibov;

import dev.lagoa.contracts.JobNames;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.lagoa.jobs.GlueArguments;
import dev.lagoa.jobs.JobFailure;
import dev.lagoa.jobs.JobMain;
import dev.lagoa.jobs.JobSession;
import dev.lagoa.jobs.LakeFiles;
import dev.lagoa.jobs.LakeLocations;
import dev.lagoa.jobs.StagingArea;
import dev.lagoa.jobs.TableCommit;
import dev.lagoa.jobs.TableDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refines one day of the IBOV portfolio (the Glue job {@code lagoa-ibov-refine}): reads the bronze Parquet object
 * {@code raw/YYYY-MM-DD/dados_originais.parquet} (B3's {@code GetPortfolioDay} response, one row per result with the
 * header repeated, every value the text B3 sent) and replaces that day in two tables under {@code --target}:
 * {@code ativos/data=YYYY-MM-DD/acao=<TICKER>/} ({@link IbovTables#ATIVOS}) and {@code header/data=YYYY-MM-DD/}
 * ({@link IbovTables#HEADER}). Then it writes one commit manifest per table under {@code --commits}.
 *
 * <p>That is IBOV. With {@code --index} another index (SMLL), the source is {@code raw/indice=SMLL/YYYY-MM-DD/...},
 * {@code --target} the other indexes' root ({@code refined/indices/}), and the day goes to that index's own partition
 * of {@link IbovTables#INDICES_ATIVOS} ({@code ativos/indice=SMLL/data=/acao=/}) and {@link IbovTables#INDICES_HEADER};
 * its history (previous day, presence) is read from that partition only. A raw object whose {@code index_code} is not
 * {@code --index} fails the run: an index is never refined into another's table.
 *
 * <p>Arguments: {@code --source} (the raw object), {@code --date} (the trading day), {@code --index} (IBOV when
 * absent), {@code --target} (the refined
 * root), {@code --commits} (the manifests' root), and the launchers' {@code --JOB_RUN_ID} and {@code --LAGOA_LAKE_ROOT}.
 *
 * <p>The raw values are parsed strictly ({@link PtBrNumber}); the control plane validated them already, so a value
 * that does not parse fails the run, naming the row, column and value, and nothing is written. The header's
 * {@code header_date} ({@code dd/MM/yy}) must be {@code --date}.
 *
 * <p>Columns of {@code ibov_ativos} (files) and how they are computed:
 * <ul>
 *   <li>{@code data_pregao date}: {@code --date}; {@code indice string}: {@code index_code}; {@code empresa string}:
 *       {@code asset}; {@code tipo string}: {@code type} with runs of spaces collapsed ({@code "ON NM"}); {@code setor
 *       string}: {@code segment} (null with segment "1" requests);</li>
 *   <li>{@code participacao_pct decimal(9,3)}: {@code part}, B3's weight, which is by market value (theoretical
 *       quantity × price); {@code participacao_acumulada_setor_pct decimal(9,3)}: {@code part_acum};
 *       {@code qtde_teorica bigint}: {@code theorical_qty};</li>
 *   <li>{@code posicao int}: rank by participation, largest first, ties by ticker;</li>
 *   <li>{@code participacao_recalculada_pct decimal(12,6)}: the participations renormalised to sum exactly 100, and
 *       {@code participacao_qtde_pct decimal(12,6)}: each quantity's share of the day's total quantity, a quantity
 *       share, not B3's price-weighted one. Both are rounded to 6 decimals by the largest remainder method (the units
 *       of 0.000001 left by truncation go to the largest remainders, ties by ticker), so each sums exactly 100;</li>
 *   <li>{@code desvio_participacao_pp decimal(12,6)}: {@code participacao_pct − participacao_recalculada_pct};</li>
 *   <li>{@code participacao_anterior_pct decimal(9,3)}, {@code variacao_participacao_pp decimal(9,3)},
 *       {@code qtde_teorica_anterior bigint}, {@code variacao_qtde_teorica bigint}: against the ticker's row on the
 *       last day before {@code --date} present in the refined table; null when there is none or the ticker was not in it;</li>
 *   <li>{@code data_entrada date}: the first day of the ticker's current continuous presence in the refined history
 *       (the days present in the table before {@code --date}, and this day): a refined day without the ticker breaks
 *       the presence, a day missing from the table does not; {@code dias_no_indice int}: calendar days from
 *       {@code data_entrada} to {@code data_pregao}, 0 on the entry day;</li>
 *   <li>{@code texto_danificado boolean}: one of the row's own texts (ticker, company, type, sector) holds U+FFFD,
 *       where B3's response lost accented letters (computed here: the bronze {@code text_damaged} flag may cover the
 *       repeated header too); {@code coletado_em timestamp}: {@code collected_at}.</li>
 * </ul>
 * Partition keys: {@code data date}, {@code acao string} (the ticker). {@code ibov_header} holds {@code data_pregao},
 * {@code indice}, {@code texto}, {@code participacao_total_pct decimal(9,3)}, {@code texto_redutor}, {@code redutor
 * decimal(24,8)}, {@code qtde_teorica_total bigint}, {@code qtde_acoes int}, {@code soma_participacao_pct
 * decimal(12,3)}, {@code soma_qtde_teorica bigint}, {@code qtde_teorica_confere boolean} (the sum of the results'
 * quantities equals the header's total), {@code texto_danificado boolean} (the header's texts hold U+FFFD) and
 * {@code coletado_em}; partition key {@code data date}.
 *
 * <p>The day is replaced atomically: both tables' partitions are written under {@code <target>/_staging/<run id>/},
 * then each {@code data=} folder is swapped in ({@link StagingArea#replace}). A re-run replaces the whole day (a
 * ticker gone from the portfolio disappears) and touches no other day; later days are not recomputed. The manifests
 * are written last.
 */
public final class IbovRefineJob {
    public static final String JOB_NAME = JobNames.IBOV_REFINE;
    private static final Logger LOG = LoggerFactory.getLogger(IbovRefineJob.class);
    private static final int PROBLEMS_SHOWN = 5;
    private static final String REPLACEMENT_CHARACTER = "\uFFFD";
    private static final DateTimeFormatter HEADER_DATE = DateTimeFormatter.ofPattern("dd/MM/uu").withResolverStyle(ResolverStyle.STRICT);
    /** Shares are computed in units of 0.000001 %: 100 % is 10^8 units. */
    private static final BigDecimal HUNDRED_PERCENT_UNITS = BigDecimal.valueOf(100_000_000L);
    private static final BigDecimal UNITS_PER_PERCENT = BigDecimal.valueOf(1_000_000L);
    private static final DecimalType WHOLE = DataTypes.createDecimalType(38, 0);
    private static final String IBOV = "IBOV";
    private static final java.util.regex.Pattern INDEX = java.util.regex.Pattern.compile("[A-Z0-9]{2,12}");

    private static final PtBrNumber PART = PtBrNumber.percent("part", IbovTables.PERCENT, true);
    private static final PtBrNumber PART_ACUM = PtBrNumber.percent("part_acum", IbovTables.PERCENT, false);
    private static final PtBrNumber THEORICAL_QTY = PtBrNumber.whole("theorical_qty");
    private static final PtBrNumber HEADER_PART = PtBrNumber.percent("header_part", IbovTables.PERCENT, true);
    private static final PtBrNumber HEADER_REDUCTOR = PtBrNumber.decimal("header_reductor", IbovTables.REDUCER);
    private static final PtBrNumber HEADER_THEORICAL_QTY = PtBrNumber.whole("header_theorical_qty");
    private static final List<String> HEADER_COLUMNS = List.of("index_code", "header_date", "header_text", "header_part",
            "header_text_reductor", "header_reductor", "header_theorical_qty");
    /** The raw columns the job reads, with their bronze types. */
    private static final Map<String, DataType> RAW_COLUMNS = rawColumns();

    private final SparkSession spark;

    public IbovRefineJob(SparkSession spark) {
        this.spark = spark;
    }

    public static void main(String[] args) {
        JobMain.runSpark(JOB_NAME, args, Request::from, (spark, request) -> new IbovRefineJob(spark).run(request));
    }

    /**
     * A run's parameters, from Glue-style arguments.
     *
     * @param index the index whose portfolio {@code source} holds ({@code --index}, IBOV when absent)
     */
    public record Request(String source, LocalDate date, String index, String target, String commits, String runId, LakeLocations locations) {
        public static Request from(GlueArguments arguments) {
            LocalDate date = arguments.date("date").orElseThrow(() -> new JobFailure("Missing job argument --date"));
            String index = arguments.optional("index").orElse(IBOV);
            if (!INDEX.matcher(index).matches()) {
                throw new JobFailure("Invalid job argument --index '" + index + "': a B3 index code of 2 to 12 upper-case letters and digits");
            }
            return new Request(arguments.required("source"), date, index, arguments.required("target"), arguments.required("commits"),
                    arguments.runId(), LakeLocations.of(arguments.optional("LAGOA_LAKE_ROOT").orElse(null)));
        }

        /** Whether this is IBOV, whose tables keep the story's layout; any other index has its own partition. */
        boolean isIbov() {
            return IBOV.equals(index);
        }
    }

    /**
     * Refines the day and returns the run's summary.
     *
     * @throws JobFailure when the raw object is missing, of another day, or holds a value that does not parse
     */
    public Map<String, Object> run(Request request) {
        Configuration hadoop = JobSession.configure(spark);
        LakeLocations locations = request.locations();
        LocalDate date = request.date();
        Path source = new Path(request.source());
        LakeFiles sourceFiles = LakeFiles.of(source, hadoop, locations);
        String shownSource = sourceFiles.show(source);
        if (!sourceFiles.exists(source)) {
            throw new JobFailure("No raw object for " + date + ": " + shownSource + " does not exist");
        }

        Dataset<Row> raw = readRaw(source, shownSource);
        long rawRows = checkHeader(raw, date, request.index(), shownSource);
        checkValues(raw, shownSource);

        // IBOV keeps its story's tables (ativos/data=/acao=/); any other index writes the same columns to its own
        // partition of indices_ativos/indices_header (ativos/indice=SMLL/data=/acao=/), and its history is its own
        Path target = new Path(request.target());
        LakeFiles targetFiles = LakeFiles.of(target, hadoop, locations);
        TableDefinition ativosTable = request.isIbov() ? IbovTables.ATIVOS : IbovTables.INDICES_ATIVOS;
        TableDefinition headerTable = request.isIbov() ? IbovTables.HEADER : IbovTables.INDICES_HEADER;
        String indexFolder = request.isIbov() ? "" : "/indice=" + request.index();
        List<String> indexValues = request.isIbov() ? List.of() : List.of(request.index());
        Path ativosTableRoot = new Path(target, "ativos");
        Path headerTableRoot = new Path(target, "header");
        Path ativosRoot = new Path(target, "ativos" + indexFolder);
        Path headerRoot = new Path(target, "header" + indexFolder);
        Dataset<Row> ativos = ativosTable.select(ativos(raw, date, request, ativosRoot, targetFiles), "acao").cache();
        Dataset<Row> header = headerTable.select(header(raw, date));
        try {
            List<String> tickers = ativos.select("acao").as(Encoders.STRING()).collectAsList().stream().sorted().toList();
            if (tickers.size() != rawRows) {
                throw new IllegalStateException("Refined " + tickers.size() + " rows from " + rawRows + " raw rows of " + shownSource);
            }
            Row headerValues = header.first();
            String day = date.toString();
            Path ativosDay = new Path(ativosRoot, "data=" + day);
            Path headerDay = new Path(headerRoot, "data=" + day);
            try (StagingArea staging = new StagingArea(targetFiles.fileSystem(), target, request.runId())) {
                Path stagedAtivos = staging.resolve("ativos" + indexFolder + "/data=" + day);
                Path stagedHeader = staging.resolve("header" + indexFolder + "/data=" + day);
                // one file per ticker, written by every core: Spark's adaptive execution would otherwise merge a day's
                // few rows into one task that writes the ~90 files one after the other
                ativos.repartition(spark.sparkContext().defaultParallelism(), col("acao")).write().partitionBy("acao").parquet(stagedAtivos.toString());
                header.coalesce(1).write().parquet(stagedHeader.toString());
                checkStaged(targetFiles.fileSystem(), stagedAtivos, tickers);
                staging.replace(stagedAtivos, ativosDay);
                staging.replace(stagedHeader, headerDay);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot commit " + day + " to " + targetFiles.showFolder(target) + ": " + e.getMessage(), e);
            }
            LOG.info("Refined the {} portfolio of {} from {}: {} stocks in {}", request.index(), day, shownSource, tickers.size(),
                    targetFiles.showFolder(ativosDay));

            Instant committedAt = Instant.now();
            List<String> ofDay = values(indexValues, day);
            List<TableCommit.Partition> partitions = tickers.stream()
                    .map(ticker -> new TableCommit.Partition(values(ofDay, ticker), targetFiles.showFolder(new Path(ativosDay, "acao=" + ticker))))
                    .toList();
            List<TableCommit> commits = List.of(
                    new TableCommit(ativosTable, targetFiles.showFolder(ativosTableRoot), partitions, List.of(ofDay),
                            tickers.size(), request.runId(), committedAt),
                    new TableCommit(headerTable, targetFiles.showFolder(headerTableRoot),
                            List.of(new TableCommit.Partition(ofDay, targetFiles.showFolder(headerDay))), List.of(ofDay), 1,
                            request.runId(), committedAt));
            Path commitsRoot = new Path(request.commits());
            List<String> manifests = TableCommit.writeAll(commits, LakeFiles.of(commitsRoot, hadoop, locations), commitsRoot, day);

            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("job", JOB_NAME);
            summary.put("run_id", request.runId());
            summary.put("date", day);
            summary.put("index", request.index());
            summary.put("source", shownSource);
            summary.put("rows", tickers.size());
            summary.put("tickers", tickers.size());
            summary.put("partitions_written", partitions.size() + 1);
            Map<String, String> tables = new LinkedHashMap<>();
            commits.forEach(commit -> tables.put(commit.table().name(), commit.location()));
            summary.put("tables", tables);
            summary.put("soma_participacao_pct", headerValues.getAs("soma_participacao_pct").toString());
            summary.put("qtde_teorica_confere", headerValues.getAs("qtde_teorica_confere"));
            summary.put("manifests", manifests);
            return summary;
        } finally {
            ativos.unpersist();
        }
    }

    private Dataset<Row> readRaw(Path source, String shownSource) {
        Dataset<Row> raw = spark.read().parquet(source.toString());
        List<String> problems = LakeFiles.schemaProblems(raw.schema(), RAW_COLUMNS);
        if (!problems.isEmpty()) {
            throw new JobFailure("Raw object " + shownSource + " is not a GetPortfolioDay bronze file: " + String.join("; ", problems));
        }
        return raw.select(col("*"), col("_metadata.row_index").plus(1).as("_row"), col("_metadata.file_name").as("_file"));
    }

    /** {@code values} followed by {@code value}. */
    private static List<String> values(List<String> values, String value) {
        List<String> all = new ArrayList<>(values);
        all.add(value);
        return List.copyOf(all);
    }

    /** Checks that the header is the same in every row, of {@code index} and of {@code date}; returns the number of rows. */
    private static long checkHeader(Dataset<Row> raw, LocalDate date, String expectedIndex, String shownSource) {
        Row facts = raw.agg(count(lit(1)), collect_set(
                struct(HEADER_COLUMNS.stream().map(name -> col(name)).toArray(Column[]::new)))).first();
        long rows = facts.getLong(0);
        if (rows == 0) {
            throw new JobFailure("Raw object " + shownSource + " has no rows");
        }
        List<Row> headers = facts.getList(1);
        if (headers.size() != 1) {
            throw new JobFailure("Raw object " + shownSource + " repeats " + headers.size() + " different headers, where every row must carry the same: "
                    + headers.subList(0, 2));
        }
        Row header = headers.get(0);
        String index = header.getString(0);
        if (index == null || index.isBlank()) {
            throw new JobFailure("Raw object " + shownSource + " has no index_code");
        }
        if (!index.equals(expectedIndex)) {
            throw new JobFailure("Raw object " + shownSource + " is the portfolio of " + index + " (index_code), not of the run's --index "
                    + expectedIndex + ": each index is refined into its own partition, never into another's");
        }
        String headerDate = header.getString(1);
        if (headerDate == null) {
            throw new JobFailure("Raw object " + shownSource + " has no header_date");
        }
        LocalDate portfolioDate;
        try {
            portfolioDate = LocalDate.parse(headerDate, HEADER_DATE);
        } catch (DateTimeParseException e) {
            throw new JobFailure("Raw object " + shownSource + ": header_date '" + headerDate + "' is not a dd/MM/yy date");
        }
        if (!portfolioDate.equals(date)) {
            throw new JobFailure("Raw object " + shownSource + " is the portfolio of " + portfolioDate + " (header_date '" + headerDate
                    + "'), not of the run's --date " + date);
        }
        List<String> problems = new ArrayList<>();
        for (PtBrNumber number : List.of(HEADER_PART, HEADER_REDUCTOR, HEADER_THEORICAL_QTY)) {
            String value = header.getString(HEADER_COLUMNS.indexOf(number.column()));
            String problem = number.check(value);
            if (problem != null) {
                problems.add("column " + number.column() + (value == null ? " " : " '" + value + "' ") + problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new JobFailure("Raw object " + shownSource + " has an invalid header: " + String.join("; ", problems));
        }
        return rows;
    }

    /** Fails naming the first rows whose values do not parse, or whose ticker is invalid or repeated. */
    private static void checkValues(Dataset<Row> raw, String shownSource) {
        Dataset<Row> problems = null;
        Column repeated = count(lit(1)).over(Window.partitionBy("cod"));
        Map<String, Column> checks = new LinkedHashMap<>();
        checks.put("cod", when(col("cod").isNull(), lit("is missing"))
                .when(not(col("cod").rlike("^[A-Z0-9]{1,12}$")), lit("is not a B3 ticker (capital letters and digits)"))
                .when(repeated.gt(1), concat(lit("appears in "), repeated.cast("string"), lit(" rows"))));
        checks.put("asset", when(col("asset").isNull(), lit("is missing")));
        checks.put("collected_at", when(col("collected_at").isNull(), lit("is missing")));
        for (PtBrNumber number : List.of(PART, PART_ACUM, THEORICAL_QTY)) {
            checks.put(number.column(), number.problem(col(number.column())));
        }
        for (Map.Entry<String, Column> check : checks.entrySet()) {
            Dataset<Row> found = raw.select(col("_file"), col("_row"), col("cod"), lit(check.getKey()).as("column"),
                            col(check.getKey()).cast("string").as("value"), check.getValue().as("problem"))
                    .where(col("problem").isNotNull());
            problems = problems == null ? found : problems.unionAll(found);
        }
        List<Row> shown = problems.orderBy("_file", "_row", "column").limit(PROBLEMS_SHOWN + 1).collectAsList();
        if (shown.isEmpty()) {
            return;
        }
        long total = shown.size() > PROBLEMS_SHOWN ? problems.count() : shown.size();
        String listed = shown.stream().limit(PROBLEMS_SHOWN)
                .map(problem -> "row %d of %s (cod %s), column %s: %s %s".formatted(problem.getLong(1), problem.getString(0),
                        problem.getString(2), problem.getString(3), problem.isNullAt(4) ? "null" : "'" + problem.getString(4) + "'", problem.getString(5)))
                .collect(Collectors.joining("; "));
        throw new JobFailure("Raw object %s has %d invalid value%s (the bronze writer should have rejected %s): %s%s".formatted(shownSource, total,
                total == 1 ? "" : "s", total == 1 ? "it" : "them", listed, total > PROBLEMS_SHOWN ? "; ..." : ""));
    }

    /** The day's stocks with every computed column, plus the partition column {@code acao}. */
    private Dataset<Row> ativos(Dataset<Row> raw, LocalDate date, Request request, Path ativosRoot, LakeFiles files) {
        Dataset<Row> day = raw.select(
                lit(date).as("data_pregao"),
                col("index_code").as("indice"),
                col("cod").as("acao"),
                col("asset").as("empresa"),
                trim(regexp_replace(col("type"), "\\s+", " ")).as("tipo"),
                col("segment").as("setor"),
                PART.parse(col("part")).as("participacao_pct"),
                PART_ACUM.parse(col("part_acum")).as("participacao_acumulada_setor_pct"),
                THEORICAL_QTY.parse(col("theorical_qty")).as("qtde_teorica"),
                damaged("cod", "asset", "type", "segment").as("texto_danificado"),
                col("collected_at").as("coletado_em"));
        WindowSpec wholeDay = Window.partitionBy("data_pregao");
        day = day.withColumn("posicao", row_number().over(wholeDay.orderBy(col("participacao_pct").desc(), col("acao").asc())));
        day = withShares(day, col("participacao_pct").multiply(lit(1000)), "participacao_recalculada_pct");
        day = withShares(day, col("qtde_teorica"), "participacao_qtde_pct");
        day = day.withColumn("desvio_participacao_pp", col("participacao_pct").minus(col("participacao_recalculada_pct")).cast(IbovTables.SHARE));

        Dataset<Row> history = history(ativosRoot, files, date, request);
        List<LocalDate> days = history.select(col("data").cast("string")).distinct().as(Encoders.STRING()).collectAsList().stream()
                .map(LocalDate::parse).collect(Collectors.toCollection(TreeSet::new)).stream().toList();
        LocalDate previousDay = days.isEmpty() ? null : days.get(days.size() - 1);
        if (previousDay != null) {
            Dataset<Row> previous = history.where(col("data").equalTo(lit(previousDay)))
                    .select(col("acao"), col("participacao_pct").as("participacao_anterior_pct"), col("qtde_teorica").as("qtde_teorica_anterior"));
            day = day.join(previous, day.col("acao").equalTo(previous.col("acao")), "left").drop(previous.col("acao"));
        } else {
            day = day.withColumn("participacao_anterior_pct", lit(null).cast(IbovTables.PERCENT))
                    .withColumn("qtde_teorica_anterior", lit(null).cast(DataTypes.LongType));
        }
        day = day.withColumn("variacao_participacao_pp", col("participacao_pct").minus(col("participacao_anterior_pct")).cast(IbovTables.PERCENT))
                .withColumn("variacao_qtde_teorica", col("qtde_teorica").minus(col("qtde_teorica_anterior")));

        // gaps and islands: numbered in the refined days, a continuous presence has day number − ticker's own count constant
        List<Row> numbered = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            numbered.add(RowFactory.create(java.sql.Date.valueOf(days.get(i)), i));
        }
        numbered.add(RowFactory.create(java.sql.Date.valueOf(date), days.size()));
        Dataset<Row> dayNumbers = spark.createDataFrame(numbered, new StructType()
                .add("data", DataTypes.DateType).add("_day", DataTypes.IntegerType));
        Dataset<Row> presence = history.select("data", "acao").unionByName(day.select(col("data_pregao").as("data"), col("acao")))
                .join(dayNumbers, "data")
                .withColumn("_island", col("_day").minus(row_number().over(Window.partitionBy("acao").orderBy("data"))));
        Dataset<Row> entries = presence.groupBy("acao", "_island").agg(min("data").as("data_entrada"), max("data").as("_last"))
                .where(col("_last").equalTo(lit(date)))
                .select(col("acao").as("_entry_acao"), col("data_entrada"));
        return day.join(entries, day.col("acao").equalTo(entries.col("_entry_acao")), "left").drop("_entry_acao")
                .withColumn("dias_no_indice", datediff(col("data_pregao"), col("data_entrada")));
    }

    /**
     * The index's refined days before {@code date}, read from its own part of the table: IBOV's table, or the index's
     * {@code indice=} partition of the other indexes' table. In IBOV's, rows of another index (landed there by
     * versions that kept every index in IBOV's folders) are left out.
     */
    private Dataset<Row> history(Path ativosRoot, LakeFiles files, LocalDate date, Request request) {
        if (!files.exists(ativosRoot)) {
            return spark.createDataFrame(List.of(), IbovTables.ATIVOS.schema());
        }
        Dataset<Row> before = spark.read().schema(IbovTables.ATIVOS.schema()).parquet(ativosRoot.toString()).where(col("data").lt(lit(date)));
        return request.isIbov() ? before.where(col("indice").equalTo(lit(request.index()))) : before;
    }

    /**
     * Adds {@code name}: each row's share of the day's total {@code weight} (whole, non-negative numbers), in % with
     * 6 decimals, rounded by the largest remainder method so that the day's shares sum exactly 100: every share is
     * first truncated to units of 0.000001 %, then the units still missing go one each to the largest remainders
     * (ties by ticker).
     */
    private static Dataset<Row> withShares(Dataset<Row> day, Column weight, String name) {
        WindowSpec wholeDay = Window.partitionBy("data_pregao");
        String scaled = "_scaled_" + name;
        String total = "_total_" + name;
        String truncated = "_truncated_" + name;
        String remainder = "_remainder_" + name;
        String missing = "_missing_" + name;
        String rank = "_rank_" + name;
        return day.withColumn(scaled, weight.cast(WHOLE).multiply(lit(HUNDRED_PERCENT_UNITS)))
                .withColumn(total, sum(weight.cast(WHOLE)).over(wholeDay))
                .withColumn(truncated, expr("`" + scaled + "` div `" + total + "`"))
                .withColumn(remainder, col(scaled).mod(col(total)))
                .withColumn(missing, lit(HUNDRED_PERCENT_UNITS).minus(sum(col(truncated)).over(wholeDay)))
                .withColumn(rank, row_number().over(wholeDay.orderBy(col(remainder).desc(), col("acao").asc())))
                .withColumn(name, col(truncated).plus(when(col(rank).leq(col(missing)), 1).otherwise(0)).cast(WHOLE)
                        .divide(lit(UNITS_PER_PERCENT)).cast(IbovTables.SHARE))
                .drop(scaled, total, truncated, remainder, missing, rank);
    }

    /** The day's header row, with the sums of its results. */
    private static Dataset<Row> header(Dataset<Row> raw, LocalDate date) {
        Column quantity = THEORICAL_QTY.parse(col("theorical_qty"));
        return raw.agg(
                        max("index_code").as("indice"),
                        max("header_text").as("texto"),
                        max("header_part").as("header_part"),
                        max("header_text_reductor").as("texto_redutor"),
                        max("header_reductor").as("header_reductor"),
                        max("header_theorical_qty").as("header_theorical_qty"),
                        count(lit(1)).cast(DataTypes.IntegerType).as("qtde_acoes"),
                        sum(PART.parse(col("part"))).cast(IbovTables.PERCENT_SUM).as("soma_participacao_pct"),
                        sum(quantity).as("soma_qtde_teorica"),
                        max("collected_at").as("coletado_em"))
                .withColumn("data_pregao", lit(date))
                .withColumn("participacao_total_pct", HEADER_PART.parse(col("header_part")))
                .withColumn("redutor", HEADER_REDUCTOR.parse(col("header_reductor")))
                .withColumn("qtde_teorica_total", HEADER_THEORICAL_QTY.parse(col("header_theorical_qty")))
                .withColumn("qtde_teorica_confere", col("soma_qtde_teorica").equalTo(col("qtde_teorica_total")))
                .withColumn("texto_danificado", damaged("texto", "texto_redutor"));
    }

    /** Whether any of the text columns holds U+FFFD (a null text is not damaged). */
    private static Column damaged(String... columns) {
        Column any = lit(false);
        for (String column : columns) {
            any = any.or(coalesce(col(column).contains(REPLACEMENT_CHARACTER), lit(false)));
        }
        return any;
    }

    /** A guard before the swap: exactly one {@code acao=} folder per ticker was staged. */
    private static void checkStaged(FileSystem fileSystem, Path stagedDay, List<String> tickers) throws IOException {
        List<String> folders = new ArrayList<>();
        for (FileStatus status : fileSystem.listStatus(stagedDay)) {
            String name = status.getPath().getName();
            if (status.isDirectory() && name.startsWith("acao=")) {
                folders.add(name.substring("acao=".length()));
            }
        }
        folders.sort(null);
        if (!folders.equals(tickers)) {
            throw new IllegalStateException("Staged " + folders.size() + " acao= folders for " + tickers.size() + " tickers in " + stagedDay);
        }
    }

    private static Map<String, DataType> rawColumns() {
        Map<String, DataType> columns = new LinkedHashMap<>();
        HEADER_COLUMNS.forEach(name -> columns.put(name, DataTypes.StringType));
        for (String name : List.of("segment", "cod", "asset", "type", "part", "part_acum", "theorical_qty")) {
            columns.put(name, DataTypes.StringType);
        }
        columns.put("collected_at", DataTypes.TimestampType);
        return columns;
    }
}
