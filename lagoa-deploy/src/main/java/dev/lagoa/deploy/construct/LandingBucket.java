package dev.lagoa.deploy.construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.CfnBucketPolicy;
import software.constructs.Construct;

/**
 * A bucket of the lake (L1, so that nothing is added behind our back): Block Public Access on all four settings,
 * S3-managed or KMS encryption, versioning, a bucket policy that denies every request without TLS (on the bucket by
 * reference, so that cdk-nag's {@code AwsSolutions-S10} recognizes it), server access logs to the lake's log bucket
 * (by name from a pipeline stack: no reference, no cycle; by reference within the lake stack), and a lifecycle that expires the rejects and quarantine
 * prefixes and old versions, and moves raw data to Standard-IA. Its notifications are set by the stack that knows
 * their targets ({@link #notifications}).
 */
public final class LandingBucket extends Construct {
    /** How objects are encrypted at rest. */
    public enum Encryption { S3_MANAGED, KMS }

    /** @param expiring prefixes whose objects expire after {@code expireDays}; @param raw prefixes moved to Standard-IA */
    public record Lifecycle(List<String> expiring, int expireDays, List<String> raw, int rawDays, int noncurrentDays) {
        public Lifecycle {
            expiring = List.copyOf(expiring);
            raw = List.copyOf(raw);
        }
    }

    private final CfnBucket bucket;
    private final CfnBucketPolicy policy;

    public LandingBucket(Construct scope, String id, String bucketName, Encryption encryption, Optional<String> logBucket, Lifecycle lifecycle) {
        this(scope, id, bucketName, encryption, logBucket, lifecycle, List.of());
    }

    /** @param extraStatements statements of the bucket policy beside the TLS-only one (the log bucket's log delivery) */
    public LandingBucket(Construct scope, String id, String bucketName, Encryption encryption, Optional<String> logBucket, Lifecycle lifecycle,
            List<Map<String, Object>> extraStatements) {
        super(scope, id);
        List<CfnBucket.RuleProperty> rules = new ArrayList<>();
        int index = 0;
        for (String prefix : lifecycle.expiring()) {
            rules.add(CfnBucket.RuleProperty.builder().id("expire-" + index++).status("Enabled").prefix(prefix)
                    .expirationInDays(lifecycle.expireDays()).build());
        }
        index = 0;
        for (String prefix : lifecycle.raw()) {
            rules.add(CfnBucket.RuleProperty.builder().id("raw-to-ia-" + index++).status("Enabled").prefix(prefix)
                    .transitions(List.of(CfnBucket.TransitionProperty.builder().storageClass("STANDARD_IA")
                            .transitionInDays(lifecycle.rawDays()).build())).build());
        }
        rules.add(CfnBucket.RuleProperty.builder().id("noncurrent-versions").status("Enabled")
                .noncurrentVersionExpiration(CfnBucket.NoncurrentVersionExpirationProperty.builder()
                        .noncurrentDays(lifecycle.noncurrentDays()).build())
                .abortIncompleteMultipartUpload(CfnBucket.AbortIncompleteMultipartUploadProperty.builder().daysAfterInitiation(7).build())
                .build());
        CfnBucket.Builder builder = CfnBucket.Builder.create(this, "Bucket")
                .bucketName(bucketName)
                .publicAccessBlockConfiguration(CfnBucket.PublicAccessBlockConfigurationProperty.builder()
                        .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true).build())
                .bucketEncryption(CfnBucket.BucketEncryptionProperty.builder().serverSideEncryptionConfiguration(List.of(
                        CfnBucket.ServerSideEncryptionRuleProperty.builder().bucketKeyEnabled(encryption == Encryption.KMS)
                                .serverSideEncryptionByDefault(CfnBucket.ServerSideEncryptionByDefaultProperty.builder()
                                        .sseAlgorithm(encryption == Encryption.KMS ? "aws:kms" : "AES256").build()).build())).build())
                .versioningConfiguration(CfnBucket.VersioningConfigurationProperty.builder().status("Enabled").build())
                .ownershipControls(CfnBucket.OwnershipControlsProperty.builder().rules(List.of(
                        CfnBucket.OwnershipControlsRuleProperty.builder().objectOwnership("BucketOwnerEnforced").build())).build())
                .lifecycleConfiguration(CfnBucket.LifecycleConfigurationProperty.builder().rules(rules).build());
        logBucket.ifPresent(logs -> builder.loggingConfiguration(CfnBucket.LoggingConfigurationProperty.builder()
                .destinationBucketName(logs).logFilePrefix(bucketName + "/").build()));
        bucket = builder.build();
        String arn = bucket.getAttrArn();
        List<Map<String, Object>> statements = new ArrayList<>();
        statements.add(Map.of(
                "Sid", "DenyWithoutTls",
                "Effect", "Deny",
                "Principal", Map.of("AWS", "*"),
                "Action", "s3:*",
                "Resource", List.of(arn, arn + "/*"),
                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
        statements.addAll(extraStatements);
        policy = CfnBucketPolicy.Builder.create(this, "Policy").bucket(bucket.getRef()).policyDocument(Map.of(
                "Version", "2012-10-17", "Statement", statements)).build();
        policy.addResourceDependency(bucket);
        // the lake's data outlives its stack: deleting a stack leaves the bucket (and CloudFormation could not delete a bucket with objects)
        bucket.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }

    public CfnBucket bucket() {
        return bucket;
    }

    /** Sets the bucket's own notification configuration (native: no custom resource in either mode). */
    public void notifications(CfnBucket.NotificationConfigurationProperty configuration) {
        bucket.setNotificationConfiguration(configuration);
    }
}
