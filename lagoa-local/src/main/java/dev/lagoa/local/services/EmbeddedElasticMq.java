package dev.lagoa.local.services;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.local.JobClassArchive;
import dev.lagoa.local.Workspace;
import java.io.Closeable;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The local runtime's SQS: ElasticMQ on 127.0.0.1 ({@code services.sqs.port}, by default a free port chosen at each
 * start and recorded in {@code services/sqs.pid}), started as a child JVM on {@code services.sqs.classpath}. Queues
 * and messages are kept in {@code services/sqs/} of the workspace and survive a restart. The same AWS SDK v2 client
 * code talks to it (with {@link #endpoint()} as the endpoint override, the workspace's {@link #accessKeyId} as static
 * credentials and region {@value #REGION}) and to SQS. Loopback is not a boundary, so the server refuses a request
 * without that access key id in its SigV4 {@code Authorization} header, and any request a web browser sends; the
 * signature itself is not checked. Closing stops the server.
 */
public final class EmbeddedElasticMq implements Closeable {
    public static final String NAME = "sqs";
    /** The region in the queues' ARNs. */
    public static final String REGION = "us-east-1";
    /** The account id in the queues' URLs and ARNs. */
    public static final String ACCOUNT_ID = "000000000000";
    /** In the lagoa-sqs-server module, which the control plane never loads: named, not imported. */
    static final String MAIN_CLASS = "dev.lagoa.sqs.ElasticMqMain";

    private final ServiceProcess process;
    private final Path dataFolder;
    private final int port;

    private EmbeddedElasticMq(ServiceProcess process, Path dataFolder, int port) {
        this.process = process;
        this.dataFolder = dataFolder;
        this.port = port;
    }

    /**
     * Starts the server and returns once it listens, with the queues and messages of the previous run.
     *
     * @throws LagoaException as {@link ServiceProcess#start} does; {@code INVALID_CONFIGURATION} without a classpath
     */
    public static EmbeddedElasticMq start(Workspace workspace, ServicesConfig config) {
        requireNonNull(workspace, "workspace is null");
        requireNonNull(config, "config is null");
        Path data = dataFolder(workspace);
        accessKeyId(workspace);
        ServiceProcess process = ServiceProcess.start(workspace, new ServiceProcess.Definition(
                NAME,
                MAIN_CLASS,
                ServiceProcess.requireClasspath(NAME, config.sqsClasspath(), ServicesConfig.SQS_CLASSPATH),
                config.memory(),
                ports -> List.of("--data", data.toString(), "--port", String.valueOf(ports.get(ServicesConfig.SQS_PORT.name())),
                        "--access-key-file", accessKeyFile(workspace).toString()),
                List.of(new ServiceProcess.Port(ServicesConfig.SQS_PORT.name(), config.sqsPort())),
                data,
                config.startTimeout(),
                config.classDataSharing() ? Optional.of(JobClassArchive.defaultFolder()) : Optional.empty()));
        return new EmbeddedElasticMq(process, data, process.port(ServicesConfig.SQS_PORT.name()));
    }

    /**
     * The SQS endpoint of the server that runs for {@code workspace} (started by this or another Lagoa process), as
     * its pid file records it; empty when none runs.
     */
    public static Optional<URI> runningEndpoint(Workspace workspace) {
        return ServiceProcess.running(workspace, NAME).flatMap(running -> running.port(ServicesConfig.SQS_PORT.name())).map(EmbeddedElasticMq::endpoint);
    }

    private static URI endpoint(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The file that holds the workspace's generated access key id. */
    public static Path accessKeyFile(Workspace workspace) {
        return dataFolder(workspace).resolve("access-key");
    }

    /**
     * The access key id that the server asks for, generated (mode 600) on first use. Clients sign with it and any
     * secret access key (the signature is not checked).
     */
    public static String accessKeyId(Workspace workspace) {
        return ServiceCredentials.secret(NAME, accessKeyFile(workspace));
    }

    /** Where the server keeps its queues and messages. */
    public static Path dataFolder(Workspace workspace) {
        return workspace.services().resolve(NAME);
    }

    /** The SQS endpoint: {@code http://127.0.0.1:<port>}, the port configured or chosen for this start. */
    public URI endpoint() {
        return endpoint(port);
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

    /** Stops the server: a clean shutdown first, then forcibly. */
    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "EmbeddedElasticMq[" + endpoint() + ", pid " + pid() + "]";
    }
}
