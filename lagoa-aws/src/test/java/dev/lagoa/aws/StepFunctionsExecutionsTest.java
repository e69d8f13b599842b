package dev.lagoa.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lagoa.core.statemachine.ExecutionStatus;
import dev.lagoa.core.statemachine.StateTransition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

class StepFunctionsExecutionsTest {
    private static final String EXECUTION = "arn:aws:states:sa-east-1:123456789012:execution:importau:x";

    private static StepFunctionsExecutions executions() {
        SfnClient client = SfnClient.builder().region(Region.SA_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create()).build();
        return new StepFunctionsExecutions(client, "aws-cn", "cn-north-1", "123456789012", Duration.ofSeconds(5),
                Clock.fixed(Instant.parse("2026-11-22T02:30:00Z"), ZoneOffset.UTC));
    }

    @Test
    void theMachinesArnIsInTheCallersPartitionRegionAndAccount() {
        try (StepFunctionsExecutions executions = executions()) {
            assertThat(executions.stateMachineArn("importau-bronze")).isEqualTo("arn:aws-cn:states:cn-north-1:123456789012:stateMachine:importau-bronze");
        }
    }

    @Test
    void executionNamesAreValidUniqueAndAtMostEightyCharacters() {
        try (StepFunctionsExecutions executions = executions()) {
            String first = executions.executionName("importau-teste-silver");
            assertThat(first).matches("importau-teste-silver-20261122T023000-[0-9a-f]{8}");
            assertThat(executions.executionName("importau-teste-silver")).isNotEqualTo(first);
            String longest = executions.executionName("m".repeat(80));
            assertThat(longest).hasSize(80).matches("m+-20261122T023000-[0-9a-f]{8}");
        }
    }

    @Test
    void aStepFunctionsStatusThatIsNotAnEndReadsAsRunning() {
        assertThat(StepFunctionsExecutions.status("PENDING_REDRIVE")).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(StepFunctionsExecutions.status("TIMED_OUT")).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(StepFunctionsExecutions.status("ABORTED")).isEqualTo(ExecutionStatus.ABORTED);
    }

    @Test
    void aCaughtFailureEndsTheStateAsCaughtWithItsErrorAndAStateStillRunningIsNotATransitionYet() {
        List<HistoryEvent> events = List.of(
                HistoryEvent.builder().id(1L).type("TaskStateEntered").timestamp(Instant.parse("2026-11-22T02:30:01Z"))
                        .stateEnteredEventDetails(details -> details.name("VerificarBronze").input("{}")).build(),
                HistoryEvent.builder().id(2L).type("TaskFailed").timestamp(Instant.parse("2026-11-22T02:30:05Z"))
                        .taskFailedEventDetails(details -> details.error("Qualidade").cause("3 defeitos")).build(),
                HistoryEvent.builder().id(3L).type("TaskStateExited").timestamp(Instant.parse("2026-11-22T02:30:06Z"))
                        .stateExitedEventDetails(details -> details.name("VerificarBronze").output("{\"ok\":false}")).build(),
                HistoryEvent.builder().id(4L).type("PassStateEntered").timestamp(Instant.parse("2026-11-22T02:30:07Z"))
                        .stateEnteredEventDetails(details -> details.name("Registrar").input("{}")).build());

        List<StateTransition> transitions = StepFunctionsExecutions.transitions(EXECUTION, events);

        assertThat(transitions).singleElement().satisfies(transition -> {
            assertThat(transition.state()).isEqualTo("VerificarBronze");
            assertThat(transition.type()).isEqualTo("Task");
            assertThat(transition.outcome()).isEqualTo("CAUGHT");
            assertThat(transition.error()).contains("Qualidade");
            assertThat(transition.cause()).contains("3 defeitos");
            assertThat(transition.output()).contains("{\"ok\":false}");
            assertThat(Duration.between(transition.enteredAt(), transition.exitedAt())).isEqualTo(Duration.ofSeconds(5));
        });
    }
}
