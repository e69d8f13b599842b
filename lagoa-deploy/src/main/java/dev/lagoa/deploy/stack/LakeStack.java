package dev.lagoa.deploy.stack;

import dev.lagoa.aws.access.DeployedNames;
import dev.lagoa.deploy.construct.LandingBucket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.kms.CfnAlias;
import software.amazon.awscdk.services.kms.CfnKey;
import software.constructs.Construct;

/**
 * What every pipeline shares: the Glue database of the catalog, the Athena workgroup (its configuration enforced,
 * results encrypted) with its results bucket, the log bucket of the buckets' server access logs, and the lake's KMS
 * key (rotated yearly), with which the Glue jobs' security configurations encrypt their CloudWatch logs and job
 * bookmarks. Bucket names are built from the account and region, so the pipeline stacks name them without references;
 * the key's ARN, which KMS chooses, is the one export ({@value #KEY_EXPORT}) the pipeline stacks import.
 */
public final class LakeStack extends Stack {
    public static final String LOG_BUCKET = "lagoa-logs-${AWS::AccountId}-${AWS::Region}";
    public static final String RESULTS_BUCKET = "lagoa-athena-results-${AWS::AccountId}-${AWS::Region}";
    public static final String WORKGROUP = "lagoa";
    public static final String KEY_EXPORT = "lagoa-lake:" + DeployedNames.LAKE_KEY_OUTPUT;
    public static final String KEY_ALIAS = "alias/lagoa-lake";

    public LakeStack(Construct scope, String id, StackProps props, String catalogDatabase) {
        super(scope, id, props);
        String logBucket = Fn.sub(LOG_BUCKET);
        LandingBucket logs = new LandingBucket(this, "LogBucket", logBucket, LandingBucket.Encryption.S3_MANAGED, Optional.empty(),
                new LandingBucket.Lifecycle(List.of(""), 90, List.of(), 30, 30),
                List.of(Map.of("Sid", "AllowServerAccessLogs", "Effect", "Allow", "Principal", Map.of("Service", "logging.s3.amazonaws.com"),
                        "Action", "s3:PutObject", "Resource", Fn.sub("arn:aws:s3:::" + LOG_BUCKET + "/*"),
                        "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", Fn.ref("AWS::AccountId"))))));
        String resultsBucket = Fn.sub(RESULTS_BUCKET);
        LandingBucket results = new LandingBucket(this, "AthenaResults", resultsBucket, LandingBucket.Encryption.S3_MANAGED,
                Optional.of(logs.bucket().getRef()),
                new LandingBucket.Lifecycle(List.of(""), 30, List.of(), 30, 7));
        results.getNode().addDependency(logs);
        CfnDatabase.Builder.create(this, "Database").catalogId(Fn.ref("AWS::AccountId"))
                .databaseInput(CfnDatabase.DatabaseInputProperty.builder().name(catalogDatabase)
                        .description("Tables of the Lagoa pipelines, registered by the catalog functions from the jobs' commit manifests.").build())
                .build();
        CfnWorkGroup workgroup = CfnWorkGroup.Builder.create(this, "Workgroup").name(WORKGROUP)
                .description("Lagoa's SQL over the lake (lagoa sql --profile aws)")
                .recursiveDeleteOption(true)
                .workGroupConfiguration(CfnWorkGroup.WorkGroupConfigurationProperty.builder()
                        .enforceWorkGroupConfiguration(true)
                        .publishCloudWatchMetricsEnabled(true)
                        .bytesScannedCutoffPerQuery(10L * 1024 * 1024 * 1024)
                        .resultConfiguration(CfnWorkGroup.ResultConfigurationProperty.builder()
                                .outputLocation("s3://" + resultsBucket + "/results/")
                                .encryptionConfiguration(CfnWorkGroup.EncryptionConfigurationProperty.builder().encryptionOption("SSE_S3").build())
                                .build())
                        .build())
                .build();
        workgroup.addResourceDependency(results.bucket());
        lakeKey();
    }

    /**
     * The lake's key: the account administers it (and so the roles' own statements grant its use), and CloudWatch
     * Logs may use it for the log groups under {@code /aws-glue/} (the Glue jobs' encrypted logs).
     */
    private void lakeKey() {
        String logGroups = "arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws-glue/*";
        CfnKey key = CfnKey.Builder.create(this, "LakeKey")
                .description("Lagoa: the Glue jobs' CloudWatch logs and job bookmarks (their security configurations)")
                .enableKeyRotation(true)
                .keyPolicy(Map.of("Version", "2012-10-17", "Statement", List.of(
                        Map.of("Sid", "AccountAdministers", "Effect", "Allow", "Principal", Map.of("AWS", Fn.sub("arn:aws:iam::${AWS::AccountId}:root")),
                                "Action", "kms:*", "Resource", "*"),
                        Map.of("Sid", "CloudWatchLogsEncryptsGlueLogs", "Effect", "Allow",
                                "Principal", Map.of("Service", Fn.sub("logs.${AWS::Region}.amazonaws.com")),
                                "Action", List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"),
                                "Resource", "*",
                                "Condition", Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn", Fn.sub(logGroups)))))))
                .build();
        key.applyRemovalPolicy(RemovalPolicy.RETAIN); // the logs and bookmarks it encrypted stay readable after the stack is gone
        CfnAlias.Builder.create(this, "LakeKeyAlias").aliasName(KEY_ALIAS).targetKeyId(key.getRef()).build();
        CfnOutput.Builder.create(this, DeployedNames.LAKE_KEY_OUTPUT).value(key.getAttrArn()).exportName(KEY_EXPORT)
                .description("ARN of the lake's KMS key (" + KEY_ALIAS + "): the Glue job roles use it (statement UseLakeKey)").build();
    }
}
