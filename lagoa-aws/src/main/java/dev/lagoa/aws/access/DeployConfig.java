package dev.lagoa.aws.access;

import dev.lagoa.aws.AwsConfig;
import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.ConfigType;
import dev.lagoa.core.config.Configuration;
import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.core.config.Validators;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code deploy.*} keys: what a deployment to AWS needs beyond the lake's buckets, read by {@code lagoa aws synth},
 * {@code lagoa deploy} and {@code lagoa aws roles} alike so that the roles printed are the roles synthesized.
 */
public final class DeployConfig {
    public static final ConfigField ASSETS_BUCKET = ConfigField.create("deploy.assets-bucket", ConfigType.STRING, "",
                    "Bucket the deployment uploads the Glue jar, the Glue scripts and the Lambda package to; empty for the bucket of the "
                            + "CDK's default bootstrap (cdk-hnb659fds-assets-<account>-<region>).")
            .withValidator(value -> value.isEmpty() ? null : Validators.bucketName().apply(value));
    public static final ConfigField IMAGE_REPOSITORY = ConfigField.create("deploy.image-repository", ConfigType.STRING,
                    DeploymentSettings.DEFAULT_IMAGE_REPOSITORY, "ECR repository of the runner image of the container tasks (jib:build pushes it there).")
            .withValidator(value -> value.matches("[a-z0-9]+(?:[._/-][a-z0-9]+)*") ? null : "not an ECR repository name (lowercase letters, digits, '.', '_', '-', '/')");
    public static final ConfigField KAFKA_AUTHENTICATION = ConfigField.create("deploy.kafka-authentication", ConfigType.STRING, "scram",
                    "How the deployed publisher authenticates to MSK: scram (SASL/SCRAM, the user and password in a Secrets Manager secret) or iam "
                            + "(MSK IAM access control, the task role's permissions).")
            .withValidator(Validators.oneOf("scram", "iam"));
    public static final ConfigField DIFF_SNAPSHOTS = ConfigField.create("deploy.diff-snapshots", ConfigType.STRING, DeploymentSettings.DEFAULT_DIFF_SNAPSHOTS,
                    "Where the daily 01:00 diff reads the day's JSON snapshot on AWS: an s3:// location with {date} (YYYY-MM-DD, São Paulo); "
                            + "{diffs-bucket} stands for lake.diffs-bucket. Its bucket and prefix go into the diff job's role.")
            .withValidator(DeployConfig::snapshotsProblem);

    private DeployConfig() {}

    public static List<ConfigField> fields() {
        return List.of(ASSETS_BUCKET, IMAGE_REPOSITORY, KAFKA_AUTHENTICATION, DIFF_SNAPSHOTS);
    }

    /** The deployment's settings: the lake's buckets and database, the Glue job prefix and the {@code deploy.*} keys. */
    public static DeploymentSettings settings(Configuration configuration, LakeConfig lake) {
        String prefix = Optional.ofNullable(configuration.get(AwsConfig.GLUE_JOB_PREFIX)).orElse("");
        String assets = Optional.ofNullable(configuration.get(ASSETS_BUCKET)).orElse(DeploymentSettings.CDK_ASSETS_BUCKET);
        return new DeploymentSettings(lake.locationValues(), lake.catalogDatabase(), prefix, assets, configuration.require(IMAGE_REPOSITORY),
                DeploymentSettings.KafkaAuthentication.valueOf(configuration.require(KAFKA_AUTHENTICATION).toUpperCase(Locale.ROOT)),
                configuration.require(DIFF_SNAPSHOTS), ApiLoadEndpoints.NONE);
    }

    private static String snapshotsProblem(String value) {
        if (!value.matches("s3://(\\{diffs-bucket}|[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/[^\"\\\\\\s]*")) {
            return "must be s3://<bucket or {diffs-bucket}>/<prefix>/ with no quotes, backslashes or spaces";
        }
        return value.contains("{date}") ? null : "must contain {date}, the day of the snapshot (s3://exports/clientes/{date}/)";
    }
}
