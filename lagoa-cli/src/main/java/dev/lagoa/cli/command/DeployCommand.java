package dev.lagoa.cli.command;

import dev.lagoa.cli.AwsWiring;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.LagoaException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lagoa deploy [PIPELINE...]}: synthesizes the stacks into the workspace's {@code deploy/cdk.out} and runs
 * {@code cdk deploy} on them with the credentials of the environment (the AWS CLI's profile, variables, SSO).
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Deploys the lake stack and the pipelines' stacks to AWS with the AWS CDK CLI (" + CdkApp.CDK_CLI + ", run through npx), "
                + "using the credentials of the environment. Synthesizes first into <workspace>/deploy/cdk.out.",
                "Stack parameters with -P: lagoa deploy diff -P lagoa-diff:KafkaBootstrapServers=b-1.msk:9096",
                "Exits with 0, 2 (bad input or configuration), 3 (the deployment failed: see the CDK's output) or 4."})
public final class DeployCommand implements Callable<Integer> {
    private final Supplier<AwsWiring> aws;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PIPELINE", arity = "0..*", description = "Pipelines to deploy, each with the lake stack (default: all).")
    List<String> pipelines = new ArrayList<>();

    @picocli.CommandLine.Mixin
    CdkApp.RolesOptions roles = new CdkApp.RolesOptions();

    @Option(names = "--require-approval", paramLabel = "never|any-change|broadening", defaultValue = "broadening",
            description = "When the CDK asks before deploying: broadening asks for changes that widen security (default: ${DEFAULT-VALUE}).")
    String requireApproval;

    @Option(names = {"-P", "--parameter"}, paramLabel = "STACK:NAME=VALUE",
            description = "A stack parameter (repeatable), as cdk deploy --parameters takes it: lagoa-diff:KafkaBootstrapServers=b-1.msk:9096.")
    List<String> parameters = new ArrayList<>();

    DeployCommand(Supplier<AwsWiring> aws) {
        this.aws = aws;
    }

    @Override
    public Integer call() {
        parameters.stream().filter(parameter -> !parameter.matches("[A-Za-z0-9-]+:[A-Za-z0-9]+=.*")).findFirst().ifPresent(parameter -> {
            throw LagoaException.userError("A stack parameter is STACK:NAME=VALUE (lagoa-diff:KafkaTopic=lagoa-diffs), not '%s'", parameter);
        });
        if (!List.of("never", "any-change", "broadening").contains(requireApproval)) {
            throw LagoaException.userError("--require-approval is never, any-change or broadening, not '%s'", requireApproval);
        }
        AwsWiring.CdkApp app = aws.get().cdkApp();
        Path npx = PgCommand.executable("npx", app.environment()).orElseThrow(() -> LagoaException.userError(
                "lagoa deploy runs the AWS CDK CLI with npx, which comes with Node.js (npm): no npx on the PATH"));
        Path out = app.home().resolve("deploy").resolve("cdk.out");
        clear(out);
        PrintWriter err = spec.commandLine().getErr();
        int status = CdkApp.synth(app, out, roles.roles(), pipelines, err);
        if (status != 0) {
            return status;
        }
        List<String> command = new ArrayList<>(List.of(npx.toString(), "--yes", CdkApp.CDK_CLI, "deploy", "--app", out.toString(),
                "--require-approval", requireApproval));
        if (pipelines.isEmpty()) {
            command.add("--all");
        } else {
            command.add("lagoa-lake");
            pipelines.forEach(pipeline -> command.add("lagoa-" + pipeline));
        }
        parameters.forEach(parameter -> command.addAll(List.of("--parameters", parameter)));
        List<String> shown = new ArrayList<>(command.subList(1, command.size()));
        for (int i = 1; i < shown.size(); i++) {
            if (shown.get(i - 1).equals("--parameters")) { // a value may hold a credential (a JDBC URL with a password)
                shown.set(i, shown.get(i).substring(0, shown.get(i).indexOf('=') + 1) + "******");
            }
        }
        err.println("Running " + String.join(" ", shown));
        int deployed = CdkApp.run(command, app.environment(), Map.of(), err);
        if (deployed != 0) {
            err.printf("Error: the deployment failed (the CDK exited with %d; its output above says why). CloudFormation rolls a failed stack "
                    + "back; the templates stay in %s%n", deployed, out);
            return 3;
        }
        return 0;
    }

    /** Removes an earlier synthesis (a stack left out now must not linger in the assembly); the folder is the workspace's own. */
    private static void clear(Path out) {
        if (!Files.exists(out)) {
            return;
        }
        try (Stream<Path> files = Files.walk(out)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot clear %s: %s".formatted(out, e.getMessage()), e);
        }
    }
}
