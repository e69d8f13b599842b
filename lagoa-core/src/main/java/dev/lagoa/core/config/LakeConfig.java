package dev.lagoa.core.config;

import dev.lagoa.core.lake.BucketName;
import java.util.List;
import java.util.Map;

/** The buckets the pipelines write to, and the catalog database their tables go to. */
public record LakeConfig(BucketName diffsBucket, BucketName b3Bucket, BucketName brapiBucket, BucketName importauBucket, BucketName apiloadBucket,
        String catalogDatabase) {
    public static final ConfigField APILOAD_BUCKET = ConfigField.create("apiload.bucket", ConfigType.STRING, "lagoa-apiload",
                    "Bucket of the API load's raw responses (raw/api/<endpoint>/date=YYYY-MM-DD/) and rejects and run logs "
                            + "(errors/<endpoint>/date=YYYY-MM-DD/).")
            .withValidator(Validators.bucketName());
    public static final ConfigField DIFFS_BUCKET = ConfigField.create("lake.diffs-bucket", ConfigType.STRING, "lagoa-diffs",
                    "Bucket of the diff pipeline's change records (<bucket>/YYYY-MM-DD/), rejects (<bucket>/_rejects/) and failed runs (<bucket>/_failed/). "
                            + "S3 bucket names are global: on the aws profile, set a name of your own.")
            .withValidator(Validators.bucketName());
    public static final ConfigField B3_BUCKET = ConfigField.create("lake.b3-bucket", ConfigType.STRING, "lagoa-b3",
                    "Bucket of the ibov pipeline: raw/YYYY-MM-DD/ (the B3 response as JSON and Parquet; other indexes under "
                            + "raw/indice=CODE/YYYY-MM-DD/), refined/ativos/, refined/header/ (other indexes: refined/indices/), "
                            + "catalog-commits/ and _quarantine/.")
            .withValidator(Validators.bucketName());
    public static final ConfigField BRAPI_BUCKET = ConfigField.create("lake.brapi-bucket", ConfigType.STRING, "lagoa-brapi",
                    "Bucket of the petr4 pipeline: raw/dataset=petr4/ticker=/year=/month=/day=/data.parquet, responses/, refined/ and catalog-commits/.")
            .withValidator(Validators.bucketName());
    public static final ConfigField IMPORTAU_USER = ConfigField.create("importau.user", ConfigType.STRING, "",
            "The <user> of the importau lakehouse's bucket importau-lakehouse-<user>; empty: the operating system's user name. "
                    + "On the aws profile, empty: the caller's IAM user name, or the role session name, as STS GetCallerIdentity gives it. "
                    + "Lower-cased, and characters a bucket name cannot hold become '-'.");
    public static final ConfigField IMPORTAU_BUCKET = ConfigField.create("lake.importau-bucket", ConfigType.STRING, "",
                    "Bucket of the importau lakehouse: bronze/<dataset>/, csv_exports/, silver/, gold/, quality/ and catalog-commits/; "
                            + "empty: importau-lakehouse-<importau.user>.")
            .withValidator(value -> value.isEmpty() ? null : Validators.bucketName().apply(value));
    public static final ConfigField CATALOG_DATABASE = ConfigField.create("lake.catalog-database", ConfigType.STRING, "lagoa",
                    "Catalog database (Glue Data Catalog database on AWS) of the pipelines' tables.")
            .withValidator(value -> value.matches("[a-z_][a-z0-9_]{0,254}") ? null
                    : "lower-case letters, digits and '_', starting with a letter or '_'");

    public static List<ConfigField> fields() {
        return List.of(APILOAD_BUCKET, DIFFS_BUCKET, B3_BUCKET, BRAPI_BUCKET, IMPORTAU_BUCKET, IMPORTAU_USER, CATALOG_DATABASE);
    }

    public static LakeConfig from(Configuration configuration) {
        return new LakeConfig(BucketName.of(configuration.require(DIFFS_BUCKET)), BucketName.of(configuration.require(B3_BUCKET)),
                BucketName.of(configuration.require(BRAPI_BUCKET)), importauBucket(configuration),
                // the apiload bucket is the loader's setting (apiload.bucket); the lake names it for its datasets' locations
                BucketName.of(configuration.require(APILOAD_BUCKET)), configuration.require(CATALOG_DATABASE));
    }

    private static BucketName importauBucket(Configuration configuration) {
        String bucket = configuration.get(IMPORTAU_BUCKET);
        if (bucket != null) {
            return BucketName.of(bucket);
        }
        String user = configuration.get(IMPORTAU_USER);
        return BucketName.of(importauBucketOf(user == null ? System.getProperty("user.name", "") : user));
    }

    /**
     * {@code importau-lakehouse-<user>} with the user name made fit for a bucket name: lower case, runs of other
     * characters than letters and digits as one '-', cut to fit 63 characters; "local" when nothing is left.
     */
    public static String importauBucketOf(String user) {
        String prefix = "importau-lakehouse-";
        String cleaned = user.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (cleaned.length() > 63 - prefix.length()) {
            cleaned = cleaned.substring(0, 63 - prefix.length()).replaceAll("-+$", "");
        }
        return prefix + (cleaned.isEmpty() ? "local" : cleaned);
    }

    /** The values of the buckets' placeholders in dataset locations ({@code {diffs-bucket}}, {@code {b3-bucket}}, ...). */
    public Map<String, String> locationValues() {
        return Map.of("diffs-bucket", diffsBucket.value(), "b3-bucket", b3Bucket.value(), "brapi-bucket", brapiBucket.value(),
                "importau-bucket", importauBucket.value(), "apiload-bucket", apiloadBucket.value());
    }
}
