package dev.lagoa.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.aws.access.AccessPlan;
import dev.lagoa.aws.access.DeploymentSettings;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.statemachine.StateMachines;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole app synthesized once per test JVM in each mode, through {@link SynthMain} as a user runs it, into
 * {@code target/synth/managed} and {@code target/synth/existing} (the node-based checks read them there).
 */
final class SynthFixture {
    static final Path TARGET = Path.of("target").toAbsolutePath();
    static final Map<String, String> BUCKETS = Map.of("lake.diffs-bucket", "acme-diffs", "lake.b3-bucket", "acme-b3", "lake.brapi-bucket", "acme-brapi",
            "lake.importau-bucket", "importau-lakehouse-ana", "apiload.bucket", "acme-apiload");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path managed;
    private static Path existing;
    static long firstMillis;
    static long laterMillis;

    private SynthFixture() {}

    static void requireNode() {
        boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "node")));
        if (!found && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("Node.js (node) is not on the PATH: the CDK's jsii runtime needs it, and CI=true requires these tests");
        }
        assumeTrue(found, "Node.js (node) is not on the PATH: the CDK synthesis tests are skipped");
    }

    /**
     * The workspace the stacks are synthesized from: its endpoints file schedules one of two endpoints and references
     * a token, as a user's would.
     */
    static synchronized Path workspace() {
        Path home = TARGET.resolve("deploy-workspace");
        try {
            Files.createDirectories(home);
            Files.writeString(home.resolve("apiload-endpoints.json"), """
                    {"endpoints": [
                      {"name": "github-issues", "url": "https://api.github.com/repos/apache/spark/issues",
                       "headers": {"Authorization": "Bearer ${env:GITHUB_TOKEN}"}, "primary-key": ["id"], "schedule": "0 6 * * ? *"},
                      {"name": "countries", "url": "https://restcountries.example/v3.1/all", "primary-key": ["cca3"]}
                    ]}
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
    }

    static String[] args(Path out, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--out", out.toString(), "--home", workspace().toString(),
                "--assets", assets().toString()));
        BUCKETS.forEach((key, value) -> {
            args.add("--set");
            args.add(key + "=" + value);
        });
        args.addAll(java.util.List.of(more));
        return args.toArray(String[]::new);
    }

    static synchronized Path managed() {
        requireNode();
        if (managed == null) {
            long start = System.nanoTime();
            managed = synth("managed");
            firstMillis = (System.nanoTime() - start) / 1_000_000;
        }
        return managed;
    }

    static synchronized Path existing() {
        requireNode();
        managed();
        if (existing == null) {
            Path file = TARGET.resolve("synth/role-arns.json");
            Map<String, String> arns = new LinkedHashMap<>();
            plan().roleNames().forEach(name -> arns.put(name, "arn:aws:iam::123456789012:role/team/" + name));
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, JSON.writeValueAsString(arns));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long start = System.nanoTime();
            existing = synth("existing", "--roles", "existing", "--role-arns", file.toString());
            laterMillis = (System.nanoTime() - start) / 1_000_000;
        }
        return existing;
    }

    static AccessPlan plan() {
        Map<String, String> values = Map.of("diffs-bucket", "acme-diffs", "b3-bucket", "acme-b3", "brapi-bucket", "acme-brapi",
                "importau-bucket", "importau-lakehouse-ana", "apiload-bucket", "acme-apiload");
        return AccessPlan.derive(Pipelines.all(), StateMachines.all(), new DeploymentSettings(values, "lagoa", "", DeploymentSettings.CDK_ASSETS_BUCKET,
                DeploymentSettings.DEFAULT_IMAGE_REPOSITORY, DeploymentSettings.KafkaAuthentication.SCRAM, DeploymentSettings.DEFAULT_DIFF_SNAPSHOTS,
                dev.lagoa.aws.access.ApiLoadEndpoints.read(workspace().resolve("apiload-endpoints.json"))));
    }

    private static Path synth(String mode, String... more) {
        Path out = TARGET.resolve("synth").resolve(mode);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int status = SynthMain.run(args(out, more), Map.of(), System.out, new java.io.PrintStream(err, true));
        assertThat(status).as("synth %s: %s", mode, err).isZero();
        return out;
    }

    /** Stand-ins for the distribution's jars when they are not built: assets are only hashed. */
    static Path assets() {
        Path dist = TARGET.resolve("../../lagoa-dist/target/lagoa/aws").normalize();
        if (Files.isRegularFile(dist.resolve(DeployOptions.GLUE_JAR)) && Files.isRegularFile(dist.resolve(DeployOptions.LAMBDA_JAR))) {
            return dist;
        }
        Path assets = TARGET.resolve("stand-in-assets");
        try {
            Files.createDirectories(assets);
            Files.writeString(assets.resolve(DeployOptions.GLUE_JAR), "stand-in for the Glue jar\n");
            Files.writeString(assets.resolve(DeployOptions.LAMBDA_JAR), "stand-in for the Lambda package\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return assets;
    }

    static JsonNode template(Path dir, String stack) {
        try {
            return JSON.readTree(dir.resolve(stack + ".template.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
