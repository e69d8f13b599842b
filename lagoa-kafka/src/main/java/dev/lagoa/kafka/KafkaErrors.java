package dev.lagoa.kafka;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortedException;

/**
 * Translates Kafka client exceptions into {@link LagoaException}s, the one place where the Kafka adapter decides who
 * is at fault: brokers that do not answer and other broker failures are {@code KAFKA_ERROR} (external, retriable);
 * rejected credentials or permissions are {@code INVALID_CONFIGURATION} (retrying cannot help); a producer fenced by
 * a newer one with the same transactional id is {@code PUBLISHER_FENCED}.
 */
public final class KafkaErrors {
    private KafkaErrors() {}

    /**
     * {@code action} says what was being done ("publish batch 2026-11-21/part-00000.json to topic lagoa-diffs");
     * the message names the brokers.
     */
    public static LagoaException translate(String action, String bootstrapServers, Throwable failure) {
        Throwable cause = specific(failure);
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException) {
            return new LagoaException(ErrorCode.PUBLISHER_FENCED, ("Cannot %s: another publisher with the same transactional id took over "
                    + "(this one is fenced; its open batch is not committed). Let the other run finish, or run again to take over: %s")
                    .formatted(action, detail), failure);
        }
        if (cause instanceof AuthenticationException) {
            return new LagoaException(ErrorCode.INVALID_CONFIGURATION, ("Cannot %s: Kafka at %s rejected the credentials "
                    + "(check kafka.security and kafka.sasl.*): %s").formatted(action, bootstrapServers, detail), failure);
        }
        if (cause instanceof AuthorizationException) {
            return new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Cannot %s: Kafka at %s does not allow it (%s): %s".formatted(
                    action, bootstrapServers, cause.getClass().getSimpleName(), detail), failure);
        }
        if (cause instanceof InvalidTopicException || cause instanceof InvalidReplicationFactorException
                || cause instanceof InvalidPartitionsException) {
            return new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Cannot %s: %s (check kafka.topic, kafka.partitions and kafka.replication-factor)"
                    .formatted(action, detail), failure);
        }
        if (cause instanceof RecordTooLargeException) {
            return new LagoaException(ErrorCode.INVALID_ARGUMENT, "Cannot %s: a record is larger than the producer or the topic allows: %s"
                    .formatted(action, detail), failure);
        }
        if (cause instanceof TimeoutException) {
            return new LagoaException(KafkaErrorCode.KAFKA_ERROR, "Cannot %s: Kafka at %s did not answer in time: %s".formatted(action, bootstrapServers, detail),
                    failure);
        }
        if (cause instanceof KafkaException || cause instanceof InterruptException) {
            return new LagoaException(KafkaErrorCode.KAFKA_ERROR, "Cannot %s: Kafka at %s failed: %s".formatted(action, bootstrapServers, detail), failure);
        }
        if (cause instanceof LagoaException lagoa) {
            return lagoa;
        }
        return new LagoaException(ErrorCode.INTERNAL_ERROR, "Cannot %s: %s".formatted(action, cause), failure);
    }

    /** Whether the same operation may succeed later: the brokers did not answer, or failed for a while. */
    public static boolean isRetriable(LagoaException translated) {
        return translated.errorCode() == KafkaErrorCode.KAFKA_ERROR;
    }

    /**
     * The most telling exception: futures' wrappers removed, and a generic {@link KafkaException} (such as "the
     * transaction is in an error state") replaced by the specific Kafka exception it wraps.
     */
    static Throwable specific(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof ExecutionException || current instanceof CompletionException) && current.getCause() != null) {
            current = current.getCause();
        }
        Throwable candidate = current;
        while (candidate != null) {
            if (isSpecific(candidate)) {
                return candidate;
            }
            candidate = candidate.getCause();
        }
        return current;
    }

    private static boolean isSpecific(Throwable throwable) {
        return throwable instanceof ProducerFencedException || throwable instanceof InvalidProducerEpochException
                || throwable instanceof AuthenticationException || throwable instanceof AuthorizationException
                || throwable instanceof InvalidTopicException || throwable instanceof RecordTooLargeException
                || (throwable instanceof RetriableException && !(throwable instanceof TransactionAbortedException));
    }
}
