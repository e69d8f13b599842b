package dev.lagoa.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LakePathsTest {
    @Test
    void writersOwnFilesAreHiddenInAnyFolder() {
        assertThat(LakePaths.isHidden("raw/2022-12-08/_temporary/0/part-0.parquet")).isTrue();
        assertThat(LakePaths.isHidden("raw/2022-12-08/.dados_originais.parquet.tmp")).isTrue();
        assertThat(LakePaths.isHidden("2026-11-21/_manifest.json")).isTrue();
        assertThat(LakePaths.isHidden("_SUCCESS")).isTrue();
    }

    @Test
    void dataFilesAreNot() {
        assertThat(LakePaths.isHidden("raw/2022-12-08/dados_originais.parquet")).isFalse();
        assertThat(LakePaths.isHidden("refined/ativos/data=2022-12-08/acao=PETR4/part-0.parquet")).isFalse();
        assertThat(LakePaths.isHidden("a_b/c.d.json")).isFalse();
    }
}
