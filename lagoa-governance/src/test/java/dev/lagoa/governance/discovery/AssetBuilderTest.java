package dev.lagoa.governance.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.pipeline.IbovPipeline;
import dev.lagoa.core.pipeline.Layer;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.Pipelines;
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
