package dev.lagoa.sqs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;
import scala.Function0;

/**
 * The local SQS: ElasticMQ on 127.0.0.1, speaking the SQS protocol that the AWS SDK v2 client uses against AWS.
 * Queues (with their attributes, redrive policies included) and messages are kept in an H2 database in the data
 * folder, so they survive a restart. Clients reach it through {@link AuthenticatingFront} on the given port, which
 * asks for the workspace's access key (read from the access key file) and refuses what browsers send; ElasticMQ
 * itself listens on a second loopback port that the system picks. Prints {@value #READY} on stdout once it listens;
 * SIGTERM stops it cleanly.
 *
 * <pre>ElasticMqMain --data DIR --port N --access-key-file FILE</pre>
 */
public final class ElasticMqMain {
    /** The line the local runtime waits for. */
    public static final String READY = "LAGOA-SERVICE-READY";
    /** The region in queue ARNs; the SDK's region on AWS (us-east-1) so that ARNs look like the ones there. */
    static final String REGION = "us-east-1";
    static final String ACCOUNT_ID = "000000000000";
    private static final Duration READINESS_TIMEOUT = Duration.ofSeconds(60);

    private ElasticMqMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path data = Path.of(options.get("--data")).toAbsolutePath().normalize();
        int port = port(options.get("--port"));
        String accessKeyId = Files.readString(Path.of(options.get("--access-key-file")), StandardCharsets.UTF_8).trim();
        if (!accessKeyId.matches("[A-Za-z0-9]{16,}")) {
            throw usage("the access key file must hold at least 16 letters and digits");
        }
        Files.createDirectories(data);

        int backendPort = freeLoopbackPort();
        ElasticMQServer server = new ElasticMQServer(new ElasticMQServerConfig(config(data, port, backendPort)));
        Function0<?> shutdown = server.start();
        awaitListening(backendPort);
        AuthenticatingFront front = AuthenticatingFront.start(port, URI.create("http://127.0.0.1:" + backendPort + "/"), accessKeyId);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                front.close();
                shutdown.apply();
            } finally {
                stopped.countDown();
            }
        }, "lagoa-sqs-shutdown"));
        awaitListening(port);
        System.out.println(READY + " sqs http://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }

    /** A port of 127.0.0.1 that nothing listens on now. */
    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    /**
     * ElasticMQ's settings over its defaults: this machine only, no statistics server, persistence in {@code data}. It
     * listens on {@code backendPort}; queue URLs name {@code port}, where the authenticating front listens.
     */
    static Config config(Path data, int port, int backendPort) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("node-address.protocol", "http");
        settings.put("node-address.host", "127.0.0.1");
        settings.put("node-address.port", port);
        settings.put("node-address.context-path", "");
        settings.put("generate-node-address", false);
        settings.put("rest-sqs.enabled", true);
        settings.put("rest-sqs.bind-hostname", "127.0.0.1");
        settings.put("rest-sqs.bind-port", backendPort);
        settings.put("rest-sqs.sqs-limits", "strict");
        // The statistics UI would take a second, fixed port (9325).
        settings.put("rest-stats.enabled", false);
        settings.put("aws.region", REGION);
        settings.put("aws.accountId", ACCOUNT_ID);
        // Queues and their messages in H2: a message that was sent and not deleted is there after a restart.
        settings.put("messages-storage.enabled", true);
        settings.put("messages-storage.driver-class", "org.h2.Driver");
        settings.put("messages-storage.uri", "jdbc:h2:file:" + data.resolve("elasticmq").toString().replace('\\', '/'));
        settings.put("messages-storage.username", "");
        settings.put("messages-storage.password", "");
        settings.put("messages-storage.prune-data-on-init", false);
        settings.put("queues-storage.enabled", false);
        settings.put("pekko.loglevel", "INFO");
        // The shutdown hook above stops the server; Pekko must not race it with one of its own.
        settings.put("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
        return ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load()).resolve();
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + READINESS_TIMEOUT.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("ElasticMQ did not listen on 127.0.0.1:" + port + " within " + READINESS_TIMEOUT.toSeconds() + " s", e);
                }
            }
            Thread.sleep(100);
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
        for (String required : List.of("--data", "--port", "--access-key-file")) {
            if (!options.containsKey(required)) {
                throw usage("missing " + required);
            }
        }
        return options;
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 1 || port > 65535) {
                throw usage("--port must be between 1 and 65535: " + port);
            }
            return port;
        } catch (NumberFormatException e) {
            throw usage("--port is not a port: " + value);
        }
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(problem + " (usage: ElasticMqMain --data DIR --port N --access-key-file FILE)");
    }
}
