package dev.lagoa.local.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.PostgresConfig;
import dev.lagoa.core.config.ServicesConfig;
import dev.lagoa.local.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresIT {
    @TempDir
    Path home;

    @Test
    void startsWithAPasswordKeepsItsDataAndIsFoundByASecondProcess() throws Exception {
        Workspace workspace = Workspace.open(home);
        ServicesConfig config = ServicesTesting.config().withPostgresPort(ServicesTesting.freePorts(1).get(0));
        PostgresConfig connection;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(workspace, config)) {
            connection = postgres.connection();
            assertThat(connection.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:%d/postgres".formatted(config.postgresPort()));
            assertThat(connection.toString()).doesNotContain(connection.password().orElseThrow());
            assertThat(Files.getPosixFilePermissions(EmbeddedPostgres.passwordFile(workspace)))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            try (Connection open = EmbeddedPostgres.open(connection); Statement statement = open.createStatement()) {
                statement.execute("CREATE TABLE kept (id int)");
                statement.execute("INSERT INTO kept VALUES (42)");
            }
            PostgresConfig withoutPassword = new PostgresConfig(connection.jdbcUrl(), "postgres", Optional.of("wrong"));
            assertThatThrownBy(() -> EmbeddedPostgres.open(withoutPassword).close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");

            // Another Lagoa process of the workspace finds it and does not start a second one.
            assertThat(EmbeddedPostgres.running(workspace)).contains(connection);
            assertThatThrownBy(() -> EmbeddedPostgres.start(workspace, config))
                    .isInstanceOf(LagoaException.class)
                    .hasMessageContaining("Cannot start postgres: it is already running for the workspace")
                    .extracting(e -> ((LagoaException) e).errorCode()).isEqualTo(ErrorCode.SERVICE_ALREADY_RUNNING);
        }
        assertThat(EmbeddedPostgres.running(workspace)).isEmpty();

        try (EmbeddedPostgres again = EmbeddedPostgres.start(workspace, config);
                Connection open = EmbeddedPostgres.open(again.connection());
                Statement statement = open.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM kept")) {
            assertThat(again.connection()).isEqualTo(connection);
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void aClusterLeftOnTrustByAnInterruptedFirstStartIsMadeToAskForThePassword() throws Exception {
        Workspace workspace = Workspace.open(home);
        ServicesConfig config = ServicesTesting.config().withPostgresPort(ServicesTesting.freePorts(1).get(0));
        Path data = EmbeddedPostgres.dataFolder(workspace);
        Files.createDirectories(data);
        // what a first start interrupted after initdb leaves behind: initdb -A trust done, postgresql.conf written, no password set
        try (var interrupted = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setDataDirectory(data).setCleanDataDirectory(false).setPort(config.postgresPort()).start()) {
            assertThat(data.resolve("postgresql.conf")).exists();
        }

        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(workspace, config)) {
            PostgresConfig wrong = new PostgresConfig(postgres.connection().jdbcUrl(), "postgres", Optional.of("wrong"));
            assertThatThrownBy(() -> EmbeddedPostgres.open(wrong).close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            try (Connection open = EmbeddedPostgres.open(postgres.connection()); Statement statement = open.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_hba_file_rules WHERE auth_method = 'trust'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).as("no line of pg_hba.conf trusts a connection").isZero();
            }
        }
    }

    @Test
    void aFailedSetUpStopsThePostmasterItStarted() throws Exception {
        Workspace workspace = Workspace.open(home);
        ServicesConfig healthy = ServicesTesting.config().withPostgresPort(ServicesTesting.freePorts(1).get(0));
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(workspace, healthy)) {
            assertThat(postgres.connection().password()).isPresent();
        }
        // the password file no longer opens the cluster (restored from another workspace, edited by hand)
        Files.writeString(EmbeddedPostgres.passwordFile(workspace), "not-the-clusters-password");
        ServicesConfig config = new ServicesConfig(healthy.sqsPort(), healthy.kafkaPort(), healthy.kafkaControllerPort(), healthy.kafkaClasspath(),
                healthy.sqsClasspath(), Duration.ofSeconds(5), healthy.memory(), healthy.postgresPort());

        assertThatThrownBy(() -> EmbeddedPostgres.start(workspace, config))
                .isInstanceOfSatisfying(LagoaException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SERVICE_START_FAILED))
                .hasMessageContaining("Cannot start postgres");
        assertThat(EmbeddedPostgres.running(workspace)).as("the postmaster of the failed start was stopped").isEmpty();
    }
}
