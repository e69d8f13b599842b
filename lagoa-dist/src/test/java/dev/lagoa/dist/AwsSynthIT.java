package dev.lagoa.dist;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lagoa aws synth} and {@code lagoa deploy} as a user runs them from the distribution, on a machine with no AWS
 * credentials: the templates of both role modes, and a deployment that fails plainly for want of an account. Needs
 * Node.js (the CDK's runtime): skipped without it, except under {@code CI=true}.
 */
class AwsSynthIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STACKS = List.of("lagoa-lake", "lagoa-diff", "lagoa-ibov", "lagoa-petr4", "lagoa-importau", "lagoa-apiload");

    @TempDir
    static Path temp;

    record Result(int exitCode, String out, String err) {}

    @BeforeAll
    static void requireNode() {
        boolean node = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(folder -> !folder.isBlank() && Files.isExecutable(Path.of(folder, "node")));
        if (!node) {
            String message = "Node.js (node) is not on the PATH: the AWS CDK needs it";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + " (CI=true: a missing Node.js fails the build)");
            }
            Assumptions.abort(message + "; skipped");
        }
    }

    /** bin/lagoa with no AWS credentials or configuration reachable: variables removed, files pointed at nothing, no instance metadata. */
    Result lagoa(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("lagoa.dist"), "bin", "lagoa").toString(),
                "--home", temp.resolve("home").toString(), "-c", "lake.diffs-bucket=acme-diffs"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile());
        Map<String, String> environment = builder.environment();
        new HashMap<>(environment).keySet().stream().filter(name -> name.startsWith("AWS_") || name.startsWith("LAGOA_")).forEach(environment::remove);
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("AWS_SHARED_CREDENTIALS_FILE", temp.resolve("no-credentials").toString());
        environment.put("AWS_CONFIG_FILE", temp.resolve("no-config").toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        Path out = Files.createTempFile(temp, "out", ".txt");
        Path err = Files.createTempFile(temp, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("lagoa " + String.join(" ", args) + " did not finish in 10 minutes");
        }
        return new Result(process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    }

    @Test
    void synthesizesEveryStackInBothRoleModesWithNoCredentialsAndNoIamWithExistingRoles() throws Exception {
        Path managed = temp.resolve("managed");
        Result result = lagoa("aws", "synth", "--out", managed.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Synthesized 6 stacks into " + managed, "lagoa-diff.template.json", "Next: lagoa aws roles");
        for (String stack : STACKS) {
            assertThat(managed.resolve(stack + ".template.json")).exists();
            assertThat(managed.resolve(stack + ".assets.json")).exists();
        }
        assertThat(resourceTypes(managed)).contains("AWS::IAM::Role", "AWS::Glue::Job", "AWS::Scheduler::Schedule", "AWS::StepFunctions::StateMachine");
        JsonNode diffJob = resourcesOf(managed.resolve("lagoa-diff.template.json"), "AWS::Glue::Job").get(0);
        assertThat(diffJob.at("/Properties/DefaultArguments/--class").asText()).isEqualTo("GlueApp");

        Path roleArns = temp.resolve("roles.json");
        Result template = lagoa("aws", "roles", "--account", "123456789012", "--template");
        assertThat(template.exitCode()).as(template.err()).isZero();
        Files.writeString(roleArns, template.out());

        Path existing = temp.resolve("existing");
        result = lagoa("aws", "synth", "--out", existing.toString(), "--roles", "existing", "--role-arns", roleArns.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(resourceTypes(existing)).contains("AWS::Glue::Job").noneMatch(type -> type.startsWith("AWS::IAM::"))
                .doesNotContain("Custom::S3BucketNotifications");
    }

    @Test
    void refusesBadInputBeforeSynthesizing() throws Exception {
        Result noArns = lagoa("aws", "synth", "--out", temp.resolve("x").toString(), "--roles", "existing");
        assertThat(noArns.exitCode()).isEqualTo(2);
        assertThat(noArns.err()).contains("--roles existing needs --role-arns FILE");

        Result unknown = lagoa("aws", "synth", "--out", temp.resolve("y").toString(), "difff");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown pipeline [difff]").doesNotContain("Exception");

        Result badParameter = lagoa("deploy", "diff", "-P", "KafkaTopic");
        assertThat(badParameter.exitCode()).isEqualTo(2);
        assertThat(badParameter.err()).contains("STACK:NAME=VALUE");
    }

    @Test
    void deployWithoutCredentialsSynthesizesThenFailsAsAnOutsideSystem() throws Exception {
        Result result = lagoa("deploy", "diff", "--require-approval", "never", "-P", "lagoa-diff:DiffKey=cliente.id");
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(3);
        Path assembly = temp.resolve("home/deploy/cdk.out");
        assertThat(assembly.resolve("lagoa-diff.template.json")).exists();
        assertThat(assembly.resolve("lagoa-ibov.template.json")).doesNotExist();
        assertThat(result.err()).contains("Running --yes aws-cdk@", "deploy --app " + assembly, "lagoa-lake lagoa-diff",
                "--parameters lagoa-diff:DiffKey=******", "Error: the deployment failed").doesNotContain("cliente.id");
    }

    private static List<String> resourceTypes(Path out) throws IOException {
        List<String> types = new ArrayList<>();
        for (String stack : STACKS) {
            JSON.readTree(out.resolve(stack + ".template.json").toFile()).path("Resources").forEach(resource -> types.add(resource.path("Type").asText()));
        }
        return types;
    }

    private static List<JsonNode> resourcesOf(Path template, String type) throws IOException {
        List<JsonNode> resources = new ArrayList<>();
        JSON.readTree(template.toFile()).path("Resources").forEach(resource -> {
            if (resource.path("Type").asText().equals(type)) {
                resources.add(resource);
            }
        });
        return resources;
    }
}
