package dev.lagoa.cli;

import dev.lagoa.cli.command.CatalogCommand;
import dev.lagoa.cli.command.ApiLoadCommand;
import dev.lagoa.cli.command.ConfigCommand;
import dev.lagoa.cli.command.PgCommand;
import dev.lagoa.cli.command.DemoCommand;
import dev.lagoa.cli.command.DiffCommand;
import dev.lagoa.cli.command.IngestCommand;
import dev.lagoa.cli.command.JobsCommand;
import dev.lagoa.cli.command.LineageCommand;
import dev.lagoa.cli.command.PipelinesCommand;
import dev.lagoa.cli.command.QueueCommand;
import dev.lagoa.cli.command.SchedulesCommand;
import dev.lagoa.cli.command.SearchCommand;
import dev.lagoa.cli.command.SfnCommand;
import dev.lagoa.cli.command.SqlCommand;
import dev.lagoa.cli.command.ServeCommand;
import dev.lagoa.cli.command.PublishCommand;
import dev.lagoa.cli.command.RuntimeProvider;
import dev.lagoa.core.LagoaException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code lagoa} command. */
@Command(name = "lagoa",
        mixinStandardHelpOptions = true,
        versionProvider = LagoaCli.Version.class,
        description = "AWS-style data pipelines that run end to end on this machine and deploy to AWS unchanged.",
        subcommands = {DemoCommand.class, DiffCommand.class, PublishCommand.class, ServeCommand.class, QueueCommand.class, SchedulesCommand.class,
                JobsCommand.class, PipelinesCommand.class, ConfigCommand.class, SqlCommand.class, CatalogCommand.class, SearchCommand.class, IngestCommand.class,
                ApiLoadCommand.class, PgCommand.class, LineageCommand.class, SfnCommand.class,
                CommandLine.HelpCommand.class})
public final class LagoaCli implements RuntimeProvider {
    @Option(names = "--home", paramLabel = "DIR", description = "Workspace folder (LAGOA_HOME; default ./.lagoa).")
    Path home;

    @Option(names = "--profile", paramLabel = "local|aws", description = "Where pipelines run (lagoa.profile; default local).")
    String profile;

    @Option(names = {"-c", "--config"}, paramLabel = "KEY=VALUE", description = "Sets a configuration key for this command (see lagoa config describe).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = {"-v", "--verbose"}, description = "Shows stack traces of errors.")
    boolean verbose;

    private final Map<String, String> environment;
    private final Clock clock;
    private LagoaRuntime runtime;

    public LagoaCli(Map<String, String> environment, Clock clock) {
        this.environment = environment;
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(execute(System.getenv(), Clock.systemUTC(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line and returns its exit status: 0, or the error type's code (2 user, 3 external, 4 internal). */
    public static int execute(Map<String, String> environment, Clock clock, PrintWriter out, PrintWriter err, String... args) {
        LagoaCli root = new LagoaCli(environment, clock);
        CommandLine commandLine = new CommandLine(root, new Factory(root));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            PrintWriter errors = line.getErr();
            if (exception instanceof LagoaException lagoa) {
                errors.println("Error: " + lagoa.getMessage());
                if (root.verbose) {
                    lagoa.printStackTrace(errors);
                }
                return lagoa.errorType().exitCode();
            }
            errors.println("Internal error: " + exception);
            if (root.verbose) {
                exception.printStackTrace(errors);
            } else {
                errors.println("(run again with --verbose for the stack trace)");
            }
            return 4;
        });
        try {
            return commandLine.execute(args);
        } finally {
            root.close();
            out.flush();
            err.flush();
        }
    }

    @Override
    public synchronized LagoaRuntime runtime() {
        if (runtime == null) {
            Path workspace = home != null ? home : Path.of(environment.getOrDefault("LAGOA_HOME", ".lagoa"));
            Map<String, String> all = new LinkedHashMap<>(overrides);
            if (profile != null) {
                all.put("lagoa.profile", profile);
            }
            runtime = LagoaRuntime.create(workspace, environment, all, clock);
        }
        return runtime;
    }

    private synchronized void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** Gives every command the root, so that they share one runtime. */
    private record Factory(LagoaCli root) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (var constructor : type.getDeclaredConstructors()) {
                if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == RuntimeProvider.class) {
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(root));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LagoaCli.class.getPackage().getImplementationVersion();
            return new String[] {"lagoa " + (version == null ? "development build" : version),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")"};
        }
    }
}
