package dev.lagoa.core.pipeline;

import dev.lagoa.contracts.FunctionHandler;
import dev.lagoa.contracts.JobEntryPoint;
import dev.lagoa.contracts.JobNames;
import dev.lagoa.contracts.TaskEntryPoint;
import dev.lagoa.core.event.Notification;
import dev.lagoa.core.job.JobDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code importau} pipeline: the lakehouse of Importau, an importer that buys abroad (USD, EUR, CNY) and sells to
 * Brazilian companies and people. The ingestion service (simulated by a deterministic generator) writes seven Bronze
 * datasets; the correlator joins them into the Silver fact {@code FATO_PEDIDO_CORRELACIONADO} (grain: order item),
 * keeping orphans aside with their reason; Gold holds the monthly cash flow by currency for BI and an aggregate for
 * demand and FX-risk forecasting. Each layer has quality checks. Its state machines are in
 * {@link dev.lagoa.core.statemachine.ImportauStateMachines}.
 */
public final class ImportauPipeline {
    public static final String NAME = "importau";
    public static final String OWNER = "importau-dados";
    public static final String SILVER_JOB = JobNames.IMPORTAU_SILVER;
    public static final String GOLD_JOB = JobNames.IMPORTAU_GOLD;
    public static final String TEST_BRONZE_JOB = JobNames.IMPORTAU_TEST_BRONZE;
    public static final String TEST_SILVER_JOB = JobNames.IMPORTAU_TEST_SILVER;
    public static final String TEST_GOLD_JOB = JobNames.IMPORTAU_TEST_GOLD;
    /** The control plane's tasks, run in-process locally and as ECS tasks of the lagoa image on AWS. */
    public static final String GENERATE_TASK = "importau-gerar-bronze";
    public static final String CHECK_BRONZE_TASK = "importau-verificar-bronze";
    public static final String REGISTER_CATALOG_TASK = "importau-registrar-catalogo";
    public static final String CHECK_CATALOG_TASK = "importau-conferir-catalogo";
    /** The lakehouse's root, as every job of the pipeline receives it ({@code --lakehouse}). */
    public static final String LAKEHOUSE = "s3://{importau-bucket}/";

    /** The seven Bronze datasets, by folder under {@code bronze/}. */
    public static final List<String> BRONZE_FOLDERS = List.of("clientes", "fornecedores", "produtos", "pedidos", "itens_pedido", "cambio",
            "despesas_importacao");
    public static final String FACT = "fato-pedido-correlacionado";
    public static final String REJECTS = "importau-rejeitos";
    public static final String CASH_FLOW = "agregado-fluxo-de-caixa-mensal";
    public static final String FORECAST = "agregado-previsao-demanda-cambio";
    public static final String QUALITY_REPORTS = "importau-relatorios-qualidade";
    public static final String COMMITS = "importau-commits";
    public static final String CSV_EXPORTS = "importau-csv-exports";

    private static final Set<String> BRONZE_TAGS = Set.of("importau", "bronze", "ingestao");
    /** The business terms (the glossary's tags) of each Bronze dataset, beside the layer's own tags. */
    private static final Map<String, Set<String>> BUSINESS_TAGS = Map.of(
            "clientes", Set.of("core-domain"),
            "fornecedores", Set.of("core-domain"),
            "produtos", Set.of("core-domain"),
            "pedidos", Set.of("core-domain"),
            "itens_pedido", Set.of("core-domain"),
            "cambio", Set.of("reference-data", "risco-cambial"));


    public static final PipelineDefinition DEFINITION = new PipelineDefinition(
            NAME,
            "Lakehouse da Importau, importadora que compra no exterior (dólar, euro, yuan) e revende no Brasil: sete conjuntos "
                    + "Bronze do serviço de ingestão (clientes, fornecedores, produtos, pedidos, itens, câmbio e despesas de "
                    + "importação), o fato Silver correlacionado por item de pedido com custo desembarcado, e agregados Gold de "
                    + "fluxo de caixa mensal e de previsão de demanda e risco cambial; cada camada tem testes de qualidade.",
            OWNER,
            Set.of("importau", "importacao", "lakehouse", "comercio-exterior"),
            datasets(),
            List.of(
                    new Trigger.Manual("gerar-bronze"),
                    new Trigger.ObjectCreated("catalogo", COMMITS, ".json")),
            List.of(
                    new Step.Task("gerar-bronze",
                            "Serviço de ingestão simulado: gera de forma determinística (semente, escala, período, taxa de defeitos) "
                                    + "os sete conjuntos Bronze em Parquet, com CPF e CNPJ válidos, UFs, telefones e CEPs reais, "
                                    + "códigos NCM, câmbio com deriva realista e tributos de importação; planta defeitos documentados "
                                    + "(lagoa sfn task importau-gerar-bronze).",
                            TaskEntryPoint.LAGOA_CLI, List.of("sfn", "task", GENERATE_TASK), List.of(), bronzeIds(true)),
                    new Step.SparkJob("teste-bronze",
                            "Testes da camada Bronze: esquema, chaves não nulas e únicas, integridade referencial, faixas de valores, "
                                    + "CPF/CNPJ válidos; falha nomeando o defeito acima da tolerância.",
                            qualityJob(TEST_BRONZE_JOB, "bronze"), bronzeIds(false), List.of(QUALITY_REPORTS)),
                    new Step.SparkJob("silver",
                            "Correlator: junta os sete conjuntos Bronze no fato por item de pedido, converte para reais pela taxa "
                                    + "do dia do pedido, calcula o custo desembarcado e os prazos; órfãos vão para os rejeitos com o motivo.",
                            new JobDefinition(SILVER_JOB, JobEntryPoint.IMPORTAU_SILVER, Map.of("--lakehouse", LAKEHOUSE), Duration.ofMinutes(60), 1, 1),
                            bronzeIds(false), List.of(FACT, REJECTS, COMMITS)),
                    new Step.SparkJob("teste-silver",
                            "Testes da camada Silver: esquema, chave única, valores obrigatórios, faixas, e reconciliação de linhas "
                                    + "e valores com a Bronze descontados os rejeitos documentados.",
                            qualityJob(TEST_SILVER_JOB, "silver"), List.of(FACT, REJECTS, "bronze-itens-pedido", "bronze-despesas-importacao"),
                            List.of(QUALITY_REPORTS)),
                    new Step.SparkJob("gold",
                            "Agregados Gold: fluxo de caixa mensal por moeda (recebimentos, pagamentos, fluxo líquido, exposição "
                                    + "cambial) e o agregado de previsão de demanda e risco cambial por mês e família de produto.",
                            new JobDefinition(GOLD_JOB, JobEntryPoint.IMPORTAU_GOLD, Map.of("--lakehouse", LAKEHOUSE), Duration.ofMinutes(60), 1, 1),
                            List.of(FACT, "bronze-cambio"), List.of(CASH_FLOW, FORECAST, COMMITS)),
                    new Step.SparkJob("teste-gold",
                            "Testes da camada Gold: esquema, chaves únicas e reconciliação dos totais com a Silver.",
                            qualityJob(TEST_GOLD_JOB, "gold"), List.of(CASH_FLOW, FORECAST, FACT), List.of(QUALITY_REPORTS)),
                    new Step.Function("catalogo",
                            "Função: registra no catálogo as tabelas e partições de cada manifesto de commit das camadas.",
                            FunctionHandler.CATALOG_COMMIT, List.of(COMMITS), List.of())),
            List.of(),
            List.of(new Notification("catalog-on-commit", COMMITS, ".json", new Notification.Target.Function(FunctionHandler.CATALOG_COMMIT))));

    private ImportauPipeline() {}

    private static JobDefinition qualityJob(String name, String layer) {
        return new JobDefinition(name, JobEntryPoint.IMPORTAU_QUALITY, Map.of("--lakehouse", LAKEHOUSE, "--camada", layer), Duration.ofMinutes(30), 0, 1);
    }

    /** The dataset id of a Bronze folder: {@code itens_pedido} is {@code bronze-itens-pedido}. */
    public static String bronzeId(String folder) {
        return "bronze-" + folder.replace('_', '-');
    }

    /** The seven Bronze dataset ids, with the CSV exports and the commit manifests when asked (what the generator writes). */
    public static List<String> bronzeIds(boolean withCommitsAndExports) {
        List<String> ids = new java.util.ArrayList<>(BRONZE_FOLDERS.stream().map(ImportauPipeline::bronzeId).toList());
        if (withCommitsAndExports) {
            ids.add(CSV_EXPORTS);
            ids.add(COMMITS);
        }
        return List.copyOf(ids);
    }

    private static List<DatasetDefinition> datasets() {
        return List.of(
                bronze("clientes", "Clientes da Importau no Brasil, pessoas físicas e jurídicas: documento (CPF de 11 ou CNPJ de 14 "
                        + "dígitos, com dígitos verificadores válidos), nome ou razão social, e-mail, telefone no formato brasileiro "
                        + "com DDD, CEP, cidade, UF e data de cadastro. Dados pessoais (PII)."),
                bronze("fornecedores", "Fornecedores no exterior: razão social, país (ISO 3166), moeda de faturamento (USD, EUR, CNY), "
                        + "incoterm habitual (FOB, CIF, EXW) e prazo de produção em dias."),
                bronze("produtos", "Catálogo de produtos importados: descrição, código NCM (Nomenclatura Comum do Mercosul, 8 dígitos), "
                        + "família, fornecedor, preço FOB unitário na moeda do fornecedor, alíquotas de II e IPI e preço de venda em reais."),
                bronze("pedidos", "Pedidos de importação por encomenda: cliente, fornecedor, moeda, incoterm, datas de pedido, embarque, "
                        + "desembaraço aduaneiro e entrega, canal de parametrização (verde, amarelo, vermelho), status, vencimento e "
                        + "recebimento do cliente."),
                bronze("itens_pedido", "Itens de cada pedido: produto, quantidade, preço FOB unitário na moeda do pedido e preço de "
                        + "venda unitário em reais. Grão do fato Silver."),
                bronze("cambio", "Taxas de câmbio diárias (dias úteis) de compra e venda do dólar (USD/BRL), euro (EUR/BRL) e yuan "
                        + "(CNY/BRL), no estilo da PTAX, com deriva e volatilidade realistas."),
                bronze("despesas_importacao", "Despesas de importação por pedido, da declaração de importação (DI): valor FOB, frete e "
                        + "seguro internacionais na moeda do pedido, taxa de câmbio da DI, tributos em reais (II, IPI, PIS, COFINS, ICMS), "
                        + "taxa Siscomex e data de pagamento ao fornecedor."),
                new DatasetDefinition(CSV_EXPORTS, Layer.BRONZE, "s3://{importau-bucket}/csv_exports/", DataFormat.CSV, List.of(),
                        "Cópias opcionais em CSV (separador vírgula, UTF-8, com cabeçalho) dos sete conjuntos Bronze, uma pasta por conjunto.",
                        OWNER, Set.of("importau", "bronze", "csv")),
                new DatasetDefinition(FACT, Layer.SILVER, "s3://{importau-bucket}/silver/fato_pedido_correlacionado/", DataFormat.PARQUET,
                        List.of("ano_mes"),
                        "FATO_PEDIDO_CORRELACIONADO: um registro por item de pedido com atributos do cliente, do fornecedor e do "
                                + "produto, taxa de câmbio do dia do pedido, valores em reais, custo desembarcado (FOB + frete + seguro "
                                + "+ tributos rateados pelo valor FOB), margem, situação e datas de pagamento e prazos (lead times).",
                        OWNER, Set.of("importau", "silver", "fato", "custo-desembarcado")),
                new DatasetDefinition(REJECTS, Layer.QUARANTINE, "s3://{importau-bucket}/silver/rejeitos/", DataFormat.PARQUET, List.of("motivo"),
                        "Itens de pedido que o correlator não pôde correlacionar, com o motivo (pedido inexistente, produto "
                                + "inexistente, cliente inexistente, quantidade nula, item duplicado, sem câmbio, sem despesas) e a "
                                + "linha Bronze original; contados e reconciliados pelos testes.",
                        OWNER, Set.of("importau", "silver", "rejeitos")),
                new DatasetDefinition(CASH_FLOW, Layer.GOLD, "s3://{importau-bucket}/gold/agregado_fluxo_de_caixa_mensal/", DataFormat.PARQUET,
                        List.of(),
                        "AGREGADO_FLUXO_DE_CAIXA_MENSAL para BI: por mês e moeda, recebimentos de clientes, pagamentos a "
                                + "fornecedores e tributos, fluxo de caixa líquido em reais e exposição cambial em aberto no fim do mês.",
                        OWNER, Set.of("importau", "gold", "bi", "fluxo-de-caixa", "tesouraria")),
                new DatasetDefinition(FORECAST, Layer.GOLD, "s3://{importau-bucket}/gold/agregado_previsao_demanda_cambio/", DataFormat.PARQUET,
                        List.of(),
                        "Agregado para aprendizado de máquina (Forecast, Risco Cambial): por mês, família de produto e moeda, "
                                + "quantidade e receita com defasagens de 1 a 3 meses, média móvel, taxa média, volatilidade e "
                                + "variação cambial do mês, e o alvo: a quantidade do mês seguinte.",
                        OWNER, Set.of("importau", "gold", "ml", "forecast", "risco-cambial")),
                new DatasetDefinition(QUALITY_REPORTS, Layer.GOLD, "s3://{importau-bucket}/quality/", DataFormat.JSON, List.of("camada"),
                        "Relatórios dos testes de qualidade por camada e execução: cada verificação com o observado, a tolerância "
                                + "e o veredito.", OWNER, Set.of("importau", "qualidade")),
                new DatasetDefinition(COMMITS, Layer.SILVER, "s3://{importau-bucket}/catalog-commits/", DataFormat.JSON, List.of(),
                        "Um manifesto por tabela e execução: esquema, partições escritas e substituídas; o catálogo se atualiza a "
                                + "partir deles.", OWNER, Set.of("catalog")));
    }

    private static DatasetDefinition bronze(String folder, String description) {
        Set<String> tags = new java.util.HashSet<>(BRONZE_TAGS);
        tags.addAll(BUSINESS_TAGS.getOrDefault(folder, Set.of()));
        return new DatasetDefinition(bronzeId(folder), Layer.BRONZE, "s3://{importau-bucket}/bronze/" + folder + "/", DataFormat.PARQUET,
                List.of(), description, OWNER, tags);
    }
}
