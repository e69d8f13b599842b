package dev.lagoa.market.brapi;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of BRAPI's {@code results}: a ticker's quote and, when a range was asked, its bars. Every value but the
 * bars may be null: BRAPI sends nulls ({@code marketCap}, {@code priceEarnings}) and leaves fields out; numbers are
 * exactly the decimals of the JSON text.
 *
 * @param historicalDataPrice the bars as received, in order, duplicates included (empty when absent)
 */
public record Quote(
        String symbol,
        String shortName,
        String longName,
        String currency,
        BigDecimal regularMarketPrice,
        BigDecimal regularMarketDayHigh,
        BigDecimal regularMarketDayLow,
        String regularMarketDayRange,
        BigDecimal regularMarketChange,
        BigDecimal regularMarketChangePercent,
        Instant regularMarketTime,
        BigDecimal marketCap,
        Long regularMarketVolume,
        BigDecimal regularMarketPreviousClose,
        BigDecimal regularMarketOpen,
        String fiftyTwoWeekRange,
        BigDecimal fiftyTwoWeekLow,
        BigDecimal fiftyTwoWeekHigh,
        BigDecimal priceEarnings,
        BigDecimal earningsPerShare,
        String logoUrl,
        String usedInterval,
        String usedRange,
        List<DailyBar> historicalDataPrice) {
    public Quote {
        historicalDataPrice = List.copyOf(requireNonNull(historicalDataPrice, "historicalDataPrice is null"));
    }

    /**
     * One bar per trading day, in date order: when BRAPI sends two bars of the same day, the last one received wins
     * (the later one holds the later prices). Bars without a date are left out.
     */
    public List<DailyBar> dailyBars() {
        Map<LocalDate, DailyBar> byDate = new TreeMap<>();
        for (DailyBar bar : historicalDataPrice) {
            if (bar.tradeDate() != null) {
                byDate.put(bar.tradeDate(), bar);
            }
        }
        return List.copyOf(new ArrayList<>(byDate.values()));
    }
}
