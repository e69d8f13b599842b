package dev.lagoa.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.ErrorType;
import dev.lagoa.core.LagoaException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class KafkaErrorsTest {
    private static final String BROKERS = "127.0.0.1:9092";

    @Test
    void aBrokerThatDoesNotAnswerIsExternalAndRetriable() {
        LagoaException error = KafkaErrors.translate("publish batch 2026-11-21/part-00000.json to topic lagoa-diffs", BROKERS,
                new TimeoutException("Timeout expired after 2000ms while awaiting InitProducerId"));

        assertThat(error.errorCode()).isEqualTo(KafkaErrorCode.KAFKA_ERROR);
        assertThat(error.errorType()).isEqualTo(ErrorType.EXTERNAL);
        assertThat(KafkaErrors.isRetriable(error)).isTrue();
        assertThat(error).hasMessage("Cannot publish batch 2026-11-21/part-00000.json to topic lagoa-diffs: Kafka at 127.0.0.1:9092 did not answer "
                + "in time: Timeout expired after 2000ms while awaiting InitProducerId");
    }

    @Test
    void rejectedCredentialsAreAConfigurationError() {
        LagoaException error = KafkaErrors.translate("create topic lagoa-diffs", BROKERS,
                new ExecutionException(new SaslAuthenticationException("Authentication failed during authentication due to invalid credentials")));

        assertThat(error.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
        assertThat(error).hasMessageContaining("rejected the credentials (check kafka.security and kafka.sasl.*)");
        assertThat(KafkaErrors.isRetriable(error)).isFalse();
    }

    @Test
    void missingPermissionsAreAConfigurationError() {
        LagoaException error = KafkaErrors.translate("create topic lagoa-diffs", BROKERS, new TopicAuthorizationException("Not authorized"));

        assertThat(error.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
        assertThat(error).hasMessageContaining("does not allow it (TopicAuthorizationException)");
    }

    @Test
    void aFencedProducerIsFoundInsideTheGenericTransactionError() {
        LagoaException error = KafkaErrors.translate("publish batch 2026-11-21/part-00001.json to topic lagoa-diffs", BROKERS,
                new KafkaException("Cannot execute transactional method because we are in an error state",
                        new ProducerFencedException("There is a newer producer with the same transactionalId")));

        assertThat(error.errorCode()).isEqualTo(ErrorCode.PUBLISHER_FENCED);
        assertThat(error).hasMessageContaining("another publisher with the same transactional id took over");
    }

    @Test
    void somethingThatIsNotKafkaIsABug() {
        assertThat(KafkaErrors.translate("publish", BROKERS, new IllegalStateException("boom")).errorType()).isEqualTo(ErrorType.INTERNAL);
    }
}
