package dev.lagoa.cli.command;

import dev.lagoa.cli.AwsWiring;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the deployment's CDK app ({@code dev.lagoa.deploy.SynthMain}, the {@code lagoa-deploy} module) in a JVM of its
 * own on {@code lib/deploy}, as the Spark jobs run on {@code lib/jobs}: the CDK's jsii runtime and its 100 MB library
 * never load into the control plane. The app needs Node.js; {@code lagoa deploy} also runs the CDK CLI through
 * {@code npx}, pinned to {@value #CDK_CLI}.
 */
final class CdkApp {
    /** The CDK CLI that {@code lagoa deploy} runs: a version that reads the cloud assemblies of aws-cdk-lib 2.263. */
    static final String CDK_CLI = "aws-cdk@2.1149.0";
    static final String SYNTH_MAIN = "dev.lagoa.deploy.SynthMain";

    private CdkApp() {}

    /** The options {@code --roles} and {@code --role-arns} of the commands that synthesize. */
    static final class RolesOptions {
        @picocli.CommandLine.Option(names = "--roles", paramLabel = "managed|existing", defaultValue = "managed",
                description = "managed: the stacks create each role with only what it needs; existing: no IAM resource, each role imported "
                        + "from --role-arns (default: ${DEFAULT-VALUE}).")
        String mode;

        @picocli.CommandLine.Option(names = "--role-arns", paramLabel = "FILE", description = "JSON object of role names to ARNs (lagoa aws roles --template).")
        Path roleArns;

        Roles roles() {
            return new Roles(mode, roleArns);
        }
    }

    /** How the stacks get their roles: created from the access plan, or imported from an existing-roles file. */
    record Roles(String mode, Path roleArns) {
        List<String> arguments() {
            if (!mode.equals("managed") && !mode.equals("existing")) {
                throw LagoaException.userError("--roles is managed or existing, not '%s'", mode);
            }
            if (mode.equals("existing") != (roleArns != null)) {
                throw LagoaException.userError("--roles existing needs --role-arns FILE (lagoa aws roles --template writes one to fill in), "
                        + "and --role-arns goes with --roles existing");
            }
            if (roleArns != null && !Files.isRegularFile(roleArns)) {
                throw LagoaException.userError("No existing-roles file %s (lagoa aws roles --template writes one to fill in)", roleArns);
            }
            return roleArns == null ? List.of("--roles", mode) : List.of("--roles", mode, "--role-arns", roleArns.toAbsolutePath().toString());
        }
    }

    /** Synthesizes {@code pipelines} (all when empty) into {@code out}; returns the app's exit status (0, 2 or 4). */
    static int synth(AwsWiring.CdkApp app, Path out, Roles roles, List<String> pipelines, PrintWriter err) {
        List<String> rolesArguments = roles.arguments();
        PgCommand.executable("node", app.environment()).orElseThrow(() -> LagoaException.userError(
                "The AWS CDK needs Node.js 18 or later (no node on the PATH): install it (Debian and Ubuntu: apt install nodejs; macOS: brew install node)"));
        String classpath = app.classpath().orElseThrow(() -> new LagoaException(ErrorCode.INVALID_CONFIGURATION,
                "The deployment's classpath is not set (LAGOA_DEPLOY_CLASSPATH): run lagoa through its launcher, bin/lagoa or ./lagoa"));
        Path assets = app.assets().orElseThrow(() -> new LagoaException(ErrorCode.INVALID_CONFIGURATION,
                "The folder of the AWS packages is not set (LAGOA_ASSETS_DIR): run lagoa through its launcher, bin/lagoa or ./lagoa"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", classpath, SYNTH_MAIN, "--out", out.toAbsolutePath().toString(), "--home", app.home().toString(), "--assets", assets.toString()));
        command.addAll(rolesArguments);
        app.settings().forEach((name, value) -> command.addAll(List.of("--set", name + "=" + value)));
        command.addAll(pipelines);
        // jsii prints a banner when Node.js is past its end of life (these majors are, in 2026); the CDK runs on them
        return run(command, app.environment(), Map.of("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1", "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,19,20,21,23"),
                err);
    }

    /** The template files of a synthesized app, by name. */
    static List<Path> templates(Path out) {
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".template.json")).sorted().toList();
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot list %s: %s".formatted(out, e.getMessage()), e);
        }
    }

    /** Runs {@code command} with {@code environment} plus {@code extra}, its output on ours; returns its exit status. */
    static int run(List<String> command, Map<String, String> environment, Map<String, String> extra, PrintWriter err) {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().putAll(extra);
        err.flush();
        return Interrupts.ignoredWhile(() -> {
            try {
                return builder.start().waitFor();
            } catch (IOException e) {
                throw new LagoaException(ErrorCode.INVALID_CONFIGURATION, "Cannot run %s: %s".formatted(command.get(0), e.getMessage()), e);
            }
        });
    }
}
