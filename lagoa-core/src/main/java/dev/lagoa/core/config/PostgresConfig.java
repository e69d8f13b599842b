package dev.lagoa.core.config;

import static java.util.Objects.requireNonNull;

import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.util.List;
import java.util.Optional;

/**
 * How Lagoa reaches PostgreSQL: any server by JDBC URL and credentials (Amazon RDS on AWS), or, when the URL is
 * empty on the local profile, the embedded PostgreSQL of the workspace. The password is a secret: its field is a
 * {@link ConfigType#PASSWORD} and {@link #toString()} masks it.
 */
public record PostgresConfig(String jdbcUrl, String user, Optional<String> password) {
    public static final ConfigField JDBC_URL = ConfigField.create("postgres.jdbc-url", ConfigType.STRING, "",
                    "JDBC URL of the PostgreSQL database (jdbc:postgresql://host:5432/db); empty: the local profile's embedded PostgreSQL "
                            + "on services.postgres.port.")
            .withValidator(value -> value.isBlank() || value.startsWith("jdbc:postgresql:") ? null
                    : "'%s' is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)".formatted(value));
    public static final ConfigField USER = ConfigField.create("postgres.user", ConfigType.STRING, "postgres",
            "PostgreSQL user (with postgres.jdbc-url; the embedded PostgreSQL's user is postgres).");
    public static final ConfigField PASSWORD = ConfigField.create("postgres.password", ConfigType.PASSWORD, null,
            "PostgreSQL password (with postgres.jdbc-url; the embedded PostgreSQL keeps a generated one in the workspace). Never shown.");

    private static final String MASK = "******";

    public PostgresConfig {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        if (!jdbcUrl.isEmpty() && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION,
                    "Invalid %s '%s': not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)".formatted(JDBC_URL.name(), displayUrl(jdbcUrl)));
        }
    }

    public static List<ConfigField> fields() {
        return List.of(JDBC_URL, USER, PASSWORD);
    }

    public static PostgresConfig from(Configuration configuration) {
        return new PostgresConfig(
                Optional.ofNullable(configuration.get(JDBC_URL)).orElse("").trim(),
                configuration.require(USER).trim(),
                Optional.ofNullable(configuration.get(PASSWORD)));
    }

    /** True when no server is configured: the local profile then uses its embedded PostgreSQL. */
    public boolean isEmbedded() {
        return jdbcUrl.isEmpty();
    }

    /**
     * A JDBC URL as it may be shown: a password written inside it ({@code user:password@}, {@code ?password=},
     * {@code &sslpassword=}) is masked.
     */
    public static String displayUrl(String jdbcUrl) {
        return Credentials.mask(jdbcUrl);
    }

    /** Never shows the password, nor one written inside the URL. */
    @Override
    public String toString() {
        return "PostgresConfig[jdbcUrl=%s, user=%s, password=%s]".formatted(displayUrl(jdbcUrl), user, password.isPresent() ? MASK : "<none>");
    }
}
