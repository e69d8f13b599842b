package dev.lagoa.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryMessagesTest {
    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(QueryMessages.distance("ibov_ativo", "ibov_ativos")).isEqualTo(1);
        assertThat(QueryMessages.distance("petr4_cotacao", "petr4_cotacoes")).isEqualTo(3);
        assertThat(QueryMessages.distance("", "abc")).isEqualTo(3);
        assertThat(QueryMessages.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void theClosestTableIsSuggestedOnlyWhenItIsCloseEnough() {
        List<String> tables = List.of("ibov_ativos", "ibov_header", "petr4_cotacoes");

        assertThat(QueryMessages.closest("IBOV_ATIVO", tables)).contains("ibov_ativos");
        assertThat(QueryMessages.closest("petr4_cotacao", tables)).contains("petr4_cotacoes");
        assertThat(QueryMessages.closest("clientes", tables)).isEmpty();
    }

    @Test
    void aStatementThatIsNotASelectIsNamedByItsKind() {
        assertThat(QueryMessages.notASelect("  delete from t", "Only SELECT statements can be serialized to json!"))
                .isEqualTo("it is a DELETE statement, not a SELECT");
        assertThat(QueryMessages.notASelect("selec 1", "Parser Error: syntax error at or near \"selec\"")).isEqualTo("Parser Error: syntax error at or near \"selec\"");
    }
}
