package dev.lagoa.importau;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.lake.BucketName;
import dev.lagoa.core.statemachine.ImportauStateMachines;
import dev.lagoa.local.LocalObjectStore;
import dev.lagoa.local.SqliteCatalog;
import dev.lagoa.local.Workspace;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportauTasksTest {
    private static final BucketName BUCKET = BucketName.of("importau-lakehouse-teste");
    private static final Map<String, Object> SMALL = Map.of("escala", 0.005, "data_fim", "2024-03-31");

    @TempDir
    Path home;
    private LocalObjectStore lake;
    private SqliteCatalog catalog;
    private ImportauTasks tasks;

    @BeforeEach
    void open() {
        Workspace workspace = Workspace.open(home);
        lake = new LocalObjectStore(workspace);
        catalog = new SqliteCatalog(workspace.metadataDatabase(), Clock.systemUTC());
        tasks = new ImportauTasks(lake, catalog, BUCKET, "lagoa", Clock.systemUTC());
    }

    @AfterEach
    void close() {
        catalog.close();
        lake.close();
    }

    @Test
    void theBronzeIsCurrentOnlyForTheParametersItWasGeneratedWith() throws Exception {
        Map<String, String> defaults = ImportauStateMachines.GENERATION_DEFAULTS;
        assertThat(tasks.checkBronze(defaults, SMALL)).containsEntry("atual", false)
                .containsEntry("motivo", "não há manifesto de geração em s3://importau-lakehouse-teste/bronze/_geracao.json");

        tasks.all().get("importau-gerar-bronze").run(defaults, SMALL);

        assertThat(tasks.checkBronze(defaults, SMALL)).containsEntry("atual", true);
        assertThat(tasks.checkBronze(defaults, Map.of("escala", 0.005, "data_fim", "2024-03-31", "semente", 7)))
                .containsEntry("atual", false)
                .hasEntrySatisfying("motivo", reason -> assertThat((String) reason).startsWith("a Bronze foi gerada com {semente=42, escala=0.005"));
    }

    @Test
    void theCatalogTaskRegistersTheBronzeAndTheCheckNamesWhatIsMissing() throws Exception {
        tasks.all().get("importau-gerar-bronze").run(ImportauStateMachines.GENERATION_DEFAULTS, SMALL);

        Map<String, Object> registered = tasks.registerCatalog();

        assertThat(registered).containsEntry("manifestos", 7);
        assertThat(tasks.checkCatalog(List.of("bronze_clientes", "bronze_itens_pedido"))).containsOnlyKeys("bronze_clientes", "bronze_itens_pedido");
        assertThatThrownBy(() -> tasks.checkCatalog(List.of("bronze_clientes", "fato_pedido_correlacionado", "importau_rejeitos")))
                .isInstanceOf(LagoaException.class)
                .hasMessage("Catálogo incompleto: fato_pedido_correlacionado não está no catálogo lagoa; importau_rejeitos não está no catálogo lagoa");
        assertThat(tasks.registerCatalog()).isEqualTo(registered);
    }
}
