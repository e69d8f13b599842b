package dev.lagoa.governance.discovery;

import dev.lagoa.core.catalog.TableColumn;
import dev.lagoa.core.catalog.TableDefinition;
import dev.lagoa.core.catalog.TableName;
import dev.lagoa.contracts.TaskEntryPoint;
import dev.lagoa.core.job.JobDefinition;
import dev.lagoa.core.pipeline.DataFormat;
import dev.lagoa.core.pipeline.DatasetDefinition;
import dev.lagoa.core.pipeline.DiffPipeline;
import dev.lagoa.core.pipeline.IbovPipeline;
import dev.lagoa.core.pipeline.Layer;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.QuotesPipeline;
import dev.lagoa.core.pipeline.Step;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A lake to search, with known answers: the real ibov, petr4 and diff pipeline declarations and their catalog tables, and
 * an importer's lakehouse in Portuguese (Bronze customers, orders and exchange rates, a Silver fact, a Gold cash-flow
 * aggregate for BI and a Gold demand and FX-risk forecasting aggregate for ML), with a state machine and its task.
 *
 * <p>The FX-risk assets are the forecasting aggregate (described with "risco cambial" and "Forecast", tagged
 * {@code risco-cambial}), the cash-flow aggregate and its column {@code exposicao_cambial_brl} ("exposição cambial"), and the
 * Bronze exchange rates ({@code bronze-cambio}, "taxas de câmbio").
 */
final class ImportauLikeCatalog {
    static final String OWNER = "importau-dados";
    static final String CASH_FLOW = "agregado-fluxo-de-caixa-mensal";
    static final String FORECAST = "agregado-previsao-demanda-cambio";
    static final String EXCHANGE_RATES = "bronze-cambio";

    static final PipelineDefinition IMPORTAU = new PipelineDefinition(
            "importau",
            "Lakehouse da Importau, importadora que compra no exterior (dólar, euro, yuan) e revende no Brasil: conjuntos Bronze do "
                    + "serviço de ingestão, o fato Silver correlacionado por item de pedido e agregados Gold de fluxo de caixa mensal e "
                    + "de previsão de demanda.",
            OWNER,
            Set.of("importau", "importacao", "lakehouse"),
            List.of(
                    bronze("bronze-clientes", "Clientes da Importau, pessoas físicas e jurídicas: documento (CPF ou CNPJ), nome ou razão "
                            + "social, e-mail, telefone com DDD, CEP, cidade e UF. Dados pessoais (PII)."),
                    bronze("bronze-pedidos", "Pedidos de importação por encomenda: cliente, fornecedor, moeda, incoterm, datas de pedido, "
                            + "embarque, desembaraço aduaneiro e entrega, status e vencimento."),
                    bronze(EXCHANGE_RATES, "Taxas de câmbio diárias (dias úteis) de compra e venda do dólar (USD/BRL), euro (EUR/BRL) e "
                            + "yuan (CNY/BRL), no estilo da PTAX."),
                    new DatasetDefinition("fato-pedido-correlacionado", Layer.SILVER, "s3://{importau-bucket}/silver/fato_pedido_correlacionado/",
                            DataFormat.PARQUET, List.of("ano_mes"),
                            "FATO_PEDIDO_CORRELACIONADO: um registro por item de pedido com cliente, fornecedor e produto, taxa do dia do "
                                    + "pedido, valores em reais, custo desembarcado e margem.",
                            OWNER, Set.of("importau", "silver", "fato")),
                    new DatasetDefinition(CASH_FLOW, Layer.GOLD, "s3://{importau-bucket}/gold/agregado_fluxo_de_caixa_mensal/",
                            DataFormat.PARQUET, List.of(),
                            "AGREGADO_FLUXO_DE_CAIXA_MENSAL para BI: por mês e moeda, recebimentos de clientes, pagamentos a fornecedores "
                                    + "e tributos, fluxo de caixa líquido em reais e exposição cambial em aberto no fim do mês.",
                            OWNER, Set.of("importau", "gold", "bi", "fluxo-de-caixa", "tesouraria")),
                    new DatasetDefinition(FORECAST, Layer.GOLD, "s3://{importau-bucket}/gold/agregado_previsao_demanda_cambio/",
                            DataFormat.PARQUET, List.of(),
                            "Agregado para aprendizado de máquina: previsão de demanda e risco cambial (Forecast) por mês, família de "
                                    + "produto e moeda, com defasagens, média móvel, volatilidade e variação cambial do mês.",
                            OWNER, Set.of("importau", "gold", "ml", "forecast", "risco-cambial"))),
            List.of(),
            List.of(
                    new Step.Task("gerar-bronze", "Serviço de ingestão simulado: gera os conjuntos Bronze em Parquet, com CPF e CNPJ válidos.",
                            TaskEntryPoint.LAGOA_CLI, List.of("sfn", "task", "importau-gerar-bronze"), List.of(), List.of("bronze-clientes", "bronze-pedidos", EXCHANGE_RATES)),
                    new Step.SparkJob("silver", "Correlator: junta os conjuntos Bronze no fato por item de pedido e converte para reais.",
                            job("lagoa-importau-silver"), List.of("bronze-clientes", "bronze-pedidos", EXCHANGE_RATES),
                            List.of("fato-pedido-correlacionado")),
                    new Step.SparkJob("gold", "Agregados Gold: fluxo de caixa mensal por moeda e o agregado de previsão de demanda por mês "
                            + "e família de produto.", job("lagoa-importau-gold"), List.of("fato-pedido-correlacionado", EXCHANGE_RATES),
                            List.of(CASH_FLOW, FORECAST))),
            List.of(),
            List.of());

    /** The catalog tables: two of the lakehouse's, as the catalog registers them, and one no pipeline declares. */
    static final List<TableDefinition> IMPORTAU_TABLES = List.of(
            new TableDefinition(TableName.of("lagoa", "agregado_fluxo_de_caixa_mensal"), "s3://importau/gold/agregado_fluxo_de_caixa_mensal/",
                    DataFormat.PARQUET,
                    List.of(
                            new TableColumn("ano_mes", "string", "Mês de competência, AAAA-MM."),
                            new TableColumn("moeda", "string", "Moeda das operações (USD, EUR, CNY, BRL)."),
                            new TableColumn("recebimentos_brl", "decimal(18,2)", "Recebimentos de clientes no mês, em reais."),
                            new TableColumn("pagamentos_brl", "decimal(18,2)", "Pagamentos a fornecedores e tributos no mês, em reais."),
                            new TableColumn("fluxo_liquido_brl", "decimal(18,2)", "Recebimentos menos pagamentos, em reais."),
                            new TableColumn("exposicao_cambial_brl", "decimal(18,2)",
                                    "Exposição cambial em aberto no fim do mês: pagamentos em moeda estrangeira ainda não liquidados, em reais.")),
                    List.of(), "", "", Map.of("lagoa.pipeline", "importau", "lagoa.dataset", CASH_FLOW)),
            new TableDefinition(TableName.of("lagoa", "bronze_cambio"), "s3://importau/bronze/cambio/", DataFormat.PARQUET,
                    List.of(
                            new TableColumn("moeda", "string", "Moeda cotada contra o real (USD, EUR, CNY)."),
                            new TableColumn("taxa_compra", "decimal(12,6)", "Taxa de compra do dia, em reais por unidade da moeda."),
                            new TableColumn("taxa_venda", "decimal(12,6)", "Taxa de venda do dia, em reais por unidade da moeda.")),
                    List.of(new TableColumn("data", "date", "Partição: o dia útil da cotação.")), "", "", Map.of()),
            new TableDefinition(TableName.of("financeiro", "orcamento_anual"), "s3://financeiro/orcamento/", DataFormat.CSV,
                    List.of(
                            new TableColumn("centro_de_custo", "string", "Centro de custo do orçamento."),
                            new TableColumn("valor_orcado", "decimal(18,2)", "Valor orçado para o ano, em reais.")),
                    List.of(), "Orçamento anual por centro de custo, carregado da planilha da controladoria.", "controladoria",
                    Map.of("lagoa.layer", "gold", "lagoa.tags", "orcamento, controladoria")));

    /** The lakehouse's Gold state machine and one of its tasks, as a state machine declaration would give them. */
    static final List<Asset> STATE_MACHINE = List.of(
            new Asset(AssetType.STATE_MACHINE, "state-machine:importau-gold", "importau-gold",
                    "", "Máquina de estados da camada Gold: roda o job Gold, os testes da camada e registra as tabelas no catálogo.", OWNER,
                    Set.of("importau", "gold"), Optional.empty(), Optional.of("importau"), Optional.empty()),
            new Asset(AssetType.STEP, "step:importau-gold/CalcularPrevisaoDemanda", "CalcularPrevisaoDemanda", "lagoa-importau-gold",
                    "Calcula o agregado de previsão de demanda e risco cambial por família de produto.", OWNER, Set.of("importau", "ml"),
                    Optional.empty(), Optional.of("importau"), Optional.of("importau-gold")));

    /** The real ibov and petr4 tables, as their refine jobs register them (a few columns each). */
    static final List<TableDefinition> MARKET_TABLES = List.of(
            new TableDefinition(TableName.of("lagoa", "ibov_ativos"), "s3://lagoa-b3/refined/ativos/", DataFormat.PARQUET,
                    List.of(
                            new TableColumn("empresa", "string", "Nome da empresa emissora, como a B3 o publica."),
                            new TableColumn("participacao_pct", "decimal(9,3)", "Participação da ação no índice, em %, como publicada pela B3."),
                            new TableColumn("qtde_teorica", "bigint", "Quantidade teórica da ação na carteira do dia."),
                            new TableColumn("dias_no_indice", "int", "Dias corridos de data_entrada a data_pregao; 0 no dia da entrada.")),
                    List.of(new TableColumn("data", "date", "Partição: a data do pregão (igual a data_pregao)."),
                            new TableColumn("acao", "string", "Partição: o código de negociação da ação na B3 (PETR4).")),
                    "", "", Map.of("lagoa.pipeline", "ibov", "lagoa.dataset", "ibov-ativos", "lagoa.layer", "refined")),
            new TableDefinition(TableName.of("lagoa", "petr4_cotacoes"), "s3://lagoa-brapi/refined/dataset=petr4/", DataFormat.PARQUET,
                    List.of(
                            new TableColumn("fechamento", "double", "Preço de fechamento do pregão, em reais."),
                            new TableColumn("volatilidade_20", "double", "Volatilidade dos retornos logarítmicos dos últimos 20 pregões.")),
                    List.of(), "", "", Map.of()));

    static final List<PipelineDefinition> PIPELINES = List.of(DiffPipeline.DEFINITION, IbovPipeline.DEFINITION, QuotesPipeline.DEFINITION, IMPORTAU);

    private ImportauLikeCatalog() {}

    /** Every asset of the lake above. */
    static List<Asset> assets() {
        return new AssetBuilder()
                .addPipelines(PIPELINES)
                .addTables(MARKET_TABLES)
                .addTables(IMPORTAU_TABLES)
                .addAssets(STATE_MACHINE)
                .build();
    }

    private static DatasetDefinition bronze(String id, String description) {
        return new DatasetDefinition(id, Layer.BRONZE, "s3://{importau-bucket}/bronze/" + id.substring("bronze-".length()) + "/",
                DataFormat.PARQUET, List.of(), description, OWNER, Set.of("importau", "bronze", "ingestao"));
    }

    private static JobDefinition job(String name) {
        return new JobDefinition(name, "dev.lagoa.jobs.importau.Job", Map.of(), Duration.ofMinutes(60), 1, 1);
    }
}
