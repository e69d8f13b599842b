package dev.lagoa.local.services;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.ConfigField;
import dev.lagoa.local.Workspace;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded service of the local runtime as a child JVM: {@code java -cp <classpath> <main> <arguments>} in its
 * own working folder, its output appended to {@code logs/services/<name>.log} in the workspace, its process id and
 * the ports it listens on in {@code services/<name>.pid}, where every other Lagoa process of the workspace finds them
 * ({@link #running}). A port configured as 0 is chosen free on 127.0.0.1 at each start, so that workspaces coexist;
 * when another program takes a chosen port before the service binds it, the service is started again on new ports.
 * {@link #start} returns once the service printed {@value #READY_LINE}; it refuses to start when a live process
 * already holds the pid file or when a configured port is taken. {@link #close} stops it politely (SIGTERM), then
 * forcibly with every process it started. A JVM shutdown hook does the same when the process that started it exits.
 */
public final class ServiceProcess implements Closeable {
    /** The line a service's main prints on stdout once it accepts connections. */
    public static final String READY_LINE = "LAGOA-SERVICE-READY";
    /** Kafka flushes and closes its logs on SIGTERM; this is how long it may take before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 25;
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);

    /**
     * A port the service listens on, and the configuration key that sets it (named in messages and in the pid file).
     * {@code 0}: a free port, chosen at each start.
     */
    public record Port(String configurationKey, int number) {
        public Port {
            requireNonNull(configurationKey, "configurationKey is null");
            if (!configurationKey.matches("[a-z][a-z0-9.-]*")) {
                throw new IllegalArgumentException("Configuration keys are dotted.lower-kebab: " + configurationKey);
            }
            if (number < 0 || number > 65535) {
                throw new IllegalArgumentException("Not a TCP port: " + number);
            }
        }

        /** Whether the port is chosen free at each start rather than configured. */
        public boolean isChosenFree() {
            return number == 0;
        }
    }

    /** The command line of a service, given the ports it listens on this start (by configuration key). */
    @FunctionalInterface
    public interface Arguments {
        List<String> with(Map<String, Integer> ports);
    }

    /** A service that runs for a workspace, as its pid file records it: its process and the ports it listens on. */
    public record Running(String name, long pid, Map<String, Integer> ports) {
        public Running {
            requireNonNull(name, "name is null");
            ports = Map.copyOf(requireNonNull(ports, "ports is null"));
        }

        /** The port recorded for {@code configurationKey}, or empty when the pid file does not record it. */
        public Optional<Integer> port(String configurationKey) {
            return Optional.ofNullable(ports.get(configurationKey));
        }
    }

    /**
     * What to start.
     *
     * @param name the service's name: its log, pid file and messages use it ({@code kafka}, {@code sqs})
     * @param memory the child's heap ({@code -Xmx}), such as {@code 512m}
     * @param classArchives the folder of the services' class archives ({@link ServiceClassArchive}); empty: none
     */
    public record Definition(String name, String mainClass, String classpath, String memory, Arguments arguments,
            List<Port> ports, Path workingDirectory, Duration startTimeout, Optional<Path> classArchives) {
        /** A service without a class archive. */
        public Definition(String name, String mainClass, String classpath, String memory, Arguments arguments, List<Port> ports, Path workingDirectory,
                Duration startTimeout) {
            this(name, mainClass, classpath, memory, arguments, ports, workingDirectory, startTimeout, Optional.empty());
        }

        public Definition {
            requireNonNull(classArchives, "classArchives is null");
            requireNonNull(name, "name is null");
            requireNonNull(mainClass, "mainClass is null");
            requireNonNull(classpath, "classpath is null");
            requireNonNull(memory, "memory is null");
            requireNonNull(arguments, "arguments is null");
            ports = List.copyOf(requireNonNull(ports, "ports is null"));
            requireNonNull(workingDirectory, "workingDirectory is null");
            requireNonNull(startTimeout, "startTimeout is null");
            if (!name.matches("[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException("Service names are lower-kebab: " + name);
            }
        }
    }

    private final Definition definition;
    private final Map<String, Integer> ports;
    private final Process process;
    private final Path pidFile;
    private final Path logFile;
    /** Where this start's output begins in the log (earlier starts appended theirs before it). */
    private final long logStart;
    private final Thread shutdownHook;
    /** The class archive this start maps or records, if any. */
    private final ServiceClassArchive classArchive;
    private boolean closed;

    private ServiceProcess(Definition definition, Map<String, Integer> ports, Process process, Path pidFile, Path logFile, long logStart,
            ServiceClassArchive classArchive) {
        this.definition = definition;
        this.classArchive = classArchive;
        this.ports = Map.copyOf(ports);
        this.process = process;
        this.pidFile = pidFile;
        this.logFile = logFile;
        this.logStart = logStart;
        this.shutdownHook = new Thread(this::stop, "lagoa-service-" + definition.name() + "-shutdown");
    }

    /** The classpath of a service, or {@code INVALID_CONFIGURATION} naming the key that sets it when it is empty. */
    static String requireClasspath(String service, String classpath, ConfigField key) {
        if (classpath.isBlank()) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION,
                    "Cannot start %s: its classpath is not set (%s / %s; the lagoa launcher sets it)".formatted(
                            service, key.name(), key.environmentVariable()));
        }
        return classpath;
    }

    /**
     * Starts the service and waits until it is ready. Ports configured as 0 are chosen free; when the service then
     * does not start and one of them has been taken meanwhile, it is started again on new ones.
     *
     * @throws LagoaException {@code SERVICE_ALREADY_RUNNING} when a live process holds the pid file,
     *         {@code SERVICE_PORT_IN_USE} when a configured port is taken (the message names the port and its key),
     *         {@code INVALID_CONFIGURATION} without a classpath, {@code SERVICE_START_FAILED} when the JVM exits or is
     *         not ready within the timeout (the message holds the last lines of its log)
     */
    public static ServiceProcess start(Workspace workspace, Definition definition) {
        requireNonNull(workspace, "workspace is null");
        requireNonNull(definition, "definition is null");
        for (int attempt = 1; ; attempt++) {
            Map<String, Integer> ports = choosePorts(definition.ports());
            try {
                return start(workspace, definition, ports);
            } catch (LagoaException e) {
                List<String> taken = definition.ports().stream().filter(Port::isChosenFree)
                        .filter(port -> FreePorts.isTaken(ports.get(port.configurationKey())))
                        .map(port -> "%s %d".formatted(port.configurationKey(), ports.get(port.configurationKey())))
                        .toList();
                if (e.errorCode() != ErrorCode.SERVICE_START_FAILED || taken.isEmpty() || attempt >= FreePorts.ATTEMPTS) {
                    throw e;
                }
                LOG.warn("{} did not start: another program took the free port it was given ({}); starting it on new ports", definition.name(),
                        String.join(", ", taken));
            }
        }
    }

    /** The ports of one start: the configured ones as given, the others free ones (distinct, as each key needs its own). */
    private static Map<String, Integer> choosePorts(List<Port> ports) {
        List<Integer> free = FreePorts.choose((int) ports.stream().filter(Port::isChosenFree).count());
        Map<String, Integer> chosen = new LinkedHashMap<>();
        int next = 0;
        for (Port port : ports) {
            chosen.put(port.configurationKey(), port.isChosenFree() ? free.get(next++) : port.number());
        }
        return chosen;
    }

    private static ServiceProcess start(Workspace workspace, Definition definition, Map<String, Integer> ports) {
        String name = definition.name();
        if (definition.classpath().isBlank()) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Cannot start %s: its classpath is empty".formatted(name));
        }
        Path pidFile = workspace.services().resolve(name + ".pid");
        Path logFile = workspace.serviceLogs().resolve(name + ".log");
        createDirectories(name, workspace.services(), workspace.serviceLogs(), definition.workingDirectory());

        ServiceProcess service;
        synchronized (ServiceProcess.class) {
            try (FileChannel lockFile = FileChannel.open(workspace.services().resolve(name + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lockFile.lock()) {
                refuseWhenRunning(workspace, name, pidFile);
                refuseWhenPortsAreTaken(name, definition.ports());
                service = launch(definition, ports, pidFile, logFile);
            } catch (IOException e) {
                throw new LagoaException(ErrorCode.SERVICE_START_FAILED, "Cannot start %s: %s".formatted(name, e.getMessage()), e);
            }
        }
        Runtime.getRuntime().addShutdownHook(service.shutdownHook);
        try {
            service.awaitReady();
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        LOG.info("Started {} (pid {}) on 127.0.0.1 port{} {}, log {}", name, service.pid(), ports.size() == 1 ? "" : "s",
                ports.values().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")), logFile);
        return service;
    }

    private static ServiceProcess launch(Definition definition, Map<String, Integer> ports, Path pidFile, Path logFile) throws IOException {
        List<String> command = new ArrayList<>();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        command.add(java.toString());
        command.add("-Xmx" + definition.memory());
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Dlagoa.service=" + definition.name());
        ServiceClassArchive classArchive = definition.classArchives()
                .flatMap(folder -> ServiceClassArchive.of(definition.name(), definition.classpath(), java, folder)).orElse(null);
        if (classArchive != null) {
            command.addAll(classArchive.javaOptions(ProcessHandle.current().pid()));
        }
        command.add("-cp");
        command.add(definition.classpath());
        command.add(definition.mainClass());
        command.addAll(definition.arguments().with(ports));

        Files.writeString(logFile, "%n=== %s: starting %s: %s%n".formatted(Instant.now(), definition.name(), String.join(" ", command)),
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        long logStart = Files.size(logFile);
        Process process = new ProcessBuilder(command)
                .directory(definition.workingDirectory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        ServiceProcess service = new ServiceProcess(definition, ports, process, pidFile, logFile, logStart, classArchive);
        try {
            writePidFile(pidFile, process.toHandle(), ports);
        } catch (IOException e) {
            service.stop();
            throw e;
        }
        return service;
    }

    /**
     * A pid file names a process by its id and start time, so that a recycled id is not taken for the service, then
     * the ports it listens on, one {@code <configuration key> <port>} a line.
     */
    private static void writePidFile(Path pidFile, ProcessHandle handle, Map<String, Integer> ports) throws IOException {
        String started = handle.info().startInstant().map(Instant::toString).orElse("");
        StringBuilder content = new StringBuilder().append(handle.pid()).append(System.lineSeparator()).append(started).append(System.lineSeparator());
        ports.forEach((key, port) -> content.append(key).append(' ').append(port).append(System.lineSeparator()));
        Path temporary = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The service {@code name} of {@code workspace} when it runs (started by this or another Lagoa process): its
     * process and ports as its pid file records them; empty when no live process holds the pid file.
     */
    public static Optional<Running> running(Workspace workspace, String name) {
        requireNonNull(workspace, "workspace is null");
        requireNonNull(name, "name is null");
        Path pidFile = workspace.services().resolve(name + ".pid");
        return recordedProcess(pidFile).map(handle -> new Running(name, handle.pid(), recordedPorts(pidFile)));
    }

    private static Map<String, Integer> recordedPorts(Path pidFile) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2 && parts[1].matches("\\d{1,5}")) {
                    ports.put(parts[0], Integer.parseInt(parts[1]));
                }
            }
        } catch (IOException e) {
            // the process stopped meanwhile and removed its file: no ports
        }
        return ports;
    }

    /** The live process that the pid file names, if any. */
    static Optional<ProcessHandle> recordedProcess(Path pidFile) {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            String recordedStart = lines.size() > 1 ? lines.get(1).trim() : "";
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> recordedStart.isEmpty()
                            || handle.info().startInstant().map(start -> start.toString().equals(recordedStart)).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void refuseWhenRunning(Workspace workspace, String name, Path pidFile) throws IOException {
        Optional<ProcessHandle> running = recordedProcess(pidFile);
        if (running.isPresent()) {
            throw new LagoaException(ErrorCode.SERVICE_ALREADY_RUNNING,
                    "Cannot start %s: it is already running for the workspace %s (pid %d, recorded in %s); stop that process first".formatted(
                            name, workspace.home(), running.get().pid(), pidFile));
        }
        Files.deleteIfExists(pidFile);
    }

    private static void refuseWhenPortsAreTaken(String name, List<Port> ports) {
        for (Port port : ports.stream().filter(port -> !port.isChosenFree()).toList()) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.number()));
            } catch (IOException e) {
                throw new LagoaException(ErrorCode.SERVICE_PORT_IN_USE,
                        "Cannot start %s: port %d on 127.0.0.1 is already in use (%s); stop the program that holds it or choose another port".formatted(
                                name, port.number(), port.configurationKey()));
            }
        }
    }

    private void awaitReady() {
        long offset = logStart;
        long deadline = System.nanoTime() + definition.startTimeout().toNanos();
        StringBuilder pending = new StringBuilder();
        long position = offset;
        while (true) {
            position = readNew(position, pending);
            if (containsReadyLine(pending)) {
                return;
            }
            // Only the unfinished last line matters for the next read.
            pending.delete(0, pending.lastIndexOf("\n") + 1);
            if (!process.isAlive()) {
                throw failure("its JVM exited with status %d before it was ready".formatted(process.exitValue()), offset);
            }
            if (System.nanoTime() > deadline) {
                throw failure("it was not ready within %s (services.start-timeout)".formatted(asConfigured(definition.startTimeout())), offset);
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while waiting for it to be ready", offset);
            }
        }
    }

    private long readNew(long position, StringBuilder pending) {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = file.length();
            if (length <= position) {
                return position;
            }
            byte[] bytes = new byte[(int) Math.min(length - position, 1 << 20)];
            file.seek(position);
            file.readFully(bytes);
            pending.append(new String(bytes, StandardCharsets.UTF_8));
            return position + bytes.length;
        } catch (IOException e) {
            return position;
        }
    }

    private static boolean containsReadyLine(CharSequence text) {
        String value = text.toString();
        return value.startsWith(READY_LINE) || value.contains("\n" + READY_LINE);
    }

    private LagoaException failure(String reason, long offset) {
        return new LagoaException(ErrorCode.SERVICE_START_FAILED, "Cannot start %s: %s; last lines of %s:%n%s".formatted(
                definition.name(), reason, logFile, tail(offset)));
    }

    /** The last lines that this start wrote to the log. */
    private String tail(long offset) {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long start = Math.max(offset, file.length() - 64 * 1024);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            Deque<String> lines = new ArrayDeque<>();
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                lines.addLast("  " + line);
                if (lines.size() > LOG_TAIL_LINES) {
                    lines.removeFirst();
                }
            }
            return lines.isEmpty() ? "  (nothing)" : String.join(System.lineSeparator(), lines);
        } catch (IOException e) {
            return "  (cannot read the log: " + e.getMessage() + ")";
        }
    }

    /** A limit as a person configures it: {@code 60s}, {@code 1500ms}. */
    private static String asConfigured(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private static void createDirectories(String name, Path... folders) {
        for (Path folder : folders) {
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new LagoaException(ErrorCode.SERVICE_START_FAILED, "Cannot start %s: cannot create %s: %s".formatted(name, folder, e.getMessage()), e);
            }
        }
    }

    public String name() {
        return definition.name();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    public Path pidFile() {
        return pidFile;
    }

    /** The ports the service listens on, by configuration key: the configured ones and those chosen for this start. */
    public Map<String, Integer> ports() {
        return ports;
    }

    /** The port of {@code configurationKey}. */
    public int port(String configurationKey) {
        Integer port = ports.get(configurationKey);
        if (port == null) {
            throw new IllegalArgumentException(definition.name() + " has no port " + configurationKey);
        }
        return port;
    }

    /** Stops the service (SIGTERM, then forcibly with its descendants after 30 seconds) and removes its pid file. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // shutting down (the hook is running), or the start failed before the hook was added
        }
        stop();
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        List<ProcessHandle> descendants = process.descendants().toList();
        // ended as asked (not before, not killed): then it has written what it writes as it exits
        boolean stopped = process.isAlive();
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                stopped = false;
                LOG.warn("{} (pid {}) did not stop within {}; killing it", definition.name(), process.pid(), asConfigured(STOP_GRACE));
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            stopped = false;
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (classArchive != null && !process.isAlive()) {
            classArchive.adopt(stopped);
        }
        try {
            if (recordedProcess(pidFile).isEmpty()) {
                Files.deleteIfExists(pidFile);
            }
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", pidFile, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "ServiceProcess[" + definition.name() + ", pid " + process.pid() + "]";
    }
}
