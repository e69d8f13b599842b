package dev.lagoa.core.config;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How Lagoa reaches Kafka: the embedded broker locally, Amazon MSK (or any Kafka) on AWS. The topic of the diff
 * publisher, how it is created, the security of the connection and how long a broker that does not answer is
 * waited for. The SASL password is a secret: its field is a {@link ConfigType#PASSWORD}, {@link #toString()} masks
 * it, and it may come from a secrets file instead of the configuration.
 */
public record KafkaConfig(
        String bootstrapServers,
        String topic,
        int partitions,
        short replicationFactor,
        Security security,
        Optional<String> saslUsername,
        Optional<String> saslPassword,
        boolean tombstones,
        int retries,
        Duration retryBackoff,
        Duration requestTimeout,
        Duration transactionTimeout) {
    /** How the connection to the brokers is secured. */
    public enum Security {
        /** No TLS, no authentication: a broker of your own that allows it. */
        PLAINTEXT,
        /**
         * No TLS, SASL PLAIN user and password: the embedded broker on 127.0.0.1, which asks for its workspace's
         * credentials (user {@code lagoa}, the password in {@code services/kafka/password}).
         */
        SASL_PLAINTEXT,
        /** TLS with SASL SCRAM-SHA-512 user and password (MSK "SASL/SCRAM" authentication). */
        SASL_SSL_SCRAM,
        /** TLS with SASL AWS_MSK_IAM: the AWS credentials of the task (MSK "IAM" authentication). */
        AWS_MSK_IAM;

        static Security parse(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** Kafka's own limit on topic names is 249 characters; the progress topic adds a suffix to the topic's name. */
    public static final String PROGRESS_TOPIC_SUFFIX = ".lagoa-progress";

    public static final ConfigField BOOTSTRAP_SERVERS = ConfigField.create("kafka.bootstrap-servers", ConfigType.STRING, "127.0.0.1:9092",
                    "Kafka brokers to connect to, host:port separated by commas (MSK: its bootstrap brokers string).")
            .withValidator(KafkaConfig::bootstrapProblem);
    public static final ConfigField TOPIC = ConfigField.create("kafka.topic", ConfigType.STRING, "lagoa-diffs",
                    "Topic the diff publisher writes the day's change records to; its progress goes to <topic>" + PROGRESS_TOPIC_SUFFIX + ".")
            .withValidator(KafkaConfig::topicProblem);
    public static final ConfigField PARTITIONS = ConfigField.create("kafka.partitions", ConfigType.INT, "3",
                    "Partitions of the topic when Lagoa creates it (an existing topic is left as it is).")
            .withValidator(Validators.atLeast(1));
    public static final ConfigField REPLICATION_FACTOR = ConfigField.create("kafka.replication-factor", ConfigType.INT, "1",
                    "Replication factor of the topics Lagoa creates: 1 for the embedded broker, 3 on MSK.")
            .withValidator(value -> {
                int factor = Integer.parseInt(value.trim());
                return factor < 1 || factor > Short.MAX_VALUE ? "must be between 1 and " + Short.MAX_VALUE : null;
            });
    public static final ConfigField SECURITY = ConfigField.create("kafka.security", ConfigType.STRING, "PLAINTEXT",
                    "Security of the connection: PLAINTEXT (no authentication), SASL_PLAINTEXT (SASL PLAIN user and password without TLS; "
                            + "the embedded broker, whose workspace credentials are used without configuring them), SASL_SSL_SCRAM (TLS, "
                            + "SCRAM-SHA-512 user and password) or AWS_MSK_IAM (TLS, the AWS credentials of the process).")
            .withValidator(value -> Validators.oneOf("PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL_SCRAM", "AWS_MSK_IAM")
                    .apply(value.trim().toUpperCase(Locale.ROOT)));
    public static final ConfigField SASL_USERNAME = ConfigField.create("kafka.sasl.username", ConfigType.STRING, null,
            "SASL user name (kafka.security=SASL_SSL_SCRAM or SASL_PLAINTEXT).");
    public static final ConfigField SASL_PASSWORD = ConfigField.create("kafka.sasl.password", ConfigType.PASSWORD, null,
            "SASL password (kafka.security=SASL_SSL_SCRAM or SASL_PLAINTEXT); prefer kafka.sasl.password-file or the environment variable. Never shown.");
    public static final ConfigField SASL_PASSWORD_FILE = ConfigField.create("kafka.sasl.password-file", ConfigType.PATH, null,
            "File holding the SCRAM password (a mounted secret; one trailing line break is ignored); instead of kafka.sasl.password.");
    public static final ConfigField TOMBSTONES = ConfigField.create("kafka.tombstones", ConfigType.BOOLEAN, "false",
            "After each delete (op d), also publish a tombstone: the same key with a null value, so a compacted topic forgets the key.");
    public static final ConfigField RETRIES = ConfigField.create("kafka.retries", ConfigType.INT, "3",
                    "How many times an operation that failed because the brokers did not answer is tried again before the run fails.")
            .withValidator(Validators.atLeast(0));
    public static final ConfigField RETRY_BACKOFF = ConfigField.create("kafka.retry-backoff", ConfigType.DURATION, "2s",
            "Wait before the first retry; it doubles at each retry.");
    public static final ConfigField REQUEST_TIMEOUT = ConfigField.create("kafka.request-timeout", ConfigType.DURATION, "30s",
            "Longest one attempt waits for the brokers (connection, metadata, a send, a commit) before it counts as failed.");
    public static final ConfigField TRANSACTION_TIMEOUT = ConfigField.create("kafka.transaction-timeout", ConfigType.DURATION, "60s",
            "transaction.timeout.ms of the publisher: a transaction left open by a publisher that died is aborted by the broker after it.");

    private static final String MASK = "******";

    public KafkaConfig {
        requireNonNull(bootstrapServers, "bootstrapServers is null");
        requireNonNull(topic, "topic is null");
        requireNonNull(security, "security is null");
        requireNonNull(saslUsername, "saslUsername is null");
        requireNonNull(saslPassword, "saslPassword is null");
        requireNonNull(retryBackoff, "retryBackoff is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(transactionTimeout, "transactionTimeout is null");
        List<String> problems = new ArrayList<>();
        String bootstrapProblem = bootstrapProblem(bootstrapServers);
        if (bootstrapProblem != null) {
            problems.add(BOOTSTRAP_SERVERS.name() + ": " + bootstrapProblem);
        }
        String topicProblem = topicProblem(topic);
        if (topicProblem != null) {
            problems.add(TOPIC.name() + ": " + topicProblem);
        }
        if (partitions < 1) {
            problems.add(PARTITIONS.name() + ": must be at least 1");
        }
        if (replicationFactor < 1) {
            problems.add(REPLICATION_FACTOR.name() + ": must be at least 1");
        }
        if (retries < 0) {
            problems.add(RETRIES.name() + ": must be at least 0");
        }
        for (var duration : List.of(retryBackoff, requestTimeout, transactionTimeout)) {
            if (duration.isNegative() || duration.isZero()) {
                problems.add("durations must be positive: " + duration);
            }
        }
        switch (security) {
            case PLAINTEXT, AWS_MSK_IAM -> {
            }
            case SASL_SSL_SCRAM, SASL_PLAINTEXT -> {
                if (saslUsername.isEmpty()) {
                    problems.add("kafka.security=%s needs %s".formatted(security, SASL_USERNAME.name()));
                }
                if (saslPassword.isEmpty()) {
                    problems.add("kafka.security=%s needs %s or %s".formatted(security, SASL_PASSWORD.name(), SASL_PASSWORD_FILE.name()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Invalid Kafka configuration (%d problem%s):%n  - %s".formatted(
                    problems.size(), problems.size() == 1 ? "" : "s", String.join(System.lineSeparator() + "  - ", problems)));
        }
    }

    public static List<ConfigField> fields() {
        return List.of(BOOTSTRAP_SERVERS, TOPIC, PARTITIONS, REPLICATION_FACTOR, SECURITY, SASL_USERNAME, SASL_PASSWORD, SASL_PASSWORD_FILE,
                TOMBSTONES, RETRIES, RETRY_BACKOFF, REQUEST_TIMEOUT, TRANSACTION_TIMEOUT);
    }

    /** The embedded broker's defaults at {@code bootstrapServers}: plaintext, default topic, no tombstones. */
    public static KafkaConfig plaintext(String bootstrapServers) {
        return new KafkaConfig(bootstrapServers, "lagoa-diffs", 3, (short) 1, Security.PLAINTEXT, Optional.empty(), Optional.empty(), false, 3,
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** Reads the keys; the password comes from {@code kafka.sasl.password} or, when set, the file {@code kafka.sasl.password-file}. */
    public static KafkaConfig from(Configuration configuration) {
        Optional<String> password = Optional.ofNullable(configuration.get(SASL_PASSWORD));
        String passwordFile = configuration.get(SASL_PASSWORD_FILE);
        if (passwordFile != null) {
            if (password.isPresent()) {
                throw new LagoaException(ErrorCode.INVALID_CONFIGURATION,
                        "Set %s or %s, not both".formatted(SASL_PASSWORD.name(), SASL_PASSWORD_FILE.name()));
            }
            password = Optional.of(readSecret(Path.of(passwordFile)));
        }
        return new KafkaConfig(
                configuration.require(BOOTSTRAP_SERVERS).trim(),
                configuration.require(TOPIC).trim(),
                configuration.getInt(PARTITIONS),
                (short) configuration.getInt(REPLICATION_FACTOR),
                Security.parse(configuration.require(SECURITY)),
                Optional.ofNullable(configuration.get(SASL_USERNAME)).map(String::trim),
                password,
                configuration.getBoolean(TOMBSTONES),
                configuration.getInt(RETRIES),
                configuration.getDuration(RETRY_BACKOFF),
                configuration.getDuration(REQUEST_TIMEOUT),
                configuration.getDuration(TRANSACTION_TIMEOUT));
    }

    /** The secret in {@code file}: its content without one trailing line break (as secrets are usually mounted). */
    static String readSecret(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Cannot read %s %s: %s".formatted(SASL_PASSWORD_FILE.name(), file, e), e);
        }
        if (content.endsWith("\r\n")) {
            content = content.substring(0, content.length() - 2);
        } else if (content.endsWith("\n")) {
            content = content.substring(0, content.length() - 1);
        }
        if (content.isEmpty()) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "%s %s is empty".formatted(SASL_PASSWORD_FILE.name(), file));
        }
        return content;
    }

    /** The compacted topic that holds {@code topic}'s progress markers. */
    public static String progressTopic(String topic) {
        return topic + PROGRESS_TOPIC_SUFFIX;
    }

    public KafkaConfig withTopic(String newTopic) {
        return new KafkaConfig(bootstrapServers, newTopic, partitions, replicationFactor, security, saslUsername, saslPassword, tombstones, retries,
                retryBackoff, requestTimeout, transactionTimeout);
    }

    public KafkaConfig withTombstones(boolean newTombstones) {
        return new KafkaConfig(bootstrapServers, topic, partitions, replicationFactor, security, saslUsername, saslPassword, newTombstones, retries,
                retryBackoff, requestTimeout, transactionTimeout);
    }

    public KafkaConfig withRetries(int newRetries, Duration newRetryBackoff, Duration newRequestTimeout) {
        return new KafkaConfig(bootstrapServers, topic, partitions, replicationFactor, security, saslUsername, saslPassword, tombstones, newRetries,
                newRetryBackoff, newRequestTimeout, transactionTimeout);
    }

    public KafkaConfig withScram(String username, String password) {
        return new KafkaConfig(bootstrapServers, topic, partitions, replicationFactor, Security.SASL_SSL_SCRAM, Optional.of(username),
                Optional.of(password), tombstones, retries, retryBackoff, requestTimeout, transactionTimeout);
    }

    /** The same configuration with SASL PLAIN credentials over a plaintext connection (the embedded broker). */
    public KafkaConfig withSaslPlain(String username, String password) {
        return new KafkaConfig(bootstrapServers, topic, partitions, replicationFactor, Security.SASL_PLAINTEXT, Optional.of(username),
                Optional.of(password), tombstones, retries, retryBackoff, requestTimeout, transactionTimeout);
    }

    public KafkaConfig withSecurity(Security newSecurity) {
        return new KafkaConfig(bootstrapServers, topic, partitions, replicationFactor, newSecurity, saslUsername, saslPassword, tombstones, retries,
                retryBackoff, requestTimeout, transactionTimeout);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return ("KafkaConfig[bootstrapServers=%s, topic=%s, partitions=%d, replicationFactor=%d, security=%s, saslUsername=%s, saslPassword=%s, "
                + "tombstones=%s, retries=%d, retryBackoff=%s, requestTimeout=%s, transactionTimeout=%s]").formatted(
                bootstrapServers, topic, partitions, replicationFactor, security, saslUsername.orElse("<none>"),
                saslPassword.isPresent() ? MASK : "<none>", tombstones, retries, retryBackoff, requestTimeout, transactionTimeout);
    }

    static String bootstrapProblem(String value) {
        for (String server : value.split(",", -1)) {
            String trimmed = server.trim();
            int colon = trimmed.lastIndexOf(':');
            if (colon <= 0 || !trimmed.substring(colon + 1).matches("\\d{1,5}")
                    || Integer.parseInt(trimmed.substring(colon + 1)) < 1 || Integer.parseInt(trimmed.substring(colon + 1)) > 65535) {
                return "'%s' is not a list of host:port (example: 127.0.0.1:9092,b-1.msk.example:9096)".formatted(value);
            }
        }
        return null;
    }

    static String topicProblem(String value) {
        String topic = value.trim();
        if (!topic.matches("[A-Za-z0-9._-]+")) {
            return "invalid topic name '%s': only letters, digits, '.', '_' and '-' are allowed".formatted(value);
        }
        if (topic.equals(".") || topic.equals("..")) {
            return "invalid topic name '%s'".formatted(value);
        }
        if (topic.length() + PROGRESS_TOPIC_SUFFIX.length() > 249) {
            return "topic name '%s' is too long: at most %d characters (its progress topic adds '%s')".formatted(
                    value, 249 - PROGRESS_TOPIC_SUFFIX.length(), PROGRESS_TOPIC_SUFFIX);
        }
        return null;
    }
}
