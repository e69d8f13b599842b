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
 * The {@code petr4} pipeline: daily quotes of a ticker (PETR4 by default) from BRAPI, one Parquet object per trading
 * day under {@code raw/dataset=petr4/ticker=/year=/month=/day=/}; each new object triggers the refine job, which
 * renames, computes returns, moving averages and volatility, and aggregates by month.
 */
public final class QuotesPipeline {
    public static final String NAME = "petr4";
    public static final String DATASET = "petr4";
    public static final String OWNER = "mercado-de-capitais";
    public static final String REFINE_JOB = JobNames.QUOTES_REFINE;
    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

    public static final PipelineDefinition DEFINITION = new PipelineDefinition(
            NAME,
            "Cotações diárias de um ticker (PETR4) da BRAPI: uma partição por pregão; o refinamento calcula retornos, médias "
                    + "móveis de 5 e 20 pregões, volatilidade de 20 pregões, gap de abertura e agregados mensais.",
            OWNER,
            Set.of("brapi", "cotacoes", "mercado-de-capitais"),
            List.of(
                    new DatasetDefinition("petr4-responses", Layer.RAW, "s3://{brapi-bucket}/responses/ticker={ticker}/date={date}/",
                            DataFormat.JSON, List.of("ticker", "date"),
                            "Respostas da API de cotações da BRAPI exatamente como recebidas, uma por coleta (o token nunca é guardado).",
                            OWNER, Set.of("brapi", "raw")),
                    new DatasetDefinition("petr4-raw", Layer.RAW,
                            "s3://{brapi-bucket}/raw/dataset=" + DATASET + "/ticker={ticker}/year={year}/month={month}/day={day}/data.parquet",
                            DataFormat.PARQUET, List.of("ticker", "year", "month", "day"),
                            "A barra diária de um pregão como a BRAPI a enviou (preços exatos, volume, data em São Paulo).", OWNER,
                            Set.of("brapi", "bronze")),
                    new DatasetDefinition("petr4-cotacoes", Layer.REFINED, "s3://{brapi-bucket}/refined/dataset=" + DATASET + "/",
                            DataFormat.PARQUET, List.of("ticker", "year", "month", "day"),
                            "Cotações diárias refinadas: abertura, máxima, mínima, fechamento, volume, retorno diário e logarítmico, "
                                    + "médias móveis de 5 e 20 pregões, volatilidade de 20 pregões, gap de abertura e amplitude.",
                            OWNER, Set.of("brapi", "cotacoes")),
                    new DatasetDefinition("petr4-mensal", Layer.REFINED, "s3://{brapi-bucket}/refined/dataset=" + DATASET + "_mensal/",
                            DataFormat.PARQUET, List.of("ticker", "year", "month"),
                            "Resumo mensal das cotações: abertura, fechamento, máxima, mínima, volume, retorno do mês e pregões.",
                            OWNER, Set.of("brapi", "cotacoes", "mensal")),
                    new DatasetDefinition("petr4-commits", Layer.REFINED, "s3://{brapi-bucket}/catalog-commits/", DataFormat.JSON, List.of(),
                            "Um manifesto por tabela e execução do refinamento: esquema, partições escritas e substituídas.", OWNER,
                            Set.of("catalog"))),
            List.of(
                    new Trigger.Schedule("ingest", "30 19 ? * MON-FRI *", SAO_PAULO,
                            "Dias úteis às 19:30 (São Paulo), depois do fechamento do pregão."),
                    new Trigger.Manual("ingest"),
                    new Trigger.ObjectCreated("refine", "petr4-raw", ".parquet"),
                    new Trigger.ObjectCreated("catalog", "petr4-commits", ".json")),
            List.of(
                    new Step.Task("ingest",
                            "Coleta as barras diárias do ticker na BRAPI, valida, guarda a resposta e grava uma partição por pregão.",
                            TaskEntryPoint.LAGOA_CLI, List.of("ingest", "brapi"), List.of(), List.of("petr4-responses", "petr4-raw")),
                    new Step.SparkJob("refine",
                            "Job Spark: renomeia, calcula retornos, médias móveis, volatilidade e agregados mensais; reescreve os "
                                    + "pregões novos ou alterados.",
                            new JobDefinition(REFINE_JOB, JobEntryPoint.QUOTES_REFINE, Map.of(), Duration.ofMinutes(30), 1, 1),
                            List.of("petr4-raw"), List.of("petr4-cotacoes", "petr4-mensal", "petr4-commits")),
                    new Step.Function("catalog",
                            "Função: registra no catálogo as tabelas e partições de cada manifesto do refinamento.",
                            FunctionHandler.CATALOG_COMMIT, List.of("petr4-commits"), List.of())),
            List.of(),
            List.of(
                    new Notification("refine-on-raw", "petr4-raw", ".parquet", new Notification.Target.Function(FunctionHandler.QUOTES_REFINE_TRIGGER)),
                    new Notification("catalog-on-commit", "petr4-commits", ".json",
                            new Notification.Target.Function(FunctionHandler.CATALOG_COMMIT))));

    private QuotesPipeline() {}
}
