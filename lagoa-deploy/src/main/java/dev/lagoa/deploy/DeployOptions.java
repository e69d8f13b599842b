package dev.lagoa.deploy;

import static java.util.Objects.requireNonNull;

import dev.lagoa.aws.access.DeploymentSettings;
import dev.lagoa.core.pipeline.PipelineDefinition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one synthesis takes: where to write, which pipelines, the deployment settings, the existing roles' ARNs (empty:
 * managed roles) and the folder holding {@code lagoa-glue.jar} and {@code lagoa-lambda.jar}.
 */
public record DeployOptions(Path out, List<PipelineDefinition> pipelines, DeploymentSettings settings, Map<String, String> existingRoleArns,
        Path assets) {
    public static final String GLUE_JAR = "lagoa-glue.jar";
    public static final String LAMBDA_JAR = "lagoa-lambda.jar";

    public DeployOptions {
        requireNonNull(out, "out is null");
        pipelines = List.copyOf(requireNonNull(pipelines, "pipelines is null"));
        requireNonNull(settings, "settings is null");
        existingRoleArns = Map.copyOf(requireNonNull(existingRoleArns, "existingRoleArns is null"));
        requireNonNull(assets, "assets is null");
    }

    public boolean existingRoles() {
        return !existingRoleArns.isEmpty();
    }
}
