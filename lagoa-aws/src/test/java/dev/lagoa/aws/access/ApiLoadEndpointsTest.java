package dev.lagoa.aws.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.pipeline.Pipelines;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiLoadEndpointsTest {
    @Test
    void readsTheReferencedSecretsAndTheScheduledEndpoints() {
        ApiLoadEndpoints endpoints = ApiLoadEndpoints.parse("""
                {"endpoints": [
                  {"name": "github-issues", "url": "https://api.github.com/repos/apache/spark/issues",
                   "headers": {"Authorization": "Bearer ${env:GITHUB_TOKEN}", "X-Org": "${env:ORG_ID}"}, "schedule": "cron(0 6 * * ? *)"},
                  {"name": "countries", "url": "https://restcountries.example/v3.1/all", "body": "${env:GITHUB_TOKEN}"},
                  {"name": "weekly", "url": "https://api.example.com/w", "schedule": "0 3 ? * MON *"}
                ]}
                """, "endpoints.json");

        assertThat(endpoints.secretNames()).isEqualTo(Set.of("GITHUB_TOKEN", "ORG_ID"));
        assertThat(endpoints.schedules()).isEqualTo(Map.of("github-issues", "0 6 * * ? *", "weekly", "0 3 ? * MON *"));
        assertThat(endpoints.json()).isPresent();
        assertThat(AccessPlan.endpointSchedules(Pipelines.named("apiload"), DeploymentSettings.of(
                dev.lagoa.core.config.LakeConfig.from(dev.lagoa.core.config.Configuration.load(dev.lagoa.core.config.LakeConfig.fields(), Map.of(), null,
                        Map.of(), Map.of("importau.user", "ana"))), "").withApiLoad(endpoints)))
                .extracting(schedule -> schedule.stepId() + " " + schedule.cron()).containsExactly("load 0 6 * * ? *", "load 0 3 ? * MON *");
    }

    @Test
    void noFileIsNoEndpointsAndABadScheduleOrNameIsRefused() {
        assertThat(ApiLoadEndpoints.read(Path.of("target", "no-such-endpoints.json"))).isEqualTo(ApiLoadEndpoints.NONE);
        assertThatThrownBy(() -> ApiLoadEndpoints.parse("{\"endpoints\": [{\"name\": \"a\", \"schedule\": \"every day\"}]}", "f.json"))
                .isInstanceOf(LagoaException.class);
        assertThatThrownBy(() -> ApiLoadEndpoints.parse("{\"endpoints\": [{\"name\": \"Bad Name\", \"schedule\": \"0 6 * * ? *\"}]}", "f.json"))
                .hasMessageContaining("schedules an endpoint named 'Bad Name'");
        assertThatThrownBy(() -> ApiLoadEndpoints.parse("{\"endpoints\": [", "f.json")).hasMessageContaining("The endpoints file f.json is not JSON");
    }
}
