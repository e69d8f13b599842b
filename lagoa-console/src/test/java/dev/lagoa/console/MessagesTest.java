package dev.lagoa.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The console's labels: the same keys in Portuguese and English, each a valid pattern. */
class MessagesTest {
    private static Properties load(String name) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(MessagesTest.class.getResourceAsStream(name), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    @Test
    void everyLabelHasBothLanguagesAndIsAValidPattern() throws Exception {
        Properties english = load("messages.properties");
        Properties portuguese = load("messages_pt_BR.properties");
        assertThat(portuguese.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
        for (Properties labels : java.util.List.of(english, portuguese)) {
            labels.forEach((key, pattern) -> assertThat(new MessageFormat((String) pattern, Locale.ROOT).format(new Object[] {2, "x", 3}))
                    .as("%s", key).isNotBlank());
        }
    }

    @Test
    void portugueseForAnyPortugueseLocaleEnglishOtherwise() {
        assertThat(Messages.of(Locale.forLanguageTag("pt-PT")).get("nav.catalog")).isEqualTo("Catálogo");
        assertThat(Messages.of(Locale.GERMANY).get("nav.catalog")).isEqualTo("Catalog");
        assertThat(Messages.of(Locale.ROOT).get("search.count", 1, "risco")).isEqualTo("1 result for \"risco\"");
        assertThat(Messages.of(Locale.forLanguageTag("pt-BR")).get("sql.rows", 3)).isEqualTo("3 linhas");
        assertThatThrownBy(() -> Messages.of(Locale.ROOT).get("no.such.label")).hasMessageContaining("no.such.label");
    }
}
