package dev.lagoa.governance.discovery;

import static dev.lagoa.governance.discovery.ImportauLikeCatalog.CASH_FLOW;
import static dev.lagoa.governance.discovery.ImportauLikeCatalog.EXCHANGE_RATES;
import static dev.lagoa.governance.discovery.ImportauLikeCatalog.FORECAST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.pipeline.Layer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.NIOFSDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryIndexTest {
    private static final String FORECAST_ID = "dataset:importau/" + FORECAST;
    private static final String CASH_FLOW_ID = "dataset:importau/" + CASH_FLOW;
    private static final String EXCHANGE_RATES_ID = "dataset:importau/" + EXCHANGE_RATES;
    private static final String EXPOSURE_ID = "column:lagoa.agregado_fluxo_de_caixa_mensal.exposicao_cambial_brl";
    private static final String FORECAST_TASK_ID = "step:importau-gold/CalcularPrevisaoDemanda";
    /** The assets about FX risk: described with "risco cambial", "exposição cambial" or "câmbio". */
    private static final Set<String> FX_RISK = Set.of(FORECAST_ID, FORECAST_TASK_ID, EXPOSURE_ID, EXCHANGE_RATES_ID, CASH_FLOW_ID);

    private static final List<Asset> ASSETS = ImportauLikeCatalog.assets();
    private static DiscoveryIndex index;

    @BeforeAll
    static void indexTheLake() {
        index = DiscoveryIndex.inMemory();
        index.update(ASSETS);
    }

    @AfterAll
    static void close() {
        index.close();
    }

    @Test
    void riscoCambialRanksTheFxRiskAggregateFirstWhateverTheCaseAndAccents() {
        List<String> expected = ids("risco cambial");

        assertThat(expected.get(0)).isEqualTo(FORECAST_ID);
        assertThat(expected.subList(0, 4)).allMatch(FX_RISK::contains);
        for (String variant : List.of("Risco Cambial", "RISCO CAMBIAL", "rísco cambiál")) {
            assertThat(ids(variant)).as(variant).isEqualTo(expected);
        }
        assertThat(ids("riscos cambiais").get(0)).isEqualTo(FORECAST_ID);
    }

    @Test
    void cambioWithOrWithoutAccentFindsTheExchangeRatesFirstAndTheFxRiskAssets() {
        List<String> expected = ids("câmbio");

        assertThat(expected.get(0)).isEqualTo(EXCHANGE_RATES_ID);
        assertThat(expected).contains(FORECAST_ID, EXPOSURE_ID);
        assertThat(ids("cambio")).isEqualTo(expected);
        assertThat(ids("CÂMBIO")).isEqualTo(expected);
    }

    @Test
    void cambialFindsTheFxRiskAssetsAndTheExchangeRates() {
        List<String> found = ids("cambial");

        assertThat(found.get(0)).isEqualTo(FORECAST_ID);
        assertThat(found).contains(EXPOSURE_ID, CASH_FLOW_ID, FORECAST_TASK_ID, EXCHANGE_RATES_ID);
    }

    @Test
    void forecastFindsTheMlAggregateAndTheTasksThatComputeIt() {
        List<String> found = ids("Forecast");

        assertThat(found.subList(0, 2)).containsExactly(FORECAST_ID, FORECAST_TASK_ID);
        assertThat(found).contains("step:importau/gold");
        assertThat(ids("previsões").get(0)).isEqualTo(FORECAST_ID);
        assertThat(ids("previsao de demanda").get(0)).isEqualTo(FORECAST_ID);
    }

    @Test
    void aQueryThatIsAnAssetsWholeNameRanksItFirst() {
        assertThat(ids("AGREGADO_FLUXO_DE_CAIXA_MENSAL").get(0)).isEqualTo(CASH_FLOW_ID);
        assertThat(ids("agregado fluxo de caixa mensal").get(0)).isEqualTo(CASH_FLOW_ID);
        assertThat(ids("fluxo de caixa").get(0)).isEqualTo(CASH_FLOW_ID);
        assertThat(ids("ibov_ativos").get(0)).isEqualTo("dataset:ibov/ibov-ativos");
    }

    @Test
    void theRealPipelinesAreFoundByTheirPortugueseDescriptions() {
        assertThat(ids("ibov").get(0)).isEqualTo("pipeline:ibov");
        assertThat(ids("carteira teórica").get(0)).isEqualTo("dataset:ibov/ibov-ativos");
        assertThat(ids("cotacoes").get(0)).isEqualTo("dataset:petr4/petr4-cotacoes");
        assertThat(ids("participação").get(0)).isEqualTo("column:lagoa.ibov_ativos.participacao_pct");
        assertThat(ids("volatilidade").get(0)).isEqualTo("column:lagoa.petr4_cotacoes.volatilidade_20");
        assertThat(ids("snapshot").subList(0, 2)).containsExactlyInAnyOrder("dataset:diff/snapshot-today", "dataset:diff/snapshot-yesterday");
    }

    @Test
    void typeFiltersKeepOnlyThoseTypes() {
        assertThat(ids(SearchRequest.of("câmbio").withTypes(EnumSet.of(AssetType.COLUMN)))).containsExactly(EXPOSURE_ID);
        assertThat(hits(SearchRequest.of("câmbio").withTypes(AssetType.selectedBy("task"))))
                .isNotEmpty()
                .allMatch(hit -> hit.asset().type() == AssetType.STEP);
        assertThat(ids(SearchRequest.of("orçamento").withTypes(AssetType.selectedBy("dataset")))).containsExactly("table:financeiro.orcamento_anual");
    }

    @Test
    void layerFiltersKeepOnlyThatLayer() {
        assertThat(ids(SearchRequest.of("cambial").withTypes(AssetType.selectedBy("dataset")).withLayer(Layer.GOLD)))
                .containsExactly(FORECAST_ID, CASH_FLOW_ID);
        assertThat(ids(SearchRequest.of("câmbio").withLayer(Layer.BRONZE))).containsExactly(EXCHANGE_RATES_ID);
        assertThat(ids(SearchRequest.of("câmbio").withLayer(Layer.REFINED))).isEmpty();
    }

    @Test
    void theLimitCapsTheHits() {
        assertThat(ids(SearchRequest.of("ibov").withLimit(2))).containsExactly("pipeline:ibov", "dataset:ibov/ibov-header");
        assertThat(ids("*")).hasSize(SearchRequest.DEFAULT_LIMIT);
        assertThat(ids(SearchRequest.of("*").withLimit(SearchRequest.MAX_LIMIT))).hasSize(ASSETS.size());
    }

    @Test
    void hitsHighlightTheMatchedWordsAsWrittenWhateverWasTyped() {
        Map<String, SearchHit> hits = hits(SearchRequest.of("cambio")).stream().collect(Collectors.toMap(hit -> hit.asset().id(), Function.identity()));

        assertThat(hits.get(EXCHANGE_RATES_ID).highlightedName()).isEqualTo("bronze-<<cambio>>");
        assertThat(hits.get(EXCHANGE_RATES_ID).snippet())
                .isEqualTo("Taxas de <<câmbio>> diárias (dias úteis) de compra e venda do dólar (USD/BRL), euro (EUR/BRL) e yuan (CNY/BRL), no estilo da PTAX.");
        assertThat(hits.get(EXPOSURE_ID).highlightedName()).isEqualTo("exposicao_<<cambial>>_brl");
        assertThat(hits.get(EXPOSURE_ID).snippet()).startsWith("Exposição <<cambial>> em aberto no fim do mês");
    }

    @Test
    void hitsPrintForTheTerminal() {
        List<SearchHit> hits = hits(SearchRequest.of("exposição cambial").withLimit(2));

        assertThat(hits.get(0).toText(1)).isEqualTo("1. column agregado-fluxo-de-caixa-mensal.<<exposicao>>_<<cambial>>_brl (gold, importau)"
                + System.lineSeparator() + "   <<Exposição>> <<cambial>> em aberto no fim do mês: pagamentos em moeda estrangeira ainda não liquidados, em reais.");
        assertThat(hits.get(1).toText(12)).isEqualTo("12. dataset agregado-previsao-demanda-<<cambio>> (gold, importau)" + System.lineSeparator()
                + "    Agregado para aprendizado de máquina: previsão de demanda e risco <<cambial>> (Forecast) por mês, família de produto e moeda, "
                + "com defasagens, média móvel, volatilidade e variação <<cambial>> do mês.");
    }

    @Test
    void identifiersAreHighlightedWordByWord() {
        SearchHit hit = hits(SearchRequest.of("dias_no_indice")).get(0);

        assertThat(hit.highlightedName()).isEqualTo("<<dias>>_no_<<indice>>");
        assertThat(hit.snippet()).isEqualTo("<<Dias>> corridos de data_entrada a data_pregao; 0 no <<dia>> da entrada.");
    }

    @Test
    void aHitWithoutAMatchInItsDescriptionShowsItsBeginning() {
        SearchHit hit = hits(SearchRequest.of("LagoaCli").withTypes(EnumSet.of(AssetType.STEP))).get(0);

        assertThat(hit.highlightedName()).isEqualTo(hit.asset().name()).doesNotContain("<<");
        assertThat(hit.snippet()).doesNotContain("<<").isNotEmpty();
        assertThat(hit.asset().description()).startsWith(hit.snippet().replace(" … ", ""));
    }

    @Test
    void hitsCarryTheAssetAsIndexed() {
        Map<String, Asset> byId = ASSETS.stream().collect(Collectors.toMap(Asset::id, Function.identity()));

        for (SearchHit hit : hits(SearchRequest.of("cambial").withLimit(50))) {
            assertThat(hit.asset()).isEqualTo(byId.get(hit.asset().id()));
        }
    }

    @Test
    void querySyntaxNeverFails() {
        for (String query : List.of("risco:cambial (", "\"", "*", "\"risco cambial", "title:(forecast", "[a TO b]", "cambio~2", "\\",
                "+-|&!(){}[]^~?:/", "AND OR NOT", "câmbio)", "~", "-")) {
            assertThatCode(() -> index.search(SearchRequest.of(query))).as(query).doesNotThrowAnyException();
        }
        assertThat(ids("risco:cambial (").get(0)).isEqualTo(FORECAST_ID);
        assertThat(ids("\"risco cambial\"")).startsWith(FORECAST_ID, FORECAST_TASK_ID);
        assertThat(ids("câmb*")).contains(EXCHANGE_RATES_ID, FORECAST_ID, EXPOSURE_ID);
        assertThat(ids("câmbio -bronze")).doesNotContain(EXCHANGE_RATES_ID, "step:importau/gerar-bronze").contains(FORECAST_ID)
                .allMatch(FX_RISK::contains);
        assertThat(ids("câmbio | tesouraria")).contains(EXCHANGE_RATES_ID, CASH_FLOW_ID);
        assertThat(ids("câmbio + tesouraria")).containsExactly(CASH_FLOW_ID);
    }

    @Test
    void aQueryOfStopWordsFindsNothing() {
        assertThat(ids("de a o")).isEmpty();
    }

    @Test
    void requestsAreChecked() {
        assertThatThrownBy(() -> SearchRequest.of("  "))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("Empty search query: give the words to look for");
        assertThatThrownBy(() -> SearchRequest.of("câmbio").withLimit(0))
                .isInstanceOf(LagoaException.class)
                .hasMessage("Invalid limit 0: from 1 to 1000");
    }

    @Test
    void aQueryTooLongToRunIsAUserError() {
        String query = String.join(" ", IntStream.range(0, 300).mapToObj(i -> "palavra" + i).toList());

        assertThatThrownBy(() -> index.search(SearchRequest.of(query)))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("Search query too long: 300 words or more; search with fewer");
    }

    @Test
    void anEmptyIndexFindsNothing() {
        try (DiscoveryIndex empty = DiscoveryIndex.inMemory()) {
            assertThat(empty.size()).isZero();
            assertThat(empty.search(SearchRequest.of("câmbio"))).isEmpty();
        }
    }

    @Test
    void anUnchangedCatalogDoesNotRewriteTheIndex(@TempDir Path folder) throws IOException {
        try (DiscoveryIndex onDisk = DiscoveryIndex.open(folder)) {
            assertThat(onDisk.update(ASSETS)).isEqualTo(new UpdateResult(ASSETS.size(), 0, 0, 0));
            long generation = commitGeneration(folder);
            List<String> files = files(folder);

            UpdateResult again = onDisk.update(ASSETS);

            assertThat(again).isEqualTo(new UpdateResult(0, 0, 0, ASSETS.size()));
            assertThat(again.changed()).isFalse();
            assertThat(commitGeneration(folder)).isEqualTo(generation);
            assertThat(files(folder)).isEqualTo(files);
        }
    }

    @Test
    void updatesRewriteChangedAssetsAndDeleteRemovedOnes(@TempDir Path folder) throws IOException {
        List<Asset> changed = new ArrayList<>();
        for (Asset asset : ASSETS) {
            if (asset.id().equals(EXCHANGE_RATES_ID)) {
                changed.add(new Asset(asset.type(), asset.id(), asset.name(), asset.title(), asset.description() + " Fonte: Banco Central do Brasil.",
                        asset.owner(), asset.tags(), asset.layer(), asset.pipeline(), asset.parent()));
            } else if (!asset.id().contains("orcamento_anual")) {
                changed.add(asset);
            }
        }
        try (DiscoveryIndex onDisk = DiscoveryIndex.open(folder)) {
            onDisk.update(ASSETS);
            long generation = commitGeneration(folder);

            UpdateResult result = onDisk.update(changed);

            assertThat(result).isEqualTo(new UpdateResult(0, 1, 3, ASSETS.size() - 4));
            assertThat(commitGeneration(folder)).isGreaterThan(generation);
            assertThat(onDisk.size()).isEqualTo(ASSETS.size() - 3);
        }
        try (DiscoveryIndex reopened = DiscoveryIndex.open(folder)) {
            assertThat(reopened.size()).isEqualTo(ASSETS.size() - 3);
            assertThat(reopened.search(SearchRequest.of("Banco Central")).get(0).asset().id()).isEqualTo(EXCHANGE_RATES_ID);
            assertThat(reopened.search(SearchRequest.of("orçamento"))).isEmpty();
        }
    }

    @Test
    void anOpenIndexSeesAnotherInstancesUpdates(@TempDir Path folder) {
        try (DiscoveryIndex reader = DiscoveryIndex.open(folder); DiscoveryIndex writer = DiscoveryIndex.open(folder)) {
            writer.update(ASSETS.subList(0, 5));
            assertThat(reader.search(SearchRequest.of("câmbio"))).isEmpty();

            writer.update(ASSETS);

            assertThat(reader.search(SearchRequest.of("câmbio")).get(0).asset().id()).isEqualTo(EXCHANGE_RATES_ID);
        }
    }

    @Test
    void anIndexBeingUpdatedElsewhereIsReported(@TempDir Path folder) throws IOException {
        try (DiscoveryIndex onDisk = DiscoveryIndex.open(folder);
                Directory directory = new NIOFSDirectory(folder);
                IndexWriter other = new IndexWriter(directory, new IndexWriterConfig())) {
            assertThat(other.isOpen()).as("another writer holds the index's lock").isTrue();
            assertThatThrownBy(() -> onDisk.update(ASSETS))
                    .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.STORAGE_ERROR))
                    .hasMessage("Cannot update the search index at %s: another process is updating it; try again when it finishes", folder);
        }
    }

    @Test
    void assetsMayNotShareAnId() {
        try (DiscoveryIndex empty = DiscoveryIndex.inMemory()) {
            assertThatThrownBy(() -> empty.update(List.of(ASSETS.get(0), ASSETS.get(0))))
                    .isInstanceOf(LagoaException.class)
                    .hasMessage("Two assets share the id 'pipeline:diff'");
        }
    }

    @Test
    void theShippedStateMachinesAndTheirTasksAreFoundByWhatTheyAreAndDo() {
        try (DiscoveryIndex shipped = DiscoveryIndex.inMemory()) {
            shipped.update(new AssetBuilder().addPipelines(dev.lagoa.core.pipeline.Pipelines.all())
                    .addStateMachines(dev.lagoa.core.statemachine.StateMachines.all()).build());

            List<String> machines = shipped.search(SearchRequest.of("teste silver").withTypes(EnumSet.of(AssetType.STATE_MACHINE))).stream()
                    .map(hit -> hit.asset().id()).toList();
            assertThat(machines.get(0)).isEqualTo("state-machine:importau-teste-silver");
            List<String> all = shipped.search(SearchRequest.of("teste silver").withLimit(5)).stream().map(hit -> hit.asset().id()).toList();
            assertThat(all).contains("state-machine:importau-teste-silver");
            // a task is found by the datasets it reads, as pipeline steps are
            List<String> readers = shipped.search(SearchRequest.of("bronze-despesas-importacao").withTypes(EnumSet.of(AssetType.STEP))
                    .withLimit(50)).stream().map(hit -> hit.asset().id()).toList();
            assertThat(readers).contains("step:importau-teste-silver/TestarSilver", "step:importau-silver/CorrelacionarPedidos");
        }
    }

    private static List<String> ids(String query) {
        return ids(SearchRequest.of(query));
    }

    private static List<String> ids(SearchRequest request) {
        return hits(request).stream().map(hit -> hit.asset().id()).toList();
    }

    private static List<SearchHit> hits(SearchRequest request) {
        return index.search(request);
    }

    private static long commitGeneration(Path folder) throws IOException {
        try (Directory directory = new NIOFSDirectory(folder)) {
            return SegmentInfos.getLastCommitGeneration(directory);
        }
    }

    /** Every file of the index with its size and modification time. */
    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().map(file -> {
                try {
                    return file.getFileName() + " " + Files.size(file) + " " + Files.getLastModifiedTime(file);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }).toList();
        }
    }
}
