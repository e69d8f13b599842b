package dev.lagoa.cli.command;

import dev.lagoa.cli.AwsWiring;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/** {@code lagoa aws}: what a deployment to AWS needs. */
@Command(mixinStandardHelpOptions = true, name = "aws",
        description = "Deployment to AWS: the roles it needs, its CloudFormation templates, and whether you may deploy and run it.",
        subcommands = {AwsCommand.Roles.class, AwsCommand.Synth.class, AwsCommand.Doctor.class})
public final class AwsCommand {
    private AwsCommand() {}

    /**
     * {@code lagoa aws roles [PIPELINE...]}: each role of the deployment with the actions and resources it must hold,
     * the report a security team asks for, and the names an existing-roles file must give.
     */
    @Command(mixinStandardHelpOptions = true, name = "roles",
            description = "Lists each role a deployment needs (who assumes it, what it runs, every action on every resource, and why).")
    static final class Roles implements Runnable {
        private final Supplier<AwsWiring> aws;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PIPELINE", arity = "0..*", description = "Pipelines whose roles to list (default: all).")
        List<String> pipelines = new ArrayList<>();

        @Option(names = "--account", paramLabel = "ID", description = "AWS account id written into the ARNs (default: <account>).")
        String account;

        @Option(names = "--resolve", description = "Asks STS for the account (and the importau bucket's user) with the configured credentials.")
        boolean resolve;

        @Option(names = "--role-arns", paramLabel = "FILE",
                description = "Checks an existing-roles file (a JSON object of these role names to ARNs) and shows its ARNs.")
        Path roleArns;

        @Option(names = "--template", description = "Prints an existing-roles file to fill in: every role name with an ARN of the same name.")
        boolean template;

        @Option(names = "--json", description = "Prints the roles as JSON.")
        boolean json;

        Roles(Supplier<AwsWiring> aws) {
            this.aws = aws;
        }

        @Override
        public void run() {
            if (account != null && !account.matches("\\d{12}")) {
                throw dev.lagoa.core.LagoaException.userError("--account must be a 12-digit AWS account id: %s", account);
            }
            AwsWiring.Roles roles = aws.get().roles(pipelines, Optional.ofNullable(account), resolve, Optional.ofNullable(roleArns));
            PrintWriter out = spec.commandLine().getOut();
            if (template) {
                Map<String, String> file = new LinkedHashMap<>();
                String id = roles.account().orElse(AwsWiring.UNKNOWN_ACCOUNT);
                roles.roles().forEach(role -> file.put(role.name(), "arn:aws:iam::%s:role/%s".formatted(id, role.name())));
                out.println(Json.write(file));
                return;
            }
            if (json) {
                out.println(Json.write(roles));
                return;
            }
            out.printf("%d roles, region %s, account %s%n", roles.roles().size(), roles.region(), roles.account().orElse(AwsWiring.UNKNOWN_ACCOUNT
                    + " (--account ID or --resolve)"));
            for (AwsWiring.Role role : roles.roles()) {
                out.println();
                out.printf("%s  (pipeline %s)%n", role.name(), role.pipeline());
                out.printf("  assumed by: %s (%s)%n", role.assumedBy(), role.principal());
                out.printf("  purpose:    %s%n", role.purpose());
                role.arn().ifPresent(arn -> out.printf("  ARN:        %s%n", arn));
                for (AwsWiring.Statement statement : role.statements()) {
                    out.printf("  - %s: %s%n", statement.sid(), statement.reason());
                    out.printf("      actions:   %s%n", String.join(", ", statement.actions()));
                    out.printf("      resources: %s%n", String.join(", ", statement.resources()));
                }
            }
        }
    }

    /**
     * {@code lagoa aws doctor [PIPELINE...]}: who the credentials are, the region, the buckets, whether each action an
     * operator needs is allowed (the policy simulator, else harmless probes), and the policy to ask an administrator for.
     * Exits 0 when everything is allowed, 2 when something is denied, 3 when something could not be checked.
     */
    @Command(mixinStandardHelpOptions = true, name = "doctor",
            description = {"Checks whether the AWS credentials may deploy and run the pipelines: who they are, the region, the buckets, every action "
                    + "an operator needs (iam:SimulatePrincipalPolicy, or a harmless call per service where that is denied), and the policy to ask an "
                    + "administrator for.", "Exit status: 0 all allowed, 2 something denied (or no credentials), 3 something could not be checked."})
    static final class Doctor implements Callable<Integer> {
        private final Supplier<AwsWiring> aws;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PIPELINE", arity = "0..*", description = "Pipelines whose jobs and buckets to check (default: all).")
        List<String> pipelines = new ArrayList<>();

        @Option(names = "--json", description = "Prints the same as JSON.")
        boolean json;

        Doctor(Supplier<AwsWiring> aws) {
            this.aws = aws;
        }

        @Override
        public Integer call() {
            AwsWiring.Doctor doctor = aws.get().doctor(pipelines);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(doctor));
            } else {
                print(out, doctor);
            }
            return doctor.denied() > 0 ? 2 : doctor.unknown() > 0 ? 3 : 0;
        }

        private static void print(PrintWriter out, AwsWiring.Doctor doctor) {
            AwsWiring.Caller caller = doctor.caller();
            out.printf("Caller:     %s%n", caller.arn());
            out.printf("Account:    %s%n", caller.account());
            out.printf("User:       %s%n", caller.userName());
            out.printf("Simulated:  %s%s%n", caller.simulatedArn(), caller.note().map(note -> " (" + note + ")").orElse(""));
            out.printf("Region:     %s%n", doctor.region());
            out.println("Buckets:");
            for (AwsWiring.Bucket bucket : doctor.buckets()) {
                out.printf("  %s  (%s)%n", bucket.name(), bucket.source());
            }
            doctor.simulationProblem().ifPresent(problem -> out.printf("Simulation: %s; harmless calls were made instead where one exists%n", problem));
            out.println();
            List<String> header = List.of("task", "action", "resource", "decision", "how");
            List<List<String>> rows = doctor.checks().stream()
                    .map(check -> List.of(check.task(), check.action(), check.resource(), check.decision(), check.how())).toList();
            int[] widths = new int[header.size()];
            for (int column = 0; column < widths.length; column++) {
                widths[column] = header.get(column).length();
                for (List<String> row : rows) {
                    widths[column] = Math.max(widths[column], row.get(column).length());
                }
            }
            out.println(line(header, widths));
            StringBuilder rule = new StringBuilder();
            for (int column = 0; column < widths.length; column++) {
                rule.append(column == 0 ? "" : "-+-").append("-".repeat(widths[column]));
            }
            out.println(rule);
            rows.forEach(row -> out.println(line(row, widths)));
            out.printf("%d allowed, %d denied, %d unknown%n", doctor.allowed(), doctor.denied(), doctor.unknown());
            out.println();
            if (doctor.policy().isPresent()) {
                out.println("Ask an administrator for:");
                out.println(Json.write(doctor.policy().get()));
            } else {
                out.println("Nothing denied: nothing to ask an administrator for.");
            }
            if (doctor.unknown() > 0) {
                out.printf("%d actions could not be checked (decision unknown): ask an administrator whether they are allowed (an administrator "
                        + "can simulate them with iam:SimulatePrincipalPolicy), or run again when the service answers.%n", doctor.unknown());
            }
        }

        private static String line(List<String> cells, int[] widths) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < cells.size(); column++) {
                String cell = cells.get(column);
                line.append(column == 0 ? "" : " | ").append(column == cells.size() - 1 ? cell : cell + " ".repeat(widths[column] - cell.length()));
            }
            return line.toString();
        }
    }

    /**
     * {@code lagoa aws synth [PIPELINE...] --out DIR}: the CloudFormation template of each stack and the asset manifest,
     * offline, with no account and no credentials.
     */
    @Command(mixinStandardHelpOptions = true, name = "synth",
            description = {"Writes the deployment's CloudFormation templates (DIR/<stack>.template.json) and asset manifests, offline: "
                    + "no account or credentials needed. Needs Node.js (the AWS CDK's runtime).",
                    "Exits with 0, 2 (bad input or configuration) or 4."})
    static final class Synth implements Callable<Integer> {
        private final Supplier<AwsWiring> aws;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PIPELINE", arity = "0..*", description = "Pipelines to synthesize, each a stack beside the lake's (default: all).")
        List<String> pipelines = new ArrayList<>();

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder of the templates (a CDK cloud assembly).")
        Path out;

        @picocli.CommandLine.Mixin
        CdkApp.RolesOptions roles = new CdkApp.RolesOptions();

        Synth(Supplier<AwsWiring> aws) {
            this.aws = aws;
        }

        @Override
        public Integer call() {
            int status = CdkApp.synth(aws.get().cdkApp(), out, roles.roles(), pipelines, spec.commandLine().getErr());
            if (status == 0) {
                PrintWriter output = spec.commandLine().getOut();
                CdkApp.templates(out).forEach(template -> output.println("  " + template));
                output.println("Next: lagoa aws roles (what each role needs) · lagoa deploy (cdk deploy of these stacks, with credentials)");
            }
            return status;
        }
    }
}
