package dev.lagoa.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link JobMain} as Glue's script runs it: {@code lagoa.job.exit=false}, so it returns or throws instead of ending the JVM. */
class JobMainTest {
    @BeforeEach
    void noExit() {
        System.setProperty(JobMain.EXIT_PROPERTY, "false");
    }

    @AfterEach
    void restore() {
        System.clearProperty(JobMain.EXIT_PROPERTY);
    }

    @Test
    void aSucceededRunReturns() {
        boolean[] ran = {false};
        JobMain.run("lagoa-test", () -> {
            ran[0] = true;
            return Map.of("records", 1);
        });
        assertThat(ran[0]).isTrue();
    }

    @Test
    void aFailureTheJobNamesThrowsWithItsMessageAndTheUserStatus() {
        assertThatThrownBy(() -> JobMain.run("lagoa-test", () -> {
            throw new JobFailure("No snapshot under s3://exports/2026-12-05/");
        })).isInstanceOfSatisfying(JobMain.JobRunFailed.class, failed -> {
            assertThat(failed.exitStatus()).isEqualTo(JobMain.USER_EXIT);
            assertThat(failed).hasMessage("lagoa-test failed: No snapshot under s3://exports/2026-12-05/");
        });
    }

    @Test
    void aBugThrowsWithTheInternalStatusAndStorageWithTheExternalOne() {
        assertThatThrownBy(() -> JobMain.run("lagoa-test", () -> {
            throw new IllegalStateException("broken");
        })).isInstanceOfSatisfying(JobMain.JobRunFailed.class, failed -> assertThat(failed.exitStatus()).isEqualTo(JobMain.INTERNAL_EXIT));
        assertThatThrownBy(() -> JobMain.run("lagoa-test", () -> {
            throw new java.io.UncheckedIOException(new java.io.IOException("connection reset"));
        })).isInstanceOfSatisfying(JobMain.JobRunFailed.class, failed -> assertThat(failed.exitStatus()).isEqualTo(JobMain.EXTERNAL_EXIT));
    }
}
