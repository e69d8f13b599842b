package dev.lagoa.aws.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagoa.core.LagoaException;
import dev.lagoa.core.pipeline.Pipelines;
import dev.lagoa.core.statemachine.StateMachines;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessPlanTest {
    private static final Map<String, String> BUCKETS = Map.of("diffs-bucket", "acme-diffs", "b3-bucket", "acme-b3", "brapi-bucket", "acme-brapi",
            "importau-bucket", "importau-lakehouse-ana", "apiload-bucket", "acme-apiload");
    private static final DeploymentSettings SETTINGS = new DeploymentSettings(BUCKETS, "lagoa", "", DeploymentSettings.CDK_ASSETS_BUCKET,
            "lagoa", DeploymentSettings.KafkaAuthentication.SCRAM, DeploymentSettings.DEFAULT_DIFF_SNAPSHOTS, ApiLoadEndpoints.NONE);
    private final AccessPlan plan = AccessPlan.derive(Pipelines.all(), StateMachines.all(), SETTINGS);

    @Test
    void everyStepHasItsRoleAndEveryRoleNameIsUnique() {
        assertThat(plan.roleNames()).doesNotHaveDuplicates().contains(
                "lagoa-diff-diff-job", "lagoa-diff-publish-task", "lagoa-diff-task-execution", "lagoa-diff-scheduler",
                "lagoa-ibov-ingest-task", "lagoa-ibov-refine-job", "lagoa-ibov-catalog-function", "lagoa-ibov-refine-on-bronze-function",
                "lagoa-importau-silver-job", "lagoa-importau-state-machines", "lagoa-apiload-load-task");
        assertThat(plan.rolesOf("apiload")).extracting(RoleSpec::name).doesNotContain("lagoa-apiload-scheduler");
    }

    @Test
    void aJobReadsItsInputsAndWritesOnlyItsOutputs() {
        RoleSpec refine = plan.role("lagoa-ibov-refine-job");
        assertThat(statement(refine, "WriteDatasets").resources()).containsExactly(
                "arn:aws:s3:::acme-b3/catalog-commits/*", "arn:aws:s3:::acme-b3/refined/ativos/*", "arn:aws:s3:::acme-b3/refined/header/*");
        assertThat(statement(refine, "ReadDatasets").resources()).contains("arn:aws:s3:::acme-b3/raw/*");
        assertThat(refine.permissions()).extracting(Permission::sid).doesNotContain("RegisterTables");
        assertThat(refine.assumedBy()).isEqualTo(AwsService.GLUE);
    }

    @Test
    void aJobUsesTheLakeKeyForItsEncryptedLogsAndBookmarks() {
        RoleSpec refine = plan.role("lagoa-ibov-refine-job");
        assertThat(statement(refine, "UseLakeKey").resources()).containsExactly(DeployedNames.LAKE_KEY_ARN);
        assertThat(statement(refine, "UseLakeKey").actions()).containsExactly("kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey");
        assertThat(statement(refine, "WriteJobLogs").actions()).contains("logs:AssociateKmsKey");
        assertThat(plan.role("lagoa-ibov-catalog-function").permissions()).extracting(Permission::sid).doesNotContain("UseLakeKey");
    }

    @Test
    void theStateMachinesDeliverTheirLogsAndTraces() {
        RoleSpec machines = plan.role("lagoa-importau-state-machines");
        assertThat(statement(machines, "DeliverExecutionLogs").actions()).contains("logs:CreateLogDelivery", "logs:PutResourcePolicy");
        assertThat(statement(machines, "DeliverExecutionLogs").reason()).contains("/aws/vendedlogs/states/lagoa-importau");
        assertThat(statement(machines, "WriteTraces").actions()).contains("xray:PutTraceSegments");
    }

    @Test
    void theDiffReadsTheConfiguredSnapshotsAndThePublisherReadsTheScramSecret() {
        assertThat(statement(plan.role("lagoa-diff-diff-job"), "ReadDatasets").resources()).contains("arn:aws:s3:::acme-diffs/*");
        assertThat(statement(plan.role("lagoa-diff-task-execution"), "ReadTaskSecrets").resources()).containsExactly("${KafkaScramSecretArn}");
        AccessPlan iam = AccessPlan.derive(Pipelines.all(), StateMachines.all(),
                SETTINGS.withKafkaAuthentication(DeploymentSettings.KafkaAuthentication.IAM).withDiffSnapshots("s3://exports/clientes/{date}/"));
        assertThat(statement(iam.role("lagoa-diff-publish-task"), "WriteTopic").actions()).contains("kafka-cluster:WriteData");
        assertThat(iam.role("lagoa-diff-task-execution").permissions()).extracting(Permission::sid).doesNotContain("ReadTaskSecrets");
        assertThat(statement(iam.role("lagoa-diff-diff-job"), "ReadDatasets").resources()).contains("arn:aws:s3:::exports/clientes/*");
    }

    @Test
    void triggersStartTheirJobAndCatalogFunctionsRegisterTables() {
        assertThat(statement(plan.role("lagoa-petr4-refine-on-raw-function"), "StartTriggeredJob").resources())
                .containsExactly("arn:aws:glue:${AWS::Region}:${AWS::AccountId}:job/lagoa-petr4-refine");
        assertThat(statement(plan.role("lagoa-ibov-catalog-function"), "RegisterTables").resources())
                .contains("arn:aws:glue:${AWS::Region}:${AWS::AccountId}:table/lagoa/*");
    }

    @Test
    void theStateMachinesRunTheLayerJobsTheControlPlaneTaskAndTheirChildren() {
        RoleSpec machines = plan.role("lagoa-importau-state-machines");
        assertThat(statement(machines, "RunLayerJobs").resources()).contains(
                "arn:aws:glue:${AWS::Region}:${AWS::AccountId}:job/lagoa-importau-silver",
                "arn:aws:glue:${AWS::Region}:${AWS::AccountId}:job/lagoa-importau-teste-gold");
        assertThat(statement(machines, "PassTaskRoles").resources()).containsExactly(
                "arn:aws:iam::${AWS::AccountId}:role/lagoa-importau-gerar-bronze-task", "arn:aws:iam::${AWS::AccountId}:role/lagoa-importau-task-execution");
        assertThat(statement(machines, "StartChildMachines").resources()).contains(
                "arn:aws:states:${AWS::Region}:${AWS::AccountId}:stateMachine:importau-silver");
        assertThat(statement(plan.role("lagoa-importau-gerar-bronze-task"), "RegisterTables")).isNotNull();
    }

    @Test
    void resolvedForAnAccountWithExistingRoles() {
        AccessPlan resolved = plan.resolved(Optional.of("123456789012"), "sa-east-1",
                Map.of("lagoa-importau-task-execution", "arn:aws:iam::123456789012:role/team/exec"));
        assertThat(statement(resolved.role("lagoa-importau-state-machines"), "PassTaskRoles").resources())
                .containsExactly("arn:aws:iam::123456789012:role/lagoa-importau-gerar-bronze-task", "arn:aws:iam::123456789012:role/team/exec");
    }

    @Test
    void theExistingRolesFileMustNameEveryRoleOnce() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> expected = List.of("lagoa-a-job", "lagoa-b-task");
        assertThat(ExistingRoles.parse(json.readTree("{\"lagoa-b-task\":\"arn:aws:iam::123456789012:role/b\",\"lagoa-a-job\":\"arn:aws:iam::123456789012:role/a\"}"),
                expected, "f")).containsExactly(Map.entry("lagoa-a-job", "arn:aws:iam::123456789012:role/a"), Map.entry("lagoa-b-task", "arn:aws:iam::123456789012:role/b"));
        assertThatThrownBy(() -> ExistingRoles.parse(json.readTree("{\"lagoa-a-job\":\"arn:aws:iam::123456789012:role/a\",\"lagoa-c\":\"x\"}"), expected, "f"))
                .isInstanceOf(LagoaException.class)
                .hasMessageContaining("missing [lagoa-b-task]").hasMessageContaining("unknown [lagoa-c]")
                .hasMessageContaining("Expected exactly these names: [lagoa-a-job, lagoa-b-task]");
        assertThatThrownBy(() -> ExistingRoles.parse(json.readTree("{\"lagoa-a-job\":\"role/a\",\"lagoa-b-task\":\"arn:aws:iam::123456789012:role/b\"}"), expected, "f"))
                .hasMessageContaining("'lagoa-a-job' is not a role ARN");
        assertThatThrownBy(() -> ExistingRoles.parse(json.readTree("[]"), expected, "f")).hasMessageContaining("must be a JSON object");
    }

    private static Permission statement(RoleSpec role, String sid) {
        return role.permissions().stream().filter(permission -> permission.sid().equals(sid)).findFirst()
                .orElseThrow(() -> new AssertionError(role.name() + " has no statement " + sid + ": " + role.permissions()));
    }
}
