package dev.lagoa.importau;

import dev.lagoa.contracts.BrazilianDocuments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.lake.BucketName;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BronzeGeneratorTest {
    private static final BucketName BUCKET = BucketName.of("importau-lakehouse-teste");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
    private static final GenerationRequest SMALL = new GenerationRequest(42, 0.005, LocalDate.parse("2024-01-01"), LocalDate.parse("2024-06-30"),
            0.0, true);

    @TempDir
    Path home;

    private BronzeGenerator generator(Path workspace) {
        return new BronzeGenerator(new LocalObjectStore(Workspace.open(workspace)), BUCKET, CLOCK);
    }

    private Path bronze(Path workspace, String folder) {
        return workspace.resolve("lake").resolve(BUCKET.value()).resolve("bronze").resolve(folder).resolve("part-00000.parquet");
    }

    private static List<List<Object>> query(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<List<Object>> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rows.getObject(i));
                }
                result.add(row);
            }
            return result;
        }
    }

    private Object single(String sql) throws SQLException {
        return query(sql).get(0).get(0);
    }

    @Test
    void cleanDataHasValidDocumentsAndIntegrity() throws SQLException {
        BronzeGenerator.Result result = generator(home).generate(SMALL);

        // scale 0.005: 100 orders, 30 clients (the minimum), 12 suppliers with 12 products each
        assertThat(result.rows()).containsEntry("pedidos", 100L).containsEntry("clientes", 30L).containsEntry("fornecedores", 12L)
                .containsEntry("produtos", 144L).containsEntry("despesas_importacao", 100L);
        assertThat(result.defects().values()).allMatch(count -> count == 0L);
        assertThat(result.expectedRejects()).isZero();
        String clients = bronze(home, "clientes").toString();
        String items = bronze(home, "itens_pedido").toString();
        String orders = bronze(home, "pedidos").toString();
        for (List<Object> row : query("select documento, tipo_pessoa, telefone, cep, uf from '" + clients + "'")) {
            assertThat(BrazilianDocuments.isValid((String) row.get(0))).as(row.toString()).isTrue();
            assertThat(((String) row.get(0)).length()).isEqualTo(row.get(1).equals("PF") ? 11 : 14);
            assertThat((String) row.get(2)).matches("\\(\\d{2}\\) (9\\d{4}|[2-5]\\d{3})-\\d{4}");
            assertThat((String) row.get(3)).matches("\\d{5}-\\d{3}");
        }
        assertThat(single("select count(*) from '" + items + "' i anti join '" + orders + "' p using (id_pedido)")).isEqualTo(0L);
        assertThat(single("select count(*) - count(distinct id_item) from '" + items + "'")).isEqualTo(0L);
        assertThat(single("select sum(quantidade * preco_fob_unitario) from '" + items + "'")).isEqualTo(result.itemsFobTotal());
        assertThat(single("select count(*) from '" + orders + "' where data_embarque < data_pedido or data_entrega < data_desembaraco")).isEqualTo(0L);
        assertThat(Files.exists(home.resolve("lake/" + BUCKET + "/csv_exports/clientes/clientes.csv"))).isTrue();
        assertThat(Files.exists(home.resolve("lake/" + BUCKET + "/catalog-commits/bronze_clientes"))).isTrue();
    }

    @Test
    void theSameRequestWritesTheSameRows(@TempDir Path other) throws Exception {
        generator(home).generate(SMALL);
        generator(other).generate(SMALL);

        for (String folder : List.of("clientes", "itens_pedido", "cambio", "despesas_importacao")) {
            String sql = "select count(*) from (select * from '%s' except select * from '%s')";
            assertThat(single(sql.formatted(bronze(home, folder), bronze(other, folder)))).as(folder).isEqualTo(0L);
        }
    }

    @Test
    void plantedDefectsAreCountedAndFoundInTheFiles() throws SQLException {
        GenerationRequest defective = new GenerationRequest(7, 0.01, LocalDate.parse("2024-01-01"), LocalDate.parse("2024-03-31"), 0.2, false);
        BronzeGenerator.Result result = generator(home).generate(defective);

        Map<String, Long> defects = result.defects();
        assertThat(defects.values()).allMatch(count -> count > 0);
        String items = bronze(home, "itens_pedido").toString();
        String orders = bronze(home, "pedidos").toString();
        String products = bronze(home, "produtos").toString();
        String clients = bronze(home, "clientes").toString();
        assertThat(single("select count(*) from '" + items + "' anti join '" + orders + "' using (id_pedido)")).isEqualTo(defects.get("item_orfao_pedido"));
        assertThat(single("select count(*) - count(distinct id_item) from '" + items + "'")).isEqualTo(defects.get("item_duplicado"));
        assertThat(single("select count(*) from '" + items + "' where quantidade is null"))
                .isEqualTo(defects.get("item_quantidade_nula") + query("select 1 from '" + items + "' where quantidade is null group by id_item having count(*) > 1").size());
        assertThat(single("select count(distinct id_item) from '" + items + "' i anti join '" + products + "' p using (id_produto)"))
                .isEqualTo(defects.get("item_orfao_produto"));
        assertThat(single("select count(*) from '" + orders + "' anti join '" + clients + "' using (id_cliente)")).isEqualTo(defects.get("pedido_orfao_cliente"));
        assertThat(single("select sum(quantidade * preco_fob_unitario) from '" + items + "'")).isEqualTo(result.itemsFobTotal());
        assertThat(result.expectedRejects()).isGreaterThan(defects.get("item_orfao_pedido") + defects.get("item_duplicado"));
    }

    @Test
    void invalidRequestsNameEveryProblem() {
        assertThatThrownBy(() -> new GenerationRequest(1, 0, LocalDate.parse("2024-02-01"), LocalDate.parse("2024-01-01"), 0.9, false))
                .hasMessage("Invalid Bronze generation request: escala must be above 0 and at most 100, not 0.0; "
                        + "data_fim 2024-01-01 is before data_inicio 2024-02-01; taxa_defeitos must be between 0 and 0.5, not 0.9");
        assertThat(GenerationRequest.from(Map.of("semente", "1", "escala", "0.5"), Map.of("escala", 2, "taxa_defeitos", 0.1)))
                .isEqualTo(new GenerationRequest(1, 2.0, LocalDate.parse("2024-01-01"), LocalDate.parse("2024-12-31"), 0.1, false));
    }
}
