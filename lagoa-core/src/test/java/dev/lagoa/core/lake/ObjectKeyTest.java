package dev.lagoa.core.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeyTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "raw/2026-11-21/dados.parquet", "refined/ativos/data=2026-11-21/acao=PETR4/", "São Paulo/ação.json", "a..b", ".hidden"})
    void acceptsKeysThatStayInTheBucket(String key) {
        assertThat(ObjectKey.of(key).value()).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "a/../../b", "/etc/passwd", "a/./b", "a//b", "..", "a\\..\\b", "a\u0000b", "a\nb", ""})
    void rejectsKeysThatCouldEscapeOrConfuse(String key) {
        assertThatThrownBy(() -> ObjectKey.of(key))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_OBJECT_KEY))
                .hasMessageStartingWith("Invalid object key ");
    }

    @Test
    void nulIsReportedReadably() {
        assertThatThrownBy(() -> ObjectKey.of("a\u0000b")).hasMessage("Invalid object key 'a\\u0000b': NUL characters are not allowed");
    }

    @Test
    void rejectsKeysLongerThanS3Allows() {
        assertThatThrownBy(() -> ObjectKey.of("ã".repeat(513))).hasMessageContaining("longer than 1024 bytes");
    }

    @Test
    void parsesS3Uris() {
        ObjectLocation location = ObjectLocation.parse("s3://lagoa-diffs/2026-11-21/part-0.json");
        assertThat(location.bucket().value()).isEqualTo("lagoa-diffs");
        assertThat(location.key()).isEqualTo("2026-11-21/part-0.json");
        assertThat(ObjectLocation.parse("s3://lagoa-diffs").key()).isEmpty();
        assertThatThrownBy(() -> ObjectLocation.parse("s3://bucket_diffs/x")).hasMessageContaining("underscores are not allowed");
        assertThatThrownBy(() -> ObjectLocation.parse("s3://lagoa-diffs/../x")).hasMessageContaining("'..' segments");
    }
}
