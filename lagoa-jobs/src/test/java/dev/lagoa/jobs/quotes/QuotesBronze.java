package dev.lagoa.jobs.quotes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lagoa.jobs.Fixtures;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** PETR4 bronze files as the control plane writes them: one BRAPI daily bar per trading day folder. */
public final class QuotesBronze {
    static final String FIXTURE = "brapi/quote_PETR4_VALE3_range-1mo_interval-1d_2025-07-21.json";
    static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");
    static final Instant COLLECTED_AT = Instant.parse("2025-07-21T18:40:00Z");
    static final StructType SCHEMA = new StructType()
            .add("symbol", DataTypes.StringType)
            .add("short_name", DataTypes.StringType)
            .add("long_name", DataTypes.StringType)
            .add("currency", DataTypes.StringType)
            .add("date", DataTypes.LongType)
            .add("trade_date", DataTypes.DateType)
            .add("open", QuotesTables.PRICE)
            .add("high", QuotesTables.PRICE)
            .add("low", QuotesTables.PRICE)
            .add("close", QuotesTables.PRICE)
            .add("adjusted_close", QuotesTables.PRICE)
            .add("volume", DataTypes.LongType)
            .add("used_range", DataTypes.StringType)
            .add("used_interval", DataTypes.StringType)
            .add("requested_at", DataTypes.TimestampType)
            .add("collected_at", DataTypes.TimestampType);

    /** One daily bar of the fixture, its numbers exactly as recorded. */
    record Bar(long date, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal adjustedClose, long volume) {
        LocalDate day() {
            return Instant.ofEpochSecond(date).atZone(SAO_PAULO).toLocalDate();
        }

        Bar withClose(BigDecimal newClose) {
            return new Bar(date, open, high, low, newClose, newClose, volume);
        }
    }

    private QuotesBronze() {}

    static JsonNode petr4() {
        for (JsonNode result : Fixtures.json(FIXTURE).get("results")) {
            if (result.get("symbol").asText().equals("PETR4")) {
                return result;
            }
        }
        throw new IllegalStateException("No PETR4 in " + FIXTURE);
    }

    /** The 21 recorded PETR4 bars, in date order. */
    static List<Bar> bars() {
        List<Bar> bars = new ArrayList<>();
        for (JsonNode bar : petr4().get("historicalDataPrice")) {
            bars.add(new Bar(bar.get("date").asLong(), bar.get("open").decimalValue(), bar.get("high").decimalValue(), bar.get("low").decimalValue(),
                    bar.get("close").decimalValue(), bar.get("adjustedClose").decimalValue(), bar.get("volume").asLong()));
        }
        return bars;
    }

    static Path file(Path lake, LocalDate day) {
        return lake.resolve("lagoa-brapi/raw/dataset=petr4/ticker=petr4/year=%04d/month=%02d/day=%02d/data.parquet"
                .formatted(day.getYear(), day.getMonthValue(), day.getDayOfMonth()));
    }

    /** Writes one bar as its day's bronze file, with its São Paulo trade date. */
    /** Writes the 21 recorded bars, each as collected at {@link #COLLECTED_AT}, into {@code lake}. */
    public static void writeAll(SparkSession spark, Path lake) {
        bars().forEach(bar -> write(spark, lake, bar, COLLECTED_AT));
    }

    static Path write(SparkSession spark, Path lake, Bar bar, Instant collectedAt) {
        return write(spark, file(lake, bar.day()), bar, bar.day(), collectedAt);
    }

    /** Writes one bar at {@code file} with the given trade date. */
    static Path write(SparkSession spark, Path file, Bar bar, LocalDate tradeDate, Instant collectedAt) {
        JsonNode petr4 = petr4();
        var row = RowFactory.create("PETR4", petr4.get("shortName").asText(), petr4.get("longName").asText(), petr4.get("currency").asText(),
                bar.date(), java.sql.Date.valueOf(tradeDate), price(bar.open()), price(bar.high()), price(bar.low()), price(bar.close()),
                price(bar.adjustedClose()), bar.volume(), petr4.get("usedRange").asText(), petr4.get("usedInterval").asText(), null,
                Timestamp.from(collectedAt));
        return Fixtures.writeParquet(spark.createDataFrame(List.of(row), SCHEMA), file);
    }

    private static BigDecimal price(BigDecimal value) {
        return value.setScale(6, RoundingMode.UNNECESSARY);
    }
}
