package dev.lagoa.governance.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.pipeline.IbovPipeline;
import dev.lagoa.core.pipeline.ImportauPipeline;
import dev.lagoa.core.pipeline.Layer;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.statemachine.ImportauStateMachines;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.StateMachines;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AssetBuilderTest {
    private static final Map<String, Asset> ASSETS = ImportauLikeCatalog.assets().stream()
            .collect(Collectors.toMap(Asset::id, Function.identity()));

    @Test
    void everyPipelineDatasetAndStepIsAnAsset() {
        List<Asset> assets = new AssetBuilder().addPipelines(List.of(IbovPipeline.DEFINITION)).build();

        assertThat(assets).extracting(Asset::id).containsExactly(
                "pipeline:ibov",
                "dataset:ibov/ibov-raw", "dataset:ibov/ibov-bronze", "dataset:ibov/ibov-quarantine", "dataset:ibov/ibov-ativos",
                "dataset:ibov/ibov-header", "dataset:ibov/indices-raw", "dataset:ibov/indices-bronze", "dataset:ibov/indices-ativos",
                "dataset:ibov/indices-header", "dataset:ibov/ibov-commits",
                "step:ibov/ingest", "step:ibov/refine", "step:ibov/catalog");
    }

    @Test
    void aDatasetCarriesItsDeclarationAndItsCatalogTableName() {
        assertThat(ASSETS.get("dataset:ibov/ibov-ativos")).isEqualTo(new Asset(AssetType.DATASET, "dataset:ibov/ibov-ativos", "ibov-ativos",
                "ibov_ativos", IbovPipeline.DEFINITION.dataset("ibov-ativos").description(), "mercado-de-capitais",
                Set.of("b3", "ibov", "carteira-teorica"), Optional.of(Layer.REFINED), Optional.of("ibov"), Optional.empty()));
    }

    @Test
    void aStepIsTitledByWhatItRunsAndDescribedWithItsLineage() {
        Asset refine = ASSETS.get("step:ibov/refine");
        Asset ingest = ASSETS.get("step:ibov/ingest");

        assertThat(refine.title()).isEqualTo("lagoa-ibov-refine");
        assertThat(refine.description()).isEqualTo("Job Spark: separa cabeçalho e ativos, renomeia, tipa e calcula; substitui a partição do dia. "
                + "Lê: ibov-bronze, ibov-ativos. Escreve: ibov-ativos, ibov-header, ibov-commits.");
        assertThat(ingest.title()).isEqualTo("LagoaCli");
        assertThat(ingest.owner()).isEqualTo("mercado-de-capitais");
    }

    @Test
    void theColumnsOfADeclaredTableHangUnderItsDataset() {
        Asset byParameters = ASSETS.get("column:lagoa.ibov_ativos.participacao_pct");
        Asset partitionKey = ASSETS.get("column:lagoa.ibov_ativos.acao");
        Asset byName = ASSETS.get("column:lagoa.petr4_cotacoes.volatilidade_20");

        assertThat(byParameters).isEqualTo(new Asset(AssetType.COLUMN, "column:lagoa.ibov_ativos.participacao_pct", "participacao_pct", "",
                "Participação da ação no índice, em %, como publicada pela B3.", "mercado-de-capitais", Set.of(), Optional.of(Layer.REFINED),
                Optional.of("ibov"), Optional.of("ibov-ativos")));
        assertThat(byParameters.displayName()).isEqualTo("ibov-ativos.participacao_pct");
        assertThat(partitionKey.description()).isEqualTo("Partição: o código de negociação da ação na B3 (PETR4).");
        assertThat(byName.parent()).contains("petr4-cotacoes");
        assertThat(byName.pipeline()).contains("petr4");
        assertThat(ASSETS).doesNotContainKeys("table:lagoa.ibov_ativos", "table:lagoa.petr4_cotacoes", "table:lagoa.bronze_cambio");
    }

    @Test
    void aTableNoPipelineDeclaresIsATableAssetDescribedByItsParameters() {
        assertThat(ASSETS.get("table:financeiro.orcamento_anual")).isEqualTo(new Asset(AssetType.TABLE, "table:financeiro.orcamento_anual",
                "orcamento_anual", "financeiro.orcamento_anual", "Orçamento anual por centro de custo, carregado da planilha da controladoria.",
                "controladoria", Set.of("orcamento", "controladoria"), Optional.of(Layer.GOLD), Optional.empty(), Optional.empty()));
        assertThat(ASSETS.get("column:financeiro.orcamento_anual.valor_orcado").displayName()).isEqualTo("orcamento_anual.valor_orcado");
    }

    @Test
    void everyShippedPipelineBuilds() {
        List<Asset> assets = new AssetBuilder().addPipelines(Pipelines.all()).build();

        int expected = Pipelines.all().stream().mapToInt(pipeline -> 1 + pipeline.datasets().size() + pipeline.steps().size()).sum();
        assertThat(assets).hasSize(expected);
        assertThat(assets).filteredOn(asset -> asset.type() == AssetType.PIPELINE).extracting(Asset::name)
                .containsExactlyElementsOf(Pipelines.all().stream().map(PipelineDefinition::name).toList());
    }

    @Test
    void everyShippedStateMachineAndEachOfItsTasksIsAnAssetOfTheImportauPipeline() {
        List<Asset> assets = new AssetBuilder().addPipelines(Pipelines.all()).addStateMachines(StateMachines.all()).build();

        assertThat(assets).filteredOn(asset -> asset.type() == AssetType.STATE_MACHINE).extracting(Asset::id).containsExactly(
                "state-machine:importau", "state-machine:importau-bronze", "state-machine:importau-teste-bronze", "state-machine:importau-silver",
                "state-machine:importau-teste-silver", "state-machine:importau-gold", "state-machine:importau-teste-gold");
        int tasks = StateMachines.all().stream().mapToInt(machine -> machine.tasks().size()).sum();
        assertThat(assets).filteredOn(asset -> asset.parent().isPresent() && asset.type() == AssetType.STEP).hasSize(tasks);
        assertThat(assets).filteredOn(asset -> asset.type() == AssetType.STATE_MACHINE || asset.parent().isPresent() && asset.type() == AssetType.STEP)
                .allSatisfy(asset -> {
                    assertThat(asset.pipeline()).contains("importau");
                    assertThat(asset.owner()).isEqualTo(ImportauPipeline.OWNER);
                    assertThat(asset.tags()).contains("importau");
                });
    }

    @Test
    void aStateMachineCarriesItsDeclarationAndItsTasksWhatTheyRunAndTheirLineage() {
        Map<String, Asset> assets = new AssetBuilder().addPipelines(Pipelines.all()).addStateMachines(StateMachines.all()).build().stream()
                .collect(Collectors.toMap(Asset::id, Function.identity()));
        StateMachineDefinition machine = StateMachines.named(ImportauStateMachines.TEST_SILVER);

        assertThat(assets.get("state-machine:importau-teste-silver")).isEqualTo(new Asset(AssetType.STATE_MACHINE,
                "state-machine:importau-teste-silver", "importau-teste-silver", "", machine.description(), "importau-dados",
                Set.of("importau", "silver", "qualidade"), Optional.empty(), Optional.of("importau"), Optional.empty()));
        Asset checks = assets.get("step:importau-teste-silver/TestarSilver");
        assertThat(checks.name()).isEqualTo("TestarSilver");
        assertThat(checks.title()).isEqualTo("lagoa-importau-teste-silver");
        assertThat(checks.parent()).contains("importau-teste-silver");
        assertThat(checks.tags()).containsExactlyInAnyOrder("importau", "silver", "qualidade", "testes", "spark");
        assertThat(checks.description()).startsWith("Job Spark de qualidade da camada silver: esquema, id_item único")
                .endsWith("Lê: fato-pedido-correlacionado, importau-rejeitos, bronze-itens-pedido, bronze-despesas-importacao. "
                        + "Escreve: importau-relatorios-qualidade.");
        Asset catalog = assets.get("step:importau-teste-silver/ConferirCatalogoSilver");
        assertThat(catalog.title()).isEqualTo("importau-conferir-catalogo");
        assertThat(catalog.description()).endsWith("fato_pedido_correlacionado, importau_rejeitos. Lê: importau-commits.");
        assertThat(assets.get("step:importau/TesteSilver").title()).isEqualTo("importau-teste-silver");
        // the pipeline's own step of the same job stays apart from the machines' tasks
        assertThat(assets.get("step:importau/teste-silver").parent()).isEmpty();
    }

    @Test
    void aStateMachineWhoseTasksTouchNoAddedPipelineBelongsToNone() {
        List<Asset> assets = new AssetBuilder().addPipelines(List.of(IbovPipeline.DEFINITION))
                .addStateMachines(List.of(StateMachines.named(ImportauStateMachines.GOLD))).build();

        assertThat(assets).filteredOn(asset -> asset.id().startsWith("state-machine:") || asset.id().startsWith("step:importau-gold/"))
                .hasSize(3)
                .allSatisfy(asset -> assertThat(asset.pipeline()).isEmpty());
    }

    @Test
    void twoAssetsMayNotShareAnId() {
        AssetBuilder builder = new AssetBuilder().addPipelines(List.of(IbovPipeline.DEFINITION)).addAssets(List.of(ASSETS.get("pipeline:ibov")));

        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PIPELINE))
                .hasMessage("Two searchable assets share the id(s) [pipeline:ibov]");
    }

    @Test
    void typeOptionsSelectTypes() {
        assertThat(AssetType.selectedBy("dataset")).isEqualTo(EnumSet.of(AssetType.DATASET, AssetType.TABLE));
        assertThat(AssetType.selectedBy("task")).isEqualTo(EnumSet.of(AssetType.STEP));
        assertThat(AssetType.selectedBy("Columns")).isEqualTo(EnumSet.of(AssetType.COLUMN));
        assertThat(AssetType.selectedBy("state_machine")).isEqualTo(EnumSet.of(AssetType.STATE_MACHINE));
        assertThatThrownBy(() -> AssetType.selectedBy("tabela"))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("Unknown asset type 'tabela'; use dataset, table, column, pipeline, state-machine or task");
    }
}
