package dev.lagoa.deploy.construct;

import dev.lagoa.core.job.JobDefinition;
import dev.lagoa.core.pipeline.LocationTemplate;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.services.glue.CfnJob;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * A Spark job as a Glue 5.0 job ({@code glueetl}, Scala): Glue runs the object {@code --class} of the script at
 * {@code ScriptLocation} (a small generated Scala script: a JVM job needs one, the jar alone is not a script), with the
 * job's classes in {@code --extra-jars}. Default arguments are the definition's, their {@code {bucket}} placeholders
 * resolved; timeout, retries and concurrency are the definition's; worker type and count come from stack parameters.
 * Its security configuration encrypts its CloudWatch logs and job bookmarks with the lake's KMS key.
 */
public final class GlueSparkJob extends Construct {
    private final CfnJob job;

    public GlueSparkJob(Construct scope, String id, String glueJobName, JobDefinition definition, Asset script, String scriptClass, Asset jar,
            String roleArn, Map<String, String> locationValues, String workerType, Number workers, String securityConfiguration) {
        super(scope, id);
        Map<String, String> arguments = new TreeMap<>();
        arguments.put("--job-language", "scala");
        arguments.put("--class", scriptClass);
        arguments.put("--extra-jars", jar.getS3ObjectUrl());
        arguments.put("--job-bookmark-option", "job-bookmark-disable");
        arguments.put("--enable-metrics", "true");
        arguments.put("--enable-continuous-cloudwatch-log", "true");
        definition.defaultArguments().forEach((name, value) -> arguments.put(name, LocationTemplate.resolve(value, locationValues)));
        job = CfnJob.Builder.create(this, "Job")
                .name(glueJobName)
                .description("Lagoa Spark job " + definition.name() + " (" + definition.mainClass() + ")")
                .role(roleArn)
                .securityConfiguration(securityConfiguration)
                .glueVersion("5.0")
                .command(CfnJob.JobCommandProperty.builder().name("glueetl").scriptLocation(script.getS3ObjectUrl()).build())
                .defaultArguments(arguments)
                .timeout((int) Math.max(1, definition.timeout().toMinutes()))
                .maxRetries(definition.maxRetries())
                .executionProperty(CfnJob.ExecutionPropertyProperty.builder().maxConcurrentRuns(definition.maxConcurrentRuns()).build())
                .workerType(workerType)
                .numberOfWorkers(workers)
                .build();
    }

    public CfnJob job() {
        return job;
    }
}
