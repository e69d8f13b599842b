package dev.lagoa.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The synthesized templates and handwritten ones checked offline by the npm tools of {@code src/test/node}: every
 * resource against the CloudFormation resource specification, every state machine's ASL through asl-validator and
 * its Task resources against the known service integrations.
 *
 * <p>Runs after every other test class ({@code junit-platform.properties} orders classes by {@link Order}), so that the
 * templates the stack tests synthesize into {@code target/synth/managed} and {@code target/synth/existing} are there.
 * Without them only the handwritten templates are checked. The broken handwritten templates show each check fails.
 */
@Order(Integer.MAX_VALUE)
class TemplateValidationTest {
    private static final String CHECK_TEMPLATES = "check-templates.mjs";
    private static final String VALIDATE_ASL = "validate-asl.mjs";
    private static final Path TEMPLATES = NodeTools.moduleDirectory().resolve("src/test/resources/templates");

    private NodeTools tools;

    @BeforeEach
    void installTools() {
        tools = NodeTools.require();
    }

    @Test
    void validTemplatePassesBothChecks() {
        Path valid = TEMPLATES.resolve("valid.template.json");
        for (String script : List.of(CHECK_TEMPLATES, VALIDATE_ASL)) {
            NodeTools.Result result = timed(script, List.of(valid));
            assertThat(result.exitCode()).as(result.describe()).isZero();
            assertThat(result.problems()).as(result.describe()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
            unknown-type.template.json       ; check-templates.mjs ; unknown-type.template.json: Bucket (AWS::S3::Buckett): unknown resource type
            unknown-property.template.json   ; check-templates.mjs ; unknown-property.template.json: Queue (AWS::SQS::Queue): unknown property VisibilityTimeoutSeconds
            missing-required.template.json   ; check-templates.mjs ; missing-required.template.json: Job (AWS::Glue::Job): missing required property Role
            wrong-type.template.json         ; check-templates.mjs ; wrong-type.template.json: Queue (AWS::SQS::Queue): property VisibilityTimeout is the string "five minutes", expected an integer
            wrong-type.template.json         ; check-templates.mjs ; wrong-type.template.json: Bucket (AWS::S3::Bucket): property PublicAccessBlockConfiguration.BlockPublicAcls is a list, expected a boolean
            bad-ref.template.json            ; check-templates.mjs ; bad-ref.template.json: Policy (AWS::SQS::QueuePolicy): Ref to Queeu, which is not a resource, parameter or pseudo parameter of the template
            bad-ref.template.json            ; check-templates.mjs ; bad-ref.template.json: Queue (AWS::SQS::Queue): Fn::GetAtt to DeadLetters, which is not a resource of the template
            bad-ref.template.json            ; check-templates.mjs ; bad-ref.template.json: Policy (AWS::SQS::QueuePolicy): DependsOn names "Missing", which is not a resource of the template
            asl-broken-transition.template.json      ; validate-asl.mjs ; asl-broken-transition.template.json: Machine (AWS::StepFunctions::StateMachine): invalid ASL: MISSING_TRANSITION_TARGET: Missing 'StartAt'|'Next'|'Default' target: Publish
            asl-misspelled-integration.template.json ; validate-asl.mjs ; asl-misspelled-integration.template.json: Machine (AWS::StepFunctions::StateMachine): state RunDiff: glue:startJobRun has no integration pattern ".sinc" in arn:aws:states:::glue:startJobRun.sinc (known: (request-response), .sync, .waitForTaskToken)
            """)
    void brokenTemplateFailsWithItsProblem(String template, String script, String expectedProblem) {
        NodeTools.Result result = tools.runScript(script, List.of(TEMPLATES.resolve(template)));

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.problems()).as(result.describe()).contains(expectedProblem);
    }

    @ParameterizedTest(name = "target/synth/{0}")
    @ValueSource(strings = {"managed", "existing"})
    void synthesizedTemplatesPass(String mode) throws Exception {
        Path directory = NodeTools.moduleDirectory().resolve("target/synth").resolve(mode);
        Assumptions.assumeTrue(Files.isDirectory(directory),
                () -> "No synthesized templates in " + directory + ": only the handwritten templates were checked");
        try (var files = Files.list(directory)) {
            Assumptions.assumeTrue(files.anyMatch(file -> file.getFileName().toString().endsWith(".template.json")),
                    () -> "No *.template.json in " + directory);
        }
        for (String script : List.of(CHECK_TEMPLATES, VALIDATE_ASL)) {
            NodeTools.Result result = timed(script, List.of(directory));
            assertThat(result.problems()).as(result.describe()).isEmpty();
            assertThat(result.exitCode()).as(result.describe()).isZero();
        }
    }

    private NodeTools.Result timed(String script, List<Path> templates) {
        long start = System.nanoTime();
        NodeTools.Result result = tools.runScript(script, templates);
        System.out.printf(Locale.ROOT, "%s %s: %.1f s, %s", script, templates.size() == 1 ? templates.get(0).getFileName() : templates,
                (System.nanoTime() - start) / 1e9, result.errors().isBlank() ? System.lineSeparator() : result.errors());
        return result;
    }
}
