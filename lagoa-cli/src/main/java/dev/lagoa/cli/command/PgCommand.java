package dev.lagoa.cli.command;

import dev.lagoa.cli.ApiLoadWiring;
import dev.lagoa.core.config.PostgresConfig;
import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lagoa pg url}: how a person reaches the API load's PostgreSQL with psql. */
@Command(mixinStandardHelpOptions = true, name = "pg", description = "The PostgreSQL of the API load.", subcommands = PgCommand.Url.class)
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
            PostgresConfig postgres = apiLoad.get().postgres();
            PrintWriter out = spec.commandLine().getOut();
            String url = showPassword ? postgres.jdbcUrl() : PostgresConfig.displayUrl(postgres.jdbcUrl());
            String address = url.substring("jdbc:".length());
            String password = postgres.password().map(value -> showPassword ? value : "******").orElse("");
            out.println(address.replaceFirst("postgresql://", "postgresql://" + postgres.user() + (password.isEmpty() ? "" : ":" + password) + "@"));
        }
    }
}
