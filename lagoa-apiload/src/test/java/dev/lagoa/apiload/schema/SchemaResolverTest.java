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
        assertThat(resolution.rows().get(0).value(table, TableSchema.EXTRA).toString()).isEqualTo("{\"daily\":{\"2024-05-02\":6}}");
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
        assertThat(resolution.rows().get(0).value(table, TableSchema.EXTRA).toString()).isEqualTo("{\"new\":true}");
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
        assertThat(resolution.rows().get(0).value(table, TableSchema.EXTRA).toString()).isEqualTo("{\"code\":42}");
    }

    @Test
    void valuesWhoseTypesShiftFromRowToRowEachFindTheirColumnAndLaterColumnsAreNullForEarlierRows() throws Exception {
        TableSchema table = new TableSchema("t", "t", Optional.empty(), false);
        List<FlatRow> rows = new java.util.ArrayList<>();
        String[] records = {"{\"n\":1,\"s\":\"a\"}", "{\"n\":1,\"s\":\"b\"}", "{\"n\":5000000000,\"s\":\"c\",\"late\":true}",
                "{\"n\":2,\"s\":{\"x\":1}}", "{\"n\":null,\"s\":\"d\",\"late\":false}", "{\"n\":\"text\",\"s\":[1]}", "{\"n\":3}"};
        for (int i = 0; i < records.length; i++) {
            // Nesting 0: an object stays whole (jsonb); an array is a child table, not a field of the row.
            rows.addAll(new Flattener(0, Set.of(), Map.of()).flatten((ObjectNode) JSON.readTree(records[i]), "t", i, "id-" + i));
        }

        SchemaResolver.Resolution resolution = SchemaResolver.resolve(table, rows.stream().filter(row -> !row.isChild()).toList(), Contract.EVOLVE, 400);

        assertThat(table.columns()).extracting(Column::name).containsExactly("n", "s", "late", "s__v_json");
        assertThat(table.column("n").orElseThrow().type()).isEqualTo(ColumnType.TEXT);
        assertThat(resolution.rows()).extracting(row -> "%s %s %s %s".formatted(row.value(table, "n"), row.value(table, "s"), row.value(table, "late"),
                row.value(table, "s__v_json"))).containsExactly(
                "1 \"a\" null null",
                "1 \"b\" null null",
                "5000000000 \"c\" true null",
                "2 null null {\"x\":1}",
                "null \"d\" false null",
                "\"text\" null null null",
                "3 null null null");
        assertThat(resolution.rows().get(0).values()).hasSize(2);
    }

    @Test
    void fieldsOfOneTypeThatChangePlacesFromRowToRowKeepTheirColumns() throws Exception {
        TableSchema table = new TableSchema("t", "t", Optional.empty(), false);
        Flattener flattener = new Flattener(3, Set.of(), Map.of());
        List<FlatRow> rows = new java.util.ArrayList<>();
        String[] records = {"{\"a\":1,\"b\":2}", "{\"a\":3,\"b\":4}", "{\"b\":5,\"a\":6}", "{\"c\":7,\"a\":8}", "{\"a\":9,\"b\":10}"};
        for (int i = 0; i < records.length; i++) {
            rows.addAll(flattener.flatten((ObjectNode) JSON.readTree(records[i]), "t", i, "id-" + i));
        }

        SchemaResolver.Resolution resolution = SchemaResolver.resolve(table, rows, Contract.EVOLVE, 400);

        assertThat(resolution.rows()).extracting(row -> "%s %s %s".formatted(row.value(table, "a"), row.value(table, "b"), row.value(table, "c")))
                .containsExactly("1 2 null", "3 4 null", "6 5 null", "8 null 7", "9 10 null");
    }
}
