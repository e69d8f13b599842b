package dev.lagoa.apiload.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The column budget: fields past it keep their value in _lagoa_extra, under their path, before any DDL is planned. */
class SchemaResolverTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<FlatRow> rows(String json) throws Exception {
        return new Flattener(3, Set.of(), Map.of()).flatten((ObjectNode) JSON.readTree(json), "t", 0, "id-1");
    }

    @Test
    void fieldsPastTheBudgetGoToExtraUnderTheirPath() throws Exception {
        TableSchema table = new TableSchema("t", "t", Optional.empty(), false);

        SchemaResolver.Resolution resolution = SchemaResolver.resolve(table,
                rows("{\"id\":1,\"name\":\"a\",\"daily\":{\"2024-05-01\":5,\"2024-05-02\":6}}"), Contract.EVOLVE, 3);

        assertThat(resolution.added()).extracting(Column::name).containsExactly("id", "name", "daily___2024_05_01", TableSchema.EXTRA);
        assertThat(table.budgetedColumns()).isEqualTo(3);
        assertThat(resolution.rows().get(0).values().get(TableSchema.EXTRA).toString()).isEqualTo("{\"daily\":{\"2024-05-02\":6}}");
        assertThat(resolution.newPaths()).containsEntry(TableSchema.EXTRA_PATH, TableSchema.EXTRA);
    }

    @Test
    void aTableAtItsBudgetTakesNewFieldsIntoExtraEvenWhenFrozen() throws Exception {
        TableSchema table = new TableSchema("t", "t", Optional.empty(), true);
        table.put("/id", new Column("id", ColumnType.INTEGER, false));
        table.put(TableSchema.EXTRA_PATH, new Column(TableSchema.EXTRA, ColumnType.JSONB, false));

        SchemaResolver.Resolution resolution = SchemaResolver.resolve(table, rows("{\"id\":1,\"new\":true}"), Contract.FREEZE, 1);

        assertThat(resolution.violations()).isEmpty();
        assertThat(resolution.changesSchema()).isFalse();
        assertThat(resolution.rows().get(0).values().get(TableSchema.EXTRA).toString()).isEqualTo("{\"new\":true}");
    }

    @Test
    void aFrozenTableBelowItsBudgetStillRefusesANewField() throws Exception {
        TableSchema table = new TableSchema("t", "t", Optional.empty(), true);
        table.put("/id", new Column("id", ColumnType.INTEGER, false));

        SchemaResolver.Resolution resolution = SchemaResolver.resolve(table, rows("{\"id\":1,\"new\":true}"), Contract.FREEZE, 400);

        assertThat(resolution.violations()).extracting(SchemaResolver.Violation::field).containsExactly("/new");
    }

    @Test
    void aValueThatNeedsAVariantPastTheBudgetGoesToExtra() throws Exception {
        TableSchema table = new TableSchema("t", "t", Optional.empty(), true);
        table.put("/code", new Column("code", ColumnType.TEXT, false));

        SchemaResolver.Resolution resolution = SchemaResolver.resolve(table, rows("{\"code\":42}"), Contract.EVOLVE, 1);

        assertThat(resolution.added()).extracting(Column::name).containsExactly(TableSchema.EXTRA);
        assertThat(resolution.rows().get(0).values().get(TableSchema.EXTRA).toString()).isEqualTo("{\"code\":42}");
    }
}
