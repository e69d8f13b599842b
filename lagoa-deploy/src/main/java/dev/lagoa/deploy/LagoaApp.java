package dev.lagoa.deploy;

import dev.lagoa.aws.access.AccessPlan;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.ErrorCode;
import dev.lagoa.core.pipeline.PipelineDefinition;
import dev.lagoa.core.statemachine.StateMachineDefinition;
import dev.lagoa.core.statemachine.StateMachines;
import dev.lagoa.deploy.stack.LakeStack;
import dev.lagoa.deploy.stack.PipelineStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CliCredentialsStackSynthesizer;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app of a deployment: the shared lake stack ({@code lagoa-lake}) and one stack per pipeline
 * ({@code lagoa-<pipeline>}), environment-agnostic, with the {@code CliCredentialsStackSynthesizer} (no bootstrap roles:
 * the CLI's own credentials, assets in the configured bucket).
 */
public final class LagoaApp {
    public static final String LAKE_STACK = "lagoa-lake";

    private LagoaApp() {}

    public static String stackName(PipelineDefinition pipeline) {
        return "lagoa-" + pipeline.name();
    }

    /** Builds the app into {@code options.out()}; {@code plugins} may add validation plugins before synthesis. */
    public static App build(DeployOptions options, Consumer<App> plugins) {
        List<StateMachineDefinition> machines = StateMachines.all();
        AccessPlan plan = AccessPlan.derive(options.pipelines(), machines, options.settings());
        Path glueJar = requireAsset(options.assets().resolve(DeployOptions.GLUE_JAR));
        Path lambdaJar = requireAsset(options.assets().resolve(DeployOptions.LAMBDA_JAR));
        Path scripts;
        try {
            Files.createDirectories(options.out());
            scripts = Files.createTempDirectory("lagoa-glue-scripts");
        } catch (java.io.IOException e) {
            throw new LagoaException(ErrorCode.STORAGE_ERROR, "Cannot write to %s: %s".formatted(options.out(), e.getMessage()), e);
        }
        App app = new App(AppProps.builder().outdir(options.out().toString()).analyticsReporting(false).build());
        plugins.accept(app);
        LakeStack lake = new LakeStack(app, LAKE_STACK, props("Lagoa: the lake's shared catalog database, Athena workgroup, log bucket and KMS key", options),
                options.settings().catalogDatabase());
        Map<String, String> owners = new HashMap<>();
        for (PipelineDefinition pipeline : options.pipelines()) {
            PipelineStack stack = new PipelineStack(app, stackName(pipeline), props("Lagoa: the " + pipeline.name() + " pipeline", options),
                    new PipelineStack.Inputs(pipeline, machines, plan, options.existingRoleArns(), glueJar, lambdaJar, scripts));
            stack.addStackDependency(lake);
            for (String bucket : stack.bucketNames()) {
                String owner = owners.putIfAbsent(bucket, pipeline.name());
                if (owner != null) {
                    throw LagoaException.userError("Pipelines %s and %s both use bucket %s: a bucket has one notification configuration, "
                            + "so each pipeline needs a bucket of its own (set lake.*-bucket)", owner, pipeline.name(), bucket);
                }
            }
        }
        return app;
    }

    private static StackProps props(String description, DeployOptions options) {
        return StackProps.builder().description(description)
                .synthesizer(CliCredentialsStackSynthesizer.Builder.create().fileAssetsBucketName(options.settings().assetsBucket()).build())
                .build();
    }

    private static Path requireAsset(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LagoaException(ErrorCode.INVALID_ARGUMENT, "Missing deployment asset %s (build the distribution, or give --assets DIR)".formatted(file));
        }
        return file;
    }
}
