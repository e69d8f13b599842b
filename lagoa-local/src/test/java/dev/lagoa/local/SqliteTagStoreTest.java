package dev.lagoa.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.AssetTag;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TagStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteTagStoreTest {
    private static final TableName CLIENTES = TableName.of("lagoa", "clientes");
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @TempDir
    Path home;

    private static AssetTag classified(String column, String tag) {
        return new AssetTag(CLIENTES, Optional.of(column), tag, AssetTag.Source.CLASSIFIER, "{\"matches\":97}", "crawler", NOW);
    }

    @Test
    void aDismissedClassificationIsNotPutBackByLaterCrawlsAndPeoplesTagsStay() {
        Path database = Workspace.open(home).metadataDatabase();
        try (TagStore store = new SqliteTagStore(database)) {
            store.add(new AssetTag(CLIENTES, Optional.empty(), "core-domain", AssetTag.Source.MANUAL, "", "ana", NOW));
            store.replaceClassified(CLIENTES, List.of(classified("cpf", "PII.CPF"), classified("codigo_pedido", "PII.PHONE")));
            store.dismiss(new TagStore.Dismissal(CLIENTES, "codigo_pedido", "PII.PHONE", "order codes, not phones", "ana", NOW));
        }
        try (TagStore reopened = new SqliteTagStore(database)) {
            List<AssetTag> kept = reopened.replaceClassified(CLIENTES, List.of(classified("cpf", "PII.CPF"), classified("codigo_pedido", "PII.PHONE")));

            assertThat(kept).extracting(AssetTag::target).containsExactly("lagoa.clientes.cpf");
            assertThat(reopened.tags(CLIENTES)).extracting(AssetTag::target, AssetTag::tag).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("lagoa.clientes", "core-domain"),
                    org.assertj.core.groups.Tuple.tuple("lagoa.clientes.cpf", "PII.CPF"));
            assertThat(reopened.dismissals("lagoa")).singleElement().extracting(TagStore.Dismissal::reason).isEqualTo("order codes, not phones");
            assertThat(reopened.remove(CLIENTES, Optional.empty(), "core-domain")).isTrue();
            assertThat(reopened.remove(CLIENTES, Optional.empty(), "core-domain")).isFalse();
        }
    }

    @Test
    void onlyClassificationsOfTheTableAreReplaced() {
        try (TagStore store = new SqliteTagStore(Workspace.open(home).metadataDatabase())) {
            assertThatThrownBy(() -> store.replaceClassified(CLIENTES,
                    List.of(new AssetTag(CLIENTES, Optional.empty(), "bi", AssetTag.Source.MANUAL, "", "ana", NOW))))
                    .isInstanceOf(LagoaException.class)
                    .hasMessage("Tag bi lagoa.clientes is not a classification of lagoa.clientes");
        }
    }
}
