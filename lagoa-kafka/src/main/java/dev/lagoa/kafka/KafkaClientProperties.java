package dev.lagoa.kafka;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.config.KafkaConfig;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The properties of every Kafka client Lagoa builds, from a {@link KafkaConfig}: the one place where the brokers,
 * the security (plaintext, SASL_SSL with SCRAM-SHA-512, AWS MSK IAM) and the timeouts are applied. The SCRAM
 * password only ever appears inside {@code sasl.jaas.config}; {@link #describe} masks it for logs.
 */
public final class KafkaClientProperties {
    static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    static final String PLAIN_LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    static final String IAM_LOGIN_MODULE = "software.amazon.msk.auth.iam.IAMLoginModule";
    static final String IAM_CALLBACK_HANDLER = "software.amazon.msk.auth.iam.IAMClientCallbackHandler";
    private static final String MASK = "******";

    /**
     * The largest event the publisher sends, key, value and headers: a change record holds two input records
     * ({@code before}, {@code after}) of up to {@code diff.max-record-bytes} (16 MiB by default) and their
     * {@code changed_fields}.
     */
    public static final int MAX_EVENT_BYTES = 64 << 20;
    /** Room for the record batch's framing above {@link #MAX_EVENT_BYTES}, in requests and in topics' {@code max.message.bytes}. */
    public static final int FRAMING_BYTES = 64 << 10;

    private KafkaClientProperties() {}

    /** Brokers, security and timeouts, common to producers, consumers and admin clients. */
    public static Map<String, Object> common(KafkaConfig config) {
        requireNonNull(config, "config is null");
        Map<String, Object> properties = new TreeMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        properties.put(CommonClientConfigs.CLIENT_ID_CONFIG, "lagoa");
        int timeout = millis(config.requestTimeout());
        properties.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        properties.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, (long) Math.min(timeout, 10_000));
        properties.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, (long) Math.max(timeout, 10_000));
        switch (config.security()) {
            case PLAINTEXT -> properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
            case SASL_PLAINTEXT -> {
                properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
                properties.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
                properties.put(SaslConfigs.SASL_JAAS_CONFIG, plainJaasConfig(config.saslUsername().orElseThrow(), config.saslPassword().orElseThrow()));
            }
            case SASL_SSL_SCRAM -> {
                properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
                properties.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
                properties.put(SaslConfigs.SASL_JAAS_CONFIG, scramJaasConfig(config.saslUsername().orElseThrow(), config.saslPassword().orElseThrow()));
            }
            case AWS_MSK_IAM -> {
                properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
                properties.put(SaslConfigs.SASL_MECHANISM, "AWS_MSK_IAM");
                properties.put(SaslConfigs.SASL_JAAS_CONFIG, IAM_LOGIN_MODULE + " required;");
                properties.put(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, IAM_CALLBACK_HANDLER);
            }
        }
        return properties;
    }

    /**
     * A transactional, idempotent producer of byte arrays: {@code acks=all}, and {@code transactional.id} set, so
     * that a new producer with the same id fences an older one and aborts its open transaction.
     */
    public static Map<String, Object> producer(KafkaConfig config, String transactionalId) {
        requireNonNull(transactionalId, "transactionalId is null");
        Map<String, Object> properties = common(config);
        int timeout = millis(config.requestTimeout());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        // named by its transactional id: its thread, metrics and broker logs say which topic and day it publishes
        properties.put(CommonClientConfigs.CLIENT_ID_CONFIG, transactionalId);
        properties.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, millis(config.transactionTimeout()));
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) timeout);
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * timeout + 100);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        // a change record may be far larger than Kafka's default 1 MB; the buffer must hold at least one such record
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_EVENT_BYTES + FRAMING_BYTES);
        properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * (MAX_EVENT_BYTES + FRAMING_BYTES));
        return properties;
    }

    /** A consumer of byte arrays that sees committed transactions only, reads from the beginning, and commits nothing. */
    public static Map<String, Object> consumer(KafkaConfig config) {
        Map<String, Object> properties = common(config);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis(config.requestTimeout()));
        return properties;
    }

    public static Map<String, Object> admin(KafkaConfig config) {
        Map<String, Object> properties = common(config);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis(config.requestTimeout()));
        properties.put(AdminClientConfig.RETRIES_CONFIG, 0);
        return properties;
    }

    /**
     * {@code sasl.jaas.config} for SCRAM. Kafka parses it with a {@link java.io.StreamTokenizer}: inside double
     * quotes a backslash escapes the next character, and a line break ends the string, so backslashes, quotes and
     * line breaks are escaped.
     */
    /** The JAAS line of a SASL PLAIN login (the embedded broker's). */
    public static String plainJaasConfig(String username, String password) {
        return "%s required username=\"%s\" password=\"%s\";".formatted(PLAIN_LOGIN_MODULE, jaasQuoted(username), jaasQuoted(password));
    }

    public static String scramJaasConfig(String username, String password) {
        return "%s required username=\"%s\" password=\"%s\";".formatted(SCRAM_LOGIN_MODULE, jaasQuoted(username), jaasQuoted(password));
    }

    static String jaasQuoted(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '"' -> quoted.append("\\\"");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        return quoted.toString();
    }

    /** The properties as they may be logged: {@code sasl.jaas.config} and any password masked. */
    public static String describe(Map<String, Object> properties) {
        Map<String, Object> shown = new TreeMap<>();
        properties.forEach((name, value) -> shown.put(name,
                name.equals(SaslConfigs.SASL_JAAS_CONFIG) ? maskJaas(String.valueOf(value)) : name.contains("password") ? MASK : value));
        return shown.toString();
    }

    private static String maskJaas(String jaas) {
        int password = jaas.indexOf("password=");
        return password < 0 ? jaas : jaas.substring(0, password) + "password=" + MASK + ";";
    }

    private static int millis(java.time.Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
