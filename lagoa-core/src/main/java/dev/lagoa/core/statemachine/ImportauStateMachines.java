package dev.lagoa.core.statemachine;

import static dev.lagoa.core.pipeline.ImportauPipeline.CASH_FLOW;
import static dev.lagoa.core.pipeline.ImportauPipeline.COMMITS;
import static dev.lagoa.core.pipeline.ImportauPipeline.FACT;
import static dev.lagoa.core.pipeline.ImportauPipeline.FORECAST;
import static dev.lagoa.core.pipeline.ImportauPipeline.OWNER;
import static dev.lagoa.core.pipeline.ImportauPipeline.QUALITY_REPORTS;
import static dev.lagoa.core.pipeline.ImportauPipeline.REJECTS;

import dev.lagoa.core.pipeline.ImportauPipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The seven state machines of the importau lakehouse: one per layer (bronze, silver, gold), one test machine per layer,
 * and the parent {@code importau}, which chains them and stops at the first that fails.
 */
public final class ImportauStateMachines {
    public static final String PARENT = "importau";
    public static final String BRONZE = "importau-bronze";
    public static final String TEST_BRONZE = "importau-teste-bronze";
    public static final String SILVER = "importau-silver";
    public static final String TEST_SILVER = "importau-teste-silver";
    public static final String GOLD = "importau-gold";
    public static final String TEST_GOLD = "importau-teste-gold";
    /** The error a Fail state of a test machine ends with: the quality checks failed; the cause names the defect. */
    public static final String QUALITY_FAILED = "Importau.QualidadeReprovada";
    public static final String LAYER_FAILED = "Importau.CamadaFalhou";

    private static final String ERROR_PATH = "$.erro";
    /** Glue refusing or failing to start a run: worth retrying with backoff. */
    private static final Retry GLUE_THROTTLED = new Retry(List.of(StateMachineErrors.GLUE_CONCURRENT_RUNS, "Glue.AWSGlueException"),
            Duration.ofSeconds(30), 3, 2.0);
    /** A failed ETL run is tried once more: on Glue most such failures are the environment's (lost executors, S3 throttling). */
    private static final Retry TASK_FAILED_ONCE = new Retry(List.of(StateMachineErrors.TASK_FAILED), Duration.ofSeconds(10), 1, 2.0);
    private static final Set<String> TAGS = Set.of("importau");
    /** The generation's defaults; an execution's input overrides them by name. */
    public static final Map<String, String> GENERATION_DEFAULTS = Map.of("semente", "42", "escala", "0.01", "data_inicio", "2024-01-01",
            "data_fim", "2024-12-31", "taxa_defeitos", "0.002", "csv", "false");

    public static final StateMachineDefinition BRONZE_MACHINE = new StateMachineDefinition(BRONZE,
            "Camada Bronze: verifica se os dados gerados com os mesmos parâmetros já estão no lake; se não, gera os sete conjuntos "
                    + "e registra suas tabelas no catálogo.",
            OWNER, Set.of("importau", "bronze"), "VerificarBronze", List.of(
                    controlTask("VerificarBronze", "Confere o manifesto de geração em bronze/_geracao.json: a Bronze está atual quando "
                                    + "semente, escala, período e taxa de defeitos são os pedidos pela execução.",
                            Set.of("bronze", "idempotencia"), ImportauPipeline.bronzeIds(false), List.of(), ImportauPipeline.CHECK_BRONZE_TASK,
                            GENERATION_DEFAULTS, 120, "$.bronze", Optional.of("BronzeAtual")),
                    new State.Choice("BronzeAtual", "Pula a geração quando a Bronze já corresponde aos parâmetros (a menos que regerar seja verdadeiro).",
                            List.of(new ChoiceRule("$.regerar", ChoiceRule.Comparison.BOOLEAN_EQUALS, true, "GerarBronze"),
                                    new ChoiceRule("$.bronze.atual", ChoiceRule.Comparison.BOOLEAN_EQUALS, true, "BronzeJaGerada")),
                            "GerarBronze"),
                    controlTask("GerarBronze", "Gera os sete conjuntos Bronze da Importau (clientes com CPF/CNPJ válidos, fornecedores "
                                    + "no exterior, produtos com NCM, pedidos, itens, câmbio diário e despesas de importação com tributos) "
                                    + "em Parquet, de forma determinística, e planta a fração documentada de defeitos (órfãos, nulos, duplicados).",
                            Set.of("bronze", "ingestao", "gerador"), List.of(), ImportauPipeline.bronzeIds(true), ImportauPipeline.GENERATE_TASK,
                            GENERATION_DEFAULTS, 1800, "$.geracao", Optional.of("RegistrarCatalogoBronze")),
                    registerCatalog("RegistrarCatalogoBronze", Optional.empty()),
                    new State.Succeed("BronzeJaGerada", "Nada a fazer: a Bronze já está no lake.")), 3600);

    public static final StateMachineDefinition TEST_BRONZE_MACHINE = testMachine(TEST_BRONZE, "bronze", ImportauPipeline.TEST_BRONZE_JOB,
            "Testes da Bronze: esquema declarado de cada conjunto, chaves não nulas e únicas, integridade referencial (itens → "
                    + "pedidos e produtos, pedidos → clientes e fornecedores, despesas → pedidos), faixas de valores, CPF/CNPJ e UF "
                    + "válidos; cada verificação com tolerância.",
            ImportauPipeline.bronzeIds(false),
            List.of("bronze_clientes", "bronze_fornecedores", "bronze_produtos", "bronze_pedidos", "bronze_itens_pedido", "bronze_cambio",
                    "bronze_despesas_importacao"));

    public static final StateMachineDefinition SILVER_MACHINE = layerMachine(SILVER, "silver",
            "Camada Silver: o correlator junta os sete conjuntos Bronze no FATO_PEDIDO_CORRELACIONADO e separa os rejeitos; as "
                    + "tabelas são registradas no catálogo.",
            "CorrelacionarPedidos", "Job Spark do correlator: um registro por item de pedido com cliente, fornecedor, produto, taxa "
                    + "de câmbio do dia do pedido, valores em reais, custo desembarcado com frete, seguro e tributos (II, IPI, PIS, "
                    + "COFINS, ICMS) rateados, situação do recebimento e prazos; órfãos e duplicados vão para os rejeitos com o motivo.",
            ImportauPipeline.SILVER_JOB, ImportauPipeline.bronzeIds(false), List.of(FACT, REJECTS, COMMITS));

    public static final StateMachineDefinition TEST_SILVER_MACHINE = testMachine(TEST_SILVER, "silver", ImportauPipeline.TEST_SILVER_JOB,
            "Testes da Silver: esquema, id_item único e não nulo, atributos obrigatórios, faixas (custo desembarcado e câmbio "
                    + "positivos, prazos não negativos) e reconciliação: linhas e valor FOB da Silver mais os rejeitos igualam a Bronze; "
                    + "tributos rateados igualam os da DI.",
            List.of(FACT, REJECTS, "bronze-itens-pedido", "bronze-despesas-importacao"),
            List.of("fato_pedido_correlacionado", "importau_rejeitos"));

    public static final StateMachineDefinition GOLD_MACHINE = layerMachine(GOLD, "gold",
            "Camada Gold: o fluxo de caixa mensal por moeda e o agregado de previsão de demanda e risco cambial, registrados no catálogo.",
            "AgregarGold", "Job Spark dos agregados Gold: AGREGADO_FLUXO_DE_CAIXA_MENSAL (recebimentos, pagamentos, fluxo líquido e "
                    + "exposição cambial por mês e moeda) e o agregado de previsão (defasagens, média móvel, volatilidade cambial e o "
                    + "alvo do mês seguinte por família de produto).",
            ImportauPipeline.GOLD_JOB, List.of(FACT, "bronze-cambio"), List.of(CASH_FLOW, FORECAST, COMMITS));

    public static final StateMachineDefinition TEST_GOLD_MACHINE = testMachine(TEST_GOLD, "gold", ImportauPipeline.TEST_GOLD_JOB,
            "Testes da Gold: esquema, chaves (mês × moeda; mês × família × moeda) únicas, faixas, e reconciliação dos totais de "
                    + "recebimentos, pagamentos e quantidades com a Silver.",
            List.of(CASH_FLOW, FORECAST, FACT), List.of("agregado_fluxo_de_caixa_mensal", "agregado_previsao_demanda_cambio"));

    public static final StateMachineDefinition PARENT_MACHINE = parent();

    public static final List<StateMachineDefinition> ALL = List.of(PARENT_MACHINE, BRONZE_MACHINE, TEST_BRONZE_MACHINE, SILVER_MACHINE,
            TEST_SILVER_MACHINE, GOLD_MACHINE, TEST_GOLD_MACHINE);

    private ImportauStateMachines() {}

    private static State.Task controlTask(String name, String description, Set<String> tags, List<String> inputs, List<String> outputs,
            String task, Map<String, String> parameters, int timeoutSeconds, String resultPath, Optional<String> next) {
        return new State.Task(name, description, OWNER, union(tags), inputs, outputs, new TaskTarget.ControlPlane(task, parameters),
                timeoutSeconds, List.of(new Retry(List.of(StateMachineErrors.TIMEOUT), Duration.ofSeconds(5), 1, 2.0)), List.of(),
                resultPath, next);
    }

    private static State.Task registerCatalog(String name, Optional<String> next) {
        return controlTask(name, "Registra no catálogo (Glue Data Catalog na AWS, SQLite local) as tabelas e partições dos manifestos "
                        + "em catalog-commits/, como a função CatalogCommitHandler faz a cada novo manifesto.",
                Set.of("catalogo", "governanca"), List.of(COMMITS), List.of(), ImportauPipeline.REGISTER_CATALOG_TASK, Map.of(), 300,
                "$.catalogo", next);
    }

    private static StateMachineDefinition layerMachine(String name, String layer, String description, String taskName, String taskDescription,
            String job, List<String> inputs, List<String> outputs) {
        return new StateMachineDefinition(name, description, OWNER, Set.of("importau", layer), taskName, List.of(
                new State.Task(taskName, taskDescription, OWNER, union(Set.of(layer, "spark", "glue")), inputs, outputs,
                        new TaskTarget.SparkJob(job, Map.of("--lakehouse", ImportauPipeline.LAKEHOUSE)), 3600,
                        List.of(GLUE_THROTTLED, TASK_FAILED_ONCE),
                        List.of(new Catch(List.of(StateMachineErrors.ALL), "CamadaFalhou", ERROR_PATH)), "$." + layer,
                        Optional.of("RegistrarCatalogo")),
                registerCatalog("RegistrarCatalogo", Optional.empty()),
                new State.Fail("CamadaFalhou", "O job da camada falhou depois das novas tentativas; o erro está no histórico.",
                        LAYER_FAILED, "O job Spark da camada " + layer + " falhou")), 7200);
    }

    private static StateMachineDefinition testMachine(String name, String layer, String job, String description, List<String> inputs,
            List<String> tables) {
        String title = "Testar" + Character.toUpperCase(layer.charAt(0)) + layer.substring(1);
        State.Task checks = new State.Task(title, "Job Spark de qualidade da camada " + layer + ": " + description.substring(description.indexOf(':') + 2)
                        + " Escreve o relatório em quality/camada=" + layer + "/ e falha nomeando o defeito.",
                OWNER, union(Set.of(layer, "qualidade", "testes", "spark")), inputs, List.of(QUALITY_REPORTS),
                new TaskTarget.SparkJob(job, Map.of("--lakehouse", ImportauPipeline.LAKEHOUSE, "--camada", layer)), 1800,
                List.of(GLUE_THROTTLED), List.of(), "$.relatorio", Optional.empty());
        State.Task catalog = controlTask("ConferirCatalogo" + title.substring("Testar".length()),
                "Confere que as tabelas da camada " + layer + " estão registradas no catálogo com suas partições: " + String.join(", ", tables) + ".",
                Set.of(layer, "catalogo", "testes"), List.of(COMMITS), List.of(), ImportauPipeline.CHECK_CATALOG_TASK,
                Map.of("tabelas", String.join(",", tables)), 120, "$.catalogo", Optional.empty());
        return new StateMachineDefinition(name, description, OWNER, Set.of("importau", layer, "qualidade"), "Verificar", List.of(
                new State.Parallel("Verificar", "As verificações de dados e de catálogo correm lado a lado.",
                        List.of(new State.Branch(checks.name(), List.of(checks)), new State.Branch(catalog.name(), List.of(catalog))),
                        List.of(), List.of(new Catch(List.of(StateMachineErrors.ALL), "Reprovado", ERROR_PATH)), "$.verificacoes",
                        Optional.of("Aprovado")),
                new State.Succeed("Aprovado", "Todas as verificações da camada " + layer + " passaram."),
                new State.Fail("Reprovado", "Uma verificação falhou acima da tolerância; o relatório e o erro nomeiam o defeito.",
                        QUALITY_FAILED, "A camada " + layer + " foi reprovada nos testes de qualidade")), 3600);
    }

    private static StateMachineDefinition parent() {
        List<String> chain = List.of(BRONZE, TEST_BRONZE, SILVER, TEST_SILVER, GOLD, TEST_GOLD);
        List<String> names = List.of("Bronze", "TesteBronze", "Silver", "TesteSilver", "Gold", "TesteGold");
        List<State> states = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            String machine = chain.get(i);
            StateMachineDefinition child = switch (i) {
                case 0 -> BRONZE_MACHINE;
                case 1 -> TEST_BRONZE_MACHINE;
                case 2 -> SILVER_MACHINE;
                case 3 -> TEST_SILVER_MACHINE;
                case 4 -> GOLD_MACHINE;
                default -> TEST_GOLD_MACHINE;
            };
            List<String> inputs = child.tasks().stream().flatMap(task -> task.inputs().stream()).distinct().toList();
            List<String> outputs = child.tasks().stream().flatMap(task -> task.outputs().stream()).distinct().toList();
            states.add(new State.Task(names.get(i), "Executa a máquina de estados " + machine + " e espera o fim: " + child.description(),
                    OWNER, union(child.tags()), inputs, outputs, new TaskTarget.StartExecution(machine), child.timeoutSeconds(), List.of(),
                    List.of(new Catch(List.of(StateMachineErrors.ALL), "Falhou", ERROR_PATH)), "$.resultados." + names.get(i).toLowerCase(java.util.Locale.ROOT),
                    i + 1 < chain.size() ? Optional.of(names.get(i + 1)) : Optional.of("Concluido")));
        }
        states.add(new State.Succeed("Concluido", "Bronze, Silver e Gold gerados e aprovados nos testes."));
        states.add(new State.Fail("Falhou", "Uma camada ou um teste falhou; o histórico da execução filha nomeia o estado e o defeito.",
                "Importau.Falhou", "Uma das máquinas de estados do lakehouse falhou"));
        return new StateMachineDefinition(PARENT, "Lakehouse da Importau de ponta a ponta: Bronze, teste da Bronze, Silver, teste da "
                + "Silver, Gold e teste da Gold, em sequência; para na primeira que falhar.", OWNER,
                Set.of("importau", "lakehouse", "orquestracao"), "Bronze", states, 6 * 3600);
    }

    private static Set<String> union(Set<String> tags) {
        java.util.Set<String> all = new java.util.TreeSet<>(TAGS);
        all.addAll(tags);
        return all;
    }
}
