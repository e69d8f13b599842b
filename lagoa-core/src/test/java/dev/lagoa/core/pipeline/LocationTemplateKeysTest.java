package dev.lagoa.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.LagoaException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Object keys built from, and matched against, the locations the definitions declare. */
class LocationTemplateKeysTest {
    private static final String BRONZE = IbovPipeline.DEFINITION.dataset("ibov-bronze").location();
    private static final String QUOTES = QuotesPipeline.DEFINITION.dataset("petr4-raw").location();

    @Test
    void aKeyIsTheLocationWithoutItsBucketResolved() {
        assertThat(LocationTemplate.key(BRONZE, Map.of("date", "2022-12-08"))).isEqualTo("raw/2022-12-08/dados_originais.parquet");
        assertThat(LocationTemplate.key(QUOTES, Map.of("ticker", "petr4", "year", "2025", "month", "07", "day", "21")))
                .isEqualTo("raw/dataset=petr4/ticker=petr4/year=2025/month=07/day=21/data.parquet");
        assertThatThrownBy(() -> LocationTemplate.key(QUOTES, Map.of("ticker", "petr4")))
                .isInstanceOf(LagoaException.class)
                .hasMessage("Cannot resolve location 'raw/dataset=petr4/ticker={ticker}/year={year}/month={month}/day={day}/data.parquet': "
                        + "no value for [day, month, year]");
        assertThatThrownBy(() -> LocationTemplate.key("postgresql://{postgres}/x", Map.of()))
                .hasMessage("Location 'postgresql://{postgres}/x' is not in S3 (s3://<bucket>/<key>)");
    }

    @Test
    void aKeyFolderStopsAtTheFirstUnknownPart() {
        assertThat(LocationTemplate.keyFolder(QUOTES, Map.of("ticker", "vale3"))).isEqualTo("raw/dataset=petr4/ticker=vale3/");
        assertThat(LocationTemplate.keyFolder(IbovPipeline.DEFINITION.dataset("ibov-commits").location(), Map.of())).isEqualTo("catalog-commits/");
        assertThat(LocationTemplate.keyFolder(BRONZE, Map.of())).isEqualTo("raw/");
    }

    @Test
    void aKeyMatchesItsLocationWithEachPartOfTheGivenShape() {
        assertThat(LocationTemplate.match(QUOTES, "raw/dataset=petr4/ticker=petr4/year=2025/month=07/day=21/data.parquet",
                Map.of("year", "\\d{4}"))).contains(Map.of("ticker", "petr4", "year", "2025", "month", "07", "day", "21"));
        assertThat(LocationTemplate.match(BRONZE, "raw/2022-12-08/dados_originais.parquet", Map.of("date", "\\d{4}-\\d{2}-\\d{2}")))
                .contains(Map.of("date", "2022-12-08"));
        // another file of the day, a temporary file, a date of another shape: not the dataset's objects
        assertThat(LocationTemplate.match(BRONZE, "raw/2022-12-08/resposta_b3.json", Map.of())).isEmpty();
        assertThat(LocationTemplate.match(BRONZE, "raw/2022-12-08/.dados_originais.parquet.tmp", Map.of())).isEmpty();
        assertThat(LocationTemplate.match(BRONZE, "raw/08-12-2022x/dados_originais.parquet", Map.of("date", "\\d{4}-\\d{2}-\\d{2}"))).isEmpty();
        // a placeholder never spans folders, and regex characters of the location are literal
        assertThat(LocationTemplate.match(BRONZE, "raw/a/b/dados_originais.parquet", Map.of())).isEmpty();
        assertThat(LocationTemplate.match(BRONZE, "raw/x/dados_originaisXparquet", Map.of())).isEmpty();
    }
}
