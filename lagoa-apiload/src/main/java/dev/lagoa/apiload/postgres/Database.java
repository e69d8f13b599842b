package dev.lagoa.apiload.postgres;

import dev.lagoa.apiload.ApiLoadErrorCode;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.PostgresConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Connections to the PostgreSQL of the API load, and the one translation of JDBC errors into Lagoa's. */
public final class Database {
    private final PostgresConfig config;

    public Database(PostgresConfig config) {
        this.config = requireNonNull(config, "config is null");
        if (config.isEmbedded()) {
            throw new IllegalArgumentException("The embedded PostgreSQL's connection must be resolved before use: " + config);
        }
    }

    public PostgresConfig config() {
        return config;
    }

    /** A new connection in manual-commit mode. */
    public Connection open() {
        Properties properties = new Properties();
        properties.setProperty("user", config.user());
        config.password().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("ApplicationName", "lagoa-apiload");
        try {
            Connection connection = DriverManager.getConnection(config.jdbcUrl(), properties);
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            throw error("Cannot connect to " + PostgresConfig.displayUrl(config.jdbcUrl()), e);
        }
    }

    /** {@code DATABASE_ERROR} saying what failed, with PostgreSQL's own message and SQLSTATE. */
    public static LagoaException error(String what, SQLException e) {
        return new LagoaException(ApiLoadErrorCode.DATABASE_ERROR, "%s: %s (SQLSTATE %s)".formatted(what, e.getMessage(), e.getSQLState()), e);
    }

    /**
     * Whether the error is about the data of the rows sent: class 22 data exception, 23 integrity constraint, or 54000
     * for a row too big for a page (many short values, which cannot be moved out of line).
     */
    public static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.equals("54000"));
    }
}
