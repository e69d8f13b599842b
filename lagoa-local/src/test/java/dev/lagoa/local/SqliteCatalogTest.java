package dev.lagoa.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.core.catalog.CatalogContractTest;
import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TablePartition;
import dev.lagoa.local.SqliteCatalog.TableVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteCatalogTest extends CatalogContractTest {
    private static final Instant CREATED = Instant.parse("2026-11-21T05:00:00Z");
    private static final Instant CHANGED = Instant.parse("2026-11-22T05:00:00Z");

    @TempDir
    Path temp;

    private Path database() {
        return temp.resolve("lagoa.db");
    }

    @Override
    protected Catalog createCatalog() {
        return new SqliteCatalog(database(), Clock.fixed(CREATED, ZoneOffset.UTC));
    }

    private static TableDefinition withSetor() {
        TableDefinition before = ativos();
        List<TableColumn> columns = new ArrayList<>(before.columns());
        columns.add(new TableColumn("setor", "string", "Setor econômico"));
        return new TableDefinition(before.name(), before.location(), before.format(), columns, before.partitionKeys(), before.description(),
                before.owner(), before.parameters());
    }

    @Test
    void everyDefinitionChangeIsAVersionAndAnUnchangedDefinitionIsNot() {
        catalog.createOrUpdateTable(ativos());
        catalog.createOrUpdateTable(ativos());
        try (SqliteCatalog later = new SqliteCatalog(database(), Clock.fixed(CHANGED, ZoneOffset.UTC))) {
            later.createOrUpdateTable(withSetor());
            later.createOrUpdateTable(withSetor());

            List<TableVersion> versions = later.versions(ATIVOS);

            assertThat(versions).extracting(TableVersion::version).containsExactly(1, 2);
            assertThat(versions.get(0)).isEqualTo(new TableVersion(1, ativos(), CREATED));
            assertThat(versions.get(1)).isEqualTo(new TableVersion(2, withSetor(), CHANGED));
        }
    }

    @Test
    void theTablesAreRowsOfTheMetadataStoreWithTheirTimesAndVersion() throws Exception {
        catalog.createOrUpdateTable(ativos());
        try (SqliteCatalog later = new SqliteCatalog(database(), Clock.fixed(CHANGED, ZoneOffset.UTC))) {
            later.createOrUpdateTable(withSetor());
            later.addPartitions(ATIVOS, List.of(new TablePartition(List.of("2025-07-10", "PETR4"), "s3://lagoa-lake/refined/ativos/data=2025-07-10/ticker=PETR4/")));
        }

        try (Connection connection = MetadataStore.connect(database(), false); Statement statement = connection.createStatement()) {
            try (ResultSet table = statement.executeQuery("SELECT version, created_at, updated_at, format, partition_keys FROM catalog_tables")) {
                assertThat(table.next()).isTrue();
                assertThat(table.getInt(1)).isEqualTo(2);
                assertThat(table.getString(2)).isEqualTo(CREATED.toString());
                assertThat(table.getString(3)).isEqualTo(CHANGED.toString());
                assertThat(table.getString(4)).isEqualTo("PARQUET");
                assertThat(table.getString(5)).isEqualTo("[{\"name\":\"data\",\"type\":\"date\",\"comment\":\"Dia da carteira (São Paulo)\"},"
                        + "{\"name\":\"ticker\",\"type\":\"string\",\"comment\":\"\"}]");
            }
            try (ResultSet partition = statement.executeQuery("SELECT partition_values, created_at FROM catalog_partitions")) {
                assertThat(partition.next()).isTrue();
                assertThat(partition.getString(1)).isEqualTo("[\"2025-07-10\",\"PETR4\"]");
                assertThat(partition.getString(2)).isEqualTo(CHANGED.toString());
            }
        }
    }

    @Test
    void anotherProcessOfTheWorkspaceSeesTheTables() {
        catalog.createOrUpdateTable(ativos());

        try (SqliteCatalog other = new SqliteCatalog(database(), Clock.systemUTC())) {
            assertThat(other.table(ATIVOS)).contains(ativos());
            assertThat(other.dropTable(ATIVOS)).isTrue();
        }
        assertThat(catalog.table(ATIVOS)).isEmpty();
        assertThat(((SqliteCatalog) catalog).versions(ATIVOS)).as("the history goes with the table").isEmpty();
    }

    @Test
    void anUnreadableStoreIsAMetadataStoreError() throws Exception {
        Path notADatabase = temp.resolve("not-a-database.db");
        Files.writeString(notADatabase, "this is not SQLite ".repeat(100));

        assertThatThrownBy(() -> new SqliteCatalog(notADatabase, Clock.systemUTC()))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.METADATA_STORE_ERROR))
                .hasMessageContaining(notADatabase.toString());
    }
}
