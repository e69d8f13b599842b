package dev.lagoa.market.b3;

import static dev.lagoa.market.Fixtures.PT_BR_2022;
import static dev.lagoa.market.Fixtures.RECEIVED;
import static dev.lagoa.market.Fixtures.response;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lagoa.market.Fixtures;
import dev.lagoa.market.Problem;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class PortfolioValidatorTest {
    private static final LocalDate DAY = LocalDate.of(2022, 12, 8);

    private static List<String> problemsOf(Consumer<ObjectNode> change) {
        return problemsOf(change, DAY);
    }

    private static List<String> problemsOf(Consumer<ObjectNode> change, LocalDate requested) {
        ObjectNode answer = Fixtures.json(PT_BR_2022);
        change.accept(answer);
        PortfolioDay day = PortfolioParser.parse("IBOV", requested, List.of(response(Fixtures.write(answer))), RECEIVED);
        return new PortfolioValidator().validate(day).stream().map(Problem::toString).toList();
    }

    private static ObjectNode row(ObjectNode answer, int index) {
        return (ObjectNode) answer.get("results").get(index);
    }

    private static final String DAMAGED_HEADER = "WARNING header.text: text arrived damaged (U+FFFD), kept as received: 'Quantidade Te\uFFFDrica Total'";
    private static final String DAMAGED_SEGMENTS =
            "WARNING results[*].segment: text arrived damaged (U+FFFD) in 71 rows, kept as received; first: row 0 'Bens Indls / M\uFFFDqs e Equips'";

    @Test
    void theRecordedAnswerHasOnlyItsDamagedTexts() {
        // weights sum to exactly 100.000 and quantities to the header's 101.053.551.382; 71 segment names and the
        // header's label lost an accented letter in the recording
        assertThat(problemsOf(answer -> { })).containsExactly(DAMAGED_HEADER, DAMAGED_SEGMENTS);
    }

    @Test
    void aTickerWithSpacesInsideIsHardAndSpacesAroundAreTrimmed() {
        assertThat(problemsOf(answer -> {
            row(answer, 3).put("cod", "PETR 4");
            row(answer, 4).put("cod", " ECOR3  ");
        })).containsExactly(
                "HARD results[3].cod (PETR 4): ticker 'PETR 4' has spaces inside",
                "WARNING results[4].cod ( ECOR3  ): ticker ' ECOR3  ' arrived with spaces around it, trimmed to 'ECOR3'",
                DAMAGED_HEADER, DAMAGED_SEGMENTS);
    }

    @Test
    void aMissingMalformedOrDuplicateTickerIsHard() {
        assertThat(problemsOf(answer -> {
            row(answer, 0).putNull("cod");
            row(answer, 1).put("cod", "embr3");
            row(answer, 3).put("cod", "AZUL4");
        })).startsWith(
                "HARD results[0].cod: row without a ticker",
                "HARD results[1].cod (embr3): ticker 'embr3' is not 4 to 6 upper-case letters and digits",
                "HARD results[3].cod (AZUL4): ticker AZUL4 appears twice: rows 2 and 3");
    }

    @Test
    void duplicateRowsAreHard() {
        assertThat(problemsOf(answer -> answer.withArray("results").add(row(answer, 0).deepCopy()))).startsWith(
                "HARD page.totalRecords: B3 claims 92 records but 93 rows arrived over 1 page: the pages and their totals disagree",
                "HARD results[92].cod (WEGE3): ticker WEGE3 appears twice: rows 0 and 92",
                "HARD results[*].part: the weights sum to 102.728, not 100 within 0.01");
    }

    @Test
    void weightsAndQuantitiesOutOfShapeOrRangeAreHard() {
        assertThat(problemsOf(answer -> {
            row(answer, 0).put("part", "abc");
            row(answer, 1).put("part", "100,492");
            row(answer, 2).put("theoricalQty", "0");
            row(answer, 5).remove("theoricalQty");
        })).startsWith(
                "HARD results[0].part (WEGE3): 'abc' is not a pt-br decimal (thousands grouped by dots of 3 digits, decimals after a comma: 18.553.794,87445950)",
                "HARD results[1].part (EMBR3): weight 100,492 is outside [0, 100]",
                "HARD results[2].theoricalQty (AZUL4): quantity 0 is not positive",
                "HARD results[5].theoricalQty (GOLL4): missing");
    }

    @Test
    void weightsThatDoNotSumToAHundredAreHardAndTheToleranceIsConfigurable() {
        Consumer<ObjectNode> change = answer -> row(answer, 0).put("part", "2,748");
        assertThat(problemsOf(change)).startsWith("HARD results[*].part: the weights sum to 100.020, not 100 within 0.01");

        ObjectNode answer = Fixtures.json(PT_BR_2022);
        change.accept(answer);
        PortfolioDay day = PortfolioParser.parse("IBOV", DAY, List.of(response(Fixtures.write(answer))), RECEIVED);
        assertThat(new PortfolioValidator(new BigDecimal("0.05")).validate(day)).noneMatch(Problem::isHard);
    }

    @Test
    void aQuantityTotalThatTheRowsDoNotReachIsAWarning() {
        assertThat(problemsOf(answer -> ((ObjectNode) answer.get("header")).put("theoricalQty", "101.053.551.383"))).containsExactly(
                "WARNING header.theoricalQty: the rows' quantities sum to 101053551382, the header's total is 101053551383",
                DAMAGED_HEADER, DAMAGED_SEGMENTS);
    }

    @Test
    void aHeaderWithoutDateOrWithAnotherDateOrNoHeaderIsHard() {
        assertThat(problemsOf(answer -> ((ObjectNode) answer.get("header")).remove("date")))
                .startsWith("HARD header.date: the header has no date: the portfolio's date is unknown");
        assertThat(problemsOf(answer -> { }, LocalDate.of(2022, 12, 9)))
                .startsWith("HARD header.date: the header's date '08/12/22' is 2022-12-08, not the requested 2022-12-09: B3 answered another day's portfolio");
        assertThat(problemsOf(answer -> ((ObjectNode) answer.get("header")).put("date", "2022-12-08")))
                .startsWith("HARD header.date: the header's date '2022-12-08' is not dd/MM/yy");
        assertThat(problemsOf(answer -> answer.putNull("header")))
                .startsWith("HARD header: B3 answered no header: the portfolio's date is unknown");
    }

    @Test
    void noRowsIsHard() {
        assertThat(problemsOf(answer -> {
            answer.putArray("results");
            ((ObjectNode) answer.get("page")).put("totalRecords", 0).put("totalPages", 0);
        })).containsExactly("HARD results: B3 answered no rows for IBOV on 2022-12-08", DAMAGED_HEADER);
    }
}
