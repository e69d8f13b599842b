package dev.lagoa.apiload.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.PostgresConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseTest {
    @Test
    void aConnectionErrorNamesTheUrlWithoutThePasswordWrittenInIt() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://loader:hunter2@127.0.0.1:%d/lagoa?password=hunter2&connectTimeout=5".formatted(closedPort);
        Database database = new Database(new PostgresConfig(url, "loader", Optional.empty()));

        assertThatThrownBy(database::open)
                .isInstanceOf(LagoaException.class)
                .hasMessageContaining("Cannot connect to jdbc:postgresql://loader:******@127.0.0.1:%d/lagoa?password=******".formatted(closedPort))
                .hasMessageNotContaining("hunter2");
    }
}
