package dev.lagoa.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.Configuration;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

class AwsConfigTest {
    private static Configuration load(Map<String, String> overrides) {
        return Configuration.load(AwsConfig.fields(), Map.of(), null, Map.of(), overrides);
    }

    @Test
    void defaultsAreSaoPauloTheDefaultCredentialsChainAndVirtualHostedBuckets() {
        AwsConfig config = AwsConfig.from(load(Map.of()));

        assertThat(config.region()).isEqualTo("sa-east-1");
        assertThat(config.endpointOverride()).isEmpty();
        assertThat(config.accessKeyId()).isEmpty();
        assertThat(config.secretAccessKey()).isEmpty();
        assertThat(config.pathStyleAccess()).isFalse();
        assertThat(config.gluePollInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.glueJobPrefix()).isEmpty();
        assertThat(config.credentialsProvider()).isInstanceOf(DefaultCredentialsProvider.class);
    }

    @Test
    void everyKeyIsReadAndStaticCredentialsAreUsedWhenGiven() {
        AwsConfig config = AwsConfig.from(load(Map.of(
                "aws.region", "us-east-1",
                "aws.endpoint-override", "http://127.0.0.1:9000",
                "aws.access-key-id", "AKIAEXAMPLE",
                "aws.secret-access-key", "very-secret",
                "aws.s3.path-style-access", "true",
                "aws.glue.poll-interval", "30s",
                "aws.glue.job-prefix", "prod-")));

        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.endpointOverride()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(config.pathStyleAccess()).isTrue();
        assertThat(config.gluePollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.glueJobPrefix()).isEqualTo("prod-");
        assertThat(config.credentialsProvider()).isInstanceOf(StaticCredentialsProvider.class);
        AwsCredentials credentials = config.credentialsProvider().resolveCredentials();
        assertThat(credentials.accessKeyId()).isEqualTo("AKIAEXAMPLE");
        assertThat(credentials.secretAccessKey()).isEqualTo("very-secret");
    }

    @Test
    void theSecretIsNeverShown() {
        Configuration configuration = load(Map.of("aws.access-key-id", "AKIAEXAMPLE", "aws.secret-access-key", "very-secret"));
        AwsConfig config = AwsConfig.from(configuration);

        assertThat(AwsConfig.SECRET_ACCESS_KEY.isSecret()).isTrue();
        assertThat(configuration.displayValues()).containsEntry("aws.secret-access-key", "******");
        assertThat(config.toString()).doesNotContain("very-secret").doesNotContain("AKIAEXAMPLE").contains("AKIA****");
    }

    @Test
    void invalidValuesAreReportedTogether() {
        assertThatThrownBy(() -> load(Map.of(
                "aws.region", "Sao Paulo",
                "aws.endpoint-override", "localhost:9000",
                "aws.s3.path-style-access", "yes",
                "aws.glue.poll-interval", "often")))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("4 problems")
                .hasMessageContaining("aws.region")
                .hasMessageContaining("aws.endpoint-override")
                .hasMessageContaining("aws.s3.path-style-access")
                .hasMessageContaining("aws.glue.poll-interval");
    }

    @Test
    void anAccessKeyWithoutItsSecretIsRejectedWithoutShowingEither() {
        assertThatThrownBy(() -> AwsConfig.from(load(Map.of("aws.access-key-id", "AKIAEXAMPLE"))))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("aws.access-key-id and aws.secret-access-key must be set together")
                .hasMessageNotContaining("AKIAEXAMPLE");
        assertThatThrownBy(() -> new AwsConfig("sa-east-1", Optional.empty(), Optional.empty(), Optional.of("s"), false, Duration.ofSeconds(1), ""))
                .isInstanceOf(LagoaException.class);
    }

    @Test
    void fieldsAreDocumentedDottedKeys() {
        assertThat(AwsConfig.fields()).extracting(ConfigField::name).containsExactly(
                "aws.region", "aws.endpoint-override", "aws.access-key-id", "aws.secret-access-key", "aws.s3.path-style-access",
                "aws.glue.poll-interval", "aws.glue.job-prefix");
        assertThat(AwsConfig.fields()).allSatisfy(field -> assertThat(field.description()).isNotBlank());
        assertThat(AwsConfig.fields()).extracting(ConfigField::environmentVariable).contains("LAGOA_AWS_SECRET_ACCESS_KEY");
    }

    @Test
    void theClientsGetTheRegionAndEndpoint() {
        AwsConfig config = AwsConfig.defaults("sa-east-1")
                .withEndpointOverride(URI.create("http://127.0.0.1:9000"))
                .withStaticCredentials("a", "b");

        try (S3Client s3 = config.s3Client(); GlueClient glue = config.glueClient()) {
            assertThat(s3.serviceClientConfiguration().region()).isEqualTo(Region.SA_EAST_1);
            assertThat(s3.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:9000"));
            assertThat(glue.serviceClientConfiguration().region()).isEqualTo(Region.SA_EAST_1);
            assertThat(glue.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:9000"));
        }
    }
}
