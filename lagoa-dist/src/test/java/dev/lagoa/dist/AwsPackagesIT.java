package dev.lagoa.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The AWS packages in the distribution, under the names the deployment reads ({@code aws/lagoa-glue.jar},
 * {@code aws/lagoa-lambda.jar}), and the Glue jar kept off the local job runs' classpath.
 */
class AwsPackagesIT {
    private final Path dist = Path.of(System.getProperty("lagoa.dist"));

    @Test
    void theGlueJarAndTheLambdaJarAreUnderAws() throws IOException {
        try (JarFile glue = new JarFile(dist.resolve("aws/lagoa-glue.jar").toFile());
                JarFile lambda = new JarFile(dist.resolve("aws/lagoa-lambda.jar").toFile())) {
            assertThat(glue.getEntry("dev/lagoa/jobs/diff/DiffJob.class")).isNotNull();
            assertThat(glue.getEntry("org/apache/spark/SparkContext.class")).isNull();
            assertThat(lambda.getEntry("dev/lagoa/functions/CatalogCommitHandler.class")).isNotNull();
            assertThat(lambda.getEntry("com/amazonaws/services/lambda/runtime/RequestHandler.class")).isNotNull();
        }
    }

    @Test
    void theLocalJobRunsLoadTheJobsOnce() throws IOException {
        try (Stream<Path> files = Files.list(dist.resolve("lib/jobs"))) {
            List<String> jobs = files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("lagoa-jobs-")).toList();
            assertThat(jobs).singleElement().asString().doesNotContain("-glue");
        }
    }
}
