package dev.lagoa.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Validations;
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

        Path report = out.resolve("validation-report.json");
        List<String> violations = new ArrayList<>();
        if (report.toFile().exists()) {
            for (JsonNode plugin : JSON.readTree(report.toFile()).path("pluginReports")) {
                if (!plugin.path("pluginName").asText().equals("AwsSolutions")) {
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
        assertThat(violations).as("cdk-nag violations (synth said: %s)", failure).isEmpty();
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
