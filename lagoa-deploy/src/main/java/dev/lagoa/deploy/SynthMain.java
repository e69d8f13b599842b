package dev.lagoa.deploy;

import dev.lagoa.apiload.ApiLoadConfig;
import dev.lagoa.aws.AwsConfig;
import dev.lagoa.aws.access.AccessPlan;
import dev.lagoa.aws.access.ApiLoadEndpoints;
import dev.lagoa.aws.access.DeployConfig;
import dev.lagoa.aws.access.DeploymentSettings;
import dev.lagoa.aws.access.ExistingRoles;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.config.ConfigField;
import dev.lagoa.core.config.Configuration;
import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.statemachine.StateMachines;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Synthesizes the deployment offline, with no account:
 * {@code --out DIR [--home DIR] [--roles managed|existing] [--role-arns FILE] [--assets DIR] [--set key=value]... [PIPELINE...]}.
 * Writes {@code DIR/<stack>.template.json}, {@code DIR/<stack>.assets.json} and {@code DIR/manifest.json}. The
 * configuration is the workspace's {@code lake.*} and {@code aws.*} keys ({@code lagoa.properties}, {@code LAGOA_*}
 * variables, {@code --set}). Exit status 0, or 2 for bad input with a one-line message, 4 for an internal error.
 */
public final class SynthMain {
    private SynthMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        try {
            long start = System.nanoTime();
            DeployOptions options = options(args, environment);
            LagoaApp.build(options, app -> {}).synth();
            out.printf("Synthesized %d stacks into %s in %d ms (%s roles)%n", options.pipelines().size() + 1, options.out(),
                    (System.nanoTime() - start) / 1_000_000, options.existingRoles() ? "existing" : "managed");
            return 0;
        } catch (LagoaException e) {
            err.println("Error: " + e.getMessage());
            return e.errorType().exitCode();
        } catch (RuntimeException e) {
            err.println("Internal error: " + e);
            return 4;
        }
    }

    /** Parses the arguments and loads the configuration; throws a user error for bad input. */
    public static DeployOptions options(String[] args, Map<String, String> environment) {
        Path out = null;
        Path home = Path.of(environment.getOrDefault("LAGOA_HOME", ".lagoa"));
        String roles = "managed";
        Path roleArns = null;
        Path assets = environment.containsKey("LAGOA_ASSETS_DIR") ? Path.of(environment.get("LAGOA_ASSETS_DIR")) : null;
        Map<String, String> overrides = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--home" -> home = Path.of(value(args, ++i, arg));
                case "--roles" -> roles = value(args, ++i, arg);
                case "--role-arns" -> roleArns = Path.of(value(args, ++i, arg));
                case "--assets" -> assets = Path.of(value(args, ++i, arg));
                case "--set" -> {
                    String pair = value(args, ++i, arg);
                    int equals = pair.indexOf('=');
                    if (equals < 1) {
                        throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "--set takes key=value, not '%s'".formatted(pair));
                    }
                    overrides.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "Unknown option %s".formatted(arg));
                    }
                    names.add(arg);
                }
            }
        }
        if (out == null) {
            throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "--out DIR is required");
        }
        if (assets == null) {
            throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "--assets DIR is required (the folder of lagoa-glue.jar and lagoa-lambda.jar; LAGOA_ASSETS_DIR)");
        }
        if (!roles.equals("managed") && !roles.equals("existing")) {
            throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "--roles is managed or existing, not '%s'".formatted(roles));
        }
        if (roles.equals("existing") != (roleArns != null)) {
            throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "--roles existing and --role-arns FILE go together");
        }
        List<PipelineDefinition> pipelines = pipelines(names);
        DeploymentSettings settings = settings(home, environment, overrides);
        Map<String, String> arns = Map.of();
        if (roleArns != null) {
            arns = ExistingRoles.read(roleArns, AccessPlan.derive(pipelines, StateMachines.all(), settings).roleNames());
        }
        return new DeployOptions(out, pipelines, settings, arns, assets);
    }

    static List<PipelineDefinition> pipelines(List<String> names) {
        if (names.isEmpty()) {
            return Pipelines.all();
        }
        List<String> known = Pipelines.all().stream().map(PipelineDefinition::name).toList();
        List<String> unknown = names.stream().filter(name -> !known.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "Unknown pipeline %s; the pipelines are %s".formatted(unknown, known));
        }
        return Pipelines.all().stream().filter(pipeline -> names.contains(pipeline.name())).toList();
    }

    /** The lake's, AWS's and the deployment's keys of the workspace; other keys of its lagoa.properties belong to other components and are left alone. */
    static DeploymentSettings settings(Path home, Map<String, String> environment, Map<String, String> overrides) {
        List<ConfigField> fields = Stream.of(LakeConfig.fields(), AwsConfig.fields(), DeployConfig.fields(), List.of(ApiLoadConfig.ENDPOINTS_FILE))
                .flatMap(List::stream).toList();
        Set<String> known = fields.stream().map(ConfigField::name).collect(Collectors.toSet());
        Map<String, String> file = new LinkedHashMap<>();
        Path properties = home.resolve("lagoa.properties");
        if (Files.exists(properties)) {
            Properties loaded = new Properties();
            try (Reader reader = Files.newBufferedReader(properties, StandardCharsets.UTF_8)) {
                loaded.load(reader);
            } catch (IOException e) {
                throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Cannot read configuration file %s: %s".formatted(properties, e.getMessage()), e);
            }
            loaded.stringPropertyNames().stream().filter(known::contains).forEach(name -> file.put(name, loaded.getProperty(name).trim()));
        }
        Configuration configuration = Configuration.load(fields, file, null, environment, overrides);
        return DeployConfig.settings(configuration, LakeConfig.from(configuration))
                .withApiLoad(ApiLoadEndpoints.read(home.resolve(configuration.require(ApiLoadConfig.ENDPOINTS_FILE))));
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "%s needs a value".formatted(option));
        }
        return args[index];
    }
}
