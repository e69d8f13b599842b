package dev.lagoa.market.brapi;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * One bar of {@code historicalDataPrice}. BRAPI stamps a bar with unix seconds (13:00 UTC in 2025, 03:00 UTC in
 * 2026): its trading day is the date of that instant in São Paulo. Prices are exactly the decimals of the JSON text.
 * Any value may be null when BRAPI left it out; {@link QuoteValidator} reports it.
 *
 * @param epochSeconds the bar's {@code date} as received
 * @param time the same instant
 * @param tradeDate the date of {@code time} in America/Sao_Paulo
 */
public record DailyBar(
        Long epochSeconds,
        Instant time,
        LocalDate tradeDate,
        BigDecimal open,
        BigDecimal high,
        BigDecimal low,
        BigDecimal close,
        BigDecimal adjustedClose,
        Long volume) {
    public static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

    public DailyBar {
        if ((epochSeconds == null) != (time == null) || (time == null) != (tradeDate == null)) {
            throw new IllegalArgumentException("epochSeconds, time and tradeDate are all set or all null");
        }
    }

    /** The bar stamped {@code epochSeconds}, its time and trading day derived. */
    public static DailyBar of(Long epochSeconds, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal adjustedClose,
            Long volume) {
        Instant time = epochSeconds == null ? null : Instant.ofEpochSecond(epochSeconds);
        LocalDate tradeDate = time == null ? null : time.atZone(SAO_PAULO).toLocalDate();
        return new DailyBar(epochSeconds, time, tradeDate, open, high, low, close, adjustedClose, volume);
    }
}
