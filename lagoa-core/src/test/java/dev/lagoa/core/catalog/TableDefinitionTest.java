package dev.lagoa.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.pipeline.DataFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableDefinitionTest {
    private static final TableName NAME = TableName.of("lagoa", "ibov_header");
    private static final List<TableColumn> COLUMNS = List.of(new TableColumn("indice", "string", ""));

    private static TableDefinition table(String location, List<TableColumn> keys, String owner, Map<String, String> parameters) {
        return new TableDefinition(NAME, location, DataFormat.PARQUET, COLUMNS, keys, "", owner, parameters);
    }

    @Test
    void theCatalogsOwnParametersCannotBeGiven() {
        assertThatThrownBy(() -> table("s3://lake/h/", List.of(), "", Map.of("classification", "csv")))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("Table lagoa.ibov_header cannot set the parameter 'classification': the catalog derives it from the format");
    }

    @Test
    void aPartitionKeyCannotBeAColumnToo() {
        assertThatThrownBy(() -> table("s3://lake/h/", List.of(new TableColumn("indice", "string", "")), "", Map.of()))
                .isInstanceOf(LagoaException.class)
                .hasMessage("Table lagoa.ibov_header declares 'indice' both as a column and as a partition key (or twice)");
    }

    @Test
    void locationsAreS3PrefixesAndOwnersFitGlue() {
        assertThatThrownBy(() -> table("s3://lake/h", List.of(), "", Map.of()))
                .hasMessage("Invalid location 's3://lake/h' of table lagoa.ibov_header: an s3:// prefix ending with '/'");
        assertThatThrownBy(() -> table("s3://lake/h/", List.of(), "a\nb", Map.of()))
                .hasMessage("Invalid owner 'a\nb' of table lagoa.ibov_header: at most 255 bytes in UTF-8, on one line");
    }

    @Test
    void columnCommentsFitGlue() {
        assertThat(new TableColumn("c", "string", "ã".repeat(127)).comment()).hasSize(127);
        assertThatThrownBy(() -> new TableColumn("c", "string", "ã".repeat(128)))
                .hasMessage("Invalid comment of column 'c': at most 255 bytes in UTF-8, on one line");
        assertThatThrownBy(() -> new TableColumn("c", "String", ""))
                .hasMessage("Invalid type 'String' of column 'c': use a Glue type name such as string, bigint or decimal(9,3)");
    }

    @Test
    void partitionsOrderValueByValue() {
        List<List<String>> values = new ArrayList<>(List.of(List.of("b"), List.of("a", "z"), List.of("a"), List.of("a", "b")));

        values.sort(TablePartition.VALUES_ORDER);

        assertThat(values).containsExactly(List.of("a"), List.of("a", "b"), List.of("a", "z"), List.of("b"));
    }
}
