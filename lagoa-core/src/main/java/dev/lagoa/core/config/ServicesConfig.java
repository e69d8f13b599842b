package dev.lagoa.core.config;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.time.Duration;
import java.util.List;

/**
 * The embedded services of the local runtime: a KRaft Kafka broker and ElasticMQ (the SQS protocol), each a child
 * JVM on its own classpath, and PostgreSQL (the postgres binaries), bound to 127.0.0.1 with their data in the workspace.
 * A port of {@value #FREE_PORT} (the default) is a free port chosen at each start and recorded in the workspace, where
 * every command of the workspace finds it, so that two workspaces, or a test and a demo, run side by side; any other
 * port is used as given. With {@code classDataSharing}, the Kafka and ElasticMQ JVMs map a class archive of their
 * classpath, which each records the first time it stops on a machine.
 */
public record ServicesConfig(int sqsPort, int kafkaPort, int kafkaControllerPort, String kafkaClasspath, String sqsClasspath,
        Duration startTimeout, String memory, int postgresPort, boolean classDataSharing) {
    /** The port value that asks for a free port, chosen at each start. */
    public static final int FREE_PORT = 0;

    public static final ConfigField SQS_PORT = ConfigField.create("services.sqs.port", ConfigType.INT, "0",
                    "Port of the local SQS endpoint (ElasticMQ) on 127.0.0.1; its endpoint is http://127.0.0.1:<port>. "
                            + "0: a free port chosen at each start and recorded in the workspace (services/sqs.pid).")
            .withValidator(Validators.portOrFree());
    public static final ConfigField KAFKA_PORT = ConfigField.create("services.kafka.port", ConfigType.INT, "0",
                    "Port of the local Kafka broker's client listener on 127.0.0.1 (bootstrap servers 127.0.0.1:<port>). "
                            + "0: a free port chosen at each start and recorded in the workspace (services/kafka.pid).")
            .withValidator(Validators.portOrFree());
    public static final ConfigField KAFKA_CONTROLLER_PORT = ConfigField.create("services.kafka.controller-port", ConfigType.INT, "0",
                    "Port of the local Kafka broker's KRaft controller listener on 127.0.0.1 (the broker is its own controller). "
                            + "0: a free port chosen at each start.")
            .withValidator(Validators.portOrFree());
    public static final ConfigField KAFKA_CLASSPATH = ConfigField.create("services.kafka.classpath", ConfigType.STRING, "",
            "Classpath of the local Kafka broker's JVM: Kafka (Scala 2.13) and its dependencies (the lagoa launcher sets it to its lib/kafka folder).");
    public static final ConfigField SQS_CLASSPATH = ConfigField.create("services.sqs.classpath", ConfigType.STRING, "",
            "Classpath of the local SQS server's JVM: ElasticMQ (Scala 2.13) and its dependencies (the lagoa launcher sets it to its lib/sqs folder).");
    public static final ConfigField START_TIMEOUT = ConfigField.create("services.start-timeout", ConfigType.DURATION, "60s",
            "Longest a local service may take to accept connections before its start fails (its log's last lines are shown).");
    public static final ConfigField MEMORY = ConfigField.create("services.memory", ConfigType.STRING, "512m",
                    "Heap (-Xmx) of each local service's JVM.")
            .withValidator(Validators.memorySize());

    public static final ConfigField POSTGRES_PORT = ConfigField.create("services.postgres.port", ConfigType.INT, "0",
                    "Port of the local PostgreSQL on 127.0.0.1. 0: a free port chosen at each start and recorded in the workspace "
                            + "(services/postgres/data/postmaster.pid); lagoa pg url prints it.")
            .withValidator(Validators.portOrFree());

    public static final ConfigField CLASS_DATA_SHARING = ConfigField.create("services.class-data-sharing", ConfigType.BOOLEAN, "true",
            "The local Kafka broker and SQS server map an archive of their classes (Java AppCDS, in ~/.cache/lagoa, one per JDK "
                    + "and classpath) and start about a second sooner; the first start on a machine records it as the service stops.");

    public ServicesConfig {
        requireNonNull(kafkaClasspath, "kafkaClasspath is null");
        requireNonNull(sqsClasspath, "sqsClasspath is null");
        requireNonNull(startTimeout, "startTimeout is null");
        requireNonNull(memory, "memory is null");
        if (kafkaPort != FREE_PORT && kafkaPort == kafkaControllerPort) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION,
                    "Invalid configuration: %s and %s are both %d; the broker needs two ports".formatted(
                            KAFKA_PORT.name(), KAFKA_CONTROLLER_PORT.name(), kafkaPort));
        }
    }

    /** The services without class archives. */
    public ServicesConfig(int sqsPort, int kafkaPort, int kafkaControllerPort, String kafkaClasspath, String sqsClasspath,
            Duration startTimeout, String memory, int postgresPort) {
        this(sqsPort, kafkaPort, kafkaControllerPort, kafkaClasspath, sqsClasspath, startTimeout, memory, postgresPort, false);
    }

    /** The services without class archives, PostgreSQL on a free port. */
    public ServicesConfig(int sqsPort, int kafkaPort, int kafkaControllerPort, String kafkaClasspath, String sqsClasspath,
            Duration startTimeout, String memory) {
        this(sqsPort, kafkaPort, kafkaControllerPort, kafkaClasspath, sqsClasspath, startTimeout, memory, FREE_PORT);
    }

    public static List<ConfigField> fields() {
        return List.of(SQS_PORT, KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_CLASSPATH, SQS_CLASSPATH, START_TIMEOUT, MEMORY, CLASS_DATA_SHARING, POSTGRES_PORT, ConsoleConfig.PORT);
    }

    public static ServicesConfig from(Configuration configuration) {
        return new ServicesConfig(
                configuration.getInt(SQS_PORT),
                configuration.getInt(KAFKA_PORT),
                configuration.getInt(KAFKA_CONTROLLER_PORT),
                configuration.get(KAFKA_CLASSPATH) == null ? "" : configuration.get(KAFKA_CLASSPATH),
                configuration.get(SQS_CLASSPATH) == null ? "" : configuration.get(SQS_CLASSPATH),
                configuration.getDuration(START_TIMEOUT),
                configuration.require(MEMORY),
                configuration.getInt(POSTGRES_PORT),
                configuration.getBoolean(CLASS_DATA_SHARING));
    }

    /** The same configuration with the services' classpaths set (tests and launchers that know where they are). */
    public ServicesConfig withClasspaths(String newKafkaClasspath, String newSqsClasspath) {
        return new ServicesConfig(sqsPort, kafkaPort, kafkaControllerPort, newKafkaClasspath, newSqsClasspath, startTimeout, memory, postgresPort, classDataSharing);
    }

    /** The same configuration with PostgreSQL on {@code newPostgresPort}. */
    public ServicesConfig withPostgresPort(int newPostgresPort) {
        return new ServicesConfig(sqsPort, kafkaPort, kafkaControllerPort, kafkaClasspath, sqsClasspath, startTimeout, memory, newPostgresPort, classDataSharing);
    }
}
