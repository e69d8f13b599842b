package dev.lagoa.market.b3;

import static java.util.Objects.requireNonNull;

import dev.lagoa.market.Problem;
import dev.lagoa.market.Problem.Severity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a {@link PortfolioDay} and returns every problem at once, hard ones first in the order found.
 *
 * <p>Hard: no rows; a total of records that the rows do not match (B3's {@code totalRecords} is believed: fewer or
 * more rows than it claims means pages were lost or repeated); no header, or a header without a date, or with a
 * date that is not {@code dd/MM/yy} or not the requested date; a ticker that is missing, has spaces inside, or is not
 * 4 to 6 upper-case letters and digits; a ticker twice; a weight that is missing, not a pt-br decimal or outside
 * [0, 100]; a quantity that is missing, not a pt-br integer or not positive; weights that do not sum to 100 within
 * the tolerance (B3 rounds each to three decimals: the sum is 100.000 or 99.999).
 *
 * <p>Warnings: a ticker with spaces around it (trimmed); the rows' quantities not summing to the header's total;
 * text that arrived damaged (U+FFFD, kept as received), one warning per field.
 */
public final class PortfolioValidator {
    /** 0.01 percentage points. */
    public static final BigDecimal DEFAULT_PART_TOLERANCE = new BigDecimal("0.01");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Pattern TICKER = Pattern.compile("[A-Z0-9]{4,6}");

    private final BigDecimal partTolerance;

    /** @param partTolerance how far from 100 the weights may sum, in percentage points */
    public PortfolioValidator(BigDecimal partTolerance) {
        this.partTolerance = requireNonNull(partTolerance, "partTolerance is null");
        if (partTolerance.signum() < 0) {
            throw new IllegalArgumentException("partTolerance is negative: " + partTolerance);
        }
    }

    public PortfolioValidator() {
        this(DEFAULT_PART_TOLERANCE);
    }

    public List<Problem> validate(PortfolioDay day) {
        requireNonNull(day, "day is null");
        List<Problem> hard = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        checkHeader(day, hard, warnings);
        List<PortfolioResult> results = day.results();
        if (results.isEmpty()) {
            hard.add(Problem.hard("results", "B3 answered no rows for %s on %s".formatted(day.index(), day.requestedDate())));
        } else if (results.size() != day.page().totalRecords()) {
            hard.add(Problem.hard("page.totalRecords", "B3 claims %d records but %d rows arrived over %d page%s: the pages and their totals disagree"
                    .formatted(day.page().totalRecords(), results.size(), day.pages().size(), day.pages().size() == 1 ? "" : "s")));
        }
        Map<String, Integer> firstRowOfTicker = new HashMap<>();
        BigDecimal partSum = BigDecimal.ZERO;
        boolean partsComplete = true;
        long quantitySum = 0;
        boolean quantitiesComplete = true;
        for (PortfolioResult result : results) {
            int row = result.row();
            String raw = result.raw().cod();
            String field = "results[%d]".formatted(row);
            if (raw == null || raw.isBlank()) {
                hard.add(Problem.ofRow(Severity.HARD, field + ".cod", row, null, "row without a ticker"));
            } else if (result.cod().chars().anyMatch(Character::isWhitespace)) {
                hard.add(Problem.ofRow(Severity.HARD, field + ".cod", row, raw, "ticker '%s' has spaces inside".formatted(raw)));
            } else {
                if (!raw.equals(result.cod())) {
                    warnings.add(Problem.ofRow(Severity.WARNING, field + ".cod", row, raw, "ticker '%s' arrived with spaces around it, trimmed to '%s'"
                            .formatted(raw, result.cod())));
                }
                if (!TICKER.matcher(result.cod()).matches()) {
                    hard.add(Problem.ofRow(Severity.HARD, field + ".cod", row, raw, "ticker '%s' is not 4 to 6 upper-case letters and digits".formatted(raw)));
                } else {
                    Integer first = firstRowOfTicker.putIfAbsent(result.cod(), row);
                    if (first != null) {
                        hard.add(Problem.ofRow(Severity.HARD, field + ".cod", row, raw, "ticker %s appears twice: rows %d and %d".formatted(result.cod(), first, row)));
                    }
                }
            }
            if (result.part() == null) {
                partsComplete = false;
                hard.add(Problem.ofRow(Severity.HARD, field + ".part", row, raw, missingOrInvalid(result.raw().part(), true)));
            } else {
                partSum = partSum.add(result.part());
                if (result.part().signum() < 0 || result.part().compareTo(HUNDRED) > 0) {
                    hard.add(Problem.ofRow(Severity.HARD, field + ".part", row, raw, "weight %s is outside [0, 100]".formatted(result.raw().part())));
                }
            }
            if (result.raw().partAcum() != null && result.partAcum() == null) {
                hard.add(Problem.ofRow(Severity.HARD, field + ".partAcum", row, raw, missingOrInvalid(result.raw().partAcum(), true)));
            }
            if (result.theoricalQty() == null) {
                quantitiesComplete = false;
                hard.add(Problem.ofRow(Severity.HARD, field + ".theoricalQty", row, raw, missingOrInvalid(result.raw().theoricalQty(), false)));
            } else if (result.theoricalQty() <= 0) {
                hard.add(Problem.ofRow(Severity.HARD, field + ".theoricalQty", row, raw, "quantity %s is not positive".formatted(result.raw().theoricalQty())));
            } else {
                quantitySum = addExact(quantitySum, result.theoricalQty());
            }
        }
        if (!results.isEmpty() && partsComplete && partSum.subtract(HUNDRED).abs().compareTo(partTolerance) > 0) {
            hard.add(Problem.hard("results[*].part", "the weights sum to %s, not 100 within %s".formatted(partSum.toPlainString(), partTolerance.toPlainString())));
        }
        PortfolioHeader header = day.header();
        if (!results.isEmpty() && quantitiesComplete && header != null && header.theoricalQty() != null && quantitySum != header.theoricalQty()) {
            warnings.add(Problem.warning("header.theoricalQty", "the rows' quantities sum to %d, the header's total is %d".formatted(quantitySum, header.theoricalQty())));
        }
        checkDamagedText(day, warnings);
        List<Problem> problems = new ArrayList<>(hard);
        problems.addAll(warnings);
        return List.copyOf(problems);
    }

    private static void checkHeader(PortfolioDay day, List<Problem> hard, List<Problem> warnings) {
        PortfolioHeader header = day.header();
        if (header == null) {
            hard.add(Problem.hard("header", "B3 answered no header: the portfolio's date is unknown"));
            return;
        }
        String rawDate = header.raw().date();
        if (rawDate == null || rawDate.isBlank()) {
            hard.add(Problem.hard("header.date", "the header has no date: the portfolio's date is unknown"));
        } else if (header.date() == null) {
            hard.add(Problem.hard("header.date", "the header's date '%s' is not dd/MM/yy".formatted(rawDate)));
        } else if (!header.date().equals(day.requestedDate())) {
            hard.add(Problem.hard("header.date", "the header's date '%s' is %s, not the requested %s: B3 answered another day's portfolio"
                    .formatted(rawDate, header.date(), day.requestedDate())));
        }
        checkHeaderDecimal("header.part", header.raw().part(), hard);
        checkHeaderDecimal("header.partAcum", header.raw().partAcum(), hard);
        checkHeaderDecimal("header.reductor", header.raw().reductor(), hard);
        if (header.raw().theoricalQty() != null && header.theoricalQty() == null) {
            hard.add(Problem.hard("header.theoricalQty", missingOrInvalid(header.raw().theoricalQty(), false)));
        }
    }

    private static void checkDamagedText(PortfolioDay day, List<Problem> warnings) {
        Map<String, List<Integer>> damagedRows = new LinkedHashMap<>();
        Map<String, String> firstValue = new HashMap<>();
        if (day.header() != null) {
            damaged("header.text", -1, day.header().raw().text(), damagedRows, firstValue);
            damaged("header.textReductor", -1, day.header().raw().textReductor(), damagedRows, firstValue);
        }
        for (PortfolioResult result : day.results()) {
            PortfolioResult.Raw raw = result.raw();
            damaged("results[*].segment", result.row(), raw.segment(), damagedRows, firstValue);
            damaged("results[*].cod", result.row(), raw.cod(), damagedRows, firstValue);
            damaged("results[*].asset", result.row(), raw.asset(), damagedRows, firstValue);
            damaged("results[*].type", result.row(), raw.type(), damagedRows, firstValue);
        }
        damagedRows.forEach((field, rows) -> warnings.add(Problem.warning(field, rows.get(0) < 0
                ? "text arrived damaged (U+FFFD), kept as received: '%s'".formatted(firstValue.get(field))
                : "text arrived damaged (U+FFFD) in %d row%s, kept as received; first: row %d '%s'".formatted(
                        rows.size(), rows.size() == 1 ? "" : "s", rows.get(0), firstValue.get(field)))));
        boolean anyDamaged = !damagedRows.isEmpty();
        if (day.textDamaged() && !anyDamaged) {
            warnings.add(Problem.warning("body", "bytes invalid in the declared charset were replaced; the raw body is kept as received"));
        }
    }

    private static void damaged(String field, int row, String value, Map<String, List<Integer>> damagedRows, Map<String, String> firstValue) {
        if (value != null && value.indexOf('\uFFFD') >= 0) {
            damagedRows.computeIfAbsent(field, key -> new ArrayList<>()).add(row);
            firstValue.putIfAbsent(field, value);
        }
    }

    private static String missingOrInvalid(String raw, boolean decimal) {
        if (raw == null) {
            return "missing";
        }
        String problem = decimal ? BrazilianNumbers.decimalProblem(raw) : BrazilianNumbers.integerProblem(raw);
        return problem != null ? problem : "'%s' is too large".formatted(raw);
    }

    private static void checkHeaderDecimal(String field, String raw, List<Problem> hard) {
        if (raw != null && BrazilianNumbers.decimalProblem(raw) != null) {
            hard.add(Problem.hard(field, BrazilianNumbers.decimalProblem(raw)));
        }
    }

    private static long addExact(long sum, long value) {
        try {
            return Math.addExact(sum, value);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
