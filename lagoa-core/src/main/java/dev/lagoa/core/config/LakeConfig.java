package dev.lagoa.core.config;

import dev.lagoa.core.lake.BucketName;
import java.util.List;

/** The buckets the pipelines write to. */
public record LakeConfig(BucketName diffsBucket) {
    public static final ConfigField DIFFS_BUCKET = ConfigField.create("lake.diffs-bucket", ConfigType.STRING, "lagoa-diffs",
                    "Bucket of the diff pipeline's change records (<bucket>/YYYY-MM-DD/), rejects (<bucket>/_rejects/) and failed runs (<bucket>/_failed/). "
                            + "S3 bucket names are global: on the aws profile, set a name of your own.")
            .withValidator(Validators.bucketName());

    public static List<ConfigField> fields() {
        return List.of(DIFFS_BUCKET);
    }

    public static LakeConfig from(Configuration configuration) {
        return new LakeConfig(BucketName.of(configuration.require(DIFFS_BUCKET)));
    }
}
