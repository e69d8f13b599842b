package dev.lagoa.jobs.quotes;

import dev.lagoa.contracts.JobNames;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_date;
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
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refines a ticker's daily quotes (the Glue job {@code lagoa-petr4-refine}): reads the ticker's whole raw history
 * {@code <source>/year=YYYY/month=MM/day=DD/data.parquet} (one BRAPI daily bar per file), computes the time windows
 * over it, and (re)writes every day that needs it ({@link RefreshPlan}: missing in refined, collected again, raw
 * file newer than the refined partition, or within the 20-bar window of such a day), so one run catches up a whole
 * backfill and a run with nothing new is a no-op that says so. The months of the written days are rewritten too.
 *
 * <p>Arguments: {@code --source s3://<bucket>/raw/dataset=<dataset>/ticker=<ticker>/}, {@code --ticker} (lower-case,
 * as in the folders), the optional {@code --date} (the day whose object triggered the run; it must exist in raw),
 * {@code --target} (the refined root), {@code --commits} (the manifests' root), and the launchers' {@code
 * --JOB_RUN_ID} and {@code --LAGOA_LAKE_ROOT}.
 *
 * <p>Outputs, Hive-style with zero-padded month and day as in the raw layout:
 * <ul>
 *   <li>{@code <target>/dataset=<dataset>/ticker=<ticker>/year=YYYY/month=MM/day=DD/}: table
 *       {@code <dataset>_cotacoes} ({@link QuotesTables#daily}), partition keys {@code ticker string, year int,
 *       month int, day int}. The bar's fields renamed ({@code data_pregao date}: the bar instant's date in
 *       America/Sao_Paulo; {@code codigo}, {@code nome_curto}, {@code nome}, {@code moeda} strings; {@code abertura},
 *       {@code maxima}, {@code minima}, {@code fechamento}, {@code fechamento_ajustado} decimal(18,6); {@code volume
 *       bigint}), and computed over the bars in date order (the previous bar is the previous raw day present):
 *       {@code retorno_diario double} (close / previous close − 1), {@code retorno_log double} (ln of that ratio),
 *       {@code media_movel_5} and {@code media_movel_20} decimal(18,6) (mean of the last 5 / 20 closes, this one
 *       included, rounded half-up to 6 decimals, null until 5 / 20 bars exist, so that an average always spans its
 *       full window), {@code volatilidade_20d double} (sample standard deviation of the last 20 log returns, null
 *       until 20 exist) and {@code volatilidade_20d_anualizada double} (× √252), {@code gap_abertura_pct double}
 *       ((open − previous close) / previous close × 100), {@code amplitude_pct double} ((high − low) / low × 100),
 *       {@code horario_barra timestamp} (the bar instant) and {@code coletado_em timestamp}. Returns use the close,
 *       not the adjusted close: BRAPI recomputes past adjusted closes at every request, which would make the
 *       refined history depend on when each day was collected.</li>
 *   <li>{@code <target>/dataset=<dataset>_mensal/ticker=<ticker>/year=YYYY/month=MM/}: table {@code <dataset>_mensal}
 *       ({@link QuotesTables#monthly}): first open, last close, highest high, lowest low, total volume, the number of
 *       trading days and the first and last of them, the last close before the month and the monthly return (last
 *       close / that close − 1, or / the month's first open when the history starts in the month).</li>
 * </ul>
 * Each written partition is staged under {@code <target>/_staging/<run id>/} and swapped in ({@link
 * StagingArea#replace}); then one manifest per table lists the written partitions, each of which it replaces.
 */
public final class QuotesRefineJob {
    public static final String JOB_NAME = JobNames.QUOTES_REFINE;
    /** A bar's values read the 20 bars before it: 20 log returns need 21 closes. */
    static final int WINDOW_REACH = 20;
    private static final Logger LOG = LoggerFactory.getLogger(QuotesRefineJob.class);
    private static final String ZONE = "America/Sao_Paulo";
    private static final int PROBLEMS_SHOWN = 5;
    private static final Pattern TICKER = Pattern.compile("[a-z0-9]{1,12}");
    private static final Pattern DATASET = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final String DAY_FOLDERS = "/year=([0-9]{4})/month=([0-9]{2})/day=([0-9]{2})/[^/]+$";
    private static final Map<String, DataType> RAW_COLUMNS = rawColumns();

    private final SparkSession spark;

    public QuotesRefineJob(SparkSession spark) {
        this.spark = spark;
    }

    public static void main(String[] args) {
        JobMain.runSpark(JOB_NAME, args, Request::from, (spark, request) -> new QuotesRefineJob(spark).run(request));
    }

    /**
     * A run's parameters, from Glue-style arguments.
     *
     * @param date the day whose raw object triggered the run, or null
     */
    public record Request(String source, String ticker, LocalDate date, String target, String commits, String runId, LakeLocations locations) {
        public static Request from(GlueArguments arguments) {
            String ticker = arguments.required("ticker");
            if (!TICKER.matcher(ticker).matches()) {
                throw new JobFailure("Invalid --ticker '" + ticker + "': use the lower-case ticker of the raw folders (petr4)");
            }
            return new Request(arguments.required("source"), ticker, arguments.date("date").orElse(null), arguments.required("target"),
                    arguments.required("commits"), arguments.runId(), LakeLocations.of(arguments.optional("LAGOA_LAKE_ROOT").orElse(null)));
        }
    }

    /**
     * Refines what needs it and returns the run's summary.
     *
     * @throws JobFailure when there is no raw data, the trigger's day has no raw object, or a raw file breaks the bronze contract
     */
    public Map<String, Object> run(Request request) {
        Configuration hadoop = JobSession.configure(spark);
        LakeLocations locations = request.locations();
        String ticker = request.ticker();
        Path source = new Path(request.source());
        LakeFiles sourceFiles = LakeFiles.of(source, hadoop, locations);
        String shownSource = sourceFiles.showFolder(source);
        String dataset = dataset(source, ticker, shownSource);
        if (request.date() != null) {
            Path trigger = new Path(source, dayFolders(request.date()) + "data.parquet");
            if (!sourceFiles.exists(trigger)) {
                throw new JobFailure("No raw object for " + request.date() + ": " + sourceFiles.show(trigger) + " does not exist");
            }
        }
        if (!hasRawFiles(sourceFiles, source, shownSource)) {
            throw new JobFailure("No raw data for " + ticker + ": no objects under " + shownSource);
        }

        Dataset<Row> bars = readRaw(source, shownSource);
        checkBars(bars, ticker, shownSource, locations);

        Path target = new Path(request.target());
        LakeFiles targetFiles = LakeFiles.of(target, hadoop, locations);
        TableDefinition dailyTable = QuotesTables.daily(dataset);
        TableDefinition monthlyTable = QuotesTables.monthly(dataset);
        Path dailyTableRoot = new Path(target, "dataset=" + dataset);
        Path monthlyTableRoot = new Path(target, "dataset=" + dataset + "_mensal");
        Path dailyRoot = new Path(dailyTableRoot, "ticker=" + ticker);
        Path monthlyRoot = new Path(monthlyTableRoot, "ticker=" + ticker);

        List<RefreshPlan.DayState> states = states(bars, dailyRoot, targetFiles, dailyTable);
        RefreshPlan plan = RefreshPlan.of(states, WINDOW_REACH);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("job", JOB_NAME);
        summary.put("run_id", request.runId());
        summary.put("ticker", ticker);
        summary.put("source", shownSource);
        summary.put("raw_days", states.size());
        LocalDate firstRaw = states.stream().map(RefreshPlan.DayState::day).min(LocalDate::compareTo).orElseThrow();
        LocalDate lastRaw = states.stream().map(RefreshPlan.DayState::day).max(LocalDate::compareTo).orElseThrow();
        if (plan.isEmpty()) {
            String message = "Nothing to refine%s: the %d raw days of %s (%s to %s) are refined already".formatted(
                    request.date() == null ? "" : " for " + request.date(), states.size(), ticker, firstRaw, lastRaw);
            LOG.info(message);
            summary.put("days_written", 0);
            summary.put("message", message);
            return summary;
        }

        List<LocalDate> days = new ArrayList<>(plan.days().keySet());
        List<String> months = days.stream().map(day -> "%04d-%02d".formatted(day.getYear(), day.getMonthValue())).distinct().toList();
        Dataset<Row> daily = daily(bars);
        Dataset<Row> dailyOut = dailyTable.select(daily.where(col("data_pregao").isin(days.stream().map(java.sql.Date::valueOf).toArray())),
                "year", "month", "day");
        Dataset<Row> monthlyOut = monthlyTable.select(monthly(daily).where(concat(col("year"), lit("-"), col("month")).isin(months.toArray())),
                "year", "month");
        try (StagingArea staging = new StagingArea(targetFiles.fileSystem(), target, request.runId())) {
            Path stagedDaily = staging.resolve("cotacoes");
            Path stagedMonthly = staging.resolve("mensal");
            dailyOut.repartition(col("year"), col("month"), col("day")).write().partitionBy("year", "month", "day").parquet(stagedDaily.toString());
            monthlyOut.repartition(col("year"), col("month")).write().partitionBy("year", "month").parquet(stagedMonthly.toString());
            for (String folder : days.stream().map(QuotesRefineJob::dayFolders).toList()) {
                checkStaged(targetFiles.fileSystem(), new Path(stagedDaily, folder));
            }
            for (String folder : months.stream().map(QuotesRefineJob::monthFolders).toList()) {
                checkStaged(targetFiles.fileSystem(), new Path(stagedMonthly, folder));
            }
            for (String folder : days.stream().map(QuotesRefineJob::dayFolders).toList()) {
                staging.replace(new Path(stagedDaily, folder), new Path(dailyRoot, folder));
            }
            for (String folder : months.stream().map(QuotesRefineJob::monthFolders).toList()) {
                staging.replace(new Path(stagedMonthly, folder), new Path(monthlyRoot, folder));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot commit the quotes of " + ticker + " to " + targetFiles.showFolder(target) + ": " + e.getMessage(), e);
        }
        LOG.info("Refined {} of {} ({} to {}, {}) and {} into {}", plural(days.size(), "day"), ticker, days.get(0), days.get(days.size() - 1),
                plan.counts(), plural(months.size(), "month"), targetFiles.showFolder(dailyRoot));

        Instant committedAt = Instant.now();
        List<TableCommit.Partition> dailyPartitions = new ArrayList<>();
        for (LocalDate day : days) {
            List<String> values = List.of(ticker, "%04d".formatted(day.getYear()), "%02d".formatted(day.getMonthValue()), "%02d".formatted(day.getDayOfMonth()));
            dailyPartitions.add(new TableCommit.Partition(values, targetFiles.showFolder(new Path(dailyRoot, dayFolders(day)))));
        }
        List<TableCommit.Partition> monthlyPartitions = new ArrayList<>();
        for (String month : months) {
            List<String> values = List.of(ticker, month.substring(0, 4), month.substring(5));
            monthlyPartitions.add(new TableCommit.Partition(values, targetFiles.showFolder(new Path(monthlyRoot, monthFolders(month)))));
        }
        List<TableCommit> commits = List.of(
                new TableCommit(dailyTable, targetFiles.showFolder(dailyTableRoot), dailyPartitions,
                        dailyPartitions.stream().map(TableCommit.Partition::values).toList(), days.size(), request.runId(), committedAt),
                new TableCommit(monthlyTable, targetFiles.showFolder(monthlyTableRoot), monthlyPartitions,
                        monthlyPartitions.stream().map(TableCommit.Partition::values).toList(), months.size(), request.runId(), committedAt));
        String prefix = (request.date() == null ? days.get(days.size() - 1) : request.date()).toString();
        Path commitsRoot = new Path(request.commits());
        List<String> manifests = TableCommit.writeAll(commits, LakeFiles.of(commitsRoot, hadoop, locations), commitsRoot, prefix);

        summary.put("days_written", days.size());
        summary.put("first_day_written", days.get(0).toString());
        summary.put("last_day_written", days.get(days.size() - 1).toString());
        Map<String, Integer> reasons = new TreeMap<>();
        plan.counts().forEach((reason, count) -> reasons.put(reason.name().toLowerCase(Locale.ROOT), count));
        summary.put("reasons", reasons);
        summary.put("months_written", months);
        summary.put("rows", days.size());
        summary.put("monthly_rows", months.size());
        summary.put("manifests", manifests);
        return summary;
    }

    /** The dataset's name, from {@code .../dataset=<name>/ticker=<ticker>/}. */
    private static String dataset(Path source, String ticker, String shownSource) {
        Path parent = source.getParent();
        String datasetFolder = parent == null ? "" : parent.getName();
        String dataset = datasetFolder.startsWith("dataset=") ? datasetFolder.substring("dataset=".length()) : "";
        if (!source.getName().equals("ticker=" + ticker) || !DATASET.matcher(dataset).matches()) {
            throw new JobFailure("--source " + shownSource + " is not the raw folder of ticker " + ticker + ": expected .../dataset=<name>/ticker="
                    + ticker + "/");
        }
        return dataset;
    }

    private static boolean hasRawFiles(LakeFiles files, Path source, String shownSource) {
        try {
            return files.fileSystem().exists(source)
                    && files.dataFiles(source).stream().anyMatch(file -> file.getPath().getName().endsWith(".parquet"));
        } catch (IOException e) {
            throw new JobFailure("Cannot list " + shownSource + ": " + e.getMessage(), e);
        }
    }

    private Dataset<Row> readRaw(Path source, String shownSource) {
        Dataset<Row> raw = spark.read().option("recursiveFileLookup", "true").option("pathGlobFilter", "*.parquet").parquet(source.toString());
        List<String> problems = LakeFiles.schemaProblems(raw.schema(), RAW_COLUMNS);
        if (!problems.isEmpty()) {
            throw new JobFailure("Raw data " + shownSource + " is not a BRAPI daily bar dataset: " + String.join("; ", problems));
        }
        return raw.select(col("*"), col("_metadata.file_path").as("_file"), col("_metadata.file_modification_time").as("_file_modified"));
    }

    /** Fails naming the first files that break the bronze contract (one bar per day folder, of that day and ticker). */
    private static void checkBars(Dataset<Row> bars, String ticker, String shownSource, LakeLocations locations) {
        Column folderDate = make_date(regexp_extract(col("_file"), DAY_FOLDERS, 1).cast("int"), regexp_extract(col("_file"), DAY_FOLDERS, 2).cast("int"),
                regexp_extract(col("_file"), DAY_FOLDERS, 3).cast("int"));
        Column barDate = saoPauloDate(col("date"));
        Column rowsOfDay = count(lit(1)).over(Window.partitionBy("trade_date"));
        Column problem = when(not(col("_file").rlike(DAY_FOLDERS)), lit("is not in a year=YYYY/month=MM/day=DD/ folder"));
        for (String required : List.of("symbol", "date", "trade_date", "open", "high", "low", "close", "collected_at")) {
            problem = problem.when(col(required).isNull(), lit(required + " is missing"));
        }
        problem = problem
                .when(col("symbol").notEqual(lit(ticker.toUpperCase(Locale.ROOT))), concat(lit("symbol "), col("symbol"), lit(" is not " + ticker.toUpperCase(Locale.ROOT))))
                .when(col("trade_date").notEqual(barDate), concat(lit("trade_date "), col("trade_date").cast("string"),
                        lit(" is not the São Paulo date of bar time "), col("date").cast("string"), lit(" ("), barDate.cast("string"), lit(")")))
                .when(col("trade_date").notEqual(folderDate), concat(lit("holds the bar of "), col("trade_date").cast("string")))
                .when(rowsOfDay.gt(1), concat(lit("is one of "), rowsOfDay.cast("string"), lit(" rows for "), col("trade_date").cast("string")));
        Dataset<Row> problems = bars.select(col("_file"), problem.as("problem")).where(col("problem").isNotNull());
        List<Row> shown = problems.orderBy("_file").limit(PROBLEMS_SHOWN + 1).collectAsList();
        if (shown.isEmpty()) {
            return;
        }
        long total = shown.size() > PROBLEMS_SHOWN ? problems.count() : shown.size();
        String listed = shown.stream().limit(PROBLEMS_SHOWN).map(row -> locations.display(row.getString(0)) + ": " + row.getString(1))
                .collect(Collectors.joining("; "));
        throw new JobFailure("Raw data %s has %d invalid bar%s (the bronze writer should have rejected %s): %s%s".formatted(shownSource, total,
                total == 1 ? "" : "s", total == 1 ? "it" : "them", listed, total > PROBLEMS_SHOWN ? "; ..." : ""));
    }

    private static Column not(Column column) {
        return org.apache.spark.sql.functions.not(column);
    }

    /** The date in São Paulo of a unix-seconds instant (the session runs in UTC: {@link JobSession}). */
    static Column saoPauloDate(Column unixSeconds) {
        return to_date(from_utc_timestamp(timestamp_seconds(unixSeconds), ZONE));
    }

    /** Each raw day with its collection and file times, and what refined holds for it. */
    private List<RefreshPlan.DayState> states(Dataset<Row> bars, Path dailyRoot, LakeFiles files, TableDefinition dailyTable) {
        Map<LocalDate, Row> refined = new TreeMap<>();
        if (files.exists(dailyRoot)) {
            spark.read().schema(dailyTable.dataSchema()).option("recursiveFileLookup", "true").option("pathGlobFilter", "*.parquet")
                    .parquet(dailyRoot.toString())
                    .select(col("data_pregao"), col("coletado_em"), col("_metadata.file_modification_time").as("modified"))
                    .groupBy(col("data_pregao").cast("string").as("day"))
                    .agg(max("coletado_em"), max("modified"))
                    .collectAsList()
                    .forEach(row -> refined.put(LocalDate.parse(row.getString(0)), row));
        }
        List<RefreshPlan.DayState> states = new ArrayList<>();
        for (Row row : bars.select(col("trade_date").cast("string"), col("collected_at"), col("_file_modified")).collectAsList()) {
            LocalDate day = LocalDate.parse(row.getString(0));
            Row done = refined.get(day);
            states.add(new RefreshPlan.DayState(day, instant(row, 1), instant(row, 2), done == null ? null : instant(done, 1),
                    done == null ? null : instant(done, 2)));
        }
        return states;
    }

    private static Instant instant(Row row, int index) {
        return row.isNullAt(index) ? null : ((Timestamp) row.get(index)).toInstant();
    }

    /** Every bar with its computed columns and the partition folders' values ({@code "2025"}, {@code "07"}, {@code "21"}). */
    private static Dataset<Row> daily(Dataset<Row> bars) {
        WindowSpec ordered = Window.partitionBy("codigo").orderBy("data_pregao");
        Column close = col("fechamento").cast(DataTypes.DoubleType);
        Column previousClose = col("_fechamento_anterior").cast(DataTypes.DoubleType);
        return bars.select(
                        col("trade_date").as("data_pregao"),
                        col("symbol").as("codigo"),
                        col("short_name").as("nome_curto"),
                        col("long_name").as("nome"),
                        col("currency").as("moeda"),
                        col("open").as("abertura"),
                        col("high").as("maxima"),
                        col("low").as("minima"),
                        col("close").as("fechamento"),
                        col("adjusted_close").as("fechamento_ajustado"),
                        col("volume"),
                        timestamp_seconds(col("date")).as("horario_barra"),
                        col("collected_at").as("coletado_em"))
                .withColumn("_fechamento_anterior", lag(col("fechamento"), 1).over(ordered))
                .withColumn("retorno_diario", close.divide(previousClose).minus(1))
                .withColumn("retorno_log", log(close.divide(previousClose)))
                .withColumn("media_movel_5", movingAverage(ordered, 5))
                .withColumn("media_movel_20", movingAverage(ordered, 20))
                .withColumn("volatilidade_20d", when(count(col("retorno_log")).over(ordered.rowsBetween(-19, 0)).equalTo(20),
                        stddev_samp(col("retorno_log")).over(ordered.rowsBetween(-19, 0))))
                .withColumn("volatilidade_20d_anualizada", col("volatilidade_20d").multiply(sqrt(lit(252.0))))
                .withColumn("gap_abertura_pct", col("abertura").cast(DataTypes.DoubleType).minus(previousClose).divide(previousClose).multiply(100))
                .withColumn("amplitude_pct", col("maxima").cast(DataTypes.DoubleType).minus(col("minima").cast(DataTypes.DoubleType))
                        .divide(col("minima").cast(DataTypes.DoubleType)).multiply(100))
                .withColumn("year", date_format(col("data_pregao"), "yyyy"))
                .withColumn("month", date_format(col("data_pregao"), "MM"))
                .withColumn("day", date_format(col("data_pregao"), "dd"));
    }

    /** The mean of the last {@code bars} closes, this one included, once that many exist. */
    private static Column movingAverage(WindowSpec ordered, int bars) {
        WindowSpec frame = ordered.rowsBetween(1 - bars, 0);
        return when(count(col("fechamento")).over(frame).equalTo(bars),
                org.apache.spark.sql.functions.avg(col("fechamento")).over(frame)).cast(QuotesTables.PRICE);
    }

    /** The months of the daily bars, with the partition folders' values. */
    private static Dataset<Row> monthly(Dataset<Row> daily) {
        WindowSpec ordered = Window.partitionBy("codigo").orderBy("primeiro_pregao");
        return daily.groupBy(col("codigo"), col("year"), col("month"))
                .agg(min("data_pregao").as("primeiro_pregao"),
                        max("data_pregao").as("ultimo_pregao"),
                        count(lit(1)).cast(DataTypes.IntegerType).as("dias_negociados"),
                        min_by(col("abertura"), col("data_pregao")).as("abertura"),
                        max_by(col("fechamento"), col("data_pregao")).as("fechamento"),
                        max("maxima").as("maxima"),
                        min("minima").as("minima"),
                        sum("volume").as("volume_total"),
                        max("coletado_em").as("coletado_em"))
                .withColumn("fechamento_mes_anterior", lag(col("fechamento"), 1).over(ordered))
                .withColumn("retorno_mensal", col("fechamento").cast(DataTypes.DoubleType)
                        .divide(coalesce(col("fechamento_mes_anterior"), col("abertura")).cast(DataTypes.DoubleType)).minus(1));
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String dayFolders(LocalDate day) {
        return "year=%04d/month=%02d/day=%02d/".formatted(day.getYear(), day.getMonthValue(), day.getDayOfMonth());
    }

    /** {@code "2025-07"} as {@code year=2025/month=07/}. */
    private static String monthFolders(String month) {
        return "year=" + month.substring(0, 4) + "/month=" + month.substring(5) + "/";
    }

    private static void checkStaged(FileSystem fileSystem, Path folder) throws IOException {
        if (!fileSystem.exists(folder)) {
            throw new IllegalStateException("Nothing was staged in " + folder);
        }
    }

    private static Map<String, DataType> rawColumns() {
        Map<String, DataType> columns = new LinkedHashMap<>();
        for (String name : List.of("symbol", "short_name", "long_name", "currency")) {
            columns.put(name, DataTypes.StringType);
        }
        columns.put("date", DataTypes.LongType);
        columns.put("trade_date", DataTypes.DateType);
        for (String name : List.of("open", "high", "low", "close", "adjusted_close")) {
            columns.put(name, QuotesTables.PRICE);
        }
        columns.put("volume", DataTypes.LongType);
        columns.put("collected_at", DataTypes.TimestampType);
        return columns;
    }
}
