package dev.lagoa.market.brapi;

import static dev.lagoa.market.Fixtures.BRAPI_1MO_2025;
import static dev.lagoa.market.Fixtures.BRAPI_2026;
import static dev.lagoa.market.Fixtures.response;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.market.Fixtures;
import dev.lagoa.market.Problem;
import dev.lagoa.market.http.RawResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class QuoteValidatorTest {
    /** The morning after the recording: 2025-07-22 09:00 in São Paulo. */
    private static final Clock NEXT_DAY = Clock.fixed(Instant.parse("2025-07-22T12:00:00Z"), ZoneOffset.UTC);
    /** The recording's day, 15:00 in São Paulo: the last bars are intraday. */
    private static final Clock SAME_DAY = Clock.fixed(Instant.parse("2025-07-21T18:00:00Z"), ZoneOffset.UTC);

    private static QuoteFetch fetch(String body, List<String> tickers) {
        RawResponse raw = response(body);
        return new QuoteFetch(tickers, "1mo", "1d", QuoteParser.parse(raw), raw, Instant.EPOCH);
    }

    private static List<String> problemsOf(Consumer<ObjectNode> change, Clock clock) {
        ObjectNode answer = Fixtures.json(BRAPI_1MO_2025);
        change.accept(answer);
        return new QuoteValidator(clock).validate(fetch(Fixtures.write(answer), List.of("PETR4", "VALE3"))).stream().map(Problem::toString).toList();
    }

    private static ObjectNode bar(ObjectNode answer, int result, int index) {
        return (ObjectNode) answer.get("results").get(result).get("historicalDataPrice").get(index);
    }

    @Test
    void theRecordedMonthIsCleanTheNextDay() {
        assertThat(problemsOf(answer -> { }, NEXT_DAY)).isEmpty();
    }

    @Test
    void theLastBarOfTodayInSaoPauloIsFlaggedIntraday() {
        assertThat(problemsOf(answer -> { }, SAME_DAY)).containsExactly(
                "WARNING results[0].historicalDataPrice[20] (PETR4): the last bar is today's (2025-07-21 in São Paulo, 2025-07-21T13:27:35Z): intraday, its prices may still change",
                "WARNING results[1].historicalDataPrice[20] (VALE3): the last bar is today's (2025-07-21 in São Paulo, 2025-07-21T17:44:46Z): intraday, its prices may still change");
    }

    @Test
    void aSecondBarOfOneDayIsReportedAndTheLastOneKept() {
        ObjectNode answer = Fixtures.json(BRAPI_1MO_2025);
        ArrayNode bars = (ArrayNode) answer.get("results").get(0).get("historicalDataPrice");
        ObjectNode again = bars.get(4).deepCopy();
        again.put("date", bars.get(4).get("date").asLong() + 3600).put("close", 31.25);
        bars.insert(5, again);
        QuoteFetch fetch = fetch(Fixtures.write(answer), List.of("PETR4", "VALE3"));

        assertThat(new QuoteValidator(NEXT_DAY).validate(fetch)).extracting(Problem::toString).containsExactly(
                "WARNING results[0].historicalDataPrice[5].date (PETR4): a second bar of 2025-06-27: the last one is kept");
        List<DailyBar> daily = fetch.response().results().get(0).dailyBars();
        assertThat(daily).hasSize(21);
        assertThat(daily.get(4).close()).isEqualTo(new BigDecimal("31.25"));
    }

    @Test
    void missingOrImpossiblePricesAreHard() {
        assertThat(problemsOf(answer -> {
            bar(answer, 0, 1).remove("open");
            bar(answer, 0, 2).put("high", 31.0).put("low", 31.5);
            bar(answer, 1, 0).put("close", 0);
            bar(answer, 1, 1).remove("date");
            bar(answer, 1, 2).remove("volume");
        }, NEXT_DAY)).containsExactly(
                "HARD results[0].historicalDataPrice[1].open (PETR4): missing",
                "HARD results[0].historicalDataPrice[2].high (PETR4): high 31.0 is below low 31.5",
                "HARD results[1].historicalDataPrice[0].close (VALE3): price 0 is not positive",
                "HARD results[1].historicalDataPrice[1].date (VALE3): bar without a date",
                "WARNING results[1].historicalDataPrice[2].volume (VALE3): missing");
    }

    @Test
    void aMissingRequestedTickerOrAnUnexpectedOneIsReported() {
        ObjectNode answer = Fixtures.json(BRAPI_1MO_2025);
        ((ObjectNode) answer.get("results").get(1)).put("symbol", "VALE5");

        assertThat(new QuoteValidator(NEXT_DAY).validate(fetch(Fixtures.write(answer), List.of("PETR4", "VALE3")))).extracting(Problem::toString)
                .containsExactly("HARD results: BRAPI answered no result for the requested VALE3",
                        "WARNING results[1].symbol (VALE5): symbol VALE5 was not requested");
    }

    @Test
    void aSymbolWithSpacesAndEmptyResultsAreHard() {
        assertThat(problemsOf(answer -> ((ObjectNode) answer.get("results").get(0)).put("symbol", "PETR 4"), NEXT_DAY)).containsExactly(
                "HARD results[0].symbol (PETR 4): symbol 'PETR 4' is not 4 to 6 upper-case letters and digits",
                "HARD results: BRAPI answered no result for the requested PETR4");
        assertThat(new QuoteValidator(NEXT_DAY).validate(fetch("{\"results\":[]}", List.of("PETR4")))).extracting(Problem::toString)
                .containsExactly("HARD results: BRAPI answered no results for PETR4", "HARD results: BRAPI answered no result for the requested PETR4");
    }

    @Test
    void aQuoteWithoutBarsIsHardWhenARangeWasAsked() {
        assertThat(new QuoteValidator(NEXT_DAY).validate(fetch(Fixtures.text(BRAPI_2026), List.of("PETR4")))).extracting(Problem::toString)
                .containsExactly("HARD results[0].historicalDataPrice (PETR4): no bars for range 1mo and interval 1d");
    }

    @Test
    void theTradeDateIsTheSaoPauloDateOfTheBarsInstant() {
        // 2026 bars are stamped 03:00 UTC, midnight in São Paulo: the same calendar day
        DailyBar bar = DailyBar.of(Instant.parse("2026-04-24T03:00:00Z").getEpochSecond(), BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE,
                BigDecimal.ONE, 1L);
        assertThat(bar.tradeDate()).isEqualTo(LocalDate.of(2026, 4, 24));
        DailyBar late = DailyBar.of(Instant.parse("2026-04-24T02:59:59Z").getEpochSecond(), null, null, null, null, null, null);
        assertThat(late.tradeDate()).isEqualTo(LocalDate.of(2026, 4, 23));
    }
}
