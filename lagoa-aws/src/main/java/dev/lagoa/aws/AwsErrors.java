package dev.lagoa.aws;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.ErrorDetail;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Translates AWS SDK exceptions into {@link LagoaException}s whose message names the operation and what it was
 * about ({@code Cannot read s3://bucket/key: The specified key does not exist. (S3 NoSuchKey, HTTP 404)}). A
 * missing object is {@code OBJECT_NOT_FOUND}; rejected credentials or permissions are
 * {@code INVALID_CONFIGURATION} (retrying cannot help); any other S3 failure is {@code STORAGE_ERROR}; Glue
 * failures are {@code AWS_ERROR} unless Glue says the job, run or table does not exist, the input is invalid or the
 * job has too many runs in flight.
 */
public final class AwsErrors {
    /** Error codes of AWS services that mean the credentials or the permissions are wrong. */
    private static final Set<String> ACCESS_ERRORS = Set.of(
            "AccessDenied", "AccessDeniedException", "InvalidAccessKeyId", "SignatureDoesNotMatch", "UnrecognizedClientException",
            "InvalidClientTokenId", "InvalidToken", "ExpiredToken", "ExpiredTokenException", "AllAccessDisabled");

    private AwsErrors() {}

    /**
     * An S3 failure of {@code operation} ("read", "write", "delete", ...) on {@code location} (an {@code s3://} URI).
     */
    public static LagoaException s3(String operation, String location, SdkException e) {
        requireNonNull(operation, "operation is null");
        requireNonNull(location, "location is null");
        requireNonNull(e, "e is null");
        String message = "Cannot %s %s: %s".formatted(operation, location, describe("S3", e));
        if (isNotFound(e)) {
            return new LagoaException(ErrorCode.OBJECT_NOT_FOUND, message, e);
        }
        if (isAccessError(e)) {
            return new LagoaException(ErrorCode.INVALID_CONFIGURATION, message + accessHint(), e);
        }
        return new LagoaException(ErrorCode.STORAGE_ERROR, message, e);
    }

    /**
     * A Glue failure of {@code operation} ("start", "read", "stop", ...) on {@code subject} ("job run jr_1 of job
     * lagoa-diff"). {@code notFound} is the code when Glue answers that the entity does not exist
     * ({@code JOB_NOT_FOUND} or {@code JOB_RUN_NOT_FOUND}).
     */
    public static LagoaException glue(String operation, String subject, ErrorCode notFound, SdkException e) {
        requireNonNull(operation, "operation is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(notFound, "notFound is null");
        requireNonNull(e, "e is null");
        String message = "Cannot %s %s: %s".formatted(operation, subject, describe("Glue", e));
        if (e instanceof EntityNotFoundException || errorCode(e).equals("EntityNotFoundException")) {
            return new LagoaException(notFound, message, e);
        }
        if (e instanceof ConcurrentRunsExceededException || errorCode(e).equals("ConcurrentRunsExceededException")) {
            return new LagoaException(ErrorCode.CONCURRENT_RUNS_EXCEEDED, message, e);
        }
        if (e instanceof InvalidInputException) {
            return new LagoaException(ErrorCode.INVALID_ARGUMENT, message, e);
        }
        if (isAccessError(e)) {
            return new LagoaException(ErrorCode.INVALID_CONFIGURATION, message + accessHint(), e);
        }
        return new LagoaException(ErrorCode.AWS_ERROR, message, e);
    }

    /** How many failed entries of a Glue batch call a message names; it counts the others. */
    private static final int NAMED_ENTRIES = 5;

    /**
     * The failed entries of a Glue batch call ({@code BatchCreatePartition}, ...), which Glue reports one by one in a
     * successful response: {@code failures} maps each entry ("[2025-07-10, PETR4]") to Glue's error. The message names
     * the first entries with their errors and counts the rest; the first error's Glue code gives the error code.
     */
    public static LagoaException glueEntries(String operation, String subject, Map<String, ErrorDetail> failures) {
        requireNonNull(operation, "operation is null");
        requireNonNull(subject, "subject is null");
        if (requireNonNull(failures, "failures is null").isEmpty()) {
            throw new IllegalArgumentException("no failures");
        }
        List<String> named = failures.entrySet().stream().limit(NAMED_ENTRIES)
                .map(entry -> "%s: %s (Glue %s)".formatted(entry.getKey(), entry.getValue().errorMessage(), entry.getValue().errorCode()))
                .toList();
        String more = failures.size() > NAMED_ENTRIES ? "; and %d more".formatted(failures.size() - NAMED_ENTRIES) : "";
        String message = "Cannot %s %d %s: %s%s".formatted(operation, failures.size(), subject, String.join("; ", named), more);
        String code = failures.values().iterator().next().errorCode();
        if ("EntityNotFoundException".equals(code)) {
            return new LagoaException(ErrorCode.OBJECT_NOT_FOUND, message);
        }
        if ("InvalidInputException".equals(code)) {
            return new LagoaException(ErrorCode.INVALID_ARGUMENT, message);
        }
        if (ACCESS_ERRORS.contains(code)) {
            return new LagoaException(ErrorCode.INVALID_CONFIGURATION, message + accessHint());
        }
        return new LagoaException(ErrorCode.AWS_ERROR, message);
    }

    /** An SQS failure of {@code operation} ("send to", "receive from", ...) on {@code queue}. */
    public static LagoaException sqs(String operation, String queue, SdkException e) {
        requireNonNull(operation, "operation is null");
        requireNonNull(queue, "queue is null");
        requireNonNull(e, "e is null");
        String message = "Cannot %s queue %s: %s".formatted(operation, queue, describe("SQS", e));
        if (e instanceof software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException
                || errorCode(e).contains("NonExistentQueue") || errorCode(e).contains("QueueDoesNotExist")) {
            return new LagoaException(ErrorCode.OBJECT_NOT_FOUND, message, e);
        }
        if (isAccessError(e)) {
            return new LagoaException(ErrorCode.INVALID_CONFIGURATION, message + accessHint(), e);
        }
        return new LagoaException(ErrorCode.AWS_ERROR, message, e);
    }

    /**
     * A failure of {@code operation} ("add LF-Tags to", "send lineage events to", ...) on {@code subject} by
     * {@code service} (Lake Formation, DataZone). Denied access names {@code iamAction}, the IAM action the call needs
     * ({@code lakeformation:AddLFTagsToResource}), and {@code lakeFormationGrant}, the Lake Formation permission it
     * also needs when there is one (empty otherwise). {@code notFound} is the code when the service says the subject
     * does not exist.
     */
    public static LagoaException service(String service, String operation, String subject, String iamAction, String lakeFormationGrant,
            ErrorCode notFound, SdkException e) {
        requireNonNull(service, "service is null");
        requireNonNull(operation, "operation is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(iamAction, "iamAction is null");
        requireNonNull(lakeFormationGrant, "lakeFormationGrant is null");
        requireNonNull(notFound, "notFound is null");
        requireNonNull(e, "e is null");
        String message = "Cannot %s %s: %s".formatted(operation, subject, describe(service, e));
        String code = errorCode(e);
        if (code.equals("EntityNotFoundException") || code.equals("ResourceNotFoundException")) {
            return new LagoaException(notFound, message, e);
        }
        if (isAccessError(e)) {
            String grant = lakeFormationGrant.isEmpty() ? "" : " and the Lake Formation permission " + lakeFormationGrant;
            return new LagoaException(ErrorCode.INVALID_CONFIGURATION, message + "; the call needs the IAM action " + iamAction + grant
                    + " (docs/governance.md lists every permission the sync uses)" + accessHint(), e);
        }
        if (code.equals("InvalidInputException") || code.equals("ValidationException")) {
            return new LagoaException(ErrorCode.INVALID_ARGUMENT, message, e);
        }
        return new LagoaException(ErrorCode.AWS_ERROR, message, e);
    }

    /**
     * A Step Functions failure of {@code operation} ("start", "read", ...) on {@code subject} ("state machine importau",
     * "execution arn:..."). When Step Functions has no such state machine, the message says that {@code machine} (empty
     * when the call named an execution) is not deployed and how to deploy it ({@code STATE_MACHINE_NOT_FOUND}); no such
     * execution is {@code EXECUTION_NOT_FOUND}; rejected input or names are {@code INVALID_ARGUMENT}.
     */
    public static LagoaException stepFunctions(String operation, String subject, String machine, SdkException e) {
        requireNonNull(operation, "operation is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(machine, "machine is null");
        requireNonNull(e, "e is null");
        String code = errorCode(e);
        if (code.equals("StateMachineDoesNotExist")) {
            String what = machine.isEmpty() ? "The state machine of " + subject : "State machine " + machine;
            String deploy = machine.isEmpty() ? "lagoa deploy" : "lagoa deploy " + pipelineOf(machine);
            return new LagoaException(ErrorCode.STATE_MACHINE_NOT_FOUND, "Cannot %s %s: %s is not deployed in this account and region (%s); deploy it with %s"
                    .formatted(operation, subject, what, describe("Step Functions", e), deploy), e);
        }
        String message = "Cannot %s %s: %s".formatted(operation, subject, describe("Step Functions", e));
        if (code.equals("ExecutionDoesNotExist")) {
            return new LagoaException(ErrorCode.EXECUTION_NOT_FOUND, message, e);
        }
        if (code.equals("InvalidExecutionInput") || code.equals("InvalidName") || code.equals("InvalidArn") || code.equals("ValidationException")
                || code.equals("ExecutionAlreadyExists")) {
            return new LagoaException(ErrorCode.INVALID_ARGUMENT, message, e);
        }
        if (isAccessError(e)) {
            return new LagoaException(ErrorCode.INVALID_CONFIGURATION, message + accessHint(), e);
        }
        return new LagoaException(ErrorCode.AWS_ERROR, message, e);
    }

    /** The pipeline a state machine belongs to: the part of its name before the first '-' ({@code importau-bronze} is importau's). */
    private static String pipelineOf(String machine) {
        int dash = machine.indexOf('-');
        return dash < 0 ? machine : machine.substring(0, dash);
    }

    /** True when S3 answered that the object (or its bucket) does not exist. */
    public static boolean isNotFound(SdkException e) {
        return e instanceof NoSuchKeyException || e instanceof NoSuchBucketException
                || e instanceof AwsServiceException service && service.statusCode() == 404;
    }

    static boolean isAccessError(SdkException e) {
        return e instanceof AwsServiceException service && (service.statusCode() == 403 || ACCESS_ERRORS.contains(errorCode(e)));
    }

    /** The service's error code (NoSuchKey, AccessDenied, ...), or "" for client-side failures. */
    static String errorCode(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return "";
    }

    /**
     * What went wrong, without the SDK's boilerplate: the service's message with its error code, HTTP status and
     * request id, or the client-side failure (unreachable endpoint, timeout).
     */
    static String describe(String service, SdkException e) {
        if (e instanceof AwsServiceException serviceException) {
            AwsErrorDetails details = serviceException.awsErrorDetails();
            String text = details != null && details.errorMessage() != null && !details.errorMessage().isBlank()
                    ? details.errorMessage()
                    : defaultMessage(serviceException.statusCode());
            StringBuilder out = new StringBuilder(text).append(" (").append(service);
            String code = errorCode(e);
            if (!code.isEmpty()) {
                out.append(' ').append(code);
            }
            out.append(", HTTP ").append(serviceException.statusCode());
            if (serviceException.requestId() != null) {
                out.append(", request id ").append(serviceException.requestId());
            }
            return out.append(')').toString();
        }
        String text = e.getMessage() == null ? "no detail given" : e.getMessage();
        return text + " (" + service + " not reached)";
    }

    private static String defaultMessage(int status) {
        return switch (status) {
            case 403 -> "Access denied";
            case 404 -> "Not found";
            default -> "Request failed";
        };
    }

    private static String accessHint() {
        return "; check the credentials (%s, or the default credentials chain) and their permissions"
                .formatted(AwsConfig.ACCESS_KEY_ID.name());
    }
}
