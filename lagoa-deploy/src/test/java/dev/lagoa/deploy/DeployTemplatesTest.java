package dev.lagoa.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class DeployTemplatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Template template(String stack) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> json = JSON.readValue(SynthFixture.managed().resolve(stack + ".template.json").toFile(), Map.class);
        return Template.fromJSON(json);
    }

    @Test
    void writesEveryStackTemplateAndTheAssetManifests() throws Exception {
        Path out = SynthFixture.managed();
        for (String stack : List.of("lagoa-lake", "lagoa-diff", "lagoa-ibov", "lagoa-petr4", "lagoa-importau", "lagoa-apiload")) {
            assertThat(out.resolve(stack + ".template.json")).exists();
            assertThat(out.resolve(stack + ".assets.json")).exists();
            System.out.printf("%s.template.json: %d bytes%n", stack, Files.size(out.resolve(stack + ".template.json")));
        }
        assertThat(out.resolve("manifest.json")).exists();
        System.out.printf("synth times: first (managed) %d ms, later (existing) %d ms%n", SynthFixture.firstMillis, SynthFixture.existing() == null ? 0
                : SynthFixture.laterMillis);
    }

    @Test
    void theDiffJobIsAGlue5ScalaJobRunAt0100SaoPaulo() throws Exception {
        Template diff = template("lagoa-diff");
        diff.hasResourceProperties("AWS::Glue::Job", Map.of("Name", "lagoa-diff", "GlueVersion", "5.0",
                "Command", Map.of("Name", "glueetl", "ScriptLocation", Match.anyValue()),
                "DefaultArguments", Match.objectLike(Map.of("--job-language", "scala", "--class", "GlueApp", "--extra-jars", Match.anyValue()))));
        diff.hasResourceProperties("AWS::Scheduler::Schedule", Map.of("ScheduleExpression", "cron(0 1 * * ? *)",
                "ScheduleExpressionTimezone", "America/Sao_Paulo",
                "Target", Match.objectLike(Map.of("Arn", "arn:aws:scheduler:::aws-sdk:glue:startJobRun"))));
        diff.hasResourceProperties("AWS::Scheduler::Schedule", Map.of("ScheduleExpression", "cron(0 2 * * ? *)",
                "ScheduleExpressionTimezone", "America/Sao_Paulo", "Target", Match.objectLike(Map.of("EcsParameters", Match.anyValue()))));
    }

    /** The 01:00 run's input, as Scheduler sends it to StartJobRun once CloudFormation has joined in the DiffKey parameter. */
    @Test
    void theScheduledDiffRunNamesItsSnapshotsKeyAndOutput() throws Exception {
        JsonNode schedules = JSON.readTree(SynthFixture.managed().resolve("lagoa-diff.template.json").toFile()).get("Resources");
        JsonNode input = null;
        for (JsonNode resource : schedules) {
            if (resource.path("Type").asText().equals("AWS::Scheduler::Schedule") && resource.at("/Properties/ScheduleExpression").asText().equals("cron(0 1 * * ? *)")) {
                input = resource.at("/Properties/Target/Input");
            }
        }
        assertThat(input).as("the 01:00 schedule's input").isNotNull();
        StringBuilder joined = new StringBuilder();
        for (JsonNode part : input.at("/Fn::Join/1")) {
            joined.append(part.isTextual() ? part.asText() : part.path("Ref").asText().equals("DiffKey") ? "cliente.id" : "<unexpected " + part + ">");
        }
        JsonNode request = JSON.readTree(joined.toString());
        assertThat(request.get("JobName").asText()).isEqualTo("lagoa-diff");
        assertThat(JSON.convertValue(request.get("Arguments"), Map.class)).isEqualTo(Map.of(
                "--scheduled-time", "<aws.scheduler.scheduled-time>",
                "--snapshots", "s3://acme-diffs/_snapshots/{date}/",
                "--key", "cliente.id",
                "--out", "s3://acme-diffs/"));
        assertThat(JSON.readTree(SynthFixture.managed().resolve("lagoa-diff.template.json").toFile()).at("/Parameters/DiffKey/Default").asText())
                .isEqualTo("id");
    }

    /** The loader's task carries the workspace's endpoints and their secrets; a scheduled endpoint gets its own schedule. */
    @Test
    void theApiLoadRunsTheWorkspacesEndpointsWithTheirSecretsAndSchedules() throws Exception {
        JsonNode template = JSON.readTree(SynthFixture.managed().resolve("lagoa-apiload.template.json").toFile());
        JsonNode container = null;
        JsonNode schedule = null;
        for (JsonNode resource : template.get("Resources")) {
            switch (resource.path("Type").asText()) {
                case "AWS::ECS::TaskDefinition" -> container = resource.at("/Properties/ContainerDefinitions/0");
                case "AWS::Scheduler::Schedule" -> schedule = resource.get("Properties");
                default -> { }
            }
        }
        assertThat(container).isNotNull();
        Map<String, String> environment = new java.util.HashMap<>();
        container.get("Environment").forEach(variable -> environment.put(variable.get("Name").asText(), variable.path("Value").asText()));
        assertThat(environment.get("LAGOA_APILOAD_ENDPOINTS")).contains("\"github-issues\"", "${env:GITHUB_TOKEN}", "\"countries\"");
        Map<String, String> secrets = new java.util.HashMap<>();
        container.get("Secrets").forEach(secret -> secrets.put(secret.get("Name").asText(), secret.path("ValueFrom").toString()));
        assertThat(secrets).containsEntry("GITHUB_TOKEN", "\"lagoa/apiload/GITHUB_TOKEN\"").containsKeys("LAGOA_POSTGRES_USER", "LAGOA_POSTGRES_PASSWORD");

        assertThat(schedule).as("the schedule of github-issues").isNotNull();
        assertThat(schedule.get("Name").asText()).isEqualTo("lagoa-apiload-github-issues");
        assertThat(schedule.get("ScheduleExpression").asText()).isEqualTo("cron(0 6 * * ? *)");
        assertThat(schedule.get("ScheduleExpressionTimezone").asText()).isEqualTo("America/Sao_Paulo");
        assertThat(schedule.at("/Target/Arn").asText()).isEqualTo("arn:aws:scheduler:::aws-sdk:ecs:runTask");
        String input = schedule.at("/Target/Input").toString();
        assertThat(input).contains("containerOverrides", "\\\"command\\\":[\\\"apiload\\\",\\\"run\\\",\\\"github-issues\\\"]", "FARGATE");
        template(("lagoa-apiload")).hasResourceProperties("AWS::IAM::Role", Map.of("RoleName", "lagoa-apiload-scheduler"));
    }

    @Test
    void theDiffsBucketNotifiesItsQueueNativelyAndTheQueueAcceptsOnlyThatBucket() throws Exception {
        Template diff = template("lagoa-diff");
        diff.resourceCountIs("AWS::SQS::QueuePolicy", 2);
        diff.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Map.of(
                "Sid", "AllowS3Notifications", "Effect", "Allow", "Action", "sqs:SendMessage", "Principal", Map.of("Service", "s3.amazonaws.com"),
                "Resource", Match.anyValue(),
                "Condition", Map.of("ArnLike", Map.of("aws:SourceArn", "arn:aws:s3:::acme-diffs"),
                        "StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")))))))));
        diff.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "lagoa-diff-events",
                "RedrivePolicy", Map.of("deadLetterTargetArn", Match.anyValue(), "maxReceiveCount", 5)));
        diff.hasResourceProperties("AWS::S3::Bucket", Map.of("BucketName", "acme-diffs", "NotificationConfiguration", Map.of("QueueConfigurations",
                List.of(Map.of("Event", "s3:ObjectCreated:*", "Queue", Match.anyValue(),
                        "Filter", Map.of("S3Key", Map.of("Rules", List.of(Map.of("Name", "suffix", "Value", ".json")))))))));
        diff.hasResource("AWS::S3::Bucket", Map.of("DependsOn", Match.anyValue()));
        diff.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("Family", "lagoa-diff-publish",
                "ContainerDefinitions", List.of(Match.objectLike(Map.of("Secrets", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Name", "LAGOA_KAFKA_SASL_PASSWORD")))))))));
    }

    @Test
    void bucketsBlockPublicAccessRequireTlsEncryptAndExpireRejects() throws Exception {
        Template ibov = template("lagoa-ibov");
        ibov.hasResourceProperties("AWS::S3::Bucket", Map.of("BucketName", "acme-b3",
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                        "RestrictPublicBuckets", true),
                "BucketEncryption", Match.objectLike(Map.of("ServerSideEncryptionConfiguration", Match.anyValue())),
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Prefix", "_quarantine/", "ExpirationInDays", 30)),
                        Match.objectLike(Map.of("Prefix", "raw/", "Transitions", Match.anyValue())),
                        Match.objectLike(Map.of("NoncurrentVersionExpiration", Match.anyValue())))))));
        ibov.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of("Version", "2012-10-17", "Statement", Match.arrayWith(
                List.of(Match.objectLike(Map.of("Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
        template("lagoa-apiload").hasResourceProperties("AWS::S3::Bucket", Map.of("LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Prefix", "errors/", "ExpirationInDays", 30)))))));
        template("lagoa-diff").hasResourceProperties("AWS::S3::Bucket", Map.of("LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Prefix", "_rejects/", "ExpirationInDays", 30)))))));
    }

    @Test
    void functionsRunTheHandlersAndTheirBucketsNotifyThemWithPrefixAndSuffix() throws Exception {
        Template ibov = template("lagoa-ibov");
        ibov.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", "lagoa-ibov-refine-on-bronze",
                "Handler", dev.lagoa.contracts.FunctionHandler.IBOV_REFINE_TRIGGER.lambdaHandler()));
        ibov.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", "lagoa-ibov-catalog",
                "Handler", dev.lagoa.contracts.FunctionHandler.CATALOG_COMMIT.lambdaHandler()));
        ibov.hasResourceProperties("AWS::S3::Bucket", Map.of("NotificationConfiguration", Map.of("LambdaConfigurations", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Filter", Map.of("S3Key", Map.of("Rules", List.of(Map.of("Name", "prefix", "Value", "raw/"),
                        Map.of("Name", "suffix", "Value", ".parquet")))))))))));
        ibov.hasResourceProperties("AWS::Lambda::Permission", Map.of("Principal", "s3.amazonaws.com", "SourceArn", "arn:aws:s3:::acme-b3"));
        ibov.resourceCountIs("AWS::Athena::NamedQuery", 3);
        template("lagoa-petr4").hasResourceProperties("AWS::S3::Bucket", Map.of("NotificationConfiguration", Map.of("LambdaConfigurations",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Filter", Map.of("S3Key", Map.of("Rules", List.of(
                        Map.of("Name", "prefix", "Value", "raw/dataset=petr4/"), Map.of("Name", "suffix", "Value", ".parquet")))))))))));
    }

    @Test
    void importauDeploysItsSevenStateMachinesWithGlueSyncAndItsLfTags() throws Exception {
        Template importau = template("lagoa-importau");
        Map<String, Map<String, Object>> machines = importau.findResources("AWS::StepFunctions::StateMachine");
        assertThat(machines).hasSize(7);
        long withGlue = machines.values().stream().filter(machine -> String.valueOf(machine).contains("arn:aws:states:::glue:startJobRun.sync")).count();
        assertThat(withGlue).isPositive();
        importau.resourceCountIs("AWS::LakeFormation::Tag", 3);
        importau.hasResourceProperties("AWS::LakeFormation::Tag", Map.of("TagKey", "lagoa_pii", "TagValues", Match.arrayWith(List.of("cpf", "none"))));
        template("lagoa-lake").hasResourceProperties("AWS::Athena::WorkGroup", Map.of("WorkGroupConfiguration", Match.objectLike(Map.of(
                "EnforceWorkGroupConfiguration", true, "ResultConfiguration", Match.objectLike(Map.of("EncryptionConfiguration",
                        Map.of("EncryptionOption", "SSE_S3"))))))); 
        template("lagoa-lake").hasResourceProperties("AWS::Glue::Database", Map.of("DatabaseInput", Match.objectLike(Map.of("Name", "lagoa"))));
    }

    @Test
    void glueJobsEncryptTheirLogsAndBookmarksWithTheLakeKeyAndStateMachinesLogAndTrace() throws Exception {
        Template lake = template("lagoa-lake");
        lake.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
        lake.hasOutput("LakeKeyArn", Map.of("Export", Map.of("Name", "lagoa-lake:LakeKeyArn")));
        Template ibov = template("lagoa-ibov");
        ibov.hasResourceProperties("AWS::Glue::SecurityConfiguration", Map.of("Name", "lagoa-ibov", "EncryptionConfiguration", Match.objectLike(Map.of(
                "CloudWatchEncryption", Map.of("CloudWatchEncryptionMode", "SSE-KMS", "KmsKeyArn", Map.of("Fn::ImportValue", "lagoa-lake:LakeKeyArn")),
                "JobBookmarksEncryption", Map.of("JobBookmarksEncryptionMode", "CSE-KMS", "KmsKeyArn", Map.of("Fn::ImportValue", "lagoa-lake:LakeKeyArn"))))));
        Map<String, Map<String, Object>> configurations = ibov.findResources("AWS::Glue::SecurityConfiguration");
        ibov.hasResourceProperties("AWS::Glue::Job", Map.of("Name", "lagoa-ibov-refine",
                "SecurityConfiguration", Map.of("Ref", configurations.keySet().iterator().next())));
        Template importau = template("lagoa-importau");
        importau.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", "/aws/vendedlogs/states/lagoa-importau"));
        importau.allResourcesProperties("AWS::StepFunctions::StateMachine", Map.of(
                "LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL", "IncludeExecutionData", false)),
                "TracingConfiguration", Map.of("Enabled", true)));
    }

    @Test
    void everyRoleHoldsExactlyThePlansStatementsInOneInlinePolicy() throws Exception {
        Path out = SynthFixture.managed();
        int roles = 0;
        for (String pipeline : List.of("diff", "ibov", "petr4", "importau", "apiload")) {
            JsonNode resources = SynthFixture.template(out, "lagoa-" + pipeline).get("Resources");
            for (JsonNode resource : resources) {
                String type = resource.get("Type").asText();
                assertThat(type).as("only roles, no separate policies").isNotIn("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy");
                if (!type.equals("AWS::IAM::Role")) {
                    continue;
                }
                roles++;
                String name = resource.at("/Properties/RoleName").asText();
                var spec = SynthFixture.plan().role(name);
                assertThat(resource.at("/Properties/AssumeRolePolicyDocument/Statement/0/Principal/Service").asText()).isEqualTo(spec.assumedBy().principal());
                assertThat(resource.at("/Properties/ManagedPolicyArns").isMissingNode()).isTrue();
                JsonNode policies = resource.at("/Properties/Policies");
                assertThat(policies).hasSize(1);
                JsonNode statements = policies.get(0).at("/PolicyDocument/Statement");
                assertThat(statements).hasSize(spec.permissions().size());
                for (int i = 0; i < statements.size(); i++) {
                    var permission = spec.permissions().get(i);
                    JsonNode statement = statements.get(i);
                    assertThat(statement.get("Sid").asText()).isEqualTo(permission.sid());
                    assertThat(values(statement.get("Action"))).containsExactlyElementsOf(permission.actions());
                    assertThat(values(statement.get("Resource"))).containsExactlyElementsOf(permission.resources());
                }
            }
        }
        assertThat(roles).isEqualTo(SynthFixture.plan().roles().size());
    }

    private static List<String> values(JsonNode node) {
        List<JsonNode> nodes = node.isArray() ? java.util.stream.StreamSupport.stream(node.spliterator(), false).toList() : List.of(node);
        return nodes.stream().map(value -> value.isTextual() ? value.asText() : value.has("Fn::Sub") ? fnSubText(value.get("Fn::Sub")) : value.toString()).toList();
    }

    /** The text of an {@code Fn::Sub}, plain or with its variables ({@code [text, {name: value}]}). */
    private static String fnSubText(JsonNode sub) {
        return sub.isArray() ? sub.get(0).asText() : sub.asText();
    }

    @Test
    void existingRolesModeHasNoIamNoCustomResourceAndOnlyOurFunctions() throws Exception {
        Path out = SynthFixture.existing();
        try (var files = Files.list(out)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".template.json")).toList()) {
                String text = Files.readString(file);
                assertThat(text).as(file.toString()).doesNotContain("\"AWS::IAM::").doesNotContain("Custom::S3BucketNotifications");
                JsonNode resources = JSON.readTree(text).path("Resources");
                for (JsonNode resource : resources) {
                    if (resource.get("Type").asText().equals("AWS::Lambda::Function")) {
                        assertThat(resource.at("/Properties/Handler").asText()).startsWith("dev.lagoa.functions.");
                    }
                }
            }
        }
        assertThat(Files.readString(out.resolve("lagoa-importau.template.json"))).contains("RoleArnLagoaImportauStateMachines")
                .contains("arn:aws:iam::123456789012:role/team/lagoa-importau-state-machines");
    }

    @Test
    void aRoleFileWithAMissingOrAnExtraNameIsAnErrorListingTheExpectedNames() throws Exception {
        SynthFixture.requireNode();
        Path file = SynthFixture.TARGET.resolve("synth/bad-role-arns.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"lagoa-diff-diff-job\":\"arn:aws:iam::123456789012:role/a\",\"lagoa-nope\":\"arn:aws:iam::123456789012:role/b\"}");
        var err = new java.io.ByteArrayOutputStream();
        int status = SynthMain.run(SynthFixture.args(SynthFixture.TARGET.resolve("synth/bad"), "--roles", "existing", "--role-arns", file.toString(), "diff"),
                Map.of(), System.out, new java.io.PrintStream(err, true));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("missing [").contains("lagoa-diff-scheduler").contains("unknown [lagoa-nope]").contains("Expected exactly these names");
        err.reset();
        assertThat(SynthMain.run(SynthFixture.args(SynthFixture.TARGET.resolve("synth/bad"), "nope"), Map.of(), System.out, new java.io.PrintStream(err, true)))
                .isEqualTo(2);
        assertThat(err.toString()).contains("Unknown pipeline [nope]");
    }
}
