package dev.lagoa.market.b3;

import dev.lagoa.market.MarketErrorCode;

import static dev.lagoa.market.Fixtures.EN_US_2025;
import static dev.lagoa.market.Fixtures.PT_BR_2022;
import static dev.lagoa.market.Fixtures.RECEIVED;
import static dev.lagoa.market.Fixtures.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.market.Fixtures;
import dev.lagoa.market.http.RawResponse;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortfolioParserTest {
    private static final LocalDate DAY_2022 = LocalDate.of(2022, 12, 8);
    private static final LocalDate DAY_2025 = LocalDate.of(2025, 4, 7);

    private static PortfolioDay parse(LocalDate requested, RawResponse... responses) {
        return PortfolioParser.parse("IBOV", requested, List.of(responses), RECEIVED);
    }

    @Test
    void readsTheRecordedPtBrAnswerExactlyAndKeepsTheRawTexts() {
        RawResponse response = response(Fixtures.bytes(PT_BR_2022), "application/json");

        PortfolioDay day = parse(DAY_2022, response);

        assertThat(day.page()).isEqualTo(new PortfolioPage(1, 9999, 92, 1));
        assertThat(day.results()).hasSize(92);
        PortfolioHeader header = day.header();
        assertThat(header.date()).isEqualTo(DAY_2022);
        assertThat(header.raw().date()).isEqualTo("08/12/22");
        assertThat(header.reductor()).isEqualTo(new BigDecimal("18553794.87445950"));
        assertThat(header.raw().reductor()).isEqualTo("18.553.794,87445950");
        assertThat(header.theoricalQty()).isEqualTo(101_053_551_382L);
        assertThat(header.part()).isEqualTo(new BigDecimal("100.000"));
        PortfolioResult weg = day.results().get(0);
        assertThat(weg.row()).isZero();
        assertThat(weg.cod()).isEqualTo("WEGE3");
        assertThat(weg.type()).isEqualTo("ON      NM");
        assertThat(weg.part()).isEqualTo(new BigDecimal("2.728"));
        assertThat(weg.raw().part()).isEqualTo("2,728");
        assertThat(weg.theoricalQty()).isEqualTo(1_481_593_024L);
        assertThat(weg.raw().theoricalQty()).isEqualTo("1.481.593.024");
        assertThat(day.results().get(91).row()).isEqualTo(91);
        assertThat(day.responses()).containsExactly(response);
        assertThat(day.responses().get(0).body()).isEqualTo(Fixtures.bytes(PT_BR_2022));
        assertThat(day.collectedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void keepsTheTextThatArrivedDamagedAsReceivedAndSaysSo() {
        PortfolioDay day = parse(DAY_2022, response(Fixtures.bytes(PT_BR_2022), "application/json"));

        assertThat(day.textDamaged()).isTrue();
        assertThat(day.header().text()).isEqualTo("Quantidade Te\uFFFDrica Total");
        assertThat(day.results().get(0).segment()).isEqualTo("Bens Indls / M\uFFFDqs e Equips");
    }

    @Test
    void refusesTheRecordedEnUsAnswerNamingTheEvidence() {
        RawResponse response = response(Fixtures.bytes(EN_US_2025), "application/json");

        assertThatThrownBy(() -> parse(DAY_2025, response))
                .isInstanceOf(LagoaException.class)
                .hasMessage("B3 answered GetPortfolioDay of IBOV in the en-us format, not pt-br: 176 weights with a decimal point instead of a comma "
                        + "(header.part '100.000'), 89 numbers with thousands grouped by commas (header.theoricalQty '99,015,750,716'), "
                        + "header.date '04/07/25' is the requested 2025-04-07 only when read month-first. Lagoa requests language pt-br and reads "
                        + "only its formats (GET http://127.0.0.1/test)")
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(MarketErrorCode.SOURCE_RESPONSE_INVALID);
    }

    @Test
    void refusesTheEnUsAnswerOnItsNumbersAloneWhateverTheDate() {
        RawResponse response = response(Fixtures.bytes(EN_US_2025), "application/json");

        assertThatThrownBy(() -> parse(LocalDate.of(2025, 7, 4), response))
                .hasMessageContaining("in the en-us format, not pt-br")
                .hasMessageNotContaining("month-first");
    }

    @Test
    void refusesASingleEnUsWeightAmongPtBrOnes() {
        ObjectNode answer = Fixtures.json(PT_BR_2022);
        ((ObjectNode) answer.get("results").get(5)).put("part", "0.076");

        assertThatThrownBy(() -> parse(DAY_2022, response(Fixtures.write(answer))))
                .hasMessageContaining("1 weight with a decimal point instead of a comma (results[5].part '0.076')");
    }

    @Test
    void joinsPagesInOrderWithRowsNumberedAcrossThem() {
        List<String> pages = Fixtures.pages(40);

        PortfolioDay day = parse(DAY_2022, pages.stream().map(Fixtures::response).toArray(RawResponse[]::new));

        assertThat(day.pages()).extracting(PortfolioPage::pageNumber).containsExactly(1, 2, 3);
        assertThat(day.results()).hasSize(92);
        assertThat(day.results()).extracting(PortfolioResult::row).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 92).boxed().toList());
        assertThat(day.results().get(40).cod()).isEqualTo(parse(DAY_2022, response(Fixtures.text(PT_BR_2022))).results().get(40).cod());
        assertThat(day.responses()).hasSize(3);
    }

    @Test
    void refusesAPageWithoutRowsThatTheTotalsPromise() {
        List<String> pages = Fixtures.pages(40);
        ObjectNode second = (ObjectNode) Fixtures.parse(pages.get(1));
        second.putArray("results");

        assertThatThrownBy(() -> parse(DAY_2022, response(pages.get(0)), response(Fixtures.write(second)), response(pages.get(2))))
                .isInstanceOf(LagoaException.class)
                .hasMessage("B3's totals of IBOV are lying: page 2 of 3 has no rows (totalRecords 92, 40 rows on the pages before) (GET http://127.0.0.1/test)");
    }

    @Test
    void refusesTotalsThatChangeBetweenPagesAndMissingPages() {
        List<String> pages = Fixtures.pages(40);
        ObjectNode third = (ObjectNode) Fixtures.parse(pages.get(2));
        ((ObjectNode) third.get("page")).put("totalRecords", 95);

        assertThatThrownBy(() -> parse(DAY_2022, response(pages.get(0)), response(pages.get(1)), response(Fixtures.write(third))))
                .hasMessage("B3's totals of IBOV changed between pages: page 1 claimed 3 pages and 92 records, page 3 claims 3 and 95 (GET http://127.0.0.1/test)");
        assertThatThrownBy(() -> parse(DAY_2022, response(pages.get(0)), response(pages.get(1))))
                .hasMessage("B3 claimed 3 pages of IBOV but 2 were given (http://127.0.0.1/test)");
        assertThatThrownBy(() -> parse(DAY_2022, response(pages.get(1))))
                .hasMessage("B3 answered page 2 of IBOV when page 1 was asked (GET http://127.0.0.1/test)");
    }

    @Test
    void leavesAWrongRecordTotalToTheValidator() {
        ObjectNode answer = Fixtures.json(PT_BR_2022);
        ((ObjectNode) answer.get("page")).put("totalRecords", 93);

        PortfolioDay day = parse(DAY_2022, response(Fixtures.write(answer)));

        assertThat(day.results()).hasSize(92);
        assertThat(new PortfolioValidator().validate(day)).filteredOn(problem -> problem.isHard()).singleElement()
                .hasToString("HARD page.totalRecords: B3 claims 93 records but 92 rows arrived over 1 page: the pages and their totals disagree");
    }

    @Test
    void refusesAnHtmlErrorPageServedWith200() {
        byte[] html = "<!DOCTYPE html>\n<html><head><title>Erro</title></head><body>Servi\u00e7o indispon\u00edvel no momento. Tente novamente mais tarde.</body></html>"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parse(DAY_2022, response(html, "text/html; charset=utf-8")))
                .isInstanceOf(LagoaException.class)
                .hasMessage("B3 answered 200 with text/html, not JSON: <!DOCTYPE html> <html><head><title>Erro</title></head><body>Serviço indisponível... "
                        + "(GET http://127.0.0.1/test)");
    }

    @Test
    void refusesATruncatedBodyNamingWhereItEnds() {
        byte[] truncated = Arrays.copyOf(Fixtures.bytes(PT_BR_2022), 5000);

        assertThatThrownBy(() -> parse(DAY_2022, response(truncated, "application/json")))
                .isInstanceOf(LagoaException.class)
                .hasMessageStartingWith("B3 answered truncated JSON: the body ends at character offset ")
                .hasMessageEndingWith(" (5000 bytes received) before the JSON is complete (GET http://127.0.0.1/test)");
    }

    @Test
    void refusesTrailingGarbageAndDuplicateKeys() {
        assertThatThrownBy(() -> parse(DAY_2022, response(Fixtures.text(PT_BR_2022) + "{}")))
                .hasMessageStartingWith("B3 answered invalid JSON");
        assertThatThrownBy(() -> parse(DAY_2022, response("{\"page\":{\"pageNumber\":1},\"page\":{\"pageNumber\":2}}")))
                .hasMessageContaining("Duplicate field 'page'");
    }

    @Test
    void refusesAnAnswerWithoutItsPageObject() {
        ObjectNode answer = Fixtures.json(PT_BR_2022);
        answer.remove("page");

        assertThatThrownBy(() -> parse(DAY_2022, response(Fixtures.write(answer))))
                .hasMessage("B3 answered without a page object for page 1 of IBOV (GET http://127.0.0.1/test)");
    }

    @Test
    void readsAnIso88591BodyDeclaredInTheContentType() {
        byte[] latin1 = Fixtures.restoredPtBr2022(StandardCharsets.ISO_8859_1);

        PortfolioDay day = parse(DAY_2022, response(latin1, "application/json; charset=ISO-8859-1"));

        assertThat(day.header().text()).isEqualTo("Quantidade Teórica Total");
        assertThat(day.results().get(0).segment()).isEqualTo("Bens Indls / Máqs e Equips");
        assertThat(day.textDamaged()).isFalse();
        assertThat(new PortfolioValidator().validate(day)).isEmpty();
    }

    @Test
    void replacesBytesInvalidInTheDeclaredCharsetAndFlagsThem() {
        byte[] latin1 = Fixtures.restoredPtBr2022(StandardCharsets.ISO_8859_1);

        PortfolioDay day = parse(DAY_2022, response(latin1, "application/json; charset=utf-8"));

        assertThat(day.textDamaged()).isTrue();
        assertThat(day.header().text()).isEqualTo("Quantidade Te\uFFFDrica Total");
        assertThat(day.results()).hasSize(92);
    }

    @Test
    void readsSegmentOneRowsWhoseSegmentAndAccumulatedWeightAreNull() {
        ObjectNode answer = Fixtures.json(PT_BR_2022);
        answer.get("results").forEach(row -> ((ObjectNode) row).putNull("segment").putNull("partAcum"));

        PortfolioDay day = parse(DAY_2022, response(Fixtures.write(answer)));

        assertThat(day.results().get(0).segment()).isNull();
        assertThat(day.results().get(0).partAcum()).isNull();
        assertThat(day.results().get(0).raw().partAcum()).isNull();
    }
}
