package dev.lagoa.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import org.junit.jupiter.api.Test;

class IoFailuresTest {
    @Test
    void connectionFailuresAreNamedInWordsNotByTheirClass() {
        assertThat(IoFailures.describe(new ConnectException())).isEqualTo("connection refused");
        assertThat(IoFailures.describe(new ConnectException("Connection refused"))).isEqualTo("connection refused");
        assertThat(IoFailures.describe(new ConnectException("Network is unreachable"))).isEqualTo("cannot connect: Network is unreachable");
        assertThat(IoFailures.describe(new UnknownHostException("api.example.invalid"))).isEqualTo("unknown host api.example.invalid");
        assertThat(IoFailures.describe(new HttpConnectTimeoutException("HTTP connect timed out"))).isEqualTo("no answer in time: HTTP connect timed out");
        assertThat(IoFailures.describe(new IOException())).isEqualTo("the connection failed (no detail given)").doesNotContain("Exception");
    }
}
