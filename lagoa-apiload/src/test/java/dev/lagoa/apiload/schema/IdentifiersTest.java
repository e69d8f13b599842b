package dev.lagoa.apiload.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentifiersTest {
    @Test
    void normalizesKeysToSnakeCaseAscii() {
        assertThat(Identifiers.normalize("userName")).isEqualTo("user_name");
        assertThat(Identifiers.normalize("HTTPStatus")).isEqualTo("http_status");
        assertThat(Identifiers.normalize("preço médio")).isEqualTo("preco_medio");
        assertThat(Identifiers.normalize("a__b")).isEqualTo("a_b");
        assertThat(Identifiers.normalize("2fa")).isEqualTo("_2fa");
        assertThat(Identifiers.normalize("a\"; DROP TABLE x; --")).isEqualTo("a_drop_table_x");
    }

    @Test
    void literalsDoubleTheirQuotesAndEscapeBackslashes() {
        assertThat(Identifiers.literal("source field: /reactions/+1")).isEqualTo("'source field: /reactions/+1'");
        assertThat(Identifiers.literal("it's'; DROP TABLE x; --")).isEqualTo("'it''s''; DROP TABLE x; --'");
        // an escape string reads the same whatever standard_conforming_strings says
        assertThat(Identifiers.literal("a\\' b")).isEqualTo("E'a\\\\'' b'");
        assertThatThrownBy(() -> Identifiers.literal("a\0b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A SQL literal cannot hold the character NUL");
    }

    @Test
    void keysWithoutLettersAreNamedAfterTheirHash() {
        assertThat(Identifiers.normalize("🎉")).matches("field_[0-9a-f]{8}");
        assertThat(Identifiers.normalize("🎉")).isNotEqualTo(Identifiers.normalize("🚀"));
    }

    @Test
    void longNamesAreCutTo63BytesWithAHashOfTheWholeName() {
        String key = "k".repeat(200);
        String name = Identifiers.normalize(key);
        assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(63);
        assertThat(name).startsWith("k".repeat(54) + "_");
        assertThat(Identifiers.normalize("k".repeat(199) + "x")).isNotEqualTo(name);
    }

    @Test
    void uniqueNamesForKeysThatDifferOnlyByCase() {
        assertThat(Identifiers.unique("name", Set.of())).isEqualTo("name");
        assertThat(Identifiers.unique("name", Set.of("name"))).isEqualTo("name_2");
        assertThat(Identifiers.unique("name", Set.of("name", "name_2"))).isEqualTo("name_3");
        String longName = Identifiers.limit("x".repeat(100));
        assertThat(Identifiers.unique(longName, Set.of(longName))).hasSize(63).endsWith("_2");
    }

    @Test
    void quotesEveryIdentifier() {
        assertThat(Identifiers.quote("select")).isEqualTo("\"select\"");
        assertThat(Identifiers.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(Identifiers.qualified("apiload", "t")).isEqualTo("\"apiload\".\"t\"");
    }
}
