package dev.lagoa.local.services;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports of 127.0.0.1 for the local services: free ones chosen by the system, and whether one is taken. A port chosen
 * here is free when chosen, not when the service binds it: another program may take it in between, so a service that
 * then fails to start on a port it did not ask for is started again on new ones ({@link #ATTEMPTS} times at most).
 */
final class FreePorts {
    /** How many times a service is started on newly chosen ports when a chosen port was taken before it bound it. */
    static final int ATTEMPTS = 3;

    private FreePorts() {}

    /** {@code count} distinct ports that nothing listens on now: the probe sockets stay open until all are chosen. */
    static List<Integer> choose(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports.add(socket.getLocalPort());
            }
            return List.copyOf(ports);
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.SERVICE_START_FAILED, "Cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // a probe socket
                }
            }
        }
    }

    /** Whether a program listens on {@code port} of 127.0.0.1 (binding it fails). */
    static boolean isTaken(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
