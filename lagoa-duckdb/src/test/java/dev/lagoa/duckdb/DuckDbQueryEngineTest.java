package dev.lagoa.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.pipeline.DataFormat;
import dev.lagoa.core.query.QueryResult;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbQueryEngineTest {
    private static final List<TableColumn> COLUMNS = List.of(
            new TableColumn("data_pregao", "date", "trading day"),
            new TableColumn("participacao_pct", "decimal(9,3)", "weight"),
            new TableColumn("qtde_teorica", "bigint", ""),
            new TableColumn("coletado_em", "timestamp", ""));
    private static final TableDefinition ATIVOS = new TableDefinition(TableName.of("lagoa", "ibov_ativos"), "s3://lagoa-b3/refined/ativos/",
            DataFormat.PARQUET, COLUMNS, List.of(new TableColumn("data", "date", ""), new TableColumn("acao", "string", "")),
            "IBOV", "market-data", Map.of());
    private static final TableDefinition EMPTY = new TableDefinition(TableName.of("lagoa", "ibov_header"), "s3://lagoa-b3/refined/header/",
            DataFormat.PARQUET, List.of(new TableColumn("texto", "string", "")), List.of(new TableColumn("data", "date", "")), "", "", Map.of());

    @TempDir
    Path lake;
    @TempDir
    Path scratch;
    private DuckDbQueryEngine engine;

    @BeforeEach
    void writeTable() {
        Instant collected = Instant.parse("2022-12-08T21:00:00Z");
        write("data=2022-12-08/acao=PETR4", LocalDate.parse("2022-12-08"), "5.720", 4_566_441_248L, collected);
        write("data=2022-12-08/acao=VALE3", LocalDate.parse("2022-12-08"), "11.110", 4_196_924_316L, collected);
        write("data=2022-12-09/acao=PETR4", LocalDate.parse("2022-12-09"), "5.801", 4_566_441_248L, collected);
        // a writer's staging folder is not part of the table
        write("_staging/run-1/data=2022-12-09/acao=XXXX3", LocalDate.parse("2022-12-09"), "99.000", 1L, collected);
        engine = open(new DuckDbQueryEngine.Limits(scratch, "1g", Duration.ofMinutes(5)));
    }

    private DuckDbQueryEngine open(DuckDbQueryEngine.Limits limits) {
        return DuckDbQueryEngine.open(List.of(ATIVOS, EMPTY), location -> lake.resolve(location.substring("s3://".length())), lake, limits);
    }

    private void write(String partition, LocalDate date, String part, long quantity, Instant collected) {
        ParquetFiles.write(lake.resolve("lagoa-b3/refined/ativos/" + partition + "/part-0.parquet"), COLUMNS,
                List.of(Arrays.asList(date, new BigDecimal(part), quantity, collected)));
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void answersWithTypedPartitionKeysAndExactDecimals() {
        QueryResult result = engine.query(
                "select acao, participacao_pct, qtde_teorica, coletado_em from ibov_ativos where data = DATE '2022-12-08' order by acao", 100);

        assertThat(result.columns()).extracting(QueryResult.Column::name).containsExactly("acao", "participacao_pct", "qtde_teorica", "coletado_em");
        assertThat(result.rows()).containsExactly(
                List.of("PETR4", new BigDecimal("5.720"), 4_566_441_248L, Instant.parse("2022-12-08T21:00:00Z")),
                List.of("VALE3", new BigDecimal("11.110"), 4_196_924_316L, Instant.parse("2022-12-08T21:00:00Z")));
        assertThat(result.truncated()).isFalse();
    }

    @Test
    void stagingFilesAreNotRead() {
        assertThat(engine.query("select count(*) from ibov_ativos", 1).rows()).containsExactly(List.of(3L));
    }

    @Test
    void aCataloguedTableWithoutFilesHasNoRows() {
        QueryResult result = engine.query("select * from ibov_header", 10);

        assertThat(result.columns()).extracting(QueryResult.Column::name).containsExactly("texto", "data");
        assertThat(result.rows()).isEmpty();
    }

    @Test
    void truncatesAtMaxRows() {
        QueryResult result = engine.query("select * from ibov_ativos", 2);

        assertThat(result.rows()).hasSize(2);
        assertThat(result.truncated()).isTrue();
    }

    @Test
    void refusesEverythingButOneSelect() {
        for (String sql : List.of(
                "copy (select 1) to '" + lake.resolve("out.csv") + "'",
                "explain analyze copy (select 1) to '" + lake.resolve("out.csv") + "'",
                "create table t as select 1",
                "select 1; select 2",
                "attach '" + lake.resolve("x.db") + "'",
                "set enable_external_access = true")) {
            assertThatThrownBy(() -> engine.query(sql, 10), sql)
                    .isInstanceOf(LagoaException.class)
                    .hasMessageStartingWith("lagoa sql runs one read-only SELECT statement: ")
                    .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(ErrorCode.INVALID_QUERY);
        }
        assertThat(lake.resolve("out.csv")).doesNotExist();
    }

    @Test
    void aDeleteIsRefusedByTheRuleItBreaksNotByDuckDbsWords() {
        assertThatThrownBy(() -> engine.query("delete from ibov_ativos", 10))
                .isInstanceOf(LagoaException.class)
                .hasMessage("lagoa sql runs one read-only SELECT statement: it is a DELETE statement, not a SELECT");
    }

    @Test
    void aMistypedTableNameGetsTheClosestCataloguedTable() {
        assertThatThrownBy(() -> engine.query("select * from ibov_ativo", 10))
                .isInstanceOf(LagoaException.class)
                .hasMessage("Query failed: no table ibov_ativo in the catalog; did you mean ibov_ativos? (lagoa catalog list shows them)");
        assertThatThrownBy(() -> engine.query("select * from clientes", 10))
                .hasMessage("Query failed: no table clientes in the catalog (lagoa catalog list shows them)");
    }

    @Test
    void cannotReadOutsideTheLake() throws Exception {
        Path outside = Files.createTempFile("secret", ".csv");
        Files.writeString(outside, "a,b\n1,2\n");
        try {
            assertThatThrownBy(() -> engine.query("select * from read_csv('" + outside + "')", 10))
                    .isInstanceOf(LagoaException.class)
                    .hasMessageContaining("Query failed: ")
                    .hasMessageContaining("disabled");
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void aSymbolicLinkUnderTheLakeIsRefusedBeforeItIsRead() throws Exception {
        // allowed_directories checks the path's text: a link inside the lake would lead DuckDB anywhere
        Path link = Files.createSymbolicLink(lake.resolve("lagoa-b3/link"), Path.of("/etc"));

        assertThatThrownBy(() -> engine.query("select * from read_text('" + link + "/passwd')", 10))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_QUERY))
                .hasMessageContaining("Cannot run the query: " + link + " is a symbolic link")
                .hasMessageNotContaining("root:");
        assertThatThrownBy(() -> engine.query("select count(*) from ibov_ativos", 10))
                .as("every query is refused while a link is in the lake").hasMessageContaining(link.toString());

        Files.delete(link);
        assertThat(engine.query("select count(*) from ibov_ativos", 10).rows()).containsExactly(List.of(3L));
    }

    @Test
    void aHardLinkToAFileOutsideTheLakeIsRefused(@TempDir Path elsewhere) throws Exception {
        Path secret = Files.writeString(elsewhere.resolve("secret.csv"), "a,b\n1,2\n");
        Path link = Files.createLink(lake.resolve("lagoa-b3/secret.csv"), secret);

        assertThatThrownBy(() -> engine.query("select * from read_csv('" + link + "')", 10))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_QUERY))
                .hasMessageContaining("Cannot run the query: " + link + " has 2 hard links");
    }

    @Test
    void spillsGoToTheConfiguredFolderWithinTheMemoryLimit() {
        Path temporary = scratch.resolve("duckdb");
        try (DuckDbQueryEngine limited = open(new DuckDbQueryEngine.Limits(temporary, "64m", Duration.ofMinutes(5)))) {
            assertThat(limited.query("select current_setting('temp_directory'), current_setting('memory_limit')", 10).rows())
                    .containsExactly(List.of(temporary.toString(), "64.0 MiB"));
            // sorting some 200 MB of strings in a 64 MiB budget: the sort spills to the temporary folder
            assertThat(limited.query("select max(rn) from (select row_number() over (order by md5(i::varchar)) rn from range(3000000) t(i))", 10)
                    .rows()).containsExactly(List.of(3_000_000L));
        }
    }

    @Test
    void aQueryPastTheTimeoutIsCancelled() {
        try (DuckDbQueryEngine limited = open(new DuckDbQueryEngine.Limits(scratch, "1g", Duration.ofSeconds(1)))) {
            // a trillion rows: hours of work, so the one-second limit ends it whatever the machine's load
            assertThatThrownBy(() -> limited.query("select sum(hash(i)) from range(1000000000000) t(i)", 10))
                    .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_QUERY))
                    .hasMessage("Query cancelled: it ran longer than 1.0s (sql.timeout)");
            assertThat(limited.query("select 42", 10).rows()).as("the engine answers after a cancelled query").containsExactly(List.of(42));
        }
    }

    @Test
    void aTableWhoseFilesCannotBeReadIsNamedWithTheReason() throws Exception {
        Path broken = lake.resolve("lagoa-b3/broken/part-0.parquet");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, "not parquet");
        TableDefinition table = new TableDefinition(TableName.of("lagoa", "quebrada"), "s3://lagoa-b3/broken/", DataFormat.PARQUET,
                List.of(new TableColumn("x", "int", "")), List.of(), "", "", Map.of());
        try (DuckDbQueryEngine withBroken = DuckDbQueryEngine.open(List.of(ATIVOS, table),
                location -> lake.resolve(location.substring("s3://".length())), lake, new DuckDbQueryEngine.Limits(scratch, "1g", Duration.ofMinutes(5)))) {
            assertThat(withBroken.query("select count(*) from ibov_ativos", 1).rows()).containsExactly(List.of(3L));
            assertThatThrownBy(() -> withBroken.query("select * from quebrada", 1))
                    .isInstanceOf(LagoaException.class)
                    .hasMessageStartingWith("Table quebrada is catalogued but its files cannot be read: ");
        }
    }

    @Test
    void namesAnUnknownTable() {
        assertThatThrownBy(() -> engine.query("select * from ibov_nada", 10))
                .isInstanceOf(LagoaException.class)
                .hasMessageContaining("ibov_nada");
    }
}
