package dev.lagoa.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountsTest {
    @Test
    void theNounAgreesWithTheCount() {
        assertThat(Counts.of(1, "record")).isEqualTo("1 record");
        assertThat(Counts.of(0, "record")).isEqualTo("0 records");
        assertThat(Counts.of(1204, "file")).isEqualTo("1,204 files");
    }
}
