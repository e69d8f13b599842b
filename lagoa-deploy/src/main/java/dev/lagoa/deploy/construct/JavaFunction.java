package dev.lagoa.deploy.construct;

import dev.lagoa.contracts.FunctionHandler;
import java.util.Map;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * A Lambda function of the pipelines (L1: an L2 function would add a role or grants of its own): Java 21, the handler
 * as {@link FunctionHandler#lambdaHandler()} names it, the code from the {@code lagoa-lambda.jar} asset, and the
 * {@code LAGOA_*} environment {@code AwsFunctionEnvironment} reads its configuration from.
 */
public final class JavaFunction extends Construct {
    private final CfnFunction function;

    public JavaFunction(Construct scope, String id, String functionName, FunctionHandler handler, Asset code, String roleArn,
            Map<String, String> environment) {
        super(scope, id);
        function = CfnFunction.Builder.create(this, "Function")
                .functionName(functionName)
                .description(handler.simpleName() + " of Lagoa")
                .runtime("java21")
                .handler(handler.lambdaHandler())
                .code(CfnFunction.CodeProperty.builder().s3Bucket(code.getS3BucketName()).s3Key(code.getS3ObjectKey()).build())
                .role(roleArn)
                .memorySize(1024)
                .timeout(300)
                .environment(CfnFunction.EnvironmentProperty.builder().variables(environment).build())
                .build();
        Acknowledgments.add(function, "AwsSolutions-L1", "The functions run on java21, an LTS runtime Lambda supports; the newest Java "
                + "runtime (java25) is not used yet: the Lambda package has not been run on it.");
    }

    public CfnFunction function() {
        return function;
    }
}
