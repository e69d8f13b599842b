package dev.lagoa.core.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BucketNameTest {
    @ParameterizedTest
    @ValueSource(strings = {"lagoa-diffs", "b3-raw", "abc", "my.bucket.name", "importau-lakehouse-maria"})
    void acceptsValidNames(String name) {
        assertThat(BucketName.of(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bucket_diffs|underscores are not allowed",
            "ab|must be 3 to 63 characters long",
            "Lagoa|upper-case letters are not allowed",
            "-lagoa|must begin and end with a letter or digit",
            "lagoa-|must begin and end with a letter or digit",
            "la..goa|two adjacent periods",
            "192.168.5.4|IP address",
            "xn--lagoa|prefix 'xn--' is reserved",
            "lagoa-s3alias|suffix '-s3alias' is reserved",
            "la goa|only lower-case letters"})
    void rejectsInvalidNamesWithTheRule(String name, String rule) {
        assertThatThrownBy(() -> BucketName.of(name))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_BUCKET_NAME))
                .hasMessageStartingWith("Invalid bucket name '" + name + "': ")
                .hasMessageContaining(rule);
    }

    @org.junit.jupiter.api.Test
    void theStoriesBucketNameGetsAClearMessage() {
        assertThatThrownBy(() -> BucketName.of("bucket_diffs"))
                .hasMessage("Invalid bucket name 'bucket_diffs': underscores are not allowed (use hyphens)");
    }

    @org.junit.jupiter.api.Test
    void rejectsTooLongNames() {
        assertThatThrownBy(() -> BucketName.of("a".repeat(64))).hasMessageContaining("not 64");
    }
}
