package dev.lagoa.aws;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.ConfigType;
import dev.lagoa.core.config.Configuration;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * How the AWS adapters reach AWS (or an S3-compatible server): region, an optional endpoint, credentials, S3
 * addressing and how often Glue runs are polled. Without an access key the SDK's default credentials chain
 * (environment, profile, container or instance role) is used. The secret key is never shown: {@link #toString()}
 * masks it, and its field is a {@link ConfigType#PASSWORD}.
 */
public record AwsConfig(
        String region,
        Optional<URI> endpointOverride,
        Optional<String> accessKeyId,
        Optional<String> secretAccessKey,
        boolean pathStyleAccess,
        Duration gluePollInterval,
        String glueJobPrefix) {
    public static final ConfigField REGION = ConfigField.create("aws.region", ConfigType.STRING, "sa-east-1",
                    "AWS region of the lake bucket and the Glue jobs (sa-east-1: São Paulo).")
            .withValidator(AwsConfig::regionProblem);
    public static final ConfigField ENDPOINT_OVERRIDE = ConfigField.create("aws.endpoint-override", ConfigType.STRING, null,
                    "URL that replaces the AWS endpoints (an S3-compatible server, a test stub); empty for AWS itself.")
            .withValidator(AwsConfig::endpointProblem);
    public static final ConfigField ACCESS_KEY_ID = ConfigField.create("aws.access-key-id", ConfigType.STRING, null,
            "Static access key id; empty to use the default credentials chain (environment, profile, role).");
    public static final ConfigField SECRET_ACCESS_KEY = ConfigField.create("aws.secret-access-key", ConfigType.PASSWORD, null,
            "Secret of the static access key; set together with aws.access-key-id.");
    public static final ConfigField PATH_STYLE_ACCESS = ConfigField.create("aws.s3.path-style-access", ConfigType.BOOLEAN, "false",
            "Address buckets as endpoint/bucket/key instead of bucket.endpoint/key (most S3-compatible servers need it).");
    public static final ConfigField GLUE_POLL_INTERVAL = ConfigField.create("aws.glue.poll-interval", ConfigType.DURATION, "15s",
            "How often the state of a running Glue job run is read while waiting for it.");
    public static final ConfigField GLUE_JOB_PREFIX = ConfigField.create("aws.glue.job-prefix", ConfigType.STRING, "",
                    "Prefix of the Glue job names: the job lagoa-diff of the pipeline model is the Glue job <prefix>lagoa-diff.")
            .withValidator(value -> value.matches("[A-Za-z0-9_.-]*") ? null : "only letters, digits, '_', '.' and '-' are allowed");

    private static final String MASK = "******";

    public AwsConfig {
        requireNonNull(region, "region is null");
        requireNonNull(endpointOverride, "endpointOverride is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        requireNonNull(gluePollInterval, "gluePollInterval is null");
        requireNonNull(glueJobPrefix, "glueJobPrefix is null");
        String problem = regionProblem(region);
        if (problem != null) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Invalid %s '%s': %s".formatted(REGION.name(), region, problem));
        }
        if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "%s and %s must be set together (or neither, to use the default credentials chain)"
                    .formatted(ACCESS_KEY_ID.name(), SECRET_ACCESS_KEY.name()));
        }
        if (gluePollInterval.isNegative() || gluePollInterval.isZero()) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "%s must be positive: %s".formatted(GLUE_POLL_INTERVAL.name(), gluePollInterval));
        }
    }

    /** AWS itself in {@code region}, with the default credentials chain. */
    public static AwsConfig defaults(String region) {
        return new AwsConfig(region, Optional.empty(), Optional.empty(), Optional.empty(), false, Duration.ofSeconds(15), "");
    }

    public static List<ConfigField> fields() {
        return List.of(REGION, ENDPOINT_OVERRIDE, ACCESS_KEY_ID, SECRET_ACCESS_KEY, PATH_STYLE_ACCESS, GLUE_POLL_INTERVAL, GLUE_JOB_PREFIX);
    }

    public static AwsConfig from(Configuration configuration) {
        return new AwsConfig(
                configuration.require(REGION).trim(),
                Optional.ofNullable(configuration.get(ENDPOINT_OVERRIDE)).map(value -> URI.create(value.trim())),
                Optional.ofNullable(configuration.get(ACCESS_KEY_ID)).map(String::trim),
                Optional.ofNullable(configuration.get(SECRET_ACCESS_KEY)),
                configuration.getBoolean(PATH_STYLE_ACCESS),
                configuration.getDuration(GLUE_POLL_INTERVAL),
                Optional.ofNullable(configuration.get(GLUE_JOB_PREFIX)).orElse(""));
    }

    public AwsConfig withRegion(String newRegion) {
        return new AwsConfig(newRegion, endpointOverride, accessKeyId, secretAccessKey, pathStyleAccess, gluePollInterval, glueJobPrefix);
    }

    public AwsConfig withEndpointOverride(URI endpoint) {
        return new AwsConfig(region, Optional.of(endpoint), accessKeyId, secretAccessKey, pathStyleAccess, gluePollInterval, glueJobPrefix);
    }

    public AwsConfig withStaticCredentials(String newAccessKeyId, String newSecretAccessKey) {
        return new AwsConfig(region, endpointOverride, Optional.of(newAccessKeyId), Optional.of(newSecretAccessKey), pathStyleAccess,
                gluePollInterval, glueJobPrefix);
    }

    public AwsConfig withPathStyleAccess(boolean newPathStyleAccess) {
        return new AwsConfig(region, endpointOverride, accessKeyId, secretAccessKey, newPathStyleAccess, gluePollInterval, glueJobPrefix);
    }

    public AwsConfig withGluePollInterval(Duration newPollInterval) {
        return new AwsConfig(region, endpointOverride, accessKeyId, secretAccessKey, pathStyleAccess, newPollInterval, glueJobPrefix);
    }

    public AwsConfig withGlueJobPrefix(String newPrefix) {
        return new AwsConfig(region, endpointOverride, accessKeyId, secretAccessKey, pathStyleAccess, gluePollInterval, newPrefix);
    }

    /** Static credentials when an access key is configured, else the SDK's default credentials chain. */
    public AwsCredentialsProvider credentialsProvider() {
        if (accessKeyId.isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId.get(), secretAccessKey.orElseThrow()));
        }
        return DefaultCredentialsProvider.create();
    }

    /**
     * Applies the region, the endpoint override and the credentials to any AWS SDK client builder: the one place
     * where every client of Lagoa gets them. Returns the same builder.
     */
    public <B extends AwsClientBuilder<B, C>, C> B applyTo(B builder) {
        requireNonNull(builder, "builder is null");
        builder.region(Region.of(region));
        endpointOverride.ifPresent(builder::endpointOverride);
        builder.credentialsProvider(credentialsProvider());
        return builder;
    }

    /** A builder of S3 clients: {@link #applyTo} plus the S3 addressing style and the Apache HTTP client. */
    public S3ClientBuilder s3ClientBuilder() {
        return applyTo(S3Client.builder())
                .forcePathStyle(pathStyleAccess)
                .httpClientBuilder(ApacheHttpClient.builder());
    }

    public S3Client s3Client() {
        return s3ClientBuilder().build();
    }

    /** A builder of Glue clients: {@link #applyTo} plus the Apache HTTP client. */
    public GlueClientBuilder glueClientBuilder() {
        return applyTo(GlueClient.builder()).httpClientBuilder(ApacheHttpClient.builder());
    }

    /** An SQS client (also for ElasticMQ, with the endpoint override): {@link #applyTo} plus the Apache HTTP client. */
    public software.amazon.awssdk.services.sqs.SqsClient sqsClient() {
        return applyTo(software.amazon.awssdk.services.sqs.SqsClient.builder()).httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    public GlueClient glueClient() {
        return glueClientBuilder().build();
    }

    /** A Lake Formation client (LF-Tags): {@link #applyTo} plus the Apache HTTP client. */
    public software.amazon.awssdk.services.lakeformation.LakeFormationClientBuilder lakeFormationClientBuilder() {
        return applyTo(software.amazon.awssdk.services.lakeformation.LakeFormationClient.builder()).httpClientBuilder(ApacheHttpClient.builder());
    }

    /** An Amazon DataZone client (lineage events): {@link #applyTo} plus the Apache HTTP client. */
    public software.amazon.awssdk.services.datazone.DataZoneClientBuilder dataZoneClientBuilder() {
        return applyTo(software.amazon.awssdk.services.datazone.DataZoneClient.builder()).httpClientBuilder(ApacheHttpClient.builder());
    }

    /** Never shows the secret key (nor whether the access key id is one of a known pair: only its first letters). */
    @Override
    public String toString() {
        return "AwsConfig[region=%s, endpointOverride=%s, accessKeyId=%s, secretAccessKey=%s, pathStyleAccess=%s, gluePollInterval=%s, glueJobPrefix=%s]"
                .formatted(region, endpointOverride.map(URI::toString).orElse("<aws>"), accessKeyId.map(AwsConfig::abbreviate).orElse("<default chain>"),
                        secretAccessKey.isPresent() ? MASK : "<default chain>", pathStyleAccess, gluePollInterval, glueJobPrefix);
    }

    private static String abbreviate(String keyId) {
        return keyId.length() <= 4 ? MASK : keyId.substring(0, 4) + "****";
    }

    static String regionProblem(String value) {
        return value.trim().matches("[a-z]{2}(-[a-z0-9]+)+-\\d+") ? null : "'" + value + "' is not an AWS region (examples: sa-east-1, us-east-1)";
    }

    static String endpointProblem(String value) {
        Function<String, String> problem = text -> "'" + text + "' is not an http(s) URL (example: http://127.0.0.1:9000)";
        try {
            URI uri = new URI(value.trim());
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                return problem.apply(value);
            }
            return null;
        } catch (URISyntaxException e) {
            return problem.apply(value);
        }
    }
}
