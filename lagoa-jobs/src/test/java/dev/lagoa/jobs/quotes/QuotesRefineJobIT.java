package dev.lagoa.jobs.quotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.jobs.GlueArguments;
import dev.lagoa.jobs.JobFailure;
import dev.lagoa.jobs.quotes.QuotesBronze.Bar;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quotes refine job on a real local Spark, one session for the class, on bronze files built from BRAPI's 21
 * recorded PETR4 daily bars (2025-06-23 to 2025-07-21: 6 in June, 15 in July).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuotesRefineJobIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Bar> BARS = QuotesBronze.bars();
    private static final LocalDate LAST_DAY = LocalDate.parse("2025-07-21");

    private SparkSession spark;
    @TempDir
    static Path temp;

    @BeforeAll
    void startSpark() {
        spark = SparkSession.builder().master("local[2]").appName("quotes-refine-it")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }

    @AfterAll
    void stopSpark() {
        spark.stop();
    }

    Path lake(String name, List<Bar> bars) {
        Path lake = temp.resolve(name);
        bars.forEach(bar -> QuotesBronze.write(spark, lake, bar, QuotesBronze.COLLECTED_AT));
        return lake;
    }

    Map<String, Object> refine(Path lake, String date, String runId) {
        List<String> args = new ArrayList<>(List.of("--source", lake.resolve("lagoa-brapi/raw/dataset=petr4/ticker=petr4/").toUri().toString(),
                "--ticker", "petr4", "--target", lake.resolve("lagoa-brapi/refined/").toUri().toString(),
                "--commits", lake.resolve("lagoa-brapi/catalog-commits/").toUri().toString(), "--JOB_RUN_ID", runId,
                "--LAGOA_LAKE_ROOT", lake.toUri().toString()));
        if (date != null) {
            args.addAll(List.of("--date", date));
        }
        return new QuotesRefineJob(spark).run(QuotesRefineJob.Request.from(GlueArguments.parse(args.toArray(String[]::new))));
    }

    static Path daily(Path lake) {
        return lake.resolve("lagoa-brapi/refined/dataset=petr4");
    }

    static Path monthly(Path lake) {
        return lake.resolve("lagoa-brapi/refined/dataset=petr4_mensal");
    }

    /** The refined daily rows by day, read as any reader of the table would (partitions inferred). */
    Map<LocalDate, Row> days(Path lake) {
        return spark.read().parquet(daily(lake).toString()).collectAsList().stream()
                .collect(Collectors.toMap(row -> row.<java.sql.Date>getAs("data_pregao").toLocalDate(), Function.identity(), (a, b) -> {
                    throw new AssertionError("two rows for " + a.getAs("data_pregao"));
                }, TreeMap::new));
    }

    Map<Integer, Row> months(Path lake) {
        return spark.read().parquet(monthly(lake).toString()).collectAsList().stream()
                .collect(Collectors.toMap(row -> row.<Integer>getAs("month"), Function.identity(), (a, b) -> {
                    throw new AssertionError("two rows for month " + a.getAs("month"));
                }, TreeMap::new));
    }

    static List<String> files(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile).map(path -> folder.relativize(path).toString()).sorted().toList();
        }
    }

    static Map<String, String> snapshot(Path folder) throws IOException {
        Map<String, String> snapshot = new TreeMap<>();
        for (String file : files(folder)) {
            Path path = folder.resolve(file);
            snapshot.put(file, Files.size(path) + "@" + Files.getLastModifiedTime(path).toMillis());
        }
        return snapshot;
    }

    static double close(int index) {
        return BARS.get(index).close().doubleValue();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class TheRecordedMonth {
        Path lake;
        Map<String, Object> summary;
        Map<LocalDate, Row> days;
        Row last;

        @BeforeAll
        void refineIt() {
            lake = lake("month", BARS);
            summary = refine(lake, "2025-07-21", "jr_first");
            days = days(lake);
            last = days.get(LAST_DAY);
        }

        @Test
        void everyBarIsOneDailyPartitionInTheRawLayout() throws IOException {
            assertThat(days).hasSize(21);
            List<String> files = files(daily(lake));
            assertThat(files).hasSize(21).allMatch(file -> file.matches("ticker=petr4/year=2025/month=0[67]/day=\\d\\d/part-[^/]+\\.parquet"));
            assertThat(files.get(0)).startsWith("ticker=petr4/year=2025/month=06/day=23/");
            assertThat(files(monthly(lake))).hasSize(2).allMatch(file -> file.matches("ticker=petr4/year=2025/month=0[67]/part-[^/]+\\.parquet"));
            assertThat(lake.resolve("lagoa-brapi/refined/_staging")).doesNotExist();
            assertThat(summary).containsEntry("raw_days", 21).containsEntry("days_written", 21).containsEntry("first_day_written", "2025-06-23")
                    .containsEntry("last_day_written", "2025-07-21").containsEntry("months_written", List.of("2025-06", "2025-07"))
                    .containsEntry("reasons", Map.of("missing", 21));
        }

        @Test
        void barDatesAreSaoPauloDatesOfTheBarInstants() {
            assertThat(days.keySet()).containsExactlyElementsOf(BARS.stream().map(Bar::day).toList());
            Row first = days.get(LocalDate.parse("2025-06-23"));
            assertThat(first.<Timestamp>getAs("horario_barra").toInstant()).isEqualTo(Instant.ofEpochSecond(1_750_683_600L));
            assertThat(last.<Timestamp>getAs("horario_barra").toInstant()).as("the intraday last bar").isEqualTo(Instant.parse("2025-07-21T13:27:35Z"));
            assertThat((Integer) last.getAs("year")).isEqualTo(2025);
            assertThat((Integer) last.getAs("month")).isEqualTo(7);
            assertThat((Integer) last.getAs("day")).isEqualTo(21);
            assertThat((String) last.getAs("ticker")).isEqualTo("petr4");
        }

        @Test
        void theBarsFieldsAreRenamedAndKeptExactly() {
            assertThat((String) last.getAs("codigo")).isEqualTo("PETR4");
            assertThat((String) last.getAs("nome_curto")).isEqualTo("PETROBRAS   PN      N2");
            assertThat((String) last.getAs("nome")).isEqualTo("Petróleo Brasileiro S.A. - Petrobras");
            assertThat((String) last.getAs("moeda")).isEqualTo("BRL");
            assertThat((BigDecimal) last.getAs("abertura")).isEqualTo(new BigDecimal("30.890000"));
            assertThat((BigDecimal) last.getAs("maxima")).isEqualTo(new BigDecimal("30.990000"));
            assertThat((BigDecimal) last.getAs("minima")).isEqualTo(new BigDecimal("30.770000"));
            assertThat((BigDecimal) last.getAs("fechamento")).isEqualTo(new BigDecimal("30.820000"));
            assertThat((BigDecimal) last.getAs("fechamento_ajustado")).isEqualTo(new BigDecimal("30.820000"));
            assertThat((Long) last.getAs("volume")).isEqualTo(1_093_500L);
            assertThat(last.<Timestamp>getAs("coletado_em").toInstant()).isEqualTo(QuotesBronze.COLLECTED_AT);
        }

        @Test
        void movingAveragesAreTheMeansOfTheLastClosesOnceTheWindowIsFull() {
            BigDecimal lastFive = BARS.subList(16, 21).stream().map(Bar::close).reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(BigDecimal.valueOf(5), 6, RoundingMode.HALF_UP);
            assertThat(lastFive).as("(31,95 + 31,79 + 31,47 + 30,99 + 30,82) / 5").isEqualTo(new BigDecimal("31.404000"));
            assertThat((BigDecimal) last.getAs("media_movel_5")).isEqualTo(lastFive);
            BigDecimal lastTwenty = BARS.subList(1, 21).stream().map(Bar::close).reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(BigDecimal.valueOf(20), 6, RoundingMode.HALF_UP);
            assertThat((BigDecimal) last.getAs("media_movel_20")).isEqualTo(lastTwenty);
            List<Row> ordered = new ArrayList<>(days.values());
            assertThat(ordered.subList(0, 4)).allSatisfy(row -> assertThat((Object) row.getAs("media_movel_5")).isNull());
            assertThat((Object) ordered.get(4).getAs("media_movel_5")).isNotNull();
            assertThat(ordered.subList(0, 19)).allSatisfy(row -> assertThat((Object) row.getAs("media_movel_20")).isNull());
            assertThat((Object) ordered.get(19).getAs("media_movel_20")).isNotNull();
        }

        @Test
        void returnsGapAndRangeCompareWithThePreviousClose() {
            assertThat((Double) last.getAs("retorno_diario")).isCloseTo(30.82 / 30.99 - 1, within(1e-15));
            assertThat((Double) last.getAs("retorno_log")).isCloseTo(Math.log(30.82 / 30.99), within(1e-15));
            assertThat((Double) last.getAs("gap_abertura_pct")).isCloseTo((30.89 - 30.99) / 30.99 * 100, within(1e-12));
            assertThat((Double) last.getAs("amplitude_pct")).isCloseTo((30.99 - 30.77) / 30.77 * 100, within(1e-12));
            Row first = days.get(LocalDate.parse("2025-06-23"));
            assertThat((Object) first.getAs("retorno_diario")).as("no previous bar").isNull();
            assertThat((Object) first.getAs("gap_abertura_pct")).isNull();
        }

        @Test
        void volatilityIsTheSampleDeviationOfTwentyLogReturns() {
            double[] returns = new double[20];
            for (int i = 1; i <= 20; i++) {
                returns[i - 1] = Math.log(close(i) / close(i - 1));
            }
            double mean = java.util.Arrays.stream(returns).average().orElseThrow();
            double deviation = Math.sqrt(java.util.Arrays.stream(returns).map(r -> (r - mean) * (r - mean)).sum() / 19);
            assertThat((Double) last.getAs("volatilidade_20d")).isCloseTo(deviation, within(1e-12));
            assertThat((Double) last.getAs("volatilidade_20d_anualizada")).isCloseTo(deviation * Math.sqrt(252), within(1e-12));
            assertThat((Object) days.get(LocalDate.parse("2025-07-18")).getAs("volatilidade_20d")).as("19 returns only").isNull();
        }

        @Test
        void juneAndJulyAggregatesAreExact() {
            Map<Integer, Row> months = months(lake);
            assertThat(months).containsOnlyKeys(6, 7);
            checkMonth(months.get(6), BARS.subList(0, 6), null);
            checkMonth(months.get(7), BARS.subList(6, 21), BARS.get(5).close());
            assertThat((Integer) months.get(6).getAs("dias_negociados")).isEqualTo(6);
            assertThat((Integer) months.get(7).getAs("dias_negociados")).isEqualTo(15);
            assertThat((Double) months.get(6).getAs("retorno_mensal")).as("no previous month: 31,38 / 33,29 − 1").isCloseTo(31.38 / 33.29 - 1, within(1e-15));
            assertThat((Double) months.get(7).getAs("retorno_mensal")).as("30,82 / 31,38 − 1").isCloseTo(30.82 / 31.38 - 1, within(1e-15));
        }

        void checkMonth(Row month, List<Bar> bars, BigDecimal previousClose) {
            assertThat(month.<java.sql.Date>getAs("primeiro_pregao").toLocalDate()).isEqualTo(bars.get(0).day());
            assertThat(month.<java.sql.Date>getAs("ultimo_pregao").toLocalDate()).isEqualTo(bars.get(bars.size() - 1).day());
            assertThat((BigDecimal) month.getAs("abertura")).isEqualByComparingTo(bars.get(0).open());
            assertThat((BigDecimal) month.getAs("fechamento")).isEqualByComparingTo(bars.get(bars.size() - 1).close());
            assertThat((BigDecimal) month.getAs("maxima")).isEqualByComparingTo(bars.stream().map(Bar::high).max(Comparator.naturalOrder()).orElseThrow());
            assertThat((BigDecimal) month.getAs("minima")).isEqualByComparingTo(bars.stream().map(Bar::low).min(Comparator.naturalOrder()).orElseThrow());
            assertThat((Long) month.getAs("volume_total")).isEqualTo(bars.stream().mapToLong(Bar::volume).sum());
            if (previousClose == null) {
                assertThat((Object) month.getAs("fechamento_mes_anterior")).isNull();
            } else {
                assertThat((BigDecimal) month.getAs("fechamento_mes_anterior")).isEqualByComparingTo(previousClose);
            }
            assertThat((String) month.getAs("codigo")).isEqualTo("PETR4");
        }

        @Test
        void theDailyManifestListsAndReplacesEveryWrittenDay() throws IOException {
            JsonNode manifest = JSON.readTree(lake.resolve("lagoa-brapi/catalog-commits/petr4_cotacoes/2025-07-21-jr_first.json").toFile());
            assertThat(manifest.get("table").asText()).isEqualTo("petr4_cotacoes");
            assertThat(manifest.get("location").asText()).isEqualTo("s3://lagoa-brapi/refined/dataset=petr4/");
            List<String> keys = new ArrayList<>();
            manifest.get("partitionKeys").forEach(key -> keys.add(key.get("name").asText() + " " + key.get("type").asText()));
            assertThat(keys).containsExactly("ticker string", "year int", "month int", "day int");
            List<String> columns = new ArrayList<>();
            manifest.get("columns").forEach(column -> columns.add(column.get("name").asText() + " " + column.get("type").asText()));
            assertThat(columns).containsExactly("data_pregao date", "codigo string", "nome_curto string", "nome string", "moeda string",
                    "abertura decimal(18,6)", "maxima decimal(18,6)", "minima decimal(18,6)", "fechamento decimal(18,6)",
                    "fechamento_ajustado decimal(18,6)", "volume bigint", "retorno_diario double", "retorno_log double",
                    "media_movel_5 decimal(18,6)", "media_movel_20 decimal(18,6)", "volatilidade_20d double", "volatilidade_20d_anualizada double",
                    "gap_abertura_pct double", "amplitude_pct double", "horario_barra timestamp", "coletado_em timestamp");
            assertThat(manifest.get("columns")).allSatisfy(column -> assertThat(column.get("comment").asText()).isNotBlank());
            assertThat(manifest.get("partitions")).hasSize(21);
            assertThat(manifest.get("partitions").get(20)).hasToString("{\"values\":[\"petr4\",\"2025\",\"07\",\"21\"],"
                    + "\"location\":\"s3://lagoa-brapi/refined/dataset=petr4/ticker=petr4/year=2025/month=07/day=21/\"}");
            assertThat(manifest.get("replaces")).hasSize(21);
            assertThat(manifest.get("replaces").get(0)).hasToString("[\"petr4\",\"2025\",\"06\",\"23\"]");
            assertThat(manifest.get("rows").asLong()).isEqualTo(21);
        }

        @Test
        void theMonthlyManifestListsTheTwoMonths() throws IOException {
            JsonNode manifest = JSON.readTree(lake.resolve("lagoa-brapi/catalog-commits/petr4_mensal/2025-07-21-jr_first.json").toFile());
            assertThat(manifest.get("location").asText()).isEqualTo("s3://lagoa-brapi/refined/dataset=petr4_mensal/");
            assertThat(manifest.get("partitions")).hasToString("[{\"values\":[\"petr4\",\"2025\",\"06\"],\"location\":"
                    + "\"s3://lagoa-brapi/refined/dataset=petr4_mensal/ticker=petr4/year=2025/month=06/\"},{\"values\":[\"petr4\",\"2025\",\"07\"],"
                    + "\"location\":\"s3://lagoa-brapi/refined/dataset=petr4_mensal/ticker=petr4/year=2025/month=07/\"}]");
            assertThat(manifest.get("replaces")).hasToString("[[\"petr4\",\"2025\",\"06\"],[\"petr4\",\"2025\",\"07\"]]");
            List<String> keys = new ArrayList<>();
            manifest.get("partitionKeys").forEach(key -> keys.add(key.get("name").asText() + " " + key.get("type").asText()));
            assertThat(keys).containsExactly("ticker string", "year int", "month int");
        }
    }

    @Test
    void aRunWithNothingNewIsANoOpAndARecollectedDayIsRewrittenWithItsMonth() throws IOException {
        Path lake = lake("again", BARS);
        refine(lake, null, "jr_one");
        Map<String, String> before = snapshot(lake.resolve("lagoa-brapi"));

        Map<String, Object> again = refine(lake, "2025-07-21", "jr_two");

        assertThat(again).containsEntry("days_written", 0).containsEntry("message",
                "Nothing to refine for 2025-07-21: the 21 raw days of petr4 (2025-06-23 to 2025-07-21) are refined already");
        assertThat(snapshot(lake.resolve("lagoa-brapi"))).as("nothing written, no manifest").isEqualTo(before);

        Map<String, String> june = snapshot(lake.resolve("lagoa-brapi/refined/dataset=petr4/ticker=petr4/year=2025/month=06"));
        Map<String, String> juneMonth = snapshot(lake.resolve("lagoa-brapi/refined/dataset=petr4_mensal/ticker=petr4/year=2025/month=06"));
        Bar closing = BARS.get(20).withClose(new BigDecimal("31.07"));
        QuotesBronze.write(spark, lake, closing, Instant.parse("2025-07-21T21:10:00Z"));

        Map<String, Object> recollected = refine(lake, "2025-07-21", "jr_three");

        assertThat(recollected).containsEntry("days_written", 1).containsEntry("reasons", Map.of("recollected", 1))
                .containsEntry("months_written", List.of("2025-07"));
        Row last = days(lake).get(LAST_DAY);
        assertThat((BigDecimal) last.getAs("fechamento")).isEqualTo(new BigDecimal("31.070000"));
        assertThat((Double) last.getAs("retorno_diario")).isCloseTo(31.07 / 30.99 - 1, within(1e-15));
        assertThat((Double) months(lake).get(7).getAs("retorno_mensal")).isCloseTo(31.07 / 31.38 - 1, within(1e-15));
        assertThat(snapshot(lake.resolve("lagoa-brapi/refined/dataset=petr4/ticker=petr4/year=2025/month=06"))).isEqualTo(june);
        assertThat(snapshot(lake.resolve("lagoa-brapi/refined/dataset=petr4_mensal/ticker=petr4/year=2025/month=06"))).isEqualTo(juneMonth);
        JsonNode manifest = JSON.readTree(lake.resolve("lagoa-brapi/catalog-commits/petr4_cotacoes/2025-07-21-jr_three.json").toFile());
        assertThat(manifest.get("replaces")).hasToString("[[\"petr4\",\"2025\",\"07\",\"21\"]]");
    }

    @Test
    void aBackfilledDayIsWrittenWithTheDaysWhoseWindowsReadIt() throws IOException {
        LocalDate july1 = LocalDate.parse("2025-07-01");
        Path lake = lake("backfill", BARS.stream().filter(bar -> !bar.day().equals(july1)).toList());
        refine(lake, null, "jr_gap");
        assertThat(days(lake)).hasSize(20).doesNotContainKey(july1);
        Map<String, String> june = snapshot(lake.resolve("lagoa-brapi/refined/dataset=petr4/ticker=petr4/year=2025/month=06"));
        QuotesBronze.write(spark, lake, BARS.get(6), QuotesBronze.COLLECTED_AT);

        Map<String, Object> summary = refine(lake, "2025-07-01", "jr_backfill");

        assertThat(summary).containsEntry("days_written", 15).containsEntry("reasons", Map.of("missing", 1, "window", 14))
                .containsEntry("first_day_written", "2025-07-01").containsEntry("months_written", List.of("2025-07"));
        Map<LocalDate, Row> days = days(lake);
        assertThat(days).hasSize(21);
        assertThat((BigDecimal) days.get(LAST_DAY).getAs("media_movel_5"))
                .as("the same as with the whole history at once").isEqualTo(new BigDecimal("31.404000"));
        assertThat((Double) days.get(LocalDate.parse("2025-07-02")).getAs("retorno_diario")).isCloseTo(32.05 / 31.49 - 1, within(1e-15));
        assertThat(snapshot(lake.resolve("lagoa-brapi/refined/dataset=petr4/ticker=petr4/year=2025/month=06"))).isEqualTo(june);
    }

    @Test
    void noRawDataFails() {
        Path lake = temp.resolve("empty");

        assertThatThrownBy(() -> refine(lake, null, "jr_none"))
                .isInstanceOf(JobFailure.class)
                .hasMessage("No raw data for petr4: no objects under s3://lagoa-brapi/raw/dataset=petr4/ticker=petr4/");
        assertThat(lake.resolve("lagoa-brapi/refined")).doesNotExist();
    }

    @Test
    void aTriggerDayWithoutItsRawObjectFails() {
        Path lake = lake("no-trigger", BARS.subList(0, 2));

        assertThatThrownBy(() -> refine(lake, "2025-07-22", "jr_late"))
                .isInstanceOf(JobFailure.class)
                .hasMessage("No raw object for 2025-07-22: s3://lagoa-brapi/raw/dataset=petr4/ticker=petr4/year=2025/month=07/day=22/data.parquet "
                        + "does not exist");
        assertThat(lake.resolve("lagoa-brapi/refined")).doesNotExist();
    }

    @Test
    void aTradeDateThatIsNotTheSaoPauloDateOfTheBarFails() {
        Path lake = temp.resolve("utc-date");
        // 2025-07-22T02:30:00Z is still the 21st in São Paulo (UTC−3): a writer that took the UTC date filed it under the 22nd
        Bar lateEvening = new Bar(1_753_151_400L, BARS.get(20).open(), BARS.get(20).high(), BARS.get(20).low(), BARS.get(20).close(),
                BARS.get(20).adjustedClose(), BARS.get(20).volume());
        assertThat(lateEvening.day()).isEqualTo(LAST_DAY);
        LocalDate utcDate = LocalDate.parse("2025-07-22");
        QuotesBronze.write(spark, QuotesBronze.file(lake, utcDate), lateEvening, utcDate, QuotesBronze.COLLECTED_AT);

        assertThatThrownBy(() -> refine(lake, null, "jr_utc"))
                .isInstanceOf(JobFailure.class)
                .hasMessage("Raw data s3://lagoa-brapi/raw/dataset=petr4/ticker=petr4/ has 1 invalid bar (the bronze writer should have rejected it): "
                        + "s3://lagoa-brapi/raw/dataset=petr4/ticker=petr4/year=2025/month=07/day=22/data.parquet: trade_date 2025-07-22 is not the "
                        + "São Paulo date of bar time 1753151400 (2025-07-21)");
        assertThat(lake.resolve("lagoa-brapi/refined")).doesNotExist();
    }
}
