package dev.lagoa.market.brapi;

import static java.util.Objects.requireNonNull;

import dev.lagoa.market.Problem;
import dev.lagoa.market.Problem.Severity;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@link QuoteFetch} and returns every problem at once, hard ones first in the order found.
 *
 * <p>Hard: no results; a requested ticker without a result; a result without a symbol, with a symbol that is not 4
 * to 6 upper-case letters and digits, or twice; no bars when a range was asked; a bar without a date or without one of
 * its prices, a price that is not positive, a high below the low, a negative volume.
 *
 * <p>Warnings: a result that was not requested; no market price, or one that is not positive; an open or close
 * outside the bar's low–high; a bar without its adjusted close or volume; two bars of one trading day (the last one
 * is kept by {@link Quote#dailyBars()}); a last bar of today in São Paulo (intraday: its prices may still change).
 */
public final class QuoteValidator {
    private static final Pattern TICKER = Pattern.compile("[A-Z0-9]{4,6}");

    private final Clock clock;

    /** @param clock what "today" is, in São Paulo */
    public QuoteValidator(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    public List<Problem> validate(QuoteFetch fetch) {
        requireNonNull(fetch, "fetch is null");
        List<Problem> hard = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        List<Quote> results = fetch.response().results();
        if (results.isEmpty()) {
            hard.add(Problem.hard("results", "BRAPI answered no results for " + String.join(",", fetch.tickers())));
        }
        Map<String, Integer> rowOfSymbol = new HashMap<>();
        for (int row = 0; row < results.size(); row++) {
            Quote quote = results.get(row);
            String field = "results[%d]".formatted(row);
            String symbol = quote.symbol();
            if (symbol == null || symbol.isBlank()) {
                hard.add(Problem.ofRow(Severity.HARD, field + ".symbol", row, null, "result without a symbol"));
            } else if (!TICKER.matcher(symbol).matches()) {
                hard.add(Problem.ofRow(Severity.HARD, field + ".symbol", row, symbol, "symbol '%s' is not 4 to 6 upper-case letters and digits".formatted(symbol)));
            } else {
                Integer first = rowOfSymbol.putIfAbsent(symbol, row);
                if (first != null) {
                    hard.add(Problem.ofRow(Severity.HARD, field + ".symbol", row, symbol, "symbol %s appears twice: results %d and %d".formatted(symbol, first, row)));
                } else if (!fetch.tickers().contains(symbol)) {
                    warnings.add(Problem.ofRow(Severity.WARNING, field + ".symbol", row, symbol, "symbol %s was not requested".formatted(symbol)));
                }
            }
            if (quote.regularMarketPrice() == null) {
                warnings.add(Problem.ofRow(Severity.WARNING, field + ".regularMarketPrice", row, symbol, "missing"));
            } else if (quote.regularMarketPrice().signum() <= 0) {
                warnings.add(Problem.ofRow(Severity.WARNING, field + ".regularMarketPrice", row, symbol,
                        "price %s is not positive".formatted(quote.regularMarketPrice().toPlainString())));
            }
            checkBars(fetch, quote, row, hard, warnings);
        }
        for (String ticker : fetch.tickers()) {
            if (!rowOfSymbol.containsKey(ticker)) {
                hard.add(Problem.hard("results", "BRAPI answered no result for the requested %s".formatted(ticker)));
            }
        }
        List<Problem> problems = new ArrayList<>(hard);
        problems.addAll(warnings);
        return List.copyOf(problems);
    }

    private void checkBars(QuoteFetch fetch, Quote quote, int row, List<Problem> hard, List<Problem> warnings) {
        String symbol = quote.symbol();
        List<DailyBar> bars = quote.historicalDataPrice();
        String field = "results[%d].historicalDataPrice".formatted(row);
        if (bars.isEmpty()) {
            hard.add(Problem.ofRow(Severity.HARD, field, row, symbol, "no bars for range %s and interval %s".formatted(fetch.range(), fetch.interval())));
            return;
        }
        Set<LocalDate> seen = new HashSet<>();
        for (int index = 0; index < bars.size(); index++) {
            DailyBar bar = bars.get(index);
            String barField = "%s[%d]".formatted(field, index);
            if (bar.tradeDate() == null) {
                hard.add(Problem.ofRow(Severity.HARD, barField + ".date", row, symbol, "bar without a date"));
            } else if (!seen.add(bar.tradeDate())) {
                warnings.add(Problem.ofRow(Severity.WARNING, barField + ".date", row, symbol,
                        "a second bar of %s: the last one is kept".formatted(bar.tradeDate())));
            }
            boolean pricesComplete = true;
            for (var price : List.of(new Price("open", bar.open()), new Price("high", bar.high()), new Price("low", bar.low()), new Price("close", bar.close()))) {
                if (price.value() == null) {
                    pricesComplete = false;
                    hard.add(Problem.ofRow(Severity.HARD, barField + "." + price.name(), row, symbol, "missing"));
                } else if (price.value().signum() <= 0) {
                    pricesComplete = false;
                    hard.add(Problem.ofRow(Severity.HARD, barField + "." + price.name(), row, symbol,
                            "price %s is not positive".formatted(price.value().toPlainString())));
                }
            }
            if (pricesComplete) {
                if (bar.high().compareTo(bar.low()) < 0) {
                    hard.add(Problem.ofRow(Severity.HARD, barField + ".high", row, symbol, "high %s is below low %s".formatted(
                            bar.high().toPlainString(), bar.low().toPlainString())));
                } else {
                    for (var price : List.of(new Price("open", bar.open()), new Price("close", bar.close()))) {
                        if (price.value().compareTo(bar.low()) < 0 || price.value().compareTo(bar.high()) > 0) {
                            warnings.add(Problem.ofRow(Severity.WARNING, barField + "." + price.name(), row, symbol, "%s %s is outside low %s – high %s".formatted(
                                    price.name(), price.value().toPlainString(), bar.low().toPlainString(), bar.high().toPlainString())));
                        }
                    }
                }
            }
            if (bar.adjustedClose() == null) {
                warnings.add(Problem.ofRow(Severity.WARNING, barField + ".adjustedClose", row, symbol, "missing"));
            } else if (bar.adjustedClose().signum() <= 0) {
                hard.add(Problem.ofRow(Severity.HARD, barField + ".adjustedClose", row, symbol,
                        "price %s is not positive".formatted(bar.adjustedClose().toPlainString())));
            }
            if (bar.volume() == null) {
                warnings.add(Problem.ofRow(Severity.WARNING, barField + ".volume", row, symbol, "missing"));
            } else if (bar.volume() < 0) {
                hard.add(Problem.ofRow(Severity.HARD, barField + ".volume", row, symbol, "volume %d is negative".formatted(bar.volume())));
            }
        }
        DailyBar last = bars.get(bars.size() - 1);
        LocalDate today = LocalDate.now(clock.withZone(DailyBar.SAO_PAULO));
        if (today.equals(last.tradeDate())) {
            warnings.add(Problem.ofRow(Severity.WARNING, "%s[%d]".formatted(field, bars.size() - 1), row, symbol,
                    "the last bar is today's (%s in São Paulo, %s): intraday, its prices may still change".formatted(today, last.time())));
        }
    }

    private record Price(String name, BigDecimal value) {}
}
