package dev.lagoa.functions;

import dev.lagoa.aws.AwsConfig;
import dev.lagoa.aws.GlueCatalog;
import dev.lagoa.aws.GlueJobLauncher;
import dev.lagoa.core.catalog.Catalog;
import dev.lagoa.aws.S3ObjectStore;
import dev.lagoa.core.config.Configuration;
import dev.lagoa.core.config.LakeConfig;
import dev.lagoa.core.job.JobLauncher;
import dev.lagoa.core.lake.ObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The wiring of a function on AWS Lambda: the configuration from the function's environment variables
 * ({@code LAGOA_AWS_REGION}, {@code LAGOA_LAKE_CATALOG_DATABASE}, ...; credentials from the execution role) and the AWS
 * adapters built from it. The only class of this module that knows the adapters; the handlers see ports.
 */
final class AwsFunctionEnvironment {
    private final Configuration configuration;

    private AwsFunctionEnvironment(Configuration configuration) {
        this.configuration = configuration;
    }

    static AwsFunctionEnvironment fromSystem() {
        return of(System.getenv());
    }

    static AwsFunctionEnvironment of(Map<String, String> environment) {
        List<dev.lagoa.core.config.ConfigField> fields = new ArrayList<>(AwsConfig.fields());
        fields.addAll(LakeConfig.fields());
        // a function has no workspace: no lagoa.properties, only its environment
        return new AwsFunctionEnvironment(Configuration.load(fields, Map.of(), Path.of("/nonexistent/lagoa.properties"), environment, Map.of()));
    }

    JobLauncher jobLauncher() {
        return GlueJobLauncher.create(AwsConfig.from(configuration));
    }

    Catalog catalog() {
        return GlueCatalog.create(AwsConfig.from(configuration));
    }

    ObjectStore objectStore() {
        return S3ObjectStore.create(AwsConfig.from(configuration));
    }

    LakeConfig lake() {
        return LakeConfig.from(configuration);
    }
}
