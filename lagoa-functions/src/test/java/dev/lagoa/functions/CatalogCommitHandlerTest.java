package dev.lagoa.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TablePartition;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.lake.ObjectKey;
import dev.lagoa.core.lake.PutOptions;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.SqliteCatalog;
import dev.lagoa.local.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogCommitHandlerTest {
    private static final BucketName B3 = BucketName.of("lagoa-b3");
    private static final TableName ATIVOS = TableName.of("lagoa", "ibov_ativos");

    @TempDir
    Path home;
    private LocalObjectStore lake;
    private SqliteCatalog catalog;
    private CatalogCommitHandler handler;

    @BeforeEach
    void open() {
        Workspace workspace = Workspace.open(home);
        lake = new LocalObjectStore(workspace);
        lake.createBucket(B3);
        catalog = new SqliteCatalog(workspace.metadataDatabase(), Clock.systemUTC());
        handler = new CatalogCommitHandler(lake, catalog, "lagoa");
    }

    @AfterEach
    void close() {
        catalog.close();
        lake.close();
    }

    private void dataFile(String partition) {
        lake.put(B3, ObjectKey.of("refined/ativos/" + partition + "/part-00000.parquet"), new byte[] {1}, PutOptions.contentType("application/octet-stream"));
    }

    private String commit(String name, String... tickers) {
        StringBuilder partitions = new StringBuilder();
        for (String ticker : tickers) {
            partitions.append(partitions.isEmpty() ? "" : ",").append("""
                    {"values":["2022-12-08","%s"],"location":"s3://lagoa-b3/refined/ativos/data=2022-12-08/acao=%s/"}""".formatted(ticker, ticker));
        }
        String key = "catalog-commits/ibov_ativos/" + name + ".json";
        lake.put(B3, ObjectKey.of(key), """
                {"table":"ibov_ativos","location":"s3://lagoa-b3/refined/ativos/","format":"parquet",
                 "columns":[{"name":"data_pregao","type":"date","comment":"Data do pregão"},
                            {"name":"participacao_pct","type":"decimal(9,3)","comment":"%s"}],
                 "partitionKeys":[{"name":"data","type":"date","comment":""},{"name":"acao","type":"string","comment":"Código"}],
                 "partitions":[%s],"replaces":[["2022-12-08"]],"rows":%d,"runId":"jr_1","committedAt":"2022-12-08T21:00:00Z"}
                """.formatted("Participação no índice, em pontos percentuais. ".repeat(8), partitions, tickers.length)
                .getBytes(StandardCharsets.UTF_8), PutOptions.contentType("application/json"));
        return key;
    }

    @Test
    void registersTheTableWithThePipelinesDescriptionAndItsPartitions() {
        dataFile("data=2022-12-08/acao=PETR4");
        dataFile("data=2022-12-08/acao=VALE3");

        String outcome = handler.handle("lagoa-b3", commit("2022-12-08-jr_1", "PETR4", "VALE3"));

        assertThat(outcome).isEqualTo("catalogued lagoa.ibov_ativos from s3://lagoa-b3/catalog-commits/ibov_ativos/2022-12-08-jr_1.json: "
                + "2 partitions written (2 new), 0 dropped");
        TableDefinition table = catalog.table(ATIVOS).orElseThrow();
        assertThat(table.owner()).isEqualTo("mercado-de-capitais");
        assertThat(table.description()).startsWith("Ativos da carteira teórica do IBOV por pregão");
        assertThat(table.parameters()).containsEntry("lagoa.pipeline", "ibov").containsEntry("lagoa.dataset", "ibov-ativos");
        assertThat(table.partitionKeys()).extracting(TableColumn::name).containsExactly("data", "acao");
        // a comment longer than Glue takes is cut at a character, marked
        assertThat(table.columns().get(1).comment()).endsWith("…").hasSizeLessThanOrEqualTo(255);
        assertThat(catalog.partitions(ATIVOS)).extracting(TablePartition::values)
                .containsExactly(List.of("2022-12-08", "PETR4"), List.of("2022-12-08", "VALE3"));
    }

    @Test
    void aCommitDeliveredTwiceChangesNothing() {
        dataFile("data=2022-12-08/acao=PETR4");
        String key = commit("2022-12-08-jr_1", "PETR4");
        handler.handle("lagoa-b3", key);

        assertThat(handler.handle("lagoa-b3", key)).endsWith("1 partitions written (0 new), 0 dropped");
        assertThat(catalog.partitions(ATIVOS)).hasSize(1);
    }

    @Test
    void aRerunThatDropsATickerDropsItsPartitionEvenWhenAnOlderCommitComesLast() {
        dataFile("data=2022-12-08/acao=PETR4");
        dataFile("data=2022-12-08/acao=VALE3");
        String first = commit("2022-12-08-jr_1", "PETR4", "VALE3");
        handler.handle("lagoa-b3", first);
        // the re-run replaced the day without VALE3
        lake.delete(B3, ObjectKey.of("refined/ativos/data=2022-12-08/acao=VALE3/part-00000.parquet"));
        handler.handle("lagoa-b3", commit("2022-12-08-jr_2", "PETR4"));

        handler.handle("lagoa-b3", first);

        assertThat(catalog.partitions(ATIVOS)).extracting(TablePartition::values).containsExactly(List.of("2022-12-08", "PETR4"));
    }

    @Test
    void anUnreadableCommitNamesItself() {
        lake.put(B3, ObjectKey.of("catalog-commits/ibov_ativos/bad.json"), "{\"table\":".getBytes(StandardCharsets.UTF_8), PutOptions.contentType("application/json"));

        assertThatThrownBy(() -> handler.handle("lagoa-b3", "catalog-commits/ibov_ativos/bad.json"))
                .isInstanceOf(LagoaException.class)
                .hasMessageStartingWith("Invalid table commit s3://lagoa-b3/catalog-commits/ibov_ativos/bad.json: not valid JSON")
                .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(ErrorCode.MALFORMED_TABLE_COMMIT);
    }

    @Test
    void otherObjectsAreIgnored() {
        assertThat(handler.handle("lagoa-b3", "catalog-commits/_temporary/x.json")).startsWith("ignored");
        assertThat(handler.handle("lagoa-b3", "refined/ativos/x.json")).startsWith("ignored");
    }
}
