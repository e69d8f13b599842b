package dev.lagoa.aws;

import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.core.queue.MessageQueue;
import dev.lagoa.core.queue.MessageQueueContractTest;
import dev.lagoa.local.Workspace;
import dev.lagoa.local.services.EmbeddedElasticMq;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The SQS adapter against the real ElasticMQ the local runtime embeds (the same client code talks to SQS on AWS). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqsMessageQueueIT extends MessageQueueContractTest {
    private EmbeddedElasticMq server;
    private SqsMessageQueue queues;

    @BeforeAll
    void start(@TempDir Path temp) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = socket.getLocalPort();
        }
        ServicesConfig config = new ServicesConfig(port, 1, 2, "", System.getProperty("lagoa.services.sqs.classpath"), Duration.ofSeconds(60), "256m");
        Workspace workspace = Workspace.open(temp.resolve("home"));
        server = EmbeddedElasticMq.start(workspace, config);
        // the local SQS asks for the workspace's access key id
        queues = SqsMessageQueue.create(AwsConfig.defaults(EmbeddedElasticMq.REGION)
                .withEndpointOverride(server.endpoint())
                .withStaticCredentials(EmbeddedElasticMq.accessKeyId(workspace), "any"));
    }

    @AfterAll
    void stop() {
        if (queues != null) {
            queues.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected MessageQueue queues() {
        return queues;
    }
}
