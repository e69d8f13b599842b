package dev.lagoa.local.services;

import dev.lagoa.core.config.ServicesConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

/** The services' classpaths as failsafe passes them (the two bundle modules' target/lib), and free ports. */
final class ServicesTesting {
    private ServicesTesting() {}

    static ServicesConfig config() {
        List<Integer> ports = freePorts(3);
        return new ServicesConfig(ports.get(0), ports.get(1), ports.get(2),
                property("lagoa.services.kafka.classpath"), property("lagoa.services.sqs.classpath"), Duration.ofSeconds(60), "256m");
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set: run the integration tests with ./mvnw verify");
        }
        return value;
    }

    /** Distinct free ports: the sockets stay open until all are chosen so that no port is picked twice. */
    static List<Integer> freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket();
                sockets[i].setReuseAddress(true);
                sockets[i].bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            }
            return java.util.Arrays.stream(sockets).map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    if (socket != null) {
                        socket.close();
                    }
                } catch (IOException e) {
                    // closing a probe socket
                }
            }
        }
    }

    /** The service JVMs that this test JVM started and that still run. */
    static List<ProcessHandle> serviceChildren(String name) {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().commandLine().orElse("").contains("-Dlagoa.service=" + name))
                .toList();
    }

    static Duration waitLimit() {
        return Duration.ofSeconds(30);
    }
}
