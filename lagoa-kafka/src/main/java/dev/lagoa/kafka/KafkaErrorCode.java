package dev.lagoa.kafka;

import dev.lagoa.core.ErrorCodeSupplier;
import dev.lagoa.core.ErrorType;

/** The failures of the Kafka adapter. */
public enum KafkaErrorCode implements ErrorCodeSupplier {
    /** A Kafka broker could not be reached in time, or failed a request. */
    KAFKA_ERROR(ErrorType.EXTERNAL);

    private final ErrorType type;

    KafkaErrorCode(ErrorType type) {
        this.type = type;
    }

    @Override
    public ErrorType type() {
        return type;
    }
}
