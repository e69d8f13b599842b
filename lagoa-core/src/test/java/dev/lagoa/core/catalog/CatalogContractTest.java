package dev.lagoa.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.pipeline.DataFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Catalog} does, whether it keeps its tables in the workspace or in AWS Glue. Each adapter extends
 * this class and provides an empty catalog for each test.
 */
public abstract class CatalogContractTest {
    protected static final String DATABASE = "lagoa_contract";
    protected static final TableName ATIVOS = TableName.of(DATABASE, "ibov_ativos");

    protected Catalog catalog;

    /** A catalog that holds no table. */
    protected abstract Catalog createCatalog() throws Exception;

    @BeforeEach
    void setUpCatalog() throws Exception {
        catalog = createCatalog();
    }

    @AfterEach
    void closeCatalog() {
        catalog.close();
    }

    /** The refined IBOV portfolio: data columns of several types, partitioned by date and ticker. */
    protected static TableDefinition ativos() {
        return new TableDefinition(ATIVOS, "s3://lagoa-lake/refined/ativos/", DataFormat.PARQUET,
                List.of(new TableColumn("codigo", "string", "Código de negociação"),
                        new TableColumn("acao", "string", "Nome da ação"),
                        new TableColumn("quantidade_teorica", "bigint", "Quantidade teórica"),
                        new TableColumn("participacao", "decimal(9,3)", "Participação no índice, em %"),
                        new TableColumn("preco", "double", ""),
                        new TableColumn("listada", "boolean", ""),
                        new TableColumn("atualizado_em", "timestamp", ""),
                        new TableColumn("segmentos", "array<string>", "Segmentos \"B3\"")),
                List.of(new TableColumn("data", "date", "Dia da carteira (São Paulo)"),
                        new TableColumn("ticker", "string", "")),
                "Carteira do IBOV por ação, um dia por partição",
                "equipe-dados@lagoa.dev",
                Map.of("pipeline", "ibov", "dataset", "refined-ativos", "tags", "b3,ibov"));
    }

    private static TablePartition partition(String date, String ticker) {
        return new TablePartition(List.of(date, ticker), "s3://lagoa-lake/refined/ativos/data=%s/ticker=%s/".formatted(date, ticker));
    }

    private static TableDefinition simple(TableName name, DataFormat format) {
        return new TableDefinition(name, "s3://lagoa-lake/" + name.table() + "/", format, List.of(new TableColumn("id", "bigint", "")),
                List.of(new TableColumn("data", "string", "")), "", "", Map.of());
    }

    @Test
    void aCreatedTableReadsBackExactly() {
        catalog.createOrUpdateTable(ativos());

        assertThat(catalog.table(ATIVOS)).contains(ativos());
        assertThat(catalog.partitions(ATIVOS)).isEmpty();
    }

    @Test
    void everyFormatReadsBack() {
        for (DataFormat format : DataFormat.values()) {
            TableName name = TableName.of(DATABASE, "t_" + format.name().toLowerCase(java.util.Locale.ROOT));
            catalog.createOrUpdateTable(simple(name, format));

            assertThat(catalog.table(name)).as(format.name()).hasValueSatisfying(table -> assertThat(table.format()).isEqualTo(format));
        }
    }

    @Test
    void creatingTheSameTableTwiceChangesNothing() {
        catalog.createOrUpdateTable(ativos());
        catalog.addPartitions(ATIVOS, List.of(partition("2025-07-10", "PETR4")));

        catalog.createOrUpdateTable(ativos());

        assertThat(catalog.table(ATIVOS)).contains(ativos());
        assertThat(catalog.partitions(ATIVOS)).containsExactly(partition("2025-07-10", "PETR4"));
    }

    @Test
    void anUpdateChangesTheDefinitionAndKeepsThePartitions() {
        catalog.createOrUpdateTable(ativos());
        catalog.addPartitions(ATIVOS, List.of(partition("2025-07-10", "PETR4"), partition("2025-07-10", "VALE3")));
        TableDefinition before = ativos();
        List<TableColumn> columns = new ArrayList<>(before.columns());
        columns.add(new TableColumn("setor", "string", "Setor econômico"));
        TableDefinition updated = new TableDefinition(ATIVOS, before.location(), DataFormat.PARQUET, columns, before.partitionKeys(),
                "Carteira do IBOV por ação, com o setor", "governanca@lagoa.dev", Map.of("pipeline", "ibov", "version", "2"));

        catalog.createOrUpdateTable(updated);

        assertThat(catalog.table(ATIVOS)).contains(updated);
        assertThat(catalog.partitions(ATIVOS)).containsExactly(partition("2025-07-10", "PETR4"), partition("2025-07-10", "VALE3"));
    }

    @Test
    void theTablesOfADatabaseAreSortedByName() {
        catalog.createOrUpdateTable(simple(TableName.of(DATABASE, "ibov_header"), DataFormat.PARQUET));
        catalog.createOrUpdateTable(ativos());
        catalog.createOrUpdateTable(simple(TableName.of(DATABASE, "cotacoes"), DataFormat.JSON_LINES));
        catalog.createOrUpdateTable(simple(TableName.of("lagoa_other", "aaa"), DataFormat.CSV));

        assertThat(catalog.tables(DATABASE)).extracting(table -> table.name().table()).containsExactly("cotacoes", "ibov_ativos", "ibov_header");
        assertThat(catalog.tables(DATABASE)).filteredOn(table -> table.name().equals(ATIVOS)).containsExactly(ativos());
        assertThat(catalog.tables("lagoa_other")).extracting(TableDefinition::name).containsExactly(TableName.of("lagoa_other", "aaa"));
        assertThat(catalog.tables("no_such_database")).isEmpty();
    }

    @Test
    void addingTheSamePartitionsAgainAddsNothingAndAMovedPartitionGetsItsNewLocation() {
        catalog.createOrUpdateTable(ativos());
        List<TablePartition> day = List.of(partition("2025-07-10", "PETR4"), partition("2025-07-10", "VALE3"));

        assertThat(catalog.addPartitions(ATIVOS, day)).isEqualTo(2);
        assertThat(catalog.addPartitions(ATIVOS, day)).isZero();
        TablePartition moved = new TablePartition(List.of("2025-07-10", "VALE3"), "s3://lagoa-lake/refined/ativos-v2/data=2025-07-10/ticker=VALE3/");
        assertThat(catalog.addPartitions(ATIVOS, List.of(moved, partition("2025-07-11", "PETR4")))).isEqualTo(1);

        assertThat(catalog.partitions(ATIVOS)).containsExactly(partition("2025-07-10", "PETR4"), moved, partition("2025-07-11", "PETR4"));
    }

    @Test
    void aPartitionListedTwiceCountsOnceWithItsLastLocation() {
        catalog.createOrUpdateTable(ativos());
        TablePartition later = new TablePartition(List.of("2025-07-10", "PETR4"), "s3://lagoa-lake/elsewhere/");

        assertThat(catalog.addPartitions(ATIVOS, List.of(partition("2025-07-10", "PETR4"), later))).isEqualTo(1);

        assertThat(catalog.partitions(ATIVOS)).containsExactly(later);
    }

    @Test
    void partitionsWhoseValuesDoNotMatchTheKeysAreRefusedAndNothingIsAdded() {
        catalog.createOrUpdateTable(ativos());
        TablePartition oneValue = new TablePartition(List.of("2025-07-10"), "s3://lagoa-lake/refined/ativos/data=2025-07-10/");

        assertThatThrownBy(() -> catalog.addPartitions(ATIVOS, List.of(partition("2025-07-10", "PETR4"), oneValue)))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining(ATIVOS.toString())
                .hasMessageContaining("[2025-07-10]")
                .hasMessageContaining("data, ticker");
        assertThat(catalog.partitions(ATIVOS)).isEmpty();
    }

    @Test
    void anUnknownTableIsNamed() {
        TableName unknown = TableName.of(DATABASE, "no_such_table");

        assertThat(catalog.table(unknown)).isEmpty();
        assertThat(catalog.dropTable(unknown)).isFalse();
        assertNotFound(() -> catalog.partitions(unknown), unknown);
        assertNotFound(() -> catalog.addPartitions(unknown, List.of(partition("2025-07-10", "PETR4"))), unknown);
        assertNotFound(() -> catalog.dropPartitions(unknown, List.of(), List.of()), unknown);
    }

    private static void assertNotFound(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, TableName table) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND))
                .hasMessageContaining(table.toString());
    }

    @Test
    void dropPartitionsDropsThoseUnderThePrefixExceptThoseKept() {
        catalog.createOrUpdateTable(ativos());
        catalog.addPartitions(ATIVOS, List.of(partition("2025-07-10", "PETR4"), partition("2025-07-10", "VALE3"), partition("2025-07-10", "ITUB4"),
                partition("2025-07-11", "PETR4"), partition("2025-07-11", "VALE3")));

        int dropped = catalog.dropPartitions(ATIVOS, List.of("2025-07-10"), List.of(List.of("2025-07-10", "VALE3"), List.of("2025-07-11", "PETR4")));

        assertThat(dropped).isEqualTo(2);
        assertThat(catalog.partitions(ATIVOS)).containsExactly(partition("2025-07-10", "VALE3"), partition("2025-07-11", "PETR4"),
                partition("2025-07-11", "VALE3"));
        assertThat(catalog.dropPartitions(ATIVOS, List.of("2025-07-11", "VALE3"), List.of())).isEqualTo(1);
        assertThat(catalog.dropPartitions(ATIVOS, List.of("2025-07-12"), List.of())).isZero();
        assertThat(catalog.dropPartitions(ATIVOS, List.of(), List.of())).isEqualTo(2);
        assertThat(catalog.partitions(ATIVOS)).isEmpty();
    }

    @Test
    void aPrefixLongerThanThePartitionKeysIsRefused() {
        catalog.createOrUpdateTable(ativos());

        assertThatThrownBy(() -> catalog.dropPartitions(ATIVOS, List.of("2025-07-10", "PETR4", "x"), List.of()))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining(ATIVOS.toString())
                .hasMessageContaining("[2025-07-10, PETR4, x]");
    }

    @Test
    void partitionsAreSortedByTheirValues() {
        catalog.createOrUpdateTable(ativos());
        catalog.addPartitions(ATIVOS, List.of(partition("2025-07-11", "ABEV3"), partition("2025-07-10", "VALE3"), partition("2025-07-10", "PETR4"),
                partition("2025-06-30", "WEGE3")));

        assertThat(catalog.partitions(ATIVOS)).extracting(TablePartition::values).containsExactly(
                List.of("2025-06-30", "WEGE3"), List.of("2025-07-10", "PETR4"), List.of("2025-07-10", "VALE3"), List.of("2025-07-11", "ABEV3"));
    }

    @Test
    void droppingATableDropsItsPartitions() {
        catalog.createOrUpdateTable(ativos());
        catalog.addPartitions(ATIVOS, List.of(partition("2025-07-10", "PETR4")));

        assertThat(catalog.dropTable(ATIVOS)).isTrue();

        assertThat(catalog.table(ATIVOS)).isEmpty();
        assertThat(catalog.tables(DATABASE)).isEmpty();
        assertThat(catalog.dropTable(ATIVOS)).isFalse();
        catalog.createOrUpdateTable(ativos());
        assertThat(catalog.partitions(ATIVOS)).as("the partitions went with the old table").isEmpty();
    }

    @Test
    void unusualButValidNamesAndValuesReadBack() {
        TableName name = TableName.of("_" + "d".repeat(254), "_2025__" + "t".repeat(248));
        TableDefinition table = new TableDefinition(name, "s3://lagoa-lake/estranho/tabela com espaço/", DataFormat.CSV,
                List.of(new TableColumn("_", "string", "Comentário com 'aspas', \"aspas duplas\", \\ e\ttabulação"),
                        new TableColumn("c" + "9".repeat(254), "map<string,array<int>>", "")),
                List.of(new TableColumn("cidade", "string", "")),
                "Descrição: São Paulo — 100% \"lagoa\" {json: [1]}", "Zé Ninguém <ze@lagoa.dev>",
                Map.of("tags", "ação,ímã", "json", "{\"a\": [1, 2]}", "empty", ""));
        List<TablePartition> partitions = List.of(
                new TablePartition(List.of("São Paulo"), "s3://lagoa-lake/estranho/cidade=S%C3%A3o%20Paulo/"),
                new TablePartition(List.of("a=b/c"), "s3://lagoa-lake/estranho/cidade=a%3Db%2Fc/"),
                new TablePartition(List.of("O'Reilly \"100%\""), "s3://lagoa-lake/estranho/cidade=O%27Reilly/"));

        catalog.createOrUpdateTable(table);
        assertThat(catalog.addPartitions(name, partitions)).isEqualTo(3);

        assertThat(catalog.table(name)).contains(table);
        assertThat(catalog.tables(name.database())).containsExactly(table);
        assertThat(catalog.partitions(name)).containsExactlyElementsOf(partitions.stream()
                .sorted((left, right) -> TablePartition.VALUES_ORDER.compare(left.values(), right.values())).toList());
        assertThat(catalog.dropPartitions(name, List.of("a=b/c"), List.of())).isEqualTo(1);
    }

    @Test
    void manyPartitionsAreAddedListedAndDropped() {
        catalog.createOrUpdateTable(ativos());
        List<TablePartition> partitions = new ArrayList<>(IntStream.range(0, 1_500)
                .mapToObj(i -> partition("2025-%02d-%02d".formatted(1 + i / 150, 1 + i % 150 / 5), "T%d".formatted(i % 5)))
                .toList());
        Collections.shuffle(partitions, new Random(42));

        assertThat(catalog.addPartitions(ATIVOS, partitions)).isEqualTo(1_500);
        assertThat(catalog.addPartitions(ATIVOS, partitions)).isZero();

        List<TablePartition> listed = catalog.partitions(ATIVOS);
        assertThat(listed).hasSize(1_500).containsExactlyInAnyOrderElementsOf(partitions);
        assertThat(listed.get(0)).isEqualTo(partition("2025-01-01", "T0"));
        assertThat(listed.get(1_499)).isEqualTo(partition("2025-10-30", "T4"));
        assertThat(catalog.dropPartitions(ATIVOS, List.of(), List.of(List.of("2025-01-01", "T0")))).isEqualTo(1_499);
        assertThat(catalog.partitions(ATIVOS)).containsExactly(partition("2025-01-01", "T0"));
    }
}
