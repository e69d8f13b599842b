package dev.lagoa.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Validations;

/** cdk-nag's AWS Solutions rules over the managed-mode app: zero errors, and every acknowledgment with its reason. */
class CdkNagTest {
    @Test
    @Disabled("not yet green: the acknowledgments (IAM5 with the plan's reasons, GL1/GL3, ECS2, S1/S10 of the lake's buckets) are not written yet")
    void awsSolutionsChecksFindNoErrorAndEveryAcknowledgmentHasAReason() throws Exception {
        SynthFixture.managed();
        Path out = SynthFixture.TARGET.resolve("synth/nag");
        DeployOptions options = SynthMain.options(SynthFixture.args(out), Map.of());
        App app = LagoaApp.build(options, built -> Validations.of(built).addPlugins(new AwsSolutionsChecks()));
        String failure = null;
        try {
            app.synth();
        } catch (RuntimeException e) {
            failure = e.getMessage();
        }
        Path report = out.resolve("validation-report.json");
        assertThat(report).exists();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        List<String> errors = new ArrayList<>();
        List<String> unreasoned = new ArrayList<>();
        collect(json, errors, unreasoned);
        assertThat(errors).as("cdk-nag errors (synth said: %s)", failure).isEmpty();
        assertThat(unreasoned).isEmpty();
        assertThat(failure).isNull();
    }

    /** Walks the report: violations not acknowledged are errors; an acknowledgment must carry a reason. */
    private static void collect(JsonNode node, List<String> errors, List<String> unreasoned) {
        if (node.isObject()) {
            if (node.has("ruleName") && node.has("violatingResources")) {
                for (JsonNode resource : node.get("violatingResources")) {
                    errors.add(node.get("ruleName").asText() + " " + resource.path("resourceLogicalId").asText() + " "
                            + resource.path("locations").toString());
                }
            }
            if (node.has("acknowledged") || node.has("acknowledgedRules")) {
                JsonNode acks = node.has("acknowledged") ? node.get("acknowledged") : node.get("acknowledgedRules");
                for (JsonNode ack : acks) {
                    if (ack.path("reason").asText("").isBlank()) {
                        unreasoned.add(ack.toString());
                    }
                }
            }
            node.fields().forEachRemaining(field -> collect(field.getValue(), errors, unreasoned));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, errors, unreasoned));
        }
    }
}
