package dev.lagoa.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiffFieldsTest {
    @Test
    void pathsAreSplitOnCommasWithoutBlanks() {
        assertThat(DiffFields.parsePaths(" id, cliente.id ,,")).containsExactly("id", "cliente.id");
        assertThat(DiffFields.parsePaths(null)).isEmpty();
    }

    @Test
    void wellFormedKeysApartFromTheIgnoredFieldsPass() {
        DiffFields.check(List.of("id", "cliente.id"), Set.of("atualizado_em", "cliente.nome"));
    }

    @Test
    void everyKeyAlsoIgnoredIsNamedInKeyOrder() {
        assertThatThrownBy(() -> DiffFields.check(List.of("id", "data", "cliente.id"), List.of("cliente.id", "x", "id")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Key fields 'id', 'cliente.id' cannot also be ignored: remove them from --ignore-fields");
    }

    @Test
    void aKeyIsRequiredWellFormedAndNamedOnce() {
        assertThatThrownBy(() -> DiffFields.check(List.of(), Set.of()))
                .hasMessage("At least one key field is required (--key id or --key cliente.id,data)");
        assertThatThrownBy(() -> DiffFields.check(List.of("itens[0]"), Set.of()))
                .hasMessage("Invalid key field 'itens[0]': use field names separated by dots (cliente.id)");
        assertThatThrownBy(() -> DiffFields.check(List.of("id", "id"), Set.of())).hasMessage("A key field is named twice: [id, id]");
        assertThatThrownBy(() -> DiffFields.check(List.of("id"), Set.of(".x"))).hasMessage("Invalid ignored field '.x': use field names separated by dots (cliente.id)");
    }
}
