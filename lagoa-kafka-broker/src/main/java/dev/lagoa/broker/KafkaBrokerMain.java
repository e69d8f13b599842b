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
 * kept in that folder, so every later start opens the same cluster. Prints {@value #READY} on stdout once a client
 * can connect; SIGTERM stops it cleanly.
 *
 * <pre>KafkaBrokerMain --data DIR --port N --controller-port M</pre>
 */
public final class KafkaBrokerMain {
    /** The line the local runtime waits for. */
    public static final String READY = "LAGOA-SERVICE-READY";
    static final int NODE_ID = 1;
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

        Files.createDirectories(data);
        String clusterId = clusterId(data);
        KafkaConfig config = KafkaConfig.fromProps(brokerProperties(data, port, controllerPort), false);
        format(config, clusterId, data);

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
            stopped.countDown();
        }, "lagoa-kafka-shutdown"));
        server.startup();
        awaitClients("127.0.0.1:" + port);
        System.out.println(READY + " kafka 127.0.0.1:" + port + " cluster " + clusterId);
        System.out.flush();
        stopped.await();
    }

    /** The broker's settings: a laptop's single node, reachable from this machine only. */
    static Properties brokerProperties(Path data, int port, int controllerPort) {
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", String.valueOf(NODE_ID));
        properties.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        properties.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
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

    /** Waits until a client can reach the broker and see its one node. */
    private static void awaitClients(String bootstrapServers) throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
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
        for (String required : List.of("--data", "--port", "--controller-port")) {
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
        return new IllegalArgumentException(problem + " (usage: KafkaBrokerMain --data DIR --port N --controller-port M)");
    }
}
