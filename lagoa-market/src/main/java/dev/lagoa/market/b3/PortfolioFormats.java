package dev.lagoa.market.b3;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tells a GetPortfolioDay answer in the en-us format from one in pt-br, over the whole answer. The language
 * parameter changes every format: en-us writes {@code "2.663"} for a weight of 2.663 %, {@code "99,015,750,716"}
 * for a quantity and {@code "04/07/25"} month-first. Some en-us values are also valid pt-br ({@code "2.663"} reads
 * as 2663), so one value cannot tell; the shapes can:
 *
 * <ul>
 *   <li>pt-br always writes a weight ({@code part}, {@code partAcum}) with a decimal comma ({@code "2,728"}); a
 *       weight with a decimal point and no comma is en-us;</li>
 *   <li>pt-br writes quantities as integers with dots, never with a comma; en-us groups them by commas
 *       ({@code "99,015,750,716"});</li>
 *   <li>pt-br writes at most one comma in the reductor, before its decimals; en-us groups it by commas with a
 *       decimal point ({@code "16,036,751.16744128"}). A reductor like {@code "794,874"} could be either: it is no
 *       evidence;</li>
 *   <li>a header date that is the requested date only when read month-first supports the finding (it is not enough
 *       alone: a wrong date is its own problem).</li>
 * </ul>
 */
final class PortfolioFormats {
    private static final Pattern EN_US_WEIGHT = Pattern.compile("-?\\d+\\.\\d+");
    private static final Pattern EN_US_GROUPED = Pattern.compile("-?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
    private static final Pattern EN_US_GROUPED_DECIMAL = Pattern.compile("-?\\d{1,3}(,\\d{3})+\\.\\d+|-?\\d{1,3}(,\\d{3}){2,}");
    private static final DateTimeFormatter MONTH_FIRST = DateTimeFormatter.ofPattern("MM/dd/uu").withResolverStyle(ResolverStyle.STRICT);

    private PortfolioFormats() {}

    /** What shows that the answer is in en-us, or empty when nothing does. */
    static Optional<String> enUsEvidence(PortfolioHeader.Raw header, List<PortfolioResult.Raw> rows, LocalDate requestedDate) {
        Finding weights = new Finding();
        Finding grouped = new Finding();
        if (header != null) {
            weights.check("header.part", header.part(), EN_US_WEIGHT);
            weights.check("header.partAcum", header.partAcum(), EN_US_WEIGHT);
            grouped.check("header.theoricalQty", header.theoricalQty(), EN_US_GROUPED);
            grouped.check("header.reductor", header.reductor(), EN_US_GROUPED_DECIMAL);
        }
        for (int row = 0; row < rows.size(); row++) {
            PortfolioResult.Raw raw = rows.get(row);
            weights.check("results[%d].part".formatted(row), raw.part(), EN_US_WEIGHT);
            weights.check("results[%d].partAcum".formatted(row), raw.partAcum(), EN_US_WEIGHT);
            grouped.check("results[%d].theoricalQty".formatted(row), raw.theoricalQty(), EN_US_GROUPED);
        }
        if (weights.count == 0 && grouped.count == 0) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        if (weights.count > 0) {
            evidence.add("%d weight%s with a decimal point instead of a comma (%s)".formatted(weights.count, weights.count == 1 ? "" : "s", weights.first));
        }
        if (grouped.count > 0) {
            evidence.add("%d number%s with thousands grouped by commas (%s)".formatted(grouped.count, grouped.count == 1 ? "" : "s", grouped.first));
        }
        monthFirstDate(header, requestedDate).ifPresent(evidence::add);
        return Optional.of(String.join(", ", evidence));
    }

    private static Optional<String> monthFirstDate(PortfolioHeader.Raw header, LocalDate requestedDate) {
        if (header == null || header.date() == null) {
            return Optional.empty();
        }
        try {
            LocalDate monthFirst = LocalDate.parse(header.date(), MONTH_FIRST);
            if (monthFirst.equals(requestedDate) && !requestedDate.equals(Values.date(header.date()))) {
                return Optional.of("header.date '%s' is the requested %s only when read month-first".formatted(header.date(), requestedDate));
            }
        } catch (DateTimeParseException e) {
            // not a month-first date: no evidence either way
        }
        return Optional.empty();
    }

    private static final class Finding {
        private int count;
        private String first;

        void check(String field, String value, Pattern pattern) {
            if (value != null && pattern.matcher(value).matches()) {
                if (count == 0) {
                    first = "%s '%s'".formatted(field, value);
                }
                count++;
            }
        }
    }
}
