package dev.lagoa.apiload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A page fingerprinted as it is archived gives what the same page read back from the lake gives. */
class LoadFingerprintTest {
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPageInMemoryAndTheSamePageReadFromAStreamGiveOneFingerprint() throws Exception {
        LoadFingerprint inMemory = new LoadFingerprint("{\"write\":\"merge\"}");
        inMemory.page(utf8("[{\"id\":1}]"));
        inMemory.page(utf8("[{\"id\":2}]"));
        LoadFingerprint streamed = new LoadFingerprint("{\"write\":\"merge\"}");
        streamed.page(new ByteArrayInputStream(utf8("[{\"id\":1}]")));
        streamed.page(new ByteArrayInputStream(utf8("[{\"id\":2}]")));

        assertThat(streamed.withConfiguration()).isEqualTo(inMemory.withConfiguration()).startsWith(LoadJournal.FINGERPRINT_VERSION);
        assertThat(streamed.responsesOnly()).isEqualTo(inMemory.responsesOnly()).hasSize(64);
    }

    @Test
    void theSameBytesCutIntoOtherPagesOrUnderAnotherConfigurationAreOtherData() throws Exception {
        LoadFingerprint two = new LoadFingerprint("a");
        two.page(utf8("[1]"));
        two.page(utf8("[2]"));
        LoadFingerprint one = new LoadFingerprint("a");
        one.page(utf8("[1][2]"));
        LoadFingerprint otherConfiguration = new LoadFingerprint("b");
        otherConfiguration.page(utf8("[1]"));
        otherConfiguration.page(utf8("[2]"));

        assertThat(one.responsesOnly()).isNotEqualTo(two.responsesOnly());
        assertThat(otherConfiguration.responsesOnly()).isEqualTo(two.responsesOnly());
        assertThat(otherConfiguration.withConfiguration()).isNotEqualTo(two.withConfiguration());
    }

    @Test
    void aCompleteFingerprintTakesNoMorePage() {
        LoadFingerprint fingerprint = new LoadFingerprint("a");
        fingerprint.withConfiguration();

        assertThatThrownBy(() -> fingerprint.page(utf8("[]"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("The fingerprint is complete: no page can be added");
    }
}
