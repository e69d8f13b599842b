package dev.lagoa.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lagoa.core.LagoaException;
import dev.lagoa.core.job.JobRunState;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.glue.model.JobRun;

class GlueMappingTest {
    @ParameterizedTest
    @CsvSource({
        "STARTING, STARTING",
        "WAITING, STARTING",
        "RUNNING, RUNNING",
        "STOPPING, RUNNING",
        "STOPPED, STOPPED",
        "SUCCEEDED, SUCCEEDED",
        "FAILED, FAILED",
        "ERROR, FAILED",
        "TIMEOUT, TIMEOUT",
        "EXPIRED, TIMEOUT",
        "SOMETHING_NEW, RUNNING"})
    void glueStatesMapToCoreStates(String glueState, JobRunState expected) {
        assertThat(GlueJobLauncher.state(JobRun.builder().id("jr_1").jobName("x").jobRunState(glueState).build())).isEqualTo(expected);
    }

    @Test
    void theLogLocationIsTheOutputLogGroupAndTheRunId() {
        assertThat(GlueJobLauncher.logLocation(null, "jr_1")).isEqualTo("/aws-glue/jobs/output/jr_1");
        assertThat(GlueJobLauncher.logLocation("/lagoa/glue", "jr_1")).isEqualTo("/lagoa/glue/output/jr_1");
    }

    @Test
    void runTimeoutsAreWholeMinutesRoundedUp() {
        assertThat(GlueRunOptions.NONE.timeoutMinutes()).isEmpty();
        assertThat(GlueRunOptions.timeout(Duration.ofSeconds(1)).timeoutMinutes()).contains(1);
        assertThat(GlueRunOptions.timeout(Duration.ofMinutes(30)).timeoutMinutes()).contains(30);
        assertThat(GlueRunOptions.timeout(Duration.ofSeconds(1801)).timeoutMinutes()).contains(31);
        assertThatThrownBy(() -> GlueRunOptions.timeout(Duration.ZERO)).isInstanceOf(LagoaException.class);
        assertThatThrownBy(() -> new GlueRunOptions(Optional.empty(), Optional.of(0.0))).isInstanceOf(LagoaException.class);
    }
}
