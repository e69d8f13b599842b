package dev.lagoa.core.pipeline;

import dev.lagoa.contracts.FunctionHandler;
import dev.lagoa.contracts.JobEntryPoint;
import dev.lagoa.contracts.JobNames;
import dev.lagoa.contracts.TaskEntryPoint;
import dev.lagoa.core.event.Notification;
import dev.lagoa.core.job.JobDefinition;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code ibov} pipeline: the B3 portfolio of an index (IBOV) collected, validated and kept as received (JSON and a
 * Parquet copy) under {@code raw/YYYY-MM-DD/}; the new Parquet object triggers the refine job, which splits header and
 * results into the {@code ibov_ativos} and {@code ibov_header} tables, registered in the catalog by their commits.
 *
 * <p>Other indexes (SMLL, IBXX, IDIV, ...) never mix with IBOV: each lands under its own
 * {@code raw/indice=<CODE>/YYYY-MM-DD/} and refines into {@code indices_ativos} and {@code indices_header}, partitioned
 * by {@code indice}. The refine notification on {@code raw/} covers both (S3 refuses overlapping notifications).
 * The steps do not declare those datasets among their inputs and outputs: declared lineage joins every input of a
 * step to every output, and would say that {@code ibov_ativos} comes from {@code indices_ativos}.
 */
public final class IbovPipeline {
    public static final String NAME = "ibov";
    public static final String OWNER = "mercado-de-capitais";
    public static final String REFINE_JOB = JobNames.IBOV_REFINE;
    public static final String BRONZE_FILE = "dados_originais.parquet";
    public static final String RAW_FILE = "resposta_b3.json";
    /** The index whose portfolio keeps the story's own layout ({@code raw/YYYY-MM-DD/}, {@code ibov_ativos}). */
    public static final String IBOV = "IBOV";
    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

    public static final PipelineDefinition DEFINITION = new PipelineDefinition(
            NAME,
            "Carteira diária do índice Bovespa (IBOV) coletada da API de índices da B3, validada e guardada como recebida; "
                    + "o refinamento separa cabeçalho e ativos, tipa e calcula participação, posição e variações.",
            OWNER,
            Set.of("b3", "ibov", "mercado-de-capitais"),
            List.of(
                    new DatasetDefinition("ibov-raw", Layer.RAW, "s3://{b3-bucket}/raw/{date}/" + RAW_FILE, DataFormat.JSON, List.of("date"),
                            "Resposta da API GetPortfolioDay da B3 exatamente como recebida (todas as páginas), com a requisição, "
                                    + "o horário da coleta e os cabeçalhos HTTP relevantes.", OWNER, Set.of("b3", "raw")),
                    new DatasetDefinition("ibov-bronze", Layer.BRONZE, "s3://{b3-bucket}/raw/{date}/" + BRONZE_FILE, DataFormat.PARQUET,
                            List.of("date"),
                            "Cópia fiel em Parquet da carteira do dia: uma linha por ativo com o cabeçalho repetido, valores como "
                                    + "texto no formato brasileiro, como a B3 os enviou.", OWNER, Set.of("b3", "bronze")),
                    new DatasetDefinition("ibov-quarantine", Layer.QUARANTINE, "s3://{b3-bucket}/_quarantine/{date}/", DataFormat.JSON,
                            List.of("date"),
                            "Respostas da B3 que falharam na validação (formato en-us, totais incoerentes, tickers inválidos), "
                                    + "com a lista de problemas; nada delas chega a raw/.", OWNER, Set.of("b3", "rejects")),
                    new DatasetDefinition("ibov-ativos", Layer.REFINED, "s3://{b3-bucket}/refined/ativos/", DataFormat.PARQUET,
                            List.of("data", "acao"),
                            "Ativos da carteira teórica do IBOV por pregão: participação (%), quantidade teórica, setor, posição no "
                                    + "índice, variações contra o pregão anterior e dias no índice.", OWNER,
                            Set.of("b3", "ibov", "carteira-teorica")),
                    new DatasetDefinition("ibov-header", Layer.REFINED, "s3://{b3-bucket}/refined/header/", DataFormat.PARQUET, List.of("data"),
                            "Cabeçalho da carteira do IBOV por pregão: quantidade teórica total, redutor, soma das participações e "
                                    + "checagens de qualidade.", OWNER, Set.of("b3", "ibov")),
                    new DatasetDefinition("indices-raw", Layer.RAW, "s3://{b3-bucket}/raw/indice={index}/{date}/" + RAW_FILE, DataFormat.JSON,
                            List.of("index", "date"),
                            "Resposta da API GetPortfolioDay da B3 para os outros índices (SMLL, IBXX, IDIV, ...), cada um em sua "
                                    + "pasta, exatamente como recebida; o IBOV fica em raw/YYYY-MM-DD/.", OWNER, Set.of("b3", "raw")),
                    new DatasetDefinition("indices-bronze", Layer.BRONZE, "s3://{b3-bucket}/raw/indice={index}/{date}/" + BRONZE_FILE,
                            DataFormat.PARQUET, List.of("index", "date"),
                            "Cópia fiel em Parquet da carteira do dia de um índice que não o IBOV: uma linha por ativo, valores "
                                    + "como texto, como a B3 os enviou.", OWNER, Set.of("b3", "bronze")),
                    new DatasetDefinition("indices-ativos", Layer.REFINED, "s3://{b3-bucket}/refined/indices/ativos/", DataFormat.PARQUET,
                            List.of("indice", "data", "acao"),
                            "Ativos dos outros índices da B3 (SMLL, IBXX, IDIV, ...) por índice e pregão, com as colunas de "
                                    + "ibov_ativos; variações e dias no índice calculados dentro de cada índice.", OWNER,
                            Set.of("b3", "indices")),
                    new DatasetDefinition("indices-header", Layer.REFINED, "s3://{b3-bucket}/refined/indices/header/", DataFormat.PARQUET,
                            List.of("indice", "data"),
                            "Cabeçalho da carteira dos outros índices da B3 por índice e pregão, com as colunas de ibov_header.", OWNER,
                            Set.of("b3", "indices")),
                    new DatasetDefinition("ibov-commits", Layer.REFINED, "s3://{b3-bucket}/catalog-commits/", DataFormat.JSON, List.of(),
                            "Um manifesto por tabela e execução do refinamento: esquema, partições escritas e substituídas; o "
                                    + "catálogo se atualiza a partir deles.", OWNER, Set.of("catalog"))),
            List.of(
                    new Trigger.Schedule("ingest", "0 20 ? * MON-FRI *", SAO_PAULO,
                            "Dias úteis às 20:00 (São Paulo), depois do fechamento do pregão."),
                    new Trigger.Manual("ingest"),
                    new Trigger.ObjectCreated("refine", "ibov-bronze", ".parquet"),
                    new Trigger.ObjectCreated("catalog", "ibov-commits", ".json")),
            List.of(
                    new Step.Task("ingest",
                            "Coleta a carteira do dia na API da B3 (todas as páginas), valida, guarda a resposta e a cópia em Parquet "
                                    + "e as envia a raw/YYYY-MM-DD/ (IBOV) ou raw/indice=<CÓDIGO>/YYYY-MM-DD/ (outros índices); uma "
                                    + "resposta inválida vai para a quarentena.",
                            TaskEntryPoint.LAGOA_CLI, List.of("ingest", "b3"), List.of(),
                            List.of("ibov-raw", "ibov-bronze", "ibov-quarantine")),
                    new Step.SparkJob("refine",
                            "Job Spark: separa cabeçalho e ativos, renomeia, tipa e calcula; substitui a partição do dia.",
                            new JobDefinition(REFINE_JOB, JobEntryPoint.IBOV_REFINE, Map.of(), Duration.ofMinutes(30), 1, 1),
                            List.of("ibov-bronze", "ibov-ativos"), List.of("ibov-ativos", "ibov-header", "ibov-commits")),
                    new Step.Function("catalog",
                            "Função: registra no catálogo as tabelas e partições de cada manifesto do refinamento.",
                            FunctionHandler.CATALOG_COMMIT, List.of("ibov-commits"), List.of())),
            List.of(),
            List.of(
                    new Notification("refine-on-bronze", "ibov-bronze", ".parquet", new Notification.Target.Function(FunctionHandler.IBOV_REFINE_TRIGGER)),
                    new Notification("catalog-on-commit", "ibov-commits", ".json", new Notification.Target.Function(FunctionHandler.CATALOG_COMMIT))));

    /**
     * Where the portfolio of {@code index} lands: the dataset ids of its raw response and bronze copy, and the values
     * of their location placeholders for {@code date}. IBOV keeps {@code raw/YYYY-MM-DD/}; any other index has
     * {@code raw/indice=<CODE>/YYYY-MM-DD/}.
     */
    public record Landing(String rawDataset, String bronzeDataset, Map<String, String> values) {
        public Landing {
            values = Map.copyOf(values);
        }

        public static Landing of(String index, String date) {
            return IBOV.equals(index) ? new Landing("ibov-raw", "ibov-bronze", Map.of("date", date))
                    : new Landing("indices-raw", "indices-bronze", Map.of("index", index, "date", date));
        }

        public String rawKey() {
            return LocationTemplate.key(DEFINITION.dataset(rawDataset).location(), values);
        }

        public String bronzeKey() {
            return LocationTemplate.key(DEFINITION.dataset(bronzeDataset).location(), values);
        }
    }

    private IbovPipeline() {}
}
