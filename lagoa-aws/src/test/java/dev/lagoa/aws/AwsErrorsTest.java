package dev.lagoa.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.ErrorDetail;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class AwsErrorsTest {
    private static AwsErrorDetails details(String code, String message) {
        return AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("S3").build();
    }

    @Test
    void aMissingKeyIsObjectNotFoundNamingTheLocation() {
        var e = NoSuchKeyException.builder().statusCode(404).requestId("R1")
                .awsErrorDetails(details("NoSuchKey", "The specified key does not exist.")).build();

        LagoaException error = AwsErrors.s3("read", "s3://lagoa-lake/a/b.json", e);

        assertThat(error.errorCode()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND);
        assertThat(error.getMessage())
                .isEqualTo("Cannot read s3://lagoa-lake/a/b.json: The specified key does not exist. (S3 NoSuchKey, HTTP 404, request id R1)");
        assertThat(error.getCause()).isSameAs(e);
    }

    @Test
    void aBare404IsNotFoundToo() {
        var e = S3Exception.builder().statusCode(404).build();

        assertThat(AwsErrors.s3("read", "s3://b/k", e).errorCode()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND);
        assertThat(AwsErrors.s3("read", "s3://b/k", e).getMessage()).isEqualTo("Cannot read s3://b/k: Not found (S3, HTTP 404)");
    }

    @Test
    void accessProblemsAreConfigurationProblems() {
        var e = S3Exception.builder().statusCode(403).awsErrorDetails(details("AccessDenied", "Access Denied")).build();

        LagoaException error = AwsErrors.s3("write", "s3://b/k", e);

        assertThat(error.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
        assertThat(error.getMessage()).startsWith("Cannot write s3://b/k: Access Denied (S3 AccessDenied, HTTP 403)").contains("aws.access-key-id");
    }

    @Test
    void otherFailuresAreRetriableStorageErrors() {
        var server = S3Exception.builder().statusCode(503).awsErrorDetails(details("SlowDown", "Please reduce your request rate.")).build();
        var client = SdkClientException.create("Unable to execute HTTP request: Connect to 127.0.0.1:1 failed");

        assertThat(AwsErrors.s3("write", "s3://b/k", server).errorCode()).isEqualTo(ErrorCode.STORAGE_ERROR);
        assertThat(AwsErrors.s3("write", "s3://b/k", server).errorType().isRetriable()).isTrue();
        LagoaException unreachable = AwsErrors.s3("list", "s3://b/p/", client);
        assertThat(unreachable.errorCode()).isEqualTo(ErrorCode.STORAGE_ERROR);
        assertThat(unreachable.getMessage()).isEqualTo("Cannot list s3://b/p/: Unable to execute HTTP request: Connect to 127.0.0.1:1 failed (S3 not reached)");
    }

    @Test
    void glueErrorsMapToJobCodes() {
        var notFound = EntityNotFoundException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("EntityNotFoundException").errorMessage("Job run not found").build()).build();
        var concurrent = ConcurrentRunsExceededException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ConcurrentRunsExceededException").errorMessage("Concurrent runs exceeded").build()).build();
        var invalid = InvalidInputException.builder().statusCode(400).build();
        var throttled = GlueException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").errorMessage("Rate exceeded").build()).build();

        assertThat(AwsErrors.glue("read", "job run jr_1", ErrorCode.JOB_RUN_NOT_FOUND, notFound).errorCode()).isEqualTo(ErrorCode.JOB_RUN_NOT_FOUND);
        assertThat(AwsErrors.glue("start", "a run of Glue job x", ErrorCode.JOB_NOT_FOUND, notFound).errorCode()).isEqualTo(ErrorCode.JOB_NOT_FOUND);
        LagoaException tooMany = AwsErrors.glue("start", "a run of Glue job x", ErrorCode.JOB_NOT_FOUND, concurrent);
        assertThat(tooMany.errorCode()).isEqualTo(ErrorCode.CONCURRENT_RUNS_EXCEEDED);
        assertThat(tooMany.getMessage()).isEqualTo("Cannot start a run of Glue job x: Concurrent runs exceeded (Glue ConcurrentRunsExceededException, HTTP 400)");
        assertThat(AwsErrors.glue("start", "x", ErrorCode.JOB_NOT_FOUND, invalid).errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(AwsErrors.glue("read", "x", ErrorCode.JOB_RUN_NOT_FOUND, throttled).errorCode()).isEqualTo(ErrorCode.AWS_ERROR);
    }

    @Test
    void failedEntriesOfABatchAreNamedUpToFiveAndCounted() {
        Map<String, ErrorDetail> failures = new LinkedHashMap<>();
        for (int day = 1; day <= 7; day++) {
            failures.put("[2025-07-0%d]".formatted(day), ErrorDetail.builder().errorCode("InternalServiceException").errorMessage("Try again").build());
        }

        LagoaException error = AwsErrors.glueEntries("add", "partition(s) to table lagoa.t", failures);

        assertThat(error.errorCode()).isEqualTo(ErrorCode.AWS_ERROR);
        assertThat(error.getMessage()).isEqualTo("Cannot add 7 partition(s) to table lagoa.t: "
                + "[2025-07-01]: Try again (Glue InternalServiceException); [2025-07-02]: Try again (Glue InternalServiceException); "
                + "[2025-07-03]: Try again (Glue InternalServiceException); [2025-07-04]: Try again (Glue InternalServiceException); "
                + "[2025-07-05]: Try again (Glue InternalServiceException); and 2 more");
        ErrorDetail invalid = ErrorDetail.builder().errorCode("InvalidInputException").errorMessage("Bad values").build();
        assertThat(AwsErrors.glueEntries("add", "partition(s)", Map.of("[x]", invalid)).errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
}
