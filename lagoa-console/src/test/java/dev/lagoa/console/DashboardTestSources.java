package dev.lagoa.console;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.core.catalog.TablePartition;
import dev.lagoa.core.pipeline.DataFormat;
import dev.lagoa.core.query.QueryEngine;
import dev.lagoa.duckdb.DuckDbQueryEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workspace for the dashboards' tests: a temporary lake holding Parquet files written by DuckDB, an in-memory catalog
 * of the tables given, and the real {@link DuckDbQueryEngine} over them (the sandbox {@code lagoa sql} uses). What the
 * dashboards do not read throws.
 */
final class DashboardTestSources extends UnusedSources {
    static final String DATABASE = "lagoa";

    static final TableDefinition IBOV_ATIVOS = table("ibov_ativos", "s3://lagoa-b3/refined/ativos/", List.of(
            column("data_pregao", "date"), column("indice", "string"), column("empresa", "string"), column("tipo", "string"),
            column("setor", "string"), column("participacao_pct", "decimal(9,3)"), column("participacao_anterior_pct", "decimal(9,3)"),
            column("variacao_participacao_pp", "decimal(9,3)")),
            List.of(column("data", "date"), column("acao", "string")));
    static final TableDefinition IBOV_HEADER = table("ibov_header", "s3://lagoa-b3/refined/header/", List.of(
            column("data_pregao", "date"), column("indice", "string"), column("qtde_acoes", "int"), column("soma_participacao_pct", "decimal(12,3)"),
            column("qtde_teorica_total", "bigint"), column("redutor", "decimal(24,8)")),
            List.of(column("data", "date")));
    static final TableDefinition PETR4_COTACOES = table("petr4_cotacoes", "s3://lagoa-brapi/refined/dataset=petr4/", List.of(
            column("data_pregao", "date"), column("codigo", "string"), column("fechamento", "decimal(18,6)"), column("volume", "bigint"),
            column("media_movel_5", "decimal(18,6)"), column("media_movel_20", "decimal(18,6)")),
            List.of(column("ticker", "string"), column("year", "int"), column("month", "int"), column("day", "int")));
    static final TableDefinition PETR4_MENSAL = table("petr4_mensal", "s3://lagoa-brapi/refined/dataset=petr4_mensal/", List.of(
            column("codigo", "string"), column("primeiro_pregao", "date"), column("fechamento", "decimal(18,6)"), column("retorno_mensal", "double")),
            List.of(column("ticker", "string"), column("year", "int"), column("month", "int")));
    static final TableDefinition FLUXO = table("agregado_fluxo_de_caixa_mensal", "s3://lagoa-importau/gold/agregado_fluxo_de_caixa_mensal/", List.of(
            column("mes", "date"), column("ano_mes", "string"), column("moeda", "string"), column("recebimentos_brl", "decimal(18,2)"),
            column("pagamentos_brl", "decimal(18,2)"), column("fluxo_liquido_brl", "decimal(18,2)"), column("exposicao_cambial_moeda", "decimal(18,2)"),
            column("exposicao_cambial_brl", "decimal(18,2)")),
            List.of());

    private final Path home;
    private final Map<String, TableDefinition> tables = new LinkedHashMap<>();

    /** A workspace under {@code home} whose catalog holds {@code tables} (with no files until {@link #write} adds them). */
    DashboardTestSources(Path home, List<TableDefinition> tables) {
        this.home = requireNonNull(home, "home is null");
        tables.forEach(table -> this.tables.put(table.name().table(), table));
    }

    /** Writes the Parquet file under {@code table}'s location, at {@code partition} ({@code data=2022-12-08/acao=PETR4}), from a SELECT. */
    void write(TableDefinition table, String partition, String select) {
        Path folder = folder(table.location()).resolve(partition);
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement()) {
            Files.createDirectories(folder);
            statement.execute("COPY (" + select + ") TO '" + folder.resolve("part-0.parquet") + "' (FORMAT parquet)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path lake() {
        return home.resolve("lake");
    }

    private Path folder(String location) {
        return lake().resolve(location.substring("s3://".length()));
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public Clock clock() {
        return Clock.fixed(Instant.parse("2022-12-08T21:00:00Z"), ZoneId.of("America/Sao_Paulo"));
    }

    @Override
    public Catalog catalog() {
        return new Catalog() {
            @Override
            public void createOrUpdateTable(TableDefinition table) {
                throw new UnsupportedOperationException("the dashboards only read the catalog");
            }

            @Override
            public Optional<TableDefinition> table(TableName name) {
                return name.database().equals(DATABASE) ? Optional.ofNullable(tables.get(name.table())) : Optional.empty();
            }

            @Override
            public List<TableDefinition> tables(String database) {
                return database.equals(DATABASE) ? List.copyOf(tables.values()) : List.of();
            }

            @Override
            public int addPartitions(TableName table, List<TablePartition> partitions) {
                throw new UnsupportedOperationException("the dashboards only read the catalog");
            }

            @Override
            public int dropPartitions(TableName table, List<String> prefix, List<List<String>> keep) {
                throw new UnsupportedOperationException("the dashboards only read the catalog");
            }

            @Override
            public List<TablePartition> partitions(TableName table) {
                return List.of();
            }

            @Override
            public boolean dropTable(TableName table) {
                throw new UnsupportedOperationException("the dashboards only read the catalog");
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public QueryEngine queryEngine() {
        return DuckDbQueryEngine.open(List.copyOf(tables.values()), this::folder, lake(),
                new DuckDbQueryEngine.Limits(home.resolve("tmp"), "256m", Duration.ofMinutes(1)));
    }

    private static TableDefinition table(String name, String location, List<TableColumn> columns, List<TableColumn> partitionKeys) {
        return new TableDefinition(TableName.of(DATABASE, name), location, DataFormat.PARQUET, columns, partitionKeys, name, "tests", Map.of());
    }

    private static TableColumn column(String name, String type) {
        return new TableColumn(name, type, "");
    }
}
