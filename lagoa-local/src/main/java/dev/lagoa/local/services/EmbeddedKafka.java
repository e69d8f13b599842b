package dev.lagoa.local.services;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.KafkaConfig;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.local.JobClassArchive;
import dev.lagoa.local.Workspace;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The local runtime's Kafka: a real single-node KRaft broker (broker and controller in one JVM) on 127.0.0.1
 * ({@code services.kafka.port} and {@code services.kafka.controller-port}, by default free ports chosen at each start
 * and recorded in {@code services/kafka.pid}), started
 * as a child JVM on {@code services.kafka.classpath}, with its data in {@code services/kafka/} of the workspace. The
 * same Kafka client code talks to it and to MSK. Topics are not created automatically. Its listeners ask for SASL
 * PLAIN credentials: user {@value #USERNAME} and a password generated for the workspace in
 * {@code services/kafka/password} (mode 600), since any program of the machine reaches 127.0.0.1. Closing stops the
 * broker.
 */
public final class EmbeddedKafka implements Closeable {
    public static final String NAME = "kafka";
    /** In the lagoa-kafka-broker module, which the control plane never loads: named, not imported. */
    static final String MAIN_CLASS = "dev.lagoa.broker.KafkaBrokerMain";
    /** The SASL PLAIN user of the broker. */
    public static final String USERNAME = "lagoa";

    private final ServiceProcess process;
    private final Path dataFolder;
    private final int port;
    private final String password;

    private EmbeddedKafka(ServiceProcess process, Path dataFolder, int port, String password) {
        this.process = process;
        this.dataFolder = dataFolder;
        this.port = port;
        this.password = password;
    }

    /**
     * Starts the broker and returns once clients can connect. The first start formats the data folder; later ones
     * open the same cluster with its topics and records.
     *
     * @throws LagoaException as {@link ServiceProcess#start} does; {@code INVALID_CONFIGURATION} without a classpath
     */
    public static EmbeddedKafka start(Workspace workspace, ServicesConfig config) {
        requireNonNull(workspace, "workspace is null");
        requireNonNull(config, "config is null");
        Path data = dataFolder(workspace);
        password(workspace);
        ServiceProcess process = ServiceProcess.start(workspace, new ServiceProcess.Definition(
                NAME,
                MAIN_CLASS,
                ServiceProcess.requireClasspath(NAME, config.kafkaClasspath(), ServicesConfig.KAFKA_CLASSPATH),
                config.memory(),
                ports -> List.of("--data", data.toString(), "--port", String.valueOf(ports.get(ServicesConfig.KAFKA_PORT.name())),
                        "--controller-port", String.valueOf(ports.get(ServicesConfig.KAFKA_CONTROLLER_PORT.name())),
                        "--password-file", passwordFile(workspace).toString()),
                List.of(new ServiceProcess.Port(ServicesConfig.KAFKA_PORT.name(), config.kafkaPort()),
                        new ServiceProcess.Port(ServicesConfig.KAFKA_CONTROLLER_PORT.name(), config.kafkaControllerPort())),
                data,
                config.startTimeout(),
                config.classDataSharing() ? Optional.of(JobClassArchive.defaultFolder()) : Optional.empty()));
        return new EmbeddedKafka(process, data, process.port(ServicesConfig.KAFKA_PORT.name()), password(workspace));
    }

    /**
     * The {@code bootstrap.servers} of the broker that runs for {@code workspace} (started by this or another Lagoa
     * process), as its pid file records it; empty when none runs.
     */
    public static Optional<String> runningBootstrapServers(Workspace workspace) {
        return ServiceProcess.running(workspace, NAME).flatMap(running -> running.port(ServicesConfig.KAFKA_PORT.name())).map(port -> "127.0.0.1:" + port);
    }

    /** The file that holds the broker's generated password. */
    public static Path passwordFile(Workspace workspace) {
        return dataFolder(workspace).resolve("password");
    }

    /** The workspace's broker password, generated (mode 600) on first use. */
    public static String password(Workspace workspace) {
        return ServiceCredentials.secret(NAME, passwordFile(workspace));
    }

    /**
     * How a client reaches the broker of {@code workspace} at {@code bootstrapServers}: {@code base} (topic, timeouts)
     * with the workspace's SASL PLAIN credentials.
     */
    public static KafkaConfig clientConfig(Workspace workspace, KafkaConfig base) {
        return base.withSaslPlain(USERNAME, password(workspace));
    }

    /** The client configuration of this broker: its address and credentials, the defaults otherwise. */
    public KafkaConfig clientConfig() {
        return KafkaConfig.plaintext(bootstrapServers()).withSaslPlain(USERNAME, password);
    }

    /** Where the broker keeps its cluster id, metadata and topic logs. */
    public static Path dataFolder(Workspace workspace) {
        return workspace.services().resolve(NAME);
    }

    /** The {@code bootstrap.servers} of the broker: {@code 127.0.0.1:<port>}, the port configured or chosen for this start. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataFolder() {
        return dataFolder;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return process.logFile();
    }

    /** Stops the broker: a clean shutdown first, then forcibly. */
    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + ", pid " + pid() + "]";
    }
}
