package dev.lagoa.cli;

import dev.lagoa.cli.command.CatalogCommand;
import dev.lagoa.cli.command.ApiLoadCommand;
import dev.lagoa.cli.command.AwsCommand;
import dev.lagoa.cli.command.ConsoleCommand;
import dev.lagoa.cli.command.DeployCommand;
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
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.Profile;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
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
                ApiLoadCommand.class, PgCommand.class, LineageCommand.class, SfnCommand.class, AwsCommand.class, DeployCommand.class, ConsoleCommand.class,
                CommandLine.HelpCommand.class})
public final class LagoaCli {
    /** How each feature's wiring is built on the runtime; a command asks for the ones it uses in its constructor. */
    private static final Map<Class<?>, Function<LagoaRuntime, ?>> WIRINGS = Map.ofEntries(
            Map.entry(PlatformWiring.class, PlatformWiring::new),
            Map.entry(LakeLocations.class, LakeLocations::new),
            Map.entry(QueueWiring.class, QueueWiring::new),
            Map.entry(JobsWiring.class, JobsWiring::new),
            Map.entry(DiffWiring.class, DiffWiring::new),
            Map.entry(PublishWiring.class, PublishWiring::new),
            Map.entry(MarketWiring.class, MarketWiring::new),
            Map.entry(GovernanceWiring.class, GovernanceWiring::new),
            Map.entry(QueryWiring.class, QueryWiring::new),
            Map.entry(ApiLoadWiring.class, ApiLoadWiring::new),
            Map.entry(StateMachineWiring.class, StateMachineWiring::new),
            Map.entry(AwsWiring.class, AwsWiring::new),
            Map.entry(ConsoleWiring.class, ConsoleWiring::new));

    @Option(scope = CommandLine.ScopeType.INHERIT, names = "--home", paramLabel = "DIR", description = "Workspace folder (LAGOA_HOME; default ./.lagoa).")
    Path home;

    @Option(scope = CommandLine.ScopeType.INHERIT, names = "--profile", paramLabel = "local|aws", description = "Where pipelines run (lagoa.profile; default local).")
    String profile;

    @Option(scope = CommandLine.ScopeType.INHERIT, names = {"-c", "--config"}, paramLabel = "KEY=VALUE", description = "Sets a configuration key for this command (see lagoa config describe).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(scope = CommandLine.ScopeType.INHERIT, names = {"-v", "--verbose"}, description = "Shows stack traces of errors.")
    boolean verbose;

    private final Map<String, String> environment;
    private final Clock clock;
    private LagoaRuntime runtime;
    /** The command's own defaults of configuration keys, below the workspace's file, environment and options. */
    private Map<String, String> commandDefaults = Map.of();
    private final Map<Class<?>, Object> wirings = new HashMap<>();

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
        // "--profile aws" names the profile, not the aws command
        commandLine.setAllowSubcommandsAsOptionParameters(true);
        OptionValues.register(commandLine);
        commandLine.setExecutionStrategy(parseResult -> {
            LogOutput.verbose(root.verbose);
            if (parseResult.hasSubcommand() && parseResult.subcommand().commandSpec().userObject() instanceof DemoCommand) {
                root.commandDefaults = DemoCommand.CONFIG_DEFAULTS;
            }
            root.refuseAMissingWorkspace(parseResult, commandLine);
            return new CommandLine.RunLast().execute(parseResult);
        });
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            PrintWriter errors = line.getErr();
            if (exception instanceof LagoaException lagoa) {
                errors.println("Error: " + lagoa.getMessage());
                if (root.verbose) {
                    lagoa.printStackTrace(errors);
                }
                return lagoa.errorType().exitCode();
            }
            // a bug: what it says, without the exception's class (--verbose shows the stack trace)
            String message = exception.getMessage() == null || exception.getMessage().isBlank() ? "an unexpected failure" : exception.getMessage();
            errors.println("Internal error in Lagoa: " + message);
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

    /** The runtime of this process, built from the global options when a command first needs it. */
    private synchronized LagoaRuntime runtime() {
        if (runtime == null) {
            Path workspace = home != null ? home : Path.of(environment.getOrDefault("LAGOA_HOME", ".lagoa"));
            Map<String, String> all = new LinkedHashMap<>(overrides);
            if (profile != null) {
                all.put("lagoa.profile", profile);
            }
            runtime = LagoaRuntime.create(workspace, environment, commandDefaults, all, clock);
        }
        return runtime;
    }

    /** A read-only command, on the local profile, with a home that is not a workspace: refused before anything is created. */
    private void refuseAMissingWorkspace(CommandLine.ParseResult parseResult, CommandLine commandLine) {
        if (!ReadOnlyCommands.isReadOnly(parseResult)) {
            return;
        }
        try {
            LagoaRuntime lagoa = runtime();
            if (lagoa.profile() == Profile.LOCAL && !ReadOnlyCommands.isWorkspace(lagoa.home())) {
                CommandLine.ParseResult last = parseResult;
                while (last.hasSubcommand()) {
                    last = last.subcommand();
                }
                throw ReadOnlyCommands.noWorkspace(lagoa.home(), last.commandSpec().qualifiedName(" "));
            }
        } catch (LagoaException e) {
            throw new CommandLine.ExecutionException(commandLine, e.getMessage(), e);
        }
    }

    /** One wiring of each kind per process, so that the commands of one run share it (the meters of the API load). */
    private synchronized <W> W wiring(Class<W> type) {
        if (!wirings.containsKey(type)) {
            wirings.put(type, WIRINGS.get(type).apply(runtime()));
        }
        return type.cast(wirings.get(type));
    }

    private synchronized void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /**
     * Builds each command with the wirings its constructor asks for ({@code Supplier<MarketWiring>}, ...): commands are
     * built before the global options are parsed, so each wiring is built when the command first asks for it.
     */
    private record Factory(LagoaCli root) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                Type[] parameters = constructor.getGenericParameterTypes();
                if (parameters.length > 0 && Arrays.stream(parameters).allMatch(parameter -> wiringOf(parameter).isPresent())) {
                    constructor.setAccessible(true);
                    Object[] suppliers = Arrays.stream(parameters).map(parameter -> supplier(wiringOf(parameter).orElseThrow())).toArray();
                    return type.cast(constructor.newInstance(suppliers));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }

        private Supplier<?> supplier(Class<?> wiring) {
            return () -> root.wiring(wiring);
        }

        /** The wiring a {@code Supplier<W>} parameter asks for, when {@code W} is one. */
        private static Optional<Class<?>> wiringOf(Type parameter) {
            return parameter instanceof ParameterizedType supplier && supplier.getRawType() == Supplier.class
                    && supplier.getActualTypeArguments()[0] instanceof Class<?> wiring && WIRINGS.containsKey(wiring)
                    ? Optional.of(wiring) : Optional.empty();
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
