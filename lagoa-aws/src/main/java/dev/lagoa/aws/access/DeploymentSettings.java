package dev.lagoa.aws.access;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.config.LakeConfig;
import java.util.Map;

/**
 * What a deployment needs beyond the pipeline definitions: the values of the locations' placeholders (the buckets,
 * from {@code lake.*}), the catalog database, the Glue jobs' name prefix, the bucket that holds the deployed assets
 * (the Glue jar and scripts, the Lambda package), the ECR repository of the runner image, how the publisher
 * authenticates to Kafka, where the daily diff reads its snapshots, and what the API load takes from the endpoints file.
 *
 * @param diffSnapshots an {@code s3://bucket/prefix/{date}/} template of the exports the 01:00 diff compares
 */
public record DeploymentSettings(
        Map<String, String> locationValues,
        String catalogDatabase,
        String glueJobPrefix,
        String assetsBucket,
        String imageRepository,
        KafkaAuthentication kafkaAuthentication,
        String diffSnapshots,
        ApiLoadEndpoints apiLoad) {
    /** The bucket the CDK's default bootstrap keeps file assets in. */
    public static final String CDK_ASSETS_BUCKET = "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}";
    public static final String DEFAULT_IMAGE_REPOSITORY = "lagoa";
    public static final String DEFAULT_DIFF_SNAPSHOTS = "s3://{diffs-bucket}/_snapshots/{date}/";

    public DeploymentSettings {
        locationValues = Map.copyOf(requireNonNull(locationValues, "locationValues is null"));
        requireNonNull(catalogDatabase, "catalogDatabase is null");
        requireNonNull(glueJobPrefix, "glueJobPrefix is null");
        requireNonNull(assetsBucket, "assetsBucket is null");
        requireNonNull(imageRepository, "imageRepository is null");
        requireNonNull(kafkaAuthentication, "kafkaAuthentication is null");
        requireNonNull(diffSnapshots, "diffSnapshots is null");
        requireNonNull(apiLoad, "apiLoad is null");
    }

    /** The lake's buckets and database, with the defaults for everything else. */
    public static DeploymentSettings of(LakeConfig lake, String glueJobPrefix) {
        return new DeploymentSettings(lake.locationValues(), lake.catalogDatabase(), glueJobPrefix, CDK_ASSETS_BUCKET, DEFAULT_IMAGE_REPOSITORY,
                KafkaAuthentication.SCRAM, DEFAULT_DIFF_SNAPSHOTS, ApiLoadEndpoints.NONE);
    }

    public DeploymentSettings withKafkaAuthentication(KafkaAuthentication authentication) {
        return new DeploymentSettings(locationValues, catalogDatabase, glueJobPrefix, assetsBucket, imageRepository, authentication, diffSnapshots, apiLoad);
    }

    public DeploymentSettings withDiffSnapshots(String snapshots) {
        return new DeploymentSettings(locationValues, catalogDatabase, glueJobPrefix, assetsBucket, imageRepository, kafkaAuthentication, snapshots, apiLoad);
    }

    public DeploymentSettings withApiLoad(ApiLoadEndpoints endpoints) {
        return new DeploymentSettings(locationValues, catalogDatabase, glueJobPrefix, assetsBucket, imageRepository, kafkaAuthentication, diffSnapshots,
                endpoints);
    }

    /** How the publisher authenticates to the Kafka cluster on AWS. */
    public enum KafkaAuthentication {
        /** SASL/SCRAM with the user and password in a Secrets Manager secret (MSK's {@code AmazonMSK_} secrets). */
        SCRAM,
        /** MSK IAM access control: the task role's own permissions on the cluster, topic and transactional ids. */
        IAM
    }
}
