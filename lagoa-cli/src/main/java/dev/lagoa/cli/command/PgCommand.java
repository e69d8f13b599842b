package dev.lagoa.cli.command;

import dev.lagoa.cli.ApiLoadWiring;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.PostgresConfig;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lagoa pg url} and {@code lagoa pg psql}: how a person reaches the API load's PostgreSQL. Locally that is the
 * workspace's embedded PostgreSQL while {@code lagoa serve} (or another Lagoa process) runs it: neither command starts
 * it, as it would stop again when the command ends.
 */
@Command(mixinStandardHelpOptions = true, name = "pg", description = "The PostgreSQL of the API load.",
        subcommands = {PgCommand.Url.class, PgCommand.Psql.class})
public final class PgCommand {
    @Command(mixinStandardHelpOptions = true, name = "url",
            description = "Prints the connection string for psql (the password is masked unless --show-password).")
    static final class Url implements Runnable {
        private final Supplier<ApiLoadWiring> apiLoad;

        @Spec
        CommandSpec spec;

        @Option(names = "--show-password", description = "Shows the password in the connection string.")
        boolean showPassword;

        Url(Supplier<ApiLoadWiring> apiLoad) {
            this.apiLoad = apiLoad;
        }

        @Override
        public void run() {
            PostgresConfig postgres = apiLoad.get().runningPostgres();
            PrintWriter out = spec.commandLine().getOut();
            String url = showPassword ? postgres.jdbcUrl() : PostgresConfig.displayUrl(postgres.jdbcUrl());
            String address = url.substring("jdbc:".length());
            String password = postgres.password().map(value -> showPassword ? value : "******").orElse("");
            out.println(address.replaceFirst("postgresql://", "postgresql://" + postgres.user() + (password.isEmpty() ? "" : ":" + password) + "@"));
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "psql",
            description = {"Opens psql on the API load's PostgreSQL (the password goes through PGPASSWORD, never on the command line).",
                    "Arguments after -- go to psql: lagoa pg psql -- -c \"\\dt apiload.*\"",
                    "Exits with psql's status."})
    static final class Psql implements Callable<Integer> {
        private final Supplier<ApiLoadWiring> apiLoad;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PSQL-ARGUMENT", description = "Passed on to psql.")
        List<String> arguments = new ArrayList<>();

        Psql(Supplier<ApiLoadWiring> apiLoad) {
            this.apiLoad = apiLoad;
        }

        @Override
        public Integer call() {
            ApiLoadWiring wiring = apiLoad.get();
            PostgresConfig postgres = wiring.runningPostgres();
            Path psql = executable("psql", wiring.environment()).orElseThrow(() -> new LagoaException(ErrorCode.INVALID_ARGUMENT,
                    "psql is not installed (no psql on the PATH): install the PostgreSQL client (Debian and Ubuntu: apt install postgresql-client; "
                            + "macOS: brew install libpq), or point any PostgreSQL client at the address that lagoa pg url prints"));
            ProcessBuilder builder = new ProcessBuilder(command(psql, postgres, arguments)).inheritIO();
            builder.environment().remove("PGPASSWORD");
            postgres.password().ifPresent(password -> builder.environment().put("PGPASSWORD", password));
            spec.commandLine().getErr().flush();
            return Interrupts.ignoredWhile(() -> {
                try {
                    return builder.start().waitFor();
                } catch (IOException e) {
                    throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "Cannot run %s: %s".formatted(psql, e.getMessage()), e);
                }
            });
        }
    }

    /**
     * psql's command line for {@code postgres}: host, port, user and database as options, then {@code arguments}; never
     * the password. A JDBC URL's own parameters (ssl, ...) are JDBC's, not libpq's: they are left out.
     */
    static List<String> command(Path psql, PostgresConfig postgres, List<String> arguments) {
        URI address;
        try {
            address = URI.create(postgres.jdbcUrl().substring("jdbc:".length()));
        } catch (IllegalArgumentException e) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION,
                    "Cannot open psql on %s: not a single-host JDBC URL".formatted(PostgresConfig.displayUrl(postgres.jdbcUrl())), e);
        }
        if (address.getHost() == null) {
            throw new LagoaException(ErrorCode.INVALID_CONFIGURATION,
                    "Cannot open psql on %s: it names no host".formatted(PostgresConfig.displayUrl(postgres.jdbcUrl())));
        }
        List<String> command = new ArrayList<>(List.of(psql.toString(), "--host", address.getHost(),
                "--port", String.valueOf(address.getPort() == -1 ? 5432 : address.getPort()), "--username", postgres.user()));
        String database = address.getPath() == null ? "" : address.getPath().replaceFirst("^/", "");
        if (!database.isEmpty()) {
            command.add("--dbname");
            command.add(database);
        }
        command.addAll(arguments);
        return command;
    }

    /** The executable {@code name} on the {@code PATH} of {@code environment}. */
    static Optional<Path> executable(String name, Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "");
        for (String folder : path.split(File.pathSeparator)) {
            if (folder.isBlank()) {
                continue;
            }
            Path candidate = Path.of(folder, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
