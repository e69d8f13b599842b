package dev.lagoa.broker;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A single-node Kafka for a laptop: one KRaft process that is both broker and controller, listening on 127.0.0.1
 * only, with its logs and metadata in one folder. The storage is formatted on the first start with a cluster id
 * kept in that folder, so every later start opens the same cluster. Both listeners (clients' and controller's) ask
 * for SASL PLAIN credentials: user {@value #USERNAME} and the password in the password file (loopback is reachable by
 * every program of the machine). Prints {@value #READY} on stdout once a client can connect; SIGTERM stops it
 * cleanly.
 *
 * <pre>KafkaBrokerMain --data DIR --port N --controller-port M --password-file FILE</pre>
 */
public final class KafkaBrokerMain {
    /** The line the local runtime waits for. */
    public static final String READY = "LAGOA-SERVICE-READY";
    static final int NODE_ID = 1;
    /** The one user of the broker: the workspace's clients and the broker itself. */
    static final String USERNAME = "lagoa";
    static final String PLAIN_LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final Duration READINESS_TIMEOUT = Duration.ofSeconds(60);

    private KafkaBrokerMain() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "lagoa-kafka-log4j2.xml");
        }
        Map<String, String> options = parse(args);
        Path data = Path.of(options.get("--data")).toAbsolutePath().normalize();
        int port = port(options, "--port");
        int controllerPort = port(options, "--controller-port");
        if (port == controllerPort) {
            throw usage("--port and --controller-port must differ (both are " + port + ")");
        }

        String password = password(Path.of(options.get("--password-file")));

        Files.createDirectories(data);
        String clusterId = clusterId(data);
        KafkaConfig config = KafkaConfig.fromProps(brokerProperties(data, port, controllerPort, password), false);
        format(config, clusterId, data);

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
            stopped.countDown();
        }, "lagoa-kafka-shutdown"));
        server.startup();
        awaitClients("127.0.0.1:" + port, password);
        System.out.println(READY + " kafka 127.0.0.1:" + port + " cluster " + clusterId);
        System.out.flush();
        stopped.await();
    }

    /**
     * The broker's settings: a laptop's single node, reachable from this machine only, and only with the workspace's
     * credentials (SASL PLAIN on both listeners; the broker logs in to itself with the same user).
     */
    static Properties brokerProperties(Path data, int port, int controllerPort, String password) {
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", String.valueOf(NODE_ID));
        properties.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        properties.put("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        properties.put("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port);
        properties.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        properties.put("sasl.enabled.mechanisms", "PLAIN");
        properties.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        properties.put("sasl.mechanism.controller.protocol", "PLAIN");
        String jaas = PLAIN_LOGIN_MODULE + " required username=\"%s\" password=\"%s\" user_%s=\"%s\";".formatted(USERNAME, password, USERNAME, password);
        properties.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas);
        properties.put("listener.name.controller.plain.sasl.jaas.config", jaas);
        properties.put("log.dirs", data.resolve("logs").toString());
        // One node: every internal topic has one replica, and one in-sync replica is enough.
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "5");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "5");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("default.replication.factor", "1");
        properties.put("min.insync.replicas", "1");
        // Topics are declared (as on MSK with auto creation off), and a lone consumer starts at once.
        properties.put("auto.create.topics.enable", "false");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("num.partitions", "1");
        return properties;
    }

    /** The cluster id of this data folder: created once, then read on every start. */
    static String clusterId(Path data) throws IOException {
        Path file = data.resolve("cluster.id");
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = Uuid.randomUuid().toString();
        Path temporary = data.resolve("cluster.id.tmp");
        Files.writeString(temporary, id + System.lineSeparator(), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return id;
    }

    /** Formats the log directories unless they already are (then it leaves them alone). */
    private static void format(KafkaConfig config, String clusterId, Path data) throws Exception {
        if (Files.exists(data.resolve("logs").resolve("meta.properties"))) {
            return;
        }
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(System.out, true, StandardCharsets.UTF_8))
                .setNodeId(config.nodeId())
                .setClusterId(clusterId)
                .setIgnoreFormatted(true)
                .setUnstableFeatureVersionsEnabled(false)
                .setControllerListenerName(config.controllerListenerNames().get(0))
                .setMetadataLogDirectory(config.metadataLogDir())
                .setDirectories(List.of(data.resolve("logs").toString()));
        formatter.run();
    }

    /** The password: the file's content, without surrounding white space; it holds letters and digits only. */
    static String password(Path file) throws IOException {
        String password = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!password.matches("[A-Za-z0-9]{16,}")) {
            throw usage("the password file " + file + " must hold at least 16 letters and digits");
        }
        return password;
    }

    /** Waits until a client can reach the broker and see its one node. */
    private static void awaitClients(String bootstrapServers, String password) throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        properties.put("sasl.mechanism", "PLAIN");
        properties.put("sasl.jaas.config", PLAIN_LOGIN_MODULE + " required username=\"%s\" password=\"%s\";".formatted(USERNAME, password));
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        long deadline = System.nanoTime() + READINESS_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(properties)) {
            while (true) {
                try {
                    int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000)).nodes().get(10, TimeUnit.SECONDS).size();
                    if (nodes > 0) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("The broker did not accept clients within " + READINESS_TIMEOUT.toSeconds() + " s", e);
                    }
                }
                Thread.sleep(200);
            }
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw usage("missing value for " + args[i]);
            }
            options.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--data", "--port", "--controller-port", "--password-file")) {
            if (!options.containsKey(required)) {
                throw usage("missing " + required);
            }
        }
        return options;
    }

    private static int port(Map<String, String> options, String name) {
        try {
            int port = Integer.parseInt(options.get(name));
            if (port < 1 || port > 65535) {
                throw usage(name + " must be between 1 and 65535: " + port);
            }
            return port;
        } catch (NumberFormatException e) {
            throw usage(name + " is not a port: " + options.get(name));
        }
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(problem + " (usage: KafkaBrokerMain --data DIR --port N --controller-port M --password-file FILE)");
    }
}
