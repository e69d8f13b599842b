package dev.lagoa.local.services;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.PostgresConfig;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.local.Workspace;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local runtime's PostgreSQL: the PostgreSQL 17 binaries from Maven Central (zonky) run as a postgres server on
 * 127.0.0.1:{@code services.postgres.port} (by default a free port chosen at each start, which the server records in
 * its {@code postmaster.pid}), its data in {@code services/postgres/data/} of the workspace, surviving restarts. The superuser {@value #USER} has a generated password kept in {@code services/postgres/password} (mode
 * 600); every connection, local socket included, must give it: initdb creates the cluster with it, and a cluster
 * found trusting connections (a first start interrupted under an earlier version) is made to ask for it. A server
 * already running for the workspace (started by another Lagoa process) is found by its {@code postmaster.pid}:
 * {@link #start} then refuses with {@code SERVICE_ALREADY_RUNNING} and {@link #running} gives its connection.
 * Closing stops the server this process started (a JVM shutdown hook does the same).
 */
public final class EmbeddedPostgres implements Closeable {
    public static final String NAME = "postgres";
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";
    private static final int PASSWORD_LENGTH = 32;
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final PostgresConfig connection;
    private final Path dataFolder;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, PostgresConfig connection, Path dataFolder) {
        this.server = server;
        this.connection = connection;
        this.dataFolder = dataFolder;
    }

    /**
     * Starts the server (creating its database cluster on the first start) and returns once it accepts connections.
     *
     * A free port that another program takes before the server binds it is replaced by a new one (a few times).
     *
     * @throws LagoaException {@code SERVICE_ALREADY_RUNNING} when a server already runs on the workspace's data,
     *         {@code SERVICE_PORT_IN_USE} when the configured port is taken, {@code SERVICE_START_FAILED} when it does
     *         not start (the message names its log)
     */
    public static EmbeddedPostgres start(Workspace workspace, ServicesConfig config) {
        requireNonNull(workspace, "workspace is null");
        requireNonNull(config, "config is null");
        boolean free = config.postgresPort() == 0;
        for (int attempt = 1; ; attempt++) {
            int port = free ? FreePorts.choose(1).get(0) : config.postgresPort();
            try {
                return start(workspace, config, port);
            } catch (LagoaException e) {
                if (!free || e.errorCode() != ErrorCode.SERVICE_START_FAILED || !FreePorts.isTaken(port) || attempt >= FreePorts.ATTEMPTS) {
                    throw e;
                }
                LOG.warn("{} did not start: another program took the free port {} it was given; starting it on a new one", NAME, port);
            }
        }
    }

    private static EmbeddedPostgres start(Workspace workspace, ServicesConfig config, int port) {
        Path data = dataFolder(workspace);
        Path log = workspace.serviceLogs().resolve(NAME + ".log");
        Optional<PostgresConfig> running = running(workspace);
        if (running.isPresent()) {
            throw new LagoaException(ErrorCode.SERVICE_ALREADY_RUNNING,
                    "Cannot start %s: it is already running for the workspace %s (%s); stop that process first".formatted(
                            NAME, workspace.home(), running.get().jdbcUrl()));
        }
        refuseWhenPortIsTaken(port);
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres server = null;
        try {
            Files.createDirectories(data);
            Files.createDirectories(workspace.serviceLogs());
            String password = password(workspace);
            // initdb runs when there is no postgresql.conf; a cluster made by an earlier version, or by a first start
            // interrupted before the password was set, may still trust every connection: pg_hba.conf tells
            boolean trusting = Files.exists(data.resolve("postgresql.conf")) && trusts(data.resolve("pg_hba.conf"));
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setPGStartupWait(config.startTimeout())
                    // initdb's own options (zonky passes these as --name=value after its "-A trust"): the cluster is
                    // created with the password set and asked for by every line of pg_hba.conf, never trusting anyone
                    .setLocaleConfig("auth", "scram-sha-256")
                    .setLocaleConfig("pwfile", passwordFile(workspace).toString())
                    .setConnectConfig("password", password)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
            try {
                server = builder.start();
            } catch (IOException | RuntimeException e) {
                // zonky leaves the postmaster it started running when it cannot connect to it
                stopLeftOverPostmaster(data);
                throw e;
            }
            if (trusting) {
                LOG.warn("{}: the cluster in {} trusted every connection (its first start was interrupted); it now asks for the password", NAME, data);
                requirePassword(server, data, password);
            }
            PostgresConfig connection = connection(port, password);
            LOG.info("Started {} on 127.0.0.1:{}, data {}, log {}", NAME, port, data, log);
            return new EmbeddedPostgres(server, connection, data);
        } catch (IOException | SQLException | RuntimeException e) {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException | RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            if (e instanceof LagoaException lagoa) {
                throw lagoa;
            }
            throw new LagoaException(ErrorCode.SERVICE_START_FAILED, "Cannot start %s on 127.0.0.1:%d: %s; see %s".formatted(
                    NAME, port, e.getMessage(), log), e);
        }
    }

    /** Whether a line of {@code pg_hba.conf} (comments aside) lets a connection in without a password. */
    private static boolean trusts(Path hba) throws IOException {
        if (!Files.exists(hba)) {
            return false;
        }
        for (String line : Files.readAllLines(hba, StandardCharsets.UTF_8)) {
            String rule = line.strip();
            if (!rule.startsWith("#") && rule.matches(".*\\btrust\\b.*")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops the postmaster that a failed start left running on {@code data}: the process named by its
     * {@code postmaster.pid}, when it is alive and started when the file says (a recycled process id is left alone).
     */
    private static void stopLeftOverPostmaster(Path data) {
        Path pidFile = data.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            // postmaster.pid: pid, data directory, start time (epoch seconds), port, ...
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.size() < 3) {
                return;
            }
            long startedSecond = Long.parseLong(lines.get(2).trim());
            Optional<ProcessHandle> postmaster = ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> handle.info().startInstant()
                            .map(started -> Math.abs(started.getEpochSecond() - startedSecond) <= 2).orElse(false));
            if (postmaster.isEmpty()) {
                return;
            }
            // SIGTERM: a smart shutdown, and nobody is connected
            postmaster.get().destroy();
            try {
                postmaster.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                postmaster.get().destroyForcibly();
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warn("Cannot wait for the postmaster of {} to stop: {}", data, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } catch (IOException | NumberFormatException e) {
            LOG.warn("Cannot stop the postmaster left running on {}: {}", data, e.getMessage());
        }
    }

    /**
     * The connection of the server already running on the workspace's data (started by this or another Lagoa
     * process), or empty when none runs.
     */
    public static Optional<PostgresConfig> running(Workspace workspace) {
        requireNonNull(workspace, "workspace is null");
        Path pidFile = dataFolder(workspace).resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, ...
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            int port = Integer.parseInt(lines.get(3).trim());
            if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(connection(port, password(workspace)));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Where the server keeps its database cluster. */
    public static Path dataFolder(Workspace workspace) {
        return workspace.services().resolve(NAME).resolve("data");
    }

    /** The file that holds the generated password. */
    public static Path passwordFile(Workspace workspace) {
        return workspace.services().resolve(NAME).resolve("password");
    }

    /** The JDBC URL, user and password of this server. */
    public PostgresConfig connection() {
        return connection;
    }

    public Path dataFolder() {
        return dataFolder;
    }

    /** Stops the server ({@code pg_ctl stop -m fast}); its data stays. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("Cannot stop {}: {}", NAME, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[" + connection.jdbcUrl() + "]";
    }

    private static PostgresConfig connection(int port, String password) {
        return new PostgresConfig("jdbc:postgresql://127.0.0.1:%d/%s".formatted(port, DATABASE), USER, Optional.of(password));
    }

    /**
     * A cluster that trusts every connection (made by an earlier version, or by a first start interrupted before this
     * ran) is repaired: the password is set (sent as a SCRAM verifier, never as SQL text), then every line of
     * pg_hba.conf asks for it.
     */
    private static void requirePassword(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path data, String password)
            throws SQLException, IOException {
        try (Connection connection = server.getPostgresDatabase().getConnection()) {
            connection.unwrap(PGConnection.class).alterUserPassword(USER, password.toCharArray(), "scram-sha-256");
        }
        Path hba = data.resolve("pg_hba.conf");
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(hba, StandardCharsets.UTF_8)) {
            lines.add(line.startsWith("#") ? line : line.replaceAll("\\btrust\\b", "scram-sha-256"));
        }
        Files.write(hba, lines, StandardCharsets.UTF_8);
        try (Connection connection = server.getPostgresDatabase().getConnection();
                var statement = connection.createStatement()) {
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    /** The workspace's generated password, created (mode 600) on first use. */
    private static synchronized String password(Workspace workspace) throws IOException {
        Path file = passwordFile(workspace);
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        Files.createDirectories(file.getParent());
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        Path temporary = file.resolveSibling("password.tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary);
        }
        Files.writeString(temporary, password, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return password.toString();
    }

    private static void refuseWhenPortIsTaken(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.SERVICE_PORT_IN_USE,
                    "Cannot start %s: port %d on 127.0.0.1 is already in use (%s); stop the program that holds it or choose another port".formatted(
                            NAME, port, ServicesConfig.POSTGRES_PORT.name()));
        }
    }

    /** Opens a connection to a server given by its configuration (a helper for tools and tests). */
    public static Connection open(PostgresConfig config) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", config.user());
        config.password().ifPresent(password -> properties.setProperty("password", password));
        return DriverManager.getConnection(config.jdbcUrl(), properties);
    }
}
