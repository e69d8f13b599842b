package dev.lagoa.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;

class CdkSmokeTest {
    @Test
    void synthesizes() {
        long start = System.nanoTime();
        App app = new App();
        Stack stack = new Stack(app, "smoke");
        Bucket.Builder.create(stack, "b").blockPublicAccess(BlockPublicAccess.BLOCK_ALL).encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true).build();
        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::S3::Bucket", 1);
        System.out.println("first synth ms " + (System.nanoTime() - start) / 1_000_000);
        assertThat(template.toJSON()).containsKey("Resources");
    }
}
