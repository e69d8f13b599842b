package dev.lagoa.deploy.stack;

import dev.lagoa.apiload.ApiLoadConfig;
import dev.lagoa.aws.access.ApiLoadEndpoints;
import dev.lagoa.aws.access.DeploymentSettings;
import dev.lagoa.core.config.KafkaConfig;
import dev.lagoa.core.config.PostgresConfig;
import dev.lagoa.core.pipeline.DatasetDefinition;
import dev.lagoa.core.pipeline.Layer;
import dev.lagoa.core.pipeline.LocationTemplate;
import dev.lagoa.core.pipeline.Step;
import dev.lagoa.deploy.construct.FargateRunner;
import dev.lagoa.governance.classify.PiiTag;
import dev.lagoa.governance.sync.CatalogSync;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a pipeline's definition cannot say and its stack needs: kept small, each with its reason.
 * <ul>
 *   <li>{@code diff}: where the Kafka cluster is and how the publisher authenticates (deployment facts, not pipeline
 *   facts), and its failed runs stay until a person removes them (their dataset says so) — not expired.</li>
 *   <li>{@code ibov}, {@code petr4}: the documented SQL examples as Athena named queries (docs, not definitions).</li>
 *   <li>{@code importau}: the LF-Tags of the governance vocabulary (business terms from its datasets' tags, the PII
 *   classes, the layers) that {@code lagoa catalog sync} assigns.</li>
 *   <li>{@code apiload}: the target database (an existing RDS/Aurora endpoint and its secret) and where the rejects go.</li>
 * </ul>
 */
interface PipelineExtras {
    static PipelineExtras of(String pipeline) {
        return switch (pipeline) {
            case "diff" -> new Diff();
            case "ibov" -> new NamedQueries(Map.of(
                    "ibov-maiores-participacoes", "select posicao, acao, empresa, tipo, participacao_pct, qtde_teorica from ibov_ativos "
                            + "where data = DATE '2022-12-08' order by posicao limit 10",
                    "ibov-participacao-por-setor", "select setor, count(*) as acoes, sum(participacao_pct) as participacao_pct from ibov_ativos "
                            + "where data = DATE '2022-12-08' group by setor order by participacao_pct desc limit 5",
                    "ibov-soma-participacoes", "select count(*) as acoes, sum(participacao_pct) as soma_pct from ibov_ativos where data = DATE '2022-12-08'"));
            case "petr4" -> new NamedQueries(Map.of(
                    "petr4-mensal", "select year, month, abertura, fechamento, maxima, minima, volume_total, dias_negociados, "
                            + "round(retorno_mensal * 100, 2) as retorno_pct from petr4_mensal order by year, month",
                    "petr4-ultimos-pregoes", "select data_pregao, fechamento, round(retorno_diario*100, 3) as retorno_pct, media_movel_5, media_movel_20, "
                            + "round(volatilidade_20d, 5) as vol_20d, round(gap_abertura_pct, 3) as gap_pct from petr4_cotacoes "
                            + "where year = 2025 and month = 7 order by data_pregao desc limit 5"));
            case "importau" -> new Importau();
            case "apiload" -> new ApiLoad();
            default -> new PipelineExtras() {};
        };
    }

    default void parameters(PipelineStack stack) {}

    default void add(PipelineStack stack) {}

    /** Quarantine datasets kept until a person removes them (not expired by the lifecycle). */
    default Set<String> retained() {
        return Set.of();
    }

    default Map<String, String> taskEnvironment(PipelineStack stack, Step.Task task) {
        return Map.of();
    }

    default List<FargateRunner.Secret> taskSecrets(PipelineStack stack, Step.Task task) {
        return List.of();
    }

    /** The arguments a scheduled run of {@code job} starts with, besides {@code --scheduled-time}. */
    default Map<String, String> scheduledArguments(PipelineStack stack, Step.SparkJob job) {
        return Map.of();
    }

    final class Diff implements PipelineExtras {
        @Override
        public Set<String> retained() {
            return Set.of("diff-failed-runs");
        }

        @Override
        public Map<String, String> taskEnvironment(PipelineStack stack, Step.Task task) {
            if (!writesKafka(stack, task)) {
                return Map.of();
            }
            Map<String, String> environment = new TreeMap<>();
            environment.put(KafkaConfig.BOOTSTRAP_SERVERS.environmentVariable(), stack.parameter("KafkaBootstrapServers",
                    "Bootstrap servers of the Kafka cluster (MSK: the SASL/SCRAM or IAM endpoints)", null).getValueAsString());
            environment.put(KafkaConfig.TOPIC.environmentVariable(), stack.parameter("KafkaTopic", "Topic of the change records", "lagoa-diffs")
                    .getValueAsString());
            environment.put(KafkaConfig.SECURITY.environmentVariable(),
                    stack.settings().kafkaAuthentication() == DeploymentSettings.KafkaAuthentication.SCRAM ? "SASL_SSL_SCRAM" : "AWS_MSK_IAM");
            return environment;
        }

        @Override
        public List<FargateRunner.Secret> taskSecrets(PipelineStack stack, Step.Task task) {
            if (!writesKafka(stack, task) || stack.settings().kafkaAuthentication() != DeploymentSettings.KafkaAuthentication.SCRAM) {
                return List.of();
            }
            String secret = stack.parameter("KafkaScramSecretArn", "ARN of the Kafka SCRAM secret", null).getValueAsString();
            return List.of(new FargateRunner.Secret(KafkaConfig.SASL_USERNAME.environmentVariable(), secret + ":username::"),
                    new FargateRunner.Secret(KafkaConfig.SASL_PASSWORD.environmentVariable(), secret + ":password::"));
        }

        /**
         * The 01:00 run compares the snapshots of yesterday and today (São Paulo dates of the scheduled time) under
         * {@code deploy.diff-snapshots}, by the key the stack's {@code DiffKey} parameter names, into the diffs bucket.
         */
        @Override
        public Map<String, String> scheduledArguments(PipelineStack stack, Step.SparkJob job) {
            String key = stack.parameter("DiffKey", "Field (or comma-separated fields, dotted for nested ones) that identifies a record of the snapshots",
                    "id").getValueAsString();
            Map<String, String> values = new TreeMap<>(stack.settings().locationValues());
            values.put("date", "{date}"); // the job fills in each day
            return Map.of("--snapshots", LocationTemplate.resolve(stack.settings().diffSnapshots(), values),
                    "--key", key, "--out", LocationTemplate.resolve("s3://{diffs-bucket}/", values));
        }

        private static boolean writesKafka(PipelineStack stack, Step.Task task) {
            return task.outputs().stream().map(stack.pipeline()::dataset).anyMatch(dataset -> dataset.location().startsWith("kafka://"));
        }
    }

    record NamedQueries(Map<String, String> queries) implements PipelineExtras {
        @Override
        public void add(PipelineStack stack) {
            new TreeMap<>(queries).forEach((name, sql) -> stack.namedQuery("Query-" + name, name,
                    "Example of docs/pipelines/" + stack.pipeline().name() + ".md", sql));
        }
    }

    final class Importau implements PipelineExtras {
        @Override
        public void add(PipelineStack stack) {
            Set<String> business = new TreeSet<>();
            Set<String> layers = new TreeSet<>();
            for (DatasetDefinition dataset : stack.pipeline().datasets()) {
                dataset.tags().forEach(tag -> business.add(tag.toLowerCase(Locale.ROOT)));
                layers.add(dataset.layer().name().toLowerCase(Locale.ROOT));
            }
            Set<String> pii = new TreeSet<>(Set.of(CatalogSync.NO_PII));
            for (PiiTag tag : PiiTag.values()) {
                pii.add(tag.value().replaceFirst("^PII\\.", "").toLowerCase(Locale.ROOT));
            }
            stack.lfTag("TagBusiness", CatalogSync.BUSINESS_KEY, business);
            stack.lfTag("TagPii", CatalogSync.PII_KEY, pii);
            stack.lfTag("TagLayer", CatalogSync.LAYER_KEY, layers);
        }
    }

    final class ApiLoad implements PipelineExtras {
        @Override
        public Map<String, String> taskEnvironment(PipelineStack stack, Step.Task task) {
            Map<String, String> environment = new TreeMap<>();
            environment.put(PostgresConfig.JDBC_URL.environmentVariable(), stack.parameter("DatabaseJdbcUrl",
                    "JDBC URL of the existing target database (jdbc:postgresql://<RDS or Aurora endpoint>:5432/<database>)", null).getValueAsString());
            // the workspace's endpoints file, as the loader reads it on AWS (its ${env:NAME} references are the task's secrets)
            stack.settings().apiLoad().json().ifPresent(json -> environment.put(ApiLoadConfig.ENDPOINTS.environmentVariable(), json));

            return environment;
        }

        /** The database's user and password, and each secret the endpoints file references, from {@code lagoa/apiload/<NAME>}. */
        @Override
        public List<FargateRunner.Secret> taskSecrets(PipelineStack stack, Step.Task task) {
            String secret = stack.parameter("DatabaseSecretArn", "ARN of the database secret", null).getValueAsString();
            List<FargateRunner.Secret> secrets = new ArrayList<>(List.of(new FargateRunner.Secret(PostgresConfig.USER.environmentVariable(), secret + ":username::"),
                    new FargateRunner.Secret(PostgresConfig.PASSWORD.environmentVariable(), secret + ":password::")));
            stack.settings().apiLoad().secretNames().forEach(name -> secrets.add(new FargateRunner.Secret(name, ApiLoadEndpoints.SECRET_PREFIX + name)));
            return secrets;
        }

        @Override
        public void add(PipelineStack stack) {
            for (DatasetDefinition dataset : stack.pipeline().datasets()) {
                if (dataset.layer() == Layer.QUARANTINE) {
                    stack.output("RejectsLocation", dev.lagoa.core.pipeline.LocationTemplate.prefix(dataset.location(), stack.settings().locationValues()),
                            "Where the loader keeps rejected records and run logs");
                }
            }
        }
    }
}
