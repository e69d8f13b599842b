package dev.lagoa.market.b3;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The {@code header} of a GetPortfolioDay answer: the portfolio's date and its totals. {@link #raw()} holds every
 * field exactly as received (null when absent); each typed value is null when its raw text is absent or is not in
 * the pt-br format ({@link PortfolioValidator} says which and why).
 *
 * @param date the header's date read {@code dd/MM/yy}
 * @param text the label of the total ("Quantidade Teórica Total")
 * @param reductor the index reductor
 * @param theoricalQty the total theoretical quantity
 */
public record PortfolioHeader(
        Raw raw,
        LocalDate date,
        String text,
        BigDecimal part,
        BigDecimal partAcum,
        String textReductor,
        BigDecimal reductor,
        Long theoricalQty) {
    public PortfolioHeader {
        requireNonNull(raw, "raw is null");
    }

    /** Builds the typed values from the raw ones. */
    static PortfolioHeader of(Raw raw) {
        return new PortfolioHeader(
                raw,
                Values.date(raw.date()),
                raw.text(),
                Values.decimal(raw.part()),
                Values.decimal(raw.partAcum()),
                raw.textReductor(),
                Values.decimal(raw.reductor()),
                Values.integer(raw.theoricalQty()));
    }

    /** The header's fields as received, each null when absent or JSON null. */
    public record Raw(String date, String text, String part, String partAcum, String textReductor, String reductor, String theoricalQty) {}
}
