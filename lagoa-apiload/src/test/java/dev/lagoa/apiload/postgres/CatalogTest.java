package dev.lagoa.apiload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.apiload.schema.TableSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTest {
    private static final String TABLE = new Catalog("apiload").table("issues");

    @Test
    void aColumnNamedAsItsFieldHasNoComment() {
        assertThat(Catalog.columnComment(TABLE, "nome", List.of("/nome"))).isEmpty();
        assertThat(Catalog.columnComment(TABLE, TableSchema.EXTRA, List.of(TableSchema.EXTRA_PATH))).isEmpty();
    }

    @Test
    void collidingNormalisedNamesKeepTheirSourceKeysInTheComment() {
        // GitHub's +1 and -1 both normalise to reactions___1; only the comment tells the second column's key
        assertThat(Catalog.columnComment(TABLE, "reactions___1", List.of("/reactions/+1"))).contains(
                "COMMENT ON COLUMN \"apiload\".\"issues\".\"reactions___1\" IS 'source field: /reactions/+1'");
        assertThat(Catalog.columnComment(TABLE, "reactions___1_2", List.of("/reactions/-1"))).contains(
                "COMMENT ON COLUMN \"apiload\".\"issues\".\"reactions___1_2\" IS 'source field: /reactions/-1'");
    }

    @Test
    void nestedVariantAndAliasedColumnsNameEveryField() {
        assertThat(Catalog.columnComment(TABLE, "endereco__cidade", List.of("/endereco/cidade"))).contains(
                "COMMENT ON COLUMN \"apiload\".\"issues\".\"endereco__cidade\" IS 'source field: /endereco/cidade'");
        assertThat(Catalog.columnComment(TABLE, "idade__v_text", List.of("/idade#v_text"))).contains(
                "COMMENT ON COLUMN \"apiload\".\"issues\".\"idade__v_text\" IS 'source field: /idade (its text values)'");
        assertThat(Catalog.columnComment(TABLE, "nome", List.of("/nome", "/nome_completo"))).contains(
                "COMMENT ON COLUMN \"apiload\".\"issues\".\"nome\" IS 'source fields: /nome, /nome_completo'");
    }

    @Test
    void keysFromTheDataAreQuotedAsALiteral() {
        assertThat(Catalog.columnComment(TABLE, "a_drop_table_x", List.of("/a'; DROP TABLE x; --\\"))).contains(
                "COMMENT ON COLUMN \"apiload\".\"issues\".\"a_drop_table_x\" IS E'source field: /a''; DROP TABLE x; --\\\\'");
    }
}
