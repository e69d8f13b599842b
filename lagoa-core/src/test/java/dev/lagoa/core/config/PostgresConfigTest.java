package dev.lagoa.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.LagoaException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A password written inside postgres.jdbc-url is a secret like postgres.password: it is never shown. */
class PostgresConfigTest {
    private static final String IN_QUERY = "jdbc:postgresql://db.example.com:5432/lagoa?user=loader&password=hunter2&ssl=true";
    private static final String IN_USER_INFO = "jdbc:postgresql://loader:hunter2@db.example.com:5432/lagoa";

    @Test
    void aPasswordInTheUrlIsMaskedWhereverTheUrlIsShown() {
        assertThat(new PostgresConfig(IN_QUERY, "loader", Optional.empty()).toString())
                .contains("jdbc:postgresql://db.example.com:5432/lagoa?user=loader&password=******&ssl=true").doesNotContain("hunter2");
        assertThat(new PostgresConfig(IN_USER_INFO, "loader", Optional.empty()).toString())
                .contains("jdbc:postgresql://loader:******@db.example.com:5432/lagoa").doesNotContain("hunter2");
    }

    @Test
    void configShowMasksThePasswordInTheUrl() {
        for (String url : List.of(IN_QUERY, IN_USER_INFO, IN_QUERY.replace("password=", "sslpassword="))) {
            Configuration configuration = Configuration.load(PostgresConfig.fields(), Map.of(), null, Map.of(), Map.of(PostgresConfig.JDBC_URL.name(), url));

            assertThat(configuration.displayValues().get(PostgresConfig.JDBC_URL.name())).doesNotContain("hunter2").contains("******");
        }
    }

    @Test
    void anInvalidUrlIsNamedWithoutItsPassword() {
        String mysql = "jdbc:mysql://loader:hunter2@db.example.com/lagoa?password=hunter2";

        assertThatThrownBy(() -> Configuration.load(PostgresConfig.fields(), Map.of(), null, Map.of(), Map.of(PostgresConfig.JDBC_URL.name(), mysql)))
                .isInstanceOf(LagoaException.class)
                .hasMessageContaining("postgres.jdbc-url")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> new PostgresConfig(mysql, "loader", Optional.empty()))
                .isInstanceOf(LagoaException.class)
                .hasMessageContaining("jdbc:mysql://loader:******@db.example.com")
                .hasMessageNotContaining("hunter2");
    }
}
