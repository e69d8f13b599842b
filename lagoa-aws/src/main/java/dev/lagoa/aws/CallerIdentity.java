package dev.lagoa.aws;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Who the AWS credentials are, as STS {@code GetCallerIdentity} answers: the account, the ARN and the user id. The
 * {@link #userName()} is what the importau bucket {@code importau-lakehouse-<user>} is named after; the
 * {@link #principalArn()} is what IAM policies are simulated for.
 */
public record CallerIdentity(String account, String arn, String userId) {
    /** The message when no credentials are found: how to give some, without the SDK's class names. */
    static final String NO_CREDENTIALS = ("No usable AWS credentials found. Set %s and %s (with -c, in lagoa.properties, or as LAGOA_AWS_ACCESS_KEY_ID "
            + "and LAGOA_AWS_SECRET_ACCESS_KEY), or configure the default credentials chain: the environment variables AWS_ACCESS_KEY_ID and "
            + "AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN for temporary ones), a profile in ~/.aws/credentials or ~/.aws/config "
            + "(aws configure, or aws sso login; AWS_PROFILE selects it), or the role of the machine (EC2 instance profile, ECS task role)")
            .formatted(AwsConfig.ACCESS_KEY_ID.name(), AwsConfig.SECRET_ACCESS_KEY.name());

    public CallerIdentity {
        requireNonNull(account, "account is null");
        requireNonNull(arn, "arn is null");
        requireNonNull(userId, "userId is null");
    }

    /**
     * Asks STS with the region, endpoint override and credentials of {@code aws}. Without any credentials (no access key
     * configured and nothing in the default credentials chain) the error says how to configure them.
     */
    public static CallerIdentity fetch(AwsConfig aws) {
        requireNonNull(aws, "aws is null");
        try {
            aws.credentialsProvider().resolveCredentials();
        } catch (SdkClientException e) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, NO_CREDENTIALS, e);
        }
        try (StsClient client = aws.applyTo(StsClient.builder()).httpClientBuilder(ApacheHttpClient.builder()).build()) {
            return fetch(client);
        }
    }

    /** Asks STS through {@code client}, which the caller keeps. */
    public static CallerIdentity fetch(StsClient client) {
        requireNonNull(client, "client is null");
        GetCallerIdentityResponse response;
        try {
            response = client.getCallerIdentity();
        } catch (SdkException e) {
            String message = "Cannot ask STS who these credentials are (sts:GetCallerIdentity): " + AwsErrors.describe("STS", e);
            if (AwsErrors.isAccessError(e)) {
                throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, message + "; check the credentials (" + AwsConfig.ACCESS_KEY_ID.name()
                        + ", or the default credentials chain)", e);
            }
            throw new LagoaException(ErrorCode.AWS_ERROR, message, e);
        }
        return new CallerIdentity(response.account(), response.arn(), response.userId());
    }

    /**
     * The name of the caller: the IAM user's name ({@code arn:aws:iam::123:user/ana} and {@code user/team/ana} give
     * {@code ana}), the session name of an assumed role ({@code arn:aws:sts::123:assumed-role/Role/ana} gives {@code ana}),
     * a federated user's name, or {@code root} for the account's root user.
     */
    public String userName() {
        String resource = resource();
        if (resource.startsWith("assumed-role/")) {
            return resource.substring(resource.lastIndexOf('/') + 1);
        }
        if (resource.equals("root")) {
            return "root";
        }
        int slash = resource.lastIndexOf('/');
        return slash < 0 ? resource : resource.substring(slash + 1);
    }

    /** Whether the credentials are a role's session. */
    public boolean isAssumedRole() {
        return resource().startsWith("assumed-role/");
    }

    /**
     * The IAM principal behind the credentials: the user's ARN as it is, or for an assumed role the role's ARN
     * ({@code arn:aws:iam::123:role/Role}; STS's session ARN drops the role's path, so a role under a path is named
     * without it).
     */
    public String principalArn() {
        if (!isAssumedRole()) {
            return arn;
        }
        String role = resource().split("/")[1];
        return "arn:%s:iam::%s:role/%s".formatted(partition(), account, role);
    }

    private String resource() {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 ? parts[5] : arn;
    }

    private String partition() {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 ? parts[1] : "aws";
    }
}
