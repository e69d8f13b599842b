package dev.lagoa.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.local.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic child-JVM service with a small stand-in main: readiness, failures with the log's tail, pid files. */
class ServiceProcessIT {
    @TempDir
    Path temp;
    private Workspace workspace;
    private int port;

    @BeforeEach
    void workspace() {
        workspace = Workspace.open(temp.resolve("home"));
        port = ServicesTesting.freePorts(1).get(0);
    }

    private ServiceProcess.Definition definition(Duration timeout, String... arguments) {
        return definition(port, timeout, ports -> List.of(arguments));
    }

    private ServiceProcess.Definition definition(int configuredPort, Duration timeout, ServiceProcess.Arguments arguments) {
        return new ServiceProcess.Definition("echo", TestService.class.getName(), System.getProperty("java.class.path"), "64m",
                arguments, List.of(new ServiceProcess.Port("services.echo.port", configuredPort)), workspace.services().resolve("echo"), timeout);
    }

    private static ServiceProcess.Arguments ready() {
        return ports -> List.of("ready", String.valueOf(ports.get("services.echo.port")));
    }

    @Test
    void aServiceOnJarsRecordsItsClassArchiveAsItStopsAndMapsItFromTheNextStartOn() throws Exception {
        Path jar = temp.resolve("lib/echo.jar");
        Files.createDirectories(jar.getParent());
        String classFile = TestService.class.getName().replace('.', '/') + ".class";
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                java.io.InputStream in = TestService.class.getClassLoader().getResourceAsStream(classFile)) {
            out.putNextEntry(new java.util.jar.JarEntry(classFile));
            in.transferTo(out);
        }
        Path archives = temp.resolve("cache");
        ServiceProcess.Definition onJars = new ServiceProcess.Definition("echo", TestService.class.getName(), jar.getParent() + "/*", "64m", ready(),
                List.of(new ServiceProcess.Port("services.echo.port", 0)), workspace.services().resolve("echo"), Duration.ofSeconds(30),
                java.util.Optional.of(archives));
        Path log = workspace.serviceLogs().resolve("echo.log");

        try (ServiceProcess first = ServiceProcess.start(workspace, onJars)) {
            assertThat(log).content().contains("-XX:ArchiveClassesAtExit=").doesNotContain("-XX:SharedArchiveFile=");
        }
        List<Path> recorded;
        try (var files = Files.list(archives)) {
            recorded = files.filter(file -> file.getFileName().toString().matches("echo-[0-9a-f]+\\.jsa")).toList();
        }
        assertThat(recorded).hasSize(1);
        try (var files = Files.list(archives)) {
            assertThat(files.map(file -> file.getFileName().toString())).noneMatch(name -> name.endsWith(".partial") || name.endsWith(".failed"));
        }

        try (ServiceProcess second = ServiceProcess.start(workspace, onJars)) {
            assertThat(Files.readString(log).substring(Files.readString(log).lastIndexOf("starting echo"))).contains("-XX:SharedArchiveFile=" + recorded.get(0))
                    .doesNotContain("-XX:ArchiveClassesAtExit=");
            assertThat(second.isAlive()).isTrue();
        }
        // a classpath with folders cannot be archived: nothing asked of the JVM
        try (ServiceProcess onFolders = ServiceProcess.start(workspace, new ServiceProcess.Definition("echo", TestService.class.getName(),
                System.getProperty("java.class.path"), "64m", ready(), List.of(new ServiceProcess.Port("services.echo.port", 0)),
                workspace.services().resolve("echo"), Duration.ofSeconds(30), java.util.Optional.of(archives)))) {
            String lastStart = Files.readString(log).substring(Files.readString(log).lastIndexOf("starting echo"));
            assertThat(lastStart).doesNotContain("-XX:SharedArchiveFile=").doesNotContain("-XX:ArchiveClassesAtExit=");
        }
    }

    @Test
    void aConfiguredPortIsUsedAsGivenAndRecordedForTheOtherProcessesOfTheWorkspace() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(workspace, definition(port, Duration.ofSeconds(30), ready()))) {
            assertThat(service.ports()).containsExactly(Map.entry("services.echo.port", port));
            assertThat(workspace.serviceLogs().resolve("echo.log")).content().contains("listening on " + port);
            assertThat(Files.readAllLines(workspace.services().resolve("echo.pid"))).contains("services.echo.port " + port);
            assertThat(ServiceProcess.running(Workspace.open(workspace.home()), "echo"))
                    .hasValueSatisfying(running -> {
                        assertThat(running.pid()).isEqualTo(service.pid());
                        assertThat(running.port("services.echo.port")).hasValue(port);
                    });
        }
        assertThat(ServiceProcess.running(workspace, "echo")).isEmpty();
    }

    @Test
    void portZeroIsAFreePortChosenAtStartAndRecorded() throws Exception {
        try (ServiceProcess service = ServiceProcess.start(workspace, definition(0, Duration.ofSeconds(30), ready()))) {
            int chosen = service.port("services.echo.port");

            assertThat(chosen).isPositive();
            assertThat(workspace.serviceLogs().resolve("echo.log")).content().contains("listening on " + chosen);
            assertThat(ServiceProcess.running(workspace, "echo").flatMap(running -> running.port("services.echo.port"))).hasValue(chosen);
        }
    }

    @Test
    void aFreePortThatAnotherProgramTakesBeforeTheServiceBindsItIsReplacedByANewOne() throws Exception {
        // the "other program" takes the port the first start was given, between choosing it and the service binding it
        List<Integer> given = new ArrayList<>();
        try (ServerSocket other = new ServerSocket()) {
            ServiceProcess.Arguments racing = ports -> {
                int chosen = ports.get("services.echo.port");
                if (given.isEmpty()) {
                    try {
                        other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), chosen));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                given.add(chosen);
                return List.of("ready", String.valueOf(chosen));
            };

            try (ServiceProcess service = ServiceProcess.start(workspace, definition(0, Duration.ofSeconds(30), racing))) {
                assertThat(given).hasSize(2).doesNotHaveDuplicates();
                assertThat(service.port("services.echo.port")).isEqualTo(given.get(1));
                assertThat(service.isAlive()).isTrue();
            }
        }
    }

    @Test
    void aConfiguredPortThatIsTakenIsAClearErrorAndNotReplaced() throws Exception {
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));

            assertThatThrownBy(() -> ServiceProcess.start(workspace, definition(port, Duration.ofSeconds(30), ready())))
                    .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SERVICE_PORT_IN_USE))
                    .hasMessage("Cannot start echo: port %d on 127.0.0.1 is already in use (services.echo.port); stop the program that holds it or choose another port",
                            port);
        }
    }

    @Test
    void aReadyServiceHasItsPidFileAndLogAndIsGoneAfterClose() throws Exception {
        ServiceProcess service = ServiceProcess.start(workspace, definition(Duration.ofSeconds(30), "ready", String.valueOf(port)));
        long pid = service.pid();

        assertThat(service.isAlive()).isTrue();
        assertThat(Files.readAllLines(workspace.services().resolve("echo.pid")).get(0)).isEqualTo(String.valueOf(pid));
        assertThat(workspace.serviceLogs().resolve("echo.log")).content().contains("listening on " + port, ServiceProcess.READY_LINE);

        service.close();

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(workspace.services().resolve("echo.pid")).doesNotExist();
        assertThat(ServicesTesting.serviceChildren("echo")).isEmpty();
    }

    @Test
    void aServiceThatExitsFailsWithTheLastLinesOfItsLog() {
        assertThatThrownBy(() -> ServiceProcess.start(workspace, definition(Duration.ofSeconds(30), "fail")))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SERVICE_START_FAILED))
                .hasMessageStartingWith("Cannot start echo: its JVM exited with status 3 before it was ready; last lines of " + workspace.serviceLogs().resolve("echo.log"))
                .hasMessageContaining("Cannot open the data folder: disk full");
        assertThat(workspace.services().resolve("echo.pid")).doesNotExist();
    }

    @Test
    void aServiceThatIsNotReadyInTimeIsStopped() {
        assertThatThrownBy(() -> ServiceProcess.start(workspace, definition(Duration.ofSeconds(2), "silent")))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SERVICE_START_FAILED))
                .hasMessageStartingWith("Cannot start echo: it was not ready within 2s (services.start-timeout)");
        assertThat(ServicesTesting.serviceChildren("echo")).isEmpty();
        assertThat(workspace.services().resolve("echo.pid")).doesNotExist();
    }

    @Test
    void aPidFileOfAProcessThatIsGoneDoesNotStopAStart() throws Exception {
        Files.createDirectories(workspace.services());
        Files.writeString(workspace.services().resolve("echo.pid"), "%d%n%s%n".formatted(ProcessHandle.current().pid(), "2001-01-01T00:00:00Z"));

        try (ServiceProcess service = ServiceProcess.start(workspace, definition(Duration.ofSeconds(30), "ready", String.valueOf(port)))) {
            assertThat(Files.readAllLines(workspace.services().resolve("echo.pid")).get(0)).isEqualTo(String.valueOf(service.pid()));
        }
    }

    @Test
    void anEarlierStartsReadyLineInTheLogDoesNotCount() throws Exception {
        Files.createDirectories(workspace.serviceLogs());
        Files.writeString(workspace.serviceLogs().resolve("echo.log"), ServiceProcess.READY_LINE + System.lineSeparator());

        assertThatThrownBy(() -> ServiceProcess.start(workspace, definition(Duration.ofSeconds(2), "silent")))
                .hasMessageStartingWith("Cannot start echo: it was not ready within 2s");
    }
}
