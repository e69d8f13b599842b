package dev.lagoa.core.config;

import dev.lagoa.core.lake.BucketName;
import java.util.List;
import java.util.Map;

/** The buckets the pipelines write to, and the catalog database their tables go to. */
public record LakeConfig(BucketName diffsBucket, BucketName b3Bucket, BucketName brapiBucket, String catalogDatabase) {
    public static final ConfigField DIFFS_BUCKET = ConfigField.create("lake.diffs-bucket", ConfigType.STRING, "lagoa-diffs",
                    "Bucket of the diff pipeline's change records (<bucket>/YYYY-MM-DD/), rejects (<bucket>/_rejects/) and failed runs (<bucket>/_failed/). "
                            + "S3 bucket names are global: on the aws profile, set a name of your own.")
            .withValidator(Validators.bucketName());
    public static final ConfigField B3_BUCKET = ConfigField.create("lake.b3-bucket", ConfigType.STRING, "lagoa-b3",
                    "Bucket of the ibov pipeline: raw/YYYY-MM-DD/ (the B3 response as JSON and Parquet), refined/ativos/, refined/header/, "
                            + "catalog-commits/ and _quarantine/.")
            .withValidator(Validators.bucketName());
    public static final ConfigField BRAPI_BUCKET = ConfigField.create("lake.brapi-bucket", ConfigType.STRING, "lagoa-brapi",
                    "Bucket of the petr4 pipeline: raw/dataset=petr4/ticker=/year=/month=/day=/data.parquet, responses/, refined/ and catalog-commits/.")
            .withValidator(Validators.bucketName());
    public static final ConfigField CATALOG_DATABASE = ConfigField.create("lake.catalog-database", ConfigType.STRING, "lagoa",
                    "Catalog database (Glue Data Catalog database on AWS) of the pipelines' tables.")
            .withValidator(value -> value.matches("[a-z_][a-z0-9_]{0,254}") ? null
                    : "lower-case letters, digits and '_', starting with a letter or '_'");

    public static List<ConfigField> fields() {
        return List.of(DIFFS_BUCKET, B3_BUCKET, BRAPI_BUCKET, CATALOG_DATABASE);
    }

    public static LakeConfig from(Configuration configuration) {
        return new LakeConfig(BucketName.of(configuration.require(DIFFS_BUCKET)), BucketName.of(configuration.require(B3_BUCKET)),
                BucketName.of(configuration.require(BRAPI_BUCKET)), configuration.require(CATALOG_DATABASE));
    }

    /** The values of the buckets' placeholders in dataset locations ({@code {diffs-bucket}}, {@code {b3-bucket}}, ...). */
    public Map<String, String> locationValues() {
        return Map.of("diffs-bucket", diffsBucket.value(), "b3-bucket", b3Bucket.value(), "brapi-bucket", brapiBucket.value());
    }
}
