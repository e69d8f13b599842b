package dev.lagoa.market.b3;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * One row of {@code results}: an asset of the index. {@link #raw()} holds every field exactly as received (null when
 * absent); each typed value is null when its raw text is absent or is not in the pt-br format. With segment 1, B3
 * sends {@code segment} and {@code partAcum} as null.
 *
 * @param row the row's index in the day's results, all pages together, from 0
 * @param cod the ticker without surrounding whitespace
 * @param part the asset's weight in the index, in percent
 * @param partAcum the segment's accumulated weight (segment 2), or null
 * @param theoricalQty the asset's theoretical quantity
 */
public record PortfolioResult(
        int row,
        Raw raw,
        String segment,
        String cod,
        String asset,
        String type,
        BigDecimal part,
        BigDecimal partAcum,
        Long theoricalQty) {
    public PortfolioResult {
        requireNonNull(raw, "raw is null");
        if (row < 0) {
            throw new IllegalArgumentException("row is negative");
        }
    }

    /** Builds the typed values from the raw ones. */
    static PortfolioResult of(int row, Raw raw) {
        return new PortfolioResult(
                row,
                raw,
                raw.segment(),
                raw.cod() == null ? null : raw.cod().strip(),
                raw.asset(),
                raw.type(),
                Values.decimal(raw.part()),
                Values.decimal(raw.partAcum()),
                Values.integer(raw.theoricalQty()));
    }

    /** The row's fields as received, each null when absent or JSON null. */
    public record Raw(String segment, String cod, String asset, String type, String part, String partAcum, String theoricalQty) {}
}
