package dev.lagoa.market.brapi;

import dev.lagoa.market.MarketErrorCode;

import static dev.lagoa.market.Fixtures.BRAPI_1MO_2025;
import static dev.lagoa.market.Fixtures.BRAPI_2026;
import static dev.lagoa.market.Fixtures.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.market.Fixtures;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class QuoteParserTest {
    @Test
    void readsTheMonthOfDailyBarsOfPetr4AndVale3() {
        QuoteResponse response = QuoteParser.parse(response(Fixtures.text(BRAPI_1MO_2025)));

        assertThat(response.requestedAt()).isNull();
        assertThat(response.took()).isNull();
        assertThat(response.results()).extracting(Quote::symbol).containsExactly("PETR4", "VALE3");
        Quote petr4 = response.results().get(0);
        assertThat(petr4.historicalDataPrice()).hasSize(21);
        assertThat(petr4.marketCap()).isEqualTo(new BigDecimal("427866170405"));
        assertThat(petr4.usedRange()).isEqualTo("1mo");
        DailyBar first = petr4.historicalDataPrice().get(0);
        // 1750683600 is 2025-06-23T13:00:00Z, 10:00 in São Paulo
        assertThat(first.epochSeconds()).isEqualTo(1_750_683_600L);
        assertThat(first.time()).isEqualTo(Instant.parse("2025-06-23T13:00:00Z"));
        assertThat(first.tradeDate()).isEqualTo(LocalDate.of(2025, 6, 23));
        assertThat(first.open()).isEqualTo(new BigDecimal("33.29"));
        assertThat(first.close()).isEqualTo(new BigDecimal("32"));
        assertThat(first.volume()).isEqualTo(54_592_400L);
        DailyBar last = petr4.historicalDataPrice().get(20);
        assertThat(last.time()).isEqualTo(Instant.parse("2025-07-21T13:27:35Z"));
        assertThat(last.tradeDate()).isEqualTo(LocalDate.of(2025, 7, 21));
        assertThat(last.low()).isEqualTo(new BigDecimal("30.77"));
        assertThat(petr4.dailyBars()).hasSize(21);
    }

    @Test
    void readsTheCompleteQuoteWithItsNullsAndTook() {
        QuoteResponse response = QuoteParser.parse(response(Fixtures.text(BRAPI_2026)));

        assertThat(response.requestedAt()).isEqualTo(Instant.parse("2026-04-25T16:14:22.465Z"));
        assertThat(response.took()).isEqualTo(Duration.ofMillis(5));
        Quote quote = response.results().get(0);
        assertThat(quote.symbol()).isEqualTo("PETR4");
        assertThat(quote.longName()).isEqualTo("Petróleo Brasileiro S.A. - Petrobras");
        assertThat(quote.regularMarketPrice()).isEqualTo(new BigDecimal("47.16"));
        assertThat(quote.regularMarketChangePercent()).isEqualTo(new BigDecimal("-1.28"));
        assertThat(quote.regularMarketTime()).isEqualTo(Instant.parse("2026-04-25T16:14:22Z"));
        assertThat(quote.regularMarketVolume()).isEqualTo(34_837_100L);
        assertThat(quote.marketCap()).isNull();
        assertThat(quote.priceEarnings()).isNull();
        assertThat(quote.earningsPerShare()).isNull();
        assertThat(quote.historicalDataPrice()).isEmpty();
    }

    @Test
    void keepsTheExactDecimalsOfTheJsonText() {
        QuoteResponse response = QuoteParser.parse(response(
                "{\"results\":[{\"symbol\":\"PETR4\",\"regularMarketPrice\":31.10,\"historicalDataPrice\":[{\"date\":1750683600,\"open\":33.290,"
                        + "\"high\":33.34,\"low\":31.81,\"close\":32.00,\"volume\":54592400,\"adjustedClose\":0.1}]}]}"));

        DailyBar bar = response.results().get(0).historicalDataPrice().get(0);
        assertThat(response.results().get(0).regularMarketPrice().toPlainString()).isEqualTo("31.10");
        assertThat(bar.open().toPlainString()).isEqualTo("33.290");
        assertThat(bar.close().toPlainString()).isEqualTo("32.00");
        assertThat(bar.adjustedClose()).isEqualTo(new BigDecimal("0.1"));
    }

    @Test
    void readsTookAsATextOfMillisecondsOrSeconds() {
        assertThat(QuoteParser.parse(response("{\"results\":[],\"took\":\"8ms\"}")).took()).isEqualTo(Duration.ofMillis(8));
        assertThat(QuoteParser.parse(response("{\"results\":[],\"took\":\"1.5s\"}")).took()).isEqualTo(Duration.ofMillis(1500));
        assertThat(QuoteParser.parse(response("{\"results\":[],\"took\":2.5}")).took()).isEqualTo(Duration.ofNanos(2_500_000));
        assertThatThrownBy(() -> QuoteParser.parse(response("{\"results\":[],\"took\":\"soon\"}")))
                .hasMessage("BRAPI answered took as \"soon\", not a number of milliseconds or a text like \"8ms\" (GET http://127.0.0.1/test)");
    }

    @Test
    void refusesANumberThatArrivesAsText() {
        ObjectNode answer = Fixtures.json(BRAPI_1MO_2025);
        ((ObjectNode) answer.get("results").get(1).get("historicalDataPrice").get(3)).put("close", "54,30");

        assertThatThrownBy(() -> QuoteParser.parse(response(Fixtures.write(answer))))
                .isInstanceOf(LagoaException.class)
                .hasMessage("BRAPI answered results[1].historicalDataPrice[3].close as \"54,30\", not a number (GET http://127.0.0.1/test)")
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(MarketErrorCode.SOURCE_RESPONSE_INVALID);
    }

    @Test
    void refusesTruncatedJsonHtmlAndBrapisErrorObject() {
        byte[] truncated = Arrays.copyOf(Fixtures.bytes(BRAPI_1MO_2025), 3000);
        assertThatThrownBy(() -> QuoteParser.parse(response(truncated, "application/json")))
                .hasMessageStartingWith("BRAPI answered truncated JSON: the body ends at character offset ")
                .hasMessageContaining("(3000 bytes received)");
        assertThatThrownBy(() -> QuoteParser.parse(response("<html><body>Bad gateway</body></html>".getBytes(StandardCharsets.UTF_8), "text/html")))
                .hasMessage("BRAPI answered 200 with text/html, not JSON: <html><body>Bad gateway</body></html> (GET http://127.0.0.1/test)");
        assertThatThrownBy(() -> QuoteParser.parse(response("{\"error\":true,\"message\":\"Ticker inválido\"}")))
                .hasMessage("BRAPI answered an error: Ticker inválido (GET http://127.0.0.1/test)");
    }

    @Test
    void keepsBarsWithoutADateSoTheValidatorCanReportThem() {
        QuoteResponse response = QuoteParser.parse(response("{\"results\":[{\"symbol\":\"PETR4\",\"historicalDataPrice\":[{\"open\":1}]}]}"));

        DailyBar bar = response.results().get(0).historicalDataPrice().get(0);
        assertThat(bar.epochSeconds()).isNull();
        assertThat(bar.tradeDate()).isNull();
        assertThat(response.results().get(0).dailyBars()).isEmpty();
    }
}
