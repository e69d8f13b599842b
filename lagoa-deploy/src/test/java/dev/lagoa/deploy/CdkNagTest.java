package dev.lagoa.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.aws.access.AwsService;
import dev.lagoa.aws.access.Permission;
import dev.lagoa.aws.access.RoleSpec;
import dev.lagoa.deploy.construct.Roles;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.constructs.IConstruct;
import software.constructs.MetadataEntry;

/**
 * cdk-nag's AWS Solutions rules over the whole app in both role modes: no violation left, and every acknowledgment in
 * the construct tree with a reason of its own. IAM wildcards are acknowledged one by one, so a new wildcard without a
 * reason in the access plan fails here.
 */
class CdkNagTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} roles")
    @ValueSource(strings = {"managed", "existing"})
    void awsSolutionsChecksFindNoErrorAndEveryAcknowledgmentHasAReason(String mode) throws Exception {
        SynthFixture.existing();
        Path out = SynthFixture.TARGET.resolve("synth/nag-" + mode);
        String[] args = mode.equals("managed") ? SynthFixture.args(out)
                : SynthFixture.args(out, "--roles", "existing", "--role-arns", SynthFixture.TARGET.resolve("synth/role-arns.json").toString());
        DeployOptions options = SynthMain.options(args, Map.of());
        App app = LagoaApp.build(options, built -> Validations.of(built).addPlugins(new AwsSolutionsChecks()));
        String failure = null;
        try {
            app.synth();
        } catch (RuntimeException e) {
            failure = e.getMessage();
        }

        assertThat(violations(out, "AwsSolutions")).as("cdk-nag violations (synth said: %s)", failure).isEmpty();
        // the CDK's own template checks (cfn-lint's rules, built in): their warnings are acknowledged with reasons too
        assertThat(violations(out, "CloudFormation Validate")).as("CloudFormation Validate warnings").isEmpty();
        assertThat(failure).isNull();

        Map<String, String> acknowledged = acknowledgments(app);
        assertThat(acknowledged).as("acknowledgments").isNotEmpty();
        assertThat(acknowledged).allSatisfy((where, reason) -> assertThat(reason).as(where).isNotBlank().hasSizeGreaterThan(40));
        if (mode.equals("managed")) {
            assertThat(acknowledged).containsKey("lagoa-ibov/Roles/lagoa-ibov-refine-job AwsSolutions-IAM5[Resource::arn:aws:s3:::acme-b3/raw/*]");
            assertThat(acknowledged.get("lagoa-ibov/Roles/lagoa-ibov-refine-job AwsSolutions-IAM5[Resource::arn:aws:s3:::acme-b3/raw/*]"))
                    .contains("ReadDatasets: ").contains("prefix");
        } else {
            assertThat(acknowledged.keySet()).noneMatch(key -> key.contains("AwsSolutions-IAM"));
        }
    }

    /**
     * The same plugin and report over a bucket with none of the lake's settings and two wildcard statements: the one
     * the plan states ({@link Roles}) is acknowledged, the one it does not is a violation, as are the bucket's.
     */
    @Test
    void aViolationAndAWildcardWithoutAReasonFailTheValidation() throws Exception {
        SynthFixture.requireNode();
        Path out = SynthFixture.TARGET.resolve("synth/nag-canary");
        App app = new App(AppProps.builder().outdir(out.toString()).analyticsReporting(false).build());
        Validations.of(app).addPlugins(new AwsSolutionsChecks());
        Stack stack = new Stack(app, "canary");
        CfnBucket.Builder.create(stack, "Plain").build();
        new Roles(stack, "Roles", List.of(new RoleSpec("lagoa-canary-job", "canary", AwsService.GLUE, "canary", List.of(
                new Permission("WriteLogs", List.of("logs:PutLogEvents"), List.of("arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:/canary/*"),
                        "the canary's logs, in streams named at run time")))), Map.of(), Map.of());
        Role.Builder.create(stack, "Unplanned").assumedBy(new ServicePrincipal("glue.amazonaws.com")).inlinePolicies(Map.of("p",
                PolicyDocument.Builder.create().statements(List.of(PolicyStatement.Builder.create().actions(List.of("s3:GetObject"))
                        .resources(List.of("arn:aws:s3:::canary/*")).build())).build())).build();

        assertThatThrownBy(app::synth).hasMessageContaining("Validation failed");

        List<String> violations = violations(out, "AwsSolutions");
        assertThat(violations).anyMatch(violation -> violation.contains("AwsSolutions-S10 at canary/Plain"))
                .anyMatch(violation -> violation.contains("AwsSolutions-IAM5[Resource::arn:aws:s3:::canary/*] at canary/Unplanned"))
                .noneMatch(violation -> violation.contains("/canary/*"));
    }

    /** The violations {@code pluginName} reports in a cloud assembly's validation report (none when it found nothing). */
    private static List<String> violations(Path assembly, String pluginName) throws Exception {
        Path report = assembly.resolve("validation-report.json");
        List<String> violations = new ArrayList<>();
        if (Files.exists(report)) {
            for (JsonNode plugin : JSON.readTree(report.toFile()).path("pluginReports")) {
                if (!plugin.path("pluginName").asText().equals(pluginName)) {
                    continue;
                }
                for (JsonNode violation : plugin.path("violations")) {
                    for (JsonNode construct : violation.path("violatingConstructs")) {
                        violations.add(violation.path("severity").asText() + " " + violation.path("ruleName").asText() + " at "
                                + construct.path("constructPath").asText());
                    }
                }
            }
        }
        return violations;
    }

    /** Every acknowledged rule of the tree, {@code "<construct path> <rule id>"} to its reason. */
    private static Map<String, String> acknowledgments(App app) {
        Map<String, String> out = new TreeMap<>();
        for (IConstruct construct : app.getNode().findAll()) {
            for (MetadataEntry entry : construct.getNode().getMetadata()) {
                if (entry.getType().equals(Validations.ACKNOWLEDGED_RULES_METADATA_KEY) && entry.getData() instanceof Map<?, ?> data) {
                    data.forEach((id, reason) -> out.put(construct.getNode().getPath() + " " + String.valueOf(id).replaceFirst("^annotation::", ""),
                            reason == null ? "" : String.valueOf(reason)));
                }
            }
        }
        return out;
    }
}
