package dev.lagoa.local.services;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in service for {@link ServiceProcessIT}: {@code ready PORT} listens and prints the ready line, {@code fail}
 * prints a reason and exits with 3, {@code silent} never gets ready.
 */
public final class TestService {
    private TestService() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "ready" -> {
                try (ServerSocket socket = new ServerSocket()) {
                    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1])));
                    System.out.println("listening on " + socket.getLocalPort());
                    System.out.println(ServiceProcess.READY_LINE);
                    new CountDownLatch(1).await();
                }
            }
            case "fail" -> {
                System.out.println("Cannot open the data folder: disk full");
                System.exit(3);
            }
            case "silent" -> new CountDownLatch(1).await();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
